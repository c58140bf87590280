-- Helpers the question views share (before the views: views are bound when created).

-- A member counts at the end of year y when it had joined by then and not left: a withdrawal
-- stops counting from its left_year. A withdrawn member without left_year (ingest refuses it;
-- data_quality reports it) is never counted in a total.
CREATE OR REPLACE MACRO member_active_at(status, year_joined, left_year, y) AS
    year_joined <= y AND NOT (status = 'withdrawn' AND coalesce(left_year, year_joined) <= y);

-- Every year from the first to the last event in the register (a cohort, a withdrawal or an
-- announcement), so growth has no gaps (2021 and 2023 had no admission round).
CREATE OR REPLACE VIEW register_years AS
WITH bounds AS (
    SELECT least((SELECT min(year_joined) FROM members), (SELECT min(year) FROM announcements)) AS first_year,
           greatest((SELECT max(year_joined) FROM members), (SELECT max(left_year) FROM members),
                    (SELECT max(year) FROM announcements)) AS last_year
)
SELECT unnest(range(first_year, last_year + 1))::INTEGER AS year
FROM bounds
WHERE first_year IS NOT NULL;

-- One row per country with a member (withdrawn or not): its names, region and delegation language
-- from the reference table, falling back to the register's own values for a country the
-- reference lacks (data_quality counts those).
CREATE OR REPLACE VIEW member_countries AS
WITH m AS (
    SELECT iso3, min(country) AS country, min(region) AS region
    FROM members
    GROUP BY iso3
)
SELECT m.iso3,
       coalesce(c.iso2, '') AS iso2,
       coalesce(c.name_en, m.country) AS name_en,
       coalesce(c.name_fr, m.country) AS name_fr,
       coalesce(c.name_es, m.country) AS name_es,
       coalesce(c.region, m.region) AS region,
       coalesce(c.language, 'en') AS language,
       c.iso3 IS NOT NULL AS in_reference
FROM m
LEFT JOIN countries c ON c.iso3 = m.iso3;
