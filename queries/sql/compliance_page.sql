-- CompliancePage: one page of ComplianceRows(asOf), every member's window check and reporting
-- obligation by country, city, ISO3 in byte order (plain VARCHAR order; the Compliance sheet
-- lists them so): $1 is the as-of date (YYYY-MM-DD); the rows of country $2, whose ISO3 lies
-- from $3 to $4 (sql/compliance_countries.sql), after city $5 and ISO3 $6 (NULL: from the
-- first), at most $7 of them. days_outside and days_overdue are NULL for an unknown or exempt
-- status; the rows carry that state in their Status, so they arrive as 0.
SELECT country, city, iso3, year_joined, applied_on, call_year, opens, closes, window_status,
       coalesce(days_outside, 0),
       has_reporting, coalesce(reporting_year_joined, 0), last_report, next_due,
       coalesce(days_overdue, 0), coalesce(reporting_status, ''), coalesce(cycle, '')
FROM compliance_at($1::DATE)
WHERE country = $2
  AND iso3 BETWEEN $3 AND $4
  AND (CAST($5 AS VARCHAR) IS NULL OR city > $5 OR (city = $5 AND iso3 > $6))
ORDER BY city, iso3
LIMIT $7;
