-- CountryReporting(asOf, iso3): $1 is the as-of date (YYYY-MM-DD). The reporting obligations on
-- that day of the members of country $2 (ISO3), one slim row per city, by city in byte order,
-- after city $3 (NULL: from the first), at most $4 of them: what a delegation workbook reads,
-- page by page. days_overdue and cycle are NULL when the status is unknown; CityReporting
-- carries that state in Status, so they arrive as 0 and ''.
SELECT city, last_report, next_due, coalesce(days_overdue, 0), status, coalesce(cycle, '')
FROM reporting_due_at($1::DATE)
WHERE iso3 = $2
  AND (CAST($3 AS VARCHAR) IS NULL OR city > $3)
ORDER BY city
LIMIT $4;
