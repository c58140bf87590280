-- ComplianceCountries: the country names of the compliance rows (compliance_at's, which has one
-- row per member of application_window) in byte order, each with the smallest and largest ISO3
-- filed under it, so that ComplianceRows reads them one country at a time
-- (sql/compliance_page.sql) with a filter on ISO3 that DuckDB pushes down to the members.
SELECT country, min(iso3), max(iso3)
FROM application_window
GROUP BY country
ORDER BY country;
