-- ActiveMembers($1): one page of the register's active members with what a map needs of them
-- (city, country, ISO3, year joined, coordinates), by ISO3, city and year in byte order: no
-- accent-folding sort, which a map does not need. $1 is the page's countries, a JSON array of
-- names (member_pages.sql).
SELECT city, country, iso3, year_joined, lat, lon, status
FROM members
WHERE list_contains(from_json($1, '["VARCHAR"]'), country)
  AND coalesce(status, '') IN ('active', '')
ORDER BY iso3, city, year_joined;
