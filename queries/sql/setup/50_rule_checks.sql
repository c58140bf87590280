-- rule_checks_at(as_of): what `gnlc check` reports. One row per check, in a fixed order.
-- kind 'rule': broken when count > 0 (gnlc check exits 3); kind 'info': counted, never broken
-- (unknown dates, exemptions, gaps in the reference data). items name every offender.
-- A rule also says what it could check: checked counts the cases it checked, unknown those it
-- could not for want of data (no application date, no report on record, no published figure,
-- a country missing from the reference table). status: 'broken' (count > 0), 'unknown' (it
-- checked nothing and some cases are unknown: "ok" would claim what nobody checked), else 'ok';
-- 'info' for information rows, whose checked and unknown are NULL. count is NULL when the
-- status is unknown: the number of offenders is not known.
-- ord is exposed for callers to ORDER BY: the macro's own ORDER BY does not survive an outer
-- query once preserve_insertion_order is off (as it is on writable databases).
CREATE OR REPLACE MACRO rule_checks_at(as_of) AS TABLE
WITH w AS MATERIALIZED (  -- computed once for its three checks
    SELECT city, iso3, year_joined, applied_on, opens, closes, status FROM application_window
), r AS MATERIALIZED (
    SELECT city, iso3, next_due, days_overdue, status FROM reporting_due_at(as_of)
), c AS (
    SELECT 1 AS ord, 'quota' AS rule, 'rule' AS kind, count(*) FILTER (WHERE breach) AS count,
           list(format('{} {}: {} new cities, limit {}', iso3, year, new_cities, quota_limit)
                ORDER BY year, iso3) FILTER (WHERE breach) AS items,
           count(*) FILTER (WHERE applies) AS checked, 0 AS unknown
    FROM quota_use
    UNION ALL
    SELECT 2, 'application window', 'rule', count(*) FILTER (WHERE status = 'outside'),
           list(format('{} ({}) applied {}, window {} to {}', city, iso3, applied_on, opens, closes)
                ORDER BY year_joined, iso3, city) FILTER (WHERE status = 'outside'),
           count(*) FILTER (WHERE status IN ('inside', 'outside')), count(*) FILTER (WHERE status = 'unknown')
    FROM w
    UNION ALL
    SELECT 3, 'application date unknown', 'info', count(*), NULL, NULL, NULL
    FROM w WHERE status = 'unknown'
    UNION ALL
    SELECT 4, 'application window not in force', 'info', count(*), NULL, NULL, NULL
    FROM w WHERE status = 'exempt'
    UNION ALL
    SELECT 5, 'reporting overdue', 'rule', count(*) FILTER (WHERE status = 'overdue'),
           list(format('{} ({}) due {}, {} days overdue', city, iso3, next_due, days_overdue)
                ORDER BY next_due, iso3, city) FILTER (WHERE status = 'overdue'),
           count(*) FILTER (WHERE status IN ('ok', 'overdue')), count(*) FILTER (WHERE status = 'unknown')
    FROM r
    UNION ALL
    SELECT 6, 'reporting unknown', 'info', count(*), NULL, NULL, NULL
    FROM r WHERE status = 'unknown'
    UNION ALL
    -- A year with named members but no published figure cannot be checked (over_named NULL).
    SELECT 7, 'cohort over-named', 'rule', count(*) FILTER (WHERE over_named),
           list(format('{}: {} named, {} published', year, named_new, published_new) ORDER BY year)
               FILTER (WHERE over_named),
           count(*) FILTER (WHERE over_named IS NOT NULL),
           count(*) FILTER (WHERE over_named IS NULL AND named_new > 0)
    FROM reconciliation
    UNION ALL
    SELECT 8, 'country in several regions', 'rule', count(*) FILTER (WHERE len(regions) > 1),
           list(format('{}: {}', iso3, array_to_string(regions, ', ')) ORDER BY iso3) FILTER (WHERE len(regions) > 1),
           count(*), 0
    FROM (
        SELECT iso3, list(DISTINCT region ORDER BY region) AS regions
        FROM members GROUP BY iso3
    )
    UNION ALL
    -- A member whose country the reference table lacks cannot be checked.
    SELECT 9, 'region differs from reference', 'rule', count(*) FILTER (WHERE m.region <> c.region),
           list(format('{} ({}): {}, reference {}', m.city, m.iso3, m.region, c.region) ORDER BY m.iso3, m.city)
               FILTER (WHERE m.region <> c.region),
           count(c.iso3), count(*) FILTER (WHERE c.iso3 IS NULL)
    FROM members m LEFT JOIN countries c ON c.iso3 = m.iso3
    UNION ALL
    SELECT 10, 'withdrawn without left year', 'rule', count(*) FILTER (WHERE left_year IS NULL),
           list(format('{} ({})', city, iso3) ORDER BY iso3, city) FILTER (WHERE left_year IS NULL),
           count(*), 0
    FROM members WHERE status = 'withdrawn'
    UNION ALL
    SELECT 11, 'country not in reference', 'info', count(*),
           list(DISTINCT iso3 ORDER BY iso3), NULL, NULL
    FROM members m
    WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE c.iso3 = m.iso3)
    UNION ALL
    SELECT 12, 'population unknown', 'info', count(*), NULL, NULL, NULL
    FROM members WHERE status <> 'withdrawn' AND population IS NULL
)
SELECT ord, rule, kind,
       CASE WHEN status = 'unknown' THEN NULL ELSE count END AS count,
       status = 'broken' AS broken, status, checked, unknown,
       coalesce(items, []::VARCHAR[]) AS items
FROM (
    SELECT *,
           CASE WHEN kind = 'info' THEN 'info'
                WHEN count > 0 THEN 'broken'
                WHEN checked = 0 AND unknown > 0 THEN 'unknown'
                ELSE 'ok' END AS status
    FROM c
)
ORDER BY ord;

-- rule_checks: rule_checks_at today.
CREATE OR REPLACE VIEW rule_checks AS
SELECT * FROM rule_checks_at(current_date);
