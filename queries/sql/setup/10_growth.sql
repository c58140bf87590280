-- growth: the named members year by year. new_countries counts the countries the year's cohort
-- came from (as the network publishes it); first_time_countries those with their first member.
-- Totals are members active at year end (member_active_at).
CREATE OR REPLACE VIEW growth AS
WITH cohort AS (
    SELECT year_joined AS year, count(*) AS new_cities, count(DISTINCT iso3) AS new_countries
    FROM members
    GROUP BY year_joined
), firsts AS (
    SELECT first_year AS year, count(*) AS first_time_countries
    FROM (SELECT iso3, min(year_joined) AS first_year FROM members GROUP BY iso3)
    GROUP BY first_year
), lefts AS (
    SELECT left_year AS year, count(*) AS left_cities
    FROM members
    WHERE status = 'withdrawn' AND left_year IS NOT NULL
    GROUP BY left_year
), active AS (
    SELECT y.year, count(*) AS total_cities, count(DISTINCT m.iso3) AS total_countries
    FROM register_years y
    JOIN members m ON member_active_at(m.status, m.year_joined, m.left_year, y.year)
    GROUP BY y.year
)
SELECT y.year,
       coalesce(c.new_cities, 0) AS new_cities,
       coalesce(c.new_countries, 0) AS new_countries,
       coalesce(f.first_time_countries, 0) AS first_time_countries,
       coalesce(l.left_cities, 0) AS left_cities,
       coalesce(a.total_cities, 0) AS total_cities,
       coalesce(a.total_countries, 0) AS total_countries
FROM register_years y
LEFT JOIN cohort c ON c.year = y.year
LEFT JOIN firsts f ON f.year = y.year
LEFT JOIN lefts l ON l.year = y.year
LEFT JOIN active a ON a.year = y.year
ORDER BY y.year;
