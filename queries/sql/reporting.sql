-- Reporting(asOf): $1 is the as-of date (YYYY-MM-DD). days_overdue and cycle are NULL when the
-- status is unknown; ReportingRow carries that state in Status, so they arrive as 0 and ''.
SELECT city, iso3, country, year_joined, last_report, next_due, coalesce(days_overdue, 0), status,
       coalesce(cycle, '')
FROM reporting_due_at($1::DATE)
ORDER BY country, city;
