-- cohorts: each year's new members by region and country (withdrawn members included: they
-- were admitted in that cohort).
CREATE OR REPLACE VIEW cohorts AS
SELECT m.year_joined AS year, mc.region, m.iso3, mc.name_en AS country, count(*) AS new_cities
FROM members m
JOIN member_countries mc ON mc.iso3 = m.iso3
GROUP BY m.year_joined, mc.region, m.iso3, mc.name_en
ORDER BY m.year_joined, mc.region, mc.name_en;
