-- Quota: every country in every cohort, by year then country.
SELECT year, iso3, country, new_cities, quota_limit, applies, breach
FROM quota_use
ORDER BY year, country, iso3;
