-- reporting_due_at(as_of): each member's reporting obligation on as_of (a DATE).
--   Members: joined by as_of (announced on or before it, or, when the announcement date is
--     unknown, in its year or before) and not withdrawn by as_of's year. One row each, unordered
--     (sql/reporting.sql orders them).
--   Joined on: the cohort's announcement date, or 31 December of its year when unknown (the
--     latest it can be, so no report is called overdue too early).
--   Reports: those in `reports` and members.last_report_on, submitted on or before as_of.
--   Next due: while the member owes a network-wide cycle (one that has begun by as_of, from whose
--     exempt_from date it had not yet joined, and which no report on or after the cycle's start
--     answers), the earliest such cycle's due date; otherwise every_years after its last report
--     or its joining, counted from no earlier than 1 January of the rule's effective-from year.
--   status: overdue when next due is before as_of (a report due on as_of is not overdue), ok,
--     or unknown when the register holds no report at all (it does not track reports, so a
--     missing report says nothing); next_due, days_overdue and cycle are NULL then (unknown,
--     not 0 days or "no cycle"). days_overdue is 0 for ok; cycle is '' for the every-N-years rule.
CREATE OR REPLACE MACRO reporting_due_at(as_of) AS TABLE
WITH tracked AS (
    SELECT EXISTS (SELECT 1 FROM reports)
        OR EXISTS (SELECT 1 FROM members WHERE last_report_on IS NOT NULL) AS yes
), reported AS (
    SELECT iso3, city_key, max(submitted_on) AS submitted_on
    FROM reports
    WHERE submitted_on <= as_of
    GROUP BY iso3, city_key
), cycles AS (
    -- The cycles begun by as_of, earliest due first: a list, so each member picks its first
    -- owed cycle without a join.
    SELECT coalesce(list({'name': name, 'begins': begins, 'due': due, 'exempt_from': exempt_from}
                         ORDER BY due, name), []) AS list
    FROM rules_cycles
    WHERE begins <= as_of
), subject AS (
    SELECT m.city, m.iso3, coalesce(c.name_en, m.country) AS country, m.year_joined,
           coalesce(a.announced_on, make_date(m.year_joined, 12, 31)) AS joined_on,
           -- greatest skips NULLs: the latest of the two sources of reports.
           greatest(CASE WHEN m.last_report_on <= as_of THEN m.last_report_on END, r.submitted_on) AS last_report
    FROM members m
    LEFT JOIN countries c ON c.iso3 = m.iso3
    LEFT JOIN announcements a ON a.year = m.year_joined
    LEFT JOIN reported r ON r.iso3 = m.iso3 AND r.city_key = m.city_key
    WHERE (a.announced_on <= as_of OR (a.announced_on IS NULL AND m.year_joined <= year(as_of)))
      AND NOT (m.status = 'withdrawn' AND coalesce(m.left_year, m.year_joined) <= year(as_of))
), owed AS (
    -- A report on or after a cycle's start answers it; the latest report tells.
    SELECT s.*,
           list_filter(cy.list, x -> s.joined_on < x.exempt_from
                                     AND (s.last_report IS NULL OR s.last_report < x.begins))[1] AS cycle
    FROM subject s
    CROSS JOIN cycles cy
), due AS (
    SELECT o.city, o.iso3, o.country, o.year_joined, o.last_report, o.cycle.name AS cycle,
           coalesce(o.cycle.due,
                    (greatest(coalesce(o.last_report, o.joined_on), make_date(r.report_effective_from, 1, 1))
                     + to_years(r.report_every_years))::DATE) AS next_due,
           (SELECT yes FROM tracked) AS tracked
    FROM owed o
    CROSS JOIN rules_settings r
)
SELECT city, iso3, country, year_joined, last_report,
       CASE WHEN tracked THEN next_due END AS next_due,
       CASE WHEN NOT tracked THEN 'unknown' WHEN next_due < as_of THEN 'overdue' ELSE 'ok' END AS status,
       CASE WHEN NOT tracked THEN NULL WHEN next_due < as_of THEN as_of - next_due ELSE 0 END AS days_overdue,
       CASE WHEN tracked THEN coalesce(cycle, '') END AS cycle
FROM due;

-- reporting_due: reporting_due_at today.
CREATE OR REPLACE VIEW reporting_due AS
SELECT * FROM reporting_due_at(current_date);
