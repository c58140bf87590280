-- MembersPage: one page of Members, the whole register by country, then city (accents and case
-- folded, then exact, so the order is stable): the members of country $1 that come after city $2
-- (NULL: from the first), at most $3 of them. Members runs it country by country
-- (sql/member_countries.sql), each page after the last city of the one before, so that DuckDB
-- never holds more than a page of the register (go-duckdb materializes a whole result).
SELECT city, country, iso3, region, year_joined, applied_on, population, population_source,
       lat, lon, status, left_year, last_report_on, source_url, source_id
FROM members
WHERE country = $1
  AND (CAST($2 AS VARCHAR) IS NULL
       OR city COLLATE NOACCENT.NOCASE > $2
       OR (city COLLATE NOACCENT.NOCASE = $2 AND city > $2))
ORDER BY city COLLATE NOACCENT.NOCASE, city
LIMIT $3;
