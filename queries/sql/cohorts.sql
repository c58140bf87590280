-- Cohorts: by year, then region, then country name.
SELECT year, region, iso3, country, new_cities
FROM cohorts
ORDER BY year, region, country, iso3;
