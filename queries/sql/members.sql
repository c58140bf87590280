-- Members($1): one page of the register by country, then city (accents and case folded, then
-- exact, so the order is stable). $1 is the page's countries, a JSON array of names
-- (member_pages.sql): whole countries, so the pages in turn are the register in this order.
SELECT city, country, iso3, region, year_joined, applied_on, population, population_source,
       lat, lon, status, left_year, last_report_on, source_url, source_id
FROM members
WHERE list_contains(from_json($1, '["VARCHAR"]'), country)
ORDER BY country COLLATE NOACCENT.NOCASE, country, city COLLATE NOACCENT.NOCASE, city;
