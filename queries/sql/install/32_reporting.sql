-- reporting_due_at(as_of): each member's reporting obligation on as_of (a DATE).
--   Members: joined by as_of (announced on or before it, or, when the announcement date is
--     unknown, in its year or before) and not withdrawn by as_of's year.
--   Joined on: the cohort's announcement date, or 31 December of its year when unknown (the
--     latest it can be, so no report is called overdue too early).
--   Reports: those in `reports` and members.last_report_on, submitted on or before as_of.
--   Next due: while the member owes a network-wide cycle (one that has begun by as_of, from whose
--     exempt_from date it had not yet joined, and which no report on or after the cycle's start
--     answers), the earliest such cycle's due date; otherwise every_years after its last report
--     or its joining, counted from no earlier than 1 January of the rule's effective-from year.
--   status: overdue when next due is before as_of (a report due on as_of is not overdue), ok,
--     or unknown when the register holds no report at all (it does not track reports, so a
--     missing report says nothing); next_due is NULL then.
CREATE OR REPLACE MACRO reporting_due_at(as_of) AS TABLE
WITH tracked AS (
    SELECT EXISTS (SELECT 1 FROM reports)
        OR EXISTS (SELECT 1 FROM members WHERE last_report_on IS NOT NULL) AS yes
), submitted AS (
    SELECT iso3, city_key, submitted_on FROM reports WHERE submitted_on <= as_of
    UNION ALL
    SELECT iso3, city_key, last_report_on FROM members WHERE last_report_on <= as_of
), subject AS (
    SELECT m.city, m.city_key, m.iso3, mc.name_en AS country, m.year_joined,
           coalesce(a.announced_on, make_date(m.year_joined, 12, 31)) AS joined_on
    FROM members m
    JOIN member_countries mc ON mc.iso3 = m.iso3
    LEFT JOIN announcements a ON a.year = m.year_joined
    WHERE (a.announced_on <= as_of OR (a.announced_on IS NULL AND m.year_joined <= year(as_of)))
      AND NOT (m.status = 'withdrawn' AND coalesce(m.left_year, m.year_joined) <= year(as_of))
), last AS (
    SELECT iso3, city_key, max(submitted_on) AS last_report
    FROM submitted
    GROUP BY iso3, city_key
), pending AS (
    SELECT j.iso3, j.city_key, arg_min(c.name, c.due) AS cycle, min(c.due) AS due
    FROM subject j
    JOIN rules_cycles c ON c.begins <= as_of AND j.joined_on < c.exempt_from
    WHERE NOT EXISTS (
        SELECT 1 FROM submitted s
        WHERE s.iso3 = j.iso3 AND s.city_key = j.city_key AND s.submitted_on >= c.begins)
    GROUP BY j.iso3, j.city_key
), due AS (
    SELECT j.city, j.iso3, j.country, j.year_joined, l.last_report, p.cycle,
           coalesce(p.due,
                    (greatest(coalesce(l.last_report, j.joined_on), make_date(r.report_effective_from, 1, 1))
                     + to_years(r.report_every_years))::DATE) AS next_due,
           (SELECT yes FROM tracked) AS tracked
    FROM subject j
    CROSS JOIN rules_settings r
    LEFT JOIN last l ON l.iso3 = j.iso3 AND l.city_key = j.city_key
    LEFT JOIN pending p ON p.iso3 = j.iso3 AND p.city_key = j.city_key
)
SELECT city, iso3, country, year_joined, last_report,
       CASE WHEN tracked THEN next_due END AS next_due,
       CASE WHEN NOT tracked THEN 'unknown' WHEN next_due < as_of THEN 'overdue' ELSE 'ok' END AS status,
       CASE WHEN tracked AND next_due < as_of THEN as_of - next_due ELSE 0 END AS days_overdue,
       CASE WHEN tracked THEN coalesce(cycle, '') ELSE '' END AS cycle
FROM due
ORDER BY country, city;

-- reporting_due: reporting_due_at today.
CREATE OR REPLACE VIEW reporting_due AS
SELECT * FROM reporting_due_at(current_date);
