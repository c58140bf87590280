-- data_quality: rows loaded per source file, then one count per check (0 when all is well).
-- ord is exposed because a view's ORDER BY does not survive an outer query once
-- preserve_insertion_order is off (as it is on writable databases): readers ORDER BY ord.
-- "country in several regions" has one row per such country (or one row counting 0).
CREATE OR REPLACE VIEW data_quality AS
WITH multi AS (
    SELECT iso3, list(DISTINCT region ORDER BY region) AS regions
    FROM members
    GROUP BY iso3
    HAVING count(DISTINCT region) > 1
), checks AS (
    SELECT 1 AS ord, 'rows loaded' AS check_name, format('{} ({})', path, kind) AS detail, rows AS count,
           source_id AS sub
    FROM sources
    UNION ALL
    SELECT 2, 'population unknown', 'members', count(*), 0 FROM members WHERE population IS NULL
    UNION ALL
    SELECT 3, 'coordinates unknown', 'members', count(*), 0 FROM members WHERE lat IS NULL OR lon IS NULL
    UNION ALL
    SELECT 4, 'application date unknown', 'members', count(*), 0 FROM members WHERE applied_on IS NULL
    UNION ALL
    SELECT 5, 'no progress report', 'members', count(*), 0
    FROM members m
    WHERE m.last_report_on IS NULL
      AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.iso3 = m.iso3 AND r.city_key = m.city_key)
    UNION ALL
    SELECT 6, 'reports of unknown members', 'reports', count(*), 0
    FROM reports r
    WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.iso3 = r.iso3 AND m.city_key = r.city_key)
    UNION ALL
    SELECT 7, 'country in several regions', iso3 || ': ' || array_to_string(regions, ', '), len(regions), 0
    FROM multi
    UNION ALL
    SELECT 7, 'country in several regions', '', 0, 0 WHERE NOT EXISTS (SELECT 1 FROM multi)
    UNION ALL
    SELECT 8, 'region differs from reference', 'members', count(*), 0
    FROM members m JOIN countries c ON c.iso3 = m.iso3
    WHERE m.region <> c.region
    UNION ALL
    SELECT 9, 'country not in reference', 'members', count(*), 0
    FROM members m
    WHERE NOT EXISTS (SELECT 1 FROM countries c WHERE c.iso3 = m.iso3)
    UNION ALL
    SELECT 10, 'withdrawn without left year', 'members', count(*), 0
    FROM members WHERE status = 'withdrawn' AND left_year IS NULL
)
SELECT row_number() OVER (ORDER BY ord, sub, detail) AS ord, check_name, detail, count
FROM checks
ORDER BY ord;
