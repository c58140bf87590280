-- rule_checks_at(as_of): what `gnlc check` reports. One row per check, in a fixed order.
-- kind 'rule': broken when count > 0 (gnlc check exits 3); kind 'info': counted, never broken
-- (unknown dates, exemptions, gaps in the reference data). items name every offender.
-- ord is exposed for callers to ORDER BY: the macro's own ORDER BY does not survive an outer
-- query once preserve_insertion_order is off (as it is on writable databases).
CREATE OR REPLACE MACRO rule_checks_at(as_of) AS TABLE
WITH w AS MATERIALIZED (  -- computed once for its three checks
    SELECT city, iso3, year_joined, applied_on, opens, closes, status FROM application_window
), r AS MATERIALIZED (
    SELECT city, iso3, next_due, days_overdue, status FROM reporting_due_at(as_of)
), c AS (
    SELECT 1 AS ord, 'quota' AS rule, 'rule' AS kind, count(*) AS count,
           list(format('{} {}: {} new cities, limit {}', iso3, year, new_cities, quota_limit)
                ORDER BY year, iso3) AS items
    FROM quota_use WHERE breach
    UNION ALL
    SELECT 2, 'application window', 'rule', count(*),
           list(format('{} ({}) applied {}, window {} to {}', city, iso3, applied_on, opens, closes)
                ORDER BY year_joined, iso3, city)
    FROM w WHERE status = 'outside'
    UNION ALL
    SELECT 3, 'application date unknown', 'info', count(*), NULL
    FROM w WHERE status = 'unknown'
    UNION ALL
    SELECT 4, 'application window not in force', 'info', count(*), NULL
    FROM w WHERE status = 'exempt'
    UNION ALL
    SELECT 5, 'reporting overdue', 'rule', count(*),
           list(format('{} ({}) due {}, {} days overdue', city, iso3, next_due, days_overdue)
                ORDER BY next_due, iso3, city)
    FROM r WHERE status = 'overdue'
    UNION ALL
    SELECT 6, 'reporting unknown', 'info', count(*), NULL
    FROM r WHERE status = 'unknown'
    UNION ALL
    SELECT 7, 'cohort over-named', 'rule', count(*),
           list(format('{}: {} named, {} published', year, named_new, published_new) ORDER BY year)
    FROM reconciliation WHERE over_named
    UNION ALL
    SELECT 8, 'country in several regions', 'rule', count(*),
           list(format('{}: {}', iso3, array_to_string(regions, ', ')) ORDER BY iso3)
    FROM (
        SELECT iso3, list(DISTINCT region ORDER BY region) AS regions
        FROM members GROUP BY iso3 HAVING count(DISTINCT region) > 1
    )
    UNION ALL
    SELECT 9, 'region differs from reference', 'rule', count(*),
           list(format('{} ({}): {}, reference {}', m.city, m.iso3, m.region, c.region) ORDER BY m.iso3, m.city)
    FROM members m JOIN countries c ON c.iso3 = m.iso3
    WHERE m.region <> c.region
    UNION ALL
    SELECT 10, 'withdrawn without left year', 'rule', count(*),
           list(format('{} ({})', city, iso3) ORDER BY iso3, city)
    FROM members WHERE status = 'withdrawn' AND left_year IS NULL
    UNION ALL
    SELECT 11, 'country not in reference', 'info', count(*),
           list(DISTINCT iso3 ORDER BY iso3)
    FROM members m
    WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE c.iso3 = m.iso3)
    UNION ALL
    SELECT 12, 'population unknown', 'info', count(*), NULL
    FROM members WHERE status <> 'withdrawn' AND population IS NULL
)
SELECT ord, rule, kind, count, kind = 'rule' AND count > 0 AS broken,
       coalesce(items, []::VARCHAR[]) AS items
FROM c
ORDER BY ord;

-- rule_checks: rule_checks_at today.
CREATE OR REPLACE VIEW rule_checks AS
SELECT * FROM rule_checks_at(current_date);
