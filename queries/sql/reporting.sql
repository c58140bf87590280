-- Reporting(asOf): $1 is the as-of date (YYYY-MM-DD).
SELECT city, iso3, country, year_joined, last_report, next_due, days_overdue, status, cycle
FROM reporting_due_at($1::DATE)
ORDER BY country, city;
