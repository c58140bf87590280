-- Members: the whole register by country, then city (accents and case folded, then exact, so
-- the order is stable).
SELECT city, country, iso3, region, year_joined, applied_on, population, population_source,
       lat, lon, status, left_year, last_report_on, source_url, source_id
FROM members
ORDER BY country COLLATE NOACCENT.NOCASE, country, city COLLATE NOACCENT.NOCASE, city;
