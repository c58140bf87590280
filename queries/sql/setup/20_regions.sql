-- regions: UNESCO's regions (every region of the reference table, members or not). members and
-- countries count active members; share is of all active members; first_year includes members
-- that later withdrew; new_in_latest counts the register's latest cohort.
CREATE OR REPLACE VIEW regions AS
WITH latest AS (
    SELECT max(year_joined) AS year FROM members
), names AS (
    SELECT region FROM countries
    UNION
    SELECT region FROM member_countries
), per AS (
    SELECT mc.region,
           count(*) FILTER (WHERE m.status <> 'withdrawn') AS members,
           count(DISTINCT m.iso3) FILTER (WHERE m.status <> 'withdrawn') AS countries,
           min(m.year_joined) AS first_year,
           count(*) FILTER (WHERE m.year_joined = (SELECT year FROM latest)) AS new_in_latest
    FROM members m
    JOIN member_countries mc ON mc.iso3 = m.iso3
    GROUP BY mc.region
), total AS (
    SELECT count(*) AS members FROM members WHERE status <> 'withdrawn'
)
SELECT n.region,
       coalesce(p.members, 0) AS members,
       coalesce(p.countries, 0) AS countries,
       CASE WHEN t.members > 0 THEN coalesce(p.members, 0) / t.members ELSE 0 END AS share,
       p.first_year,
       coalesce(p.new_in_latest, 0) AS new_in_latest
FROM names n
LEFT JOIN per p ON p.region = n.region
CROSS JOIN total t
ORDER BY n.region;
