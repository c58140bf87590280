-- quota_use: each country's new cities in each cohort against the limit of the rules file;
-- applies when the cohort is at or after the limit's effective-from year; breach when it applies
-- and the country has more new cities than the limit.
CREATE OR REPLACE VIEW quota_use AS
SELECT c.year, c.iso3, c.country, c.new_cities,
       r.quota_limit,
       c.year >= r.quota_effective_from AS applies,
       c.year >= r.quota_effective_from AND c.new_cities > r.quota_limit AS breach
FROM cohorts c
CROSS JOIN rules_settings r
ORDER BY c.year, c.country;

-- quota_next_for(next_year): the places each member country has left in cohort next_year.
CREATE OR REPLACE MACRO quota_next_for(next_year) AS TABLE
SELECT mc.iso3, mc.name_en AS country, next_year::INTEGER AS year,
       coalesce(u.used, 0) AS used,
       r.quota_limit,
       next_year >= r.quota_effective_from AS applies,
       greatest(r.quota_limit - coalesce(u.used, 0), 0) AS remaining
FROM member_countries mc
CROSS JOIN rules_settings r
LEFT JOIN (
    SELECT iso3, count(*) AS used FROM members WHERE year_joined = next_year GROUP BY iso3
) u ON u.iso3 = mc.iso3
ORDER BY mc.name_en;
