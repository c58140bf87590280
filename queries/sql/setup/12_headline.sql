-- headline_at(y): the network's figures for year y as published beside the named members'.
-- named_people_reached sums the known populations of members active at the end of y; the
-- members whose population is unknown are counted beside it, never as zero (NULL sum when no
-- population is known). coverage = named cities / published cities.
CREATE OR REPLACE MACRO headline_at(y) AS TABLE
WITH named AS (
    SELECT count(*) FILTER (WHERE member_active_at(status, year_joined, left_year, y)) AS cities,
           count(DISTINCT iso3) FILTER (WHERE member_active_at(status, year_joined, left_year, y)) AS countries,
           count(*) FILTER (WHERE year_joined = y) AS new_cities,
           count(DISTINCT iso3) FILTER (WHERE year_joined = y) AS new_countries,
           sum(population) FILTER (WHERE member_active_at(status, year_joined, left_year, y))::BIGINT AS people_reached,
           count(*) FILTER (WHERE member_active_at(status, year_joined, left_year, y) AND population IS NULL) AS population_unknown
    FROM members
), first_named AS (
    -- Countries whose first named member joined in y: new to the network as far as the
    -- register knows.
    SELECT count(*) AS first_time_countries
    FROM (SELECT iso3 FROM members GROUP BY iso3 HAVING min(year_joined) = y)
), published AS (
    -- Aggregates, not a join: DuckDB cannot outer-join on the lateral y, and a year has at most
    -- one announcement (ingest refuses a second).
    SELECT max(total_cities) FILTER (WHERE year = y)::BIGINT AS cities,
           max(total_countries) FILTER (WHERE year = y)::BIGINT AS countries,
           max(new_cities) FILTER (WHERE year = y)::BIGINT AS new_cities,
           max(new_countries) FILTER (WHERE year = y)::BIGINT AS new_countries,
           max(first_time_countries) FILTER (WHERE year = y)::BIGINT AS first_time_countries,
           max(people_reached) FILTER (WHERE year = y)::BIGINT AS people_reached
    FROM announcements
)
SELECT y::INTEGER AS year,
       p.cities AS published_cities,
       p.countries AS published_countries,
       p.new_cities AS published_new_cities,
       p.new_countries AS published_new_countries,
       p.people_reached AS published_people_reached,
       p.first_time_countries AS published_first_time_countries,
       n.cities AS named_cities,
       n.countries AS named_countries,
       n.new_cities AS named_new_cities,
       n.new_countries AS named_new_countries,
       n.people_reached AS named_people_reached,
       f.first_time_countries AS named_first_time_countries,
       n.population_unknown,
       CASE WHEN p.cities > 0 THEN n.cities / p.cities END AS coverage
FROM named n
CROSS JOIN published p
CROSS JOIN first_named f;

-- headline: headline_at for every year of the register.
CREATE OR REPLACE VIEW headline AS
SELECT h.*
FROM register_years r, headline_at(r.year) h
ORDER BY h.year;
