-- Compliance(asOf): $1 is the as-of date (YYYY-MM-DD). Every member's window check and
-- reporting obligation, by country, city, ISO3 in byte order (plain VARCHAR order; the
-- Compliance sheet lists them so). days_outside and days_overdue are NULL for an unknown or
-- exempt status; the rows carry that state in their Status, so they arrive as 0.
SELECT country, city, iso3, year_joined, applied_on, call_year, opens, closes, window_status,
       coalesce(days_outside, 0),
       has_reporting, coalesce(reporting_year_joined, 0), last_report, next_due,
       coalesce(days_overdue, 0), coalesce(reporting_status, ''), coalesce(cycle, '')
FROM compliance_at($1::DATE)
ORDER BY country, city, iso3;
