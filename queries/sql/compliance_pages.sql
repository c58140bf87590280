-- CompliancePages: the countries in ComplianceRows' order (compliance.sql: the reference's
-- English name, in byte order), each with its ISO3 code and its rows: ComplianceRows cuts its
-- pages from it, whole countries in order.
SELECT country, iso3, count(*)
FROM application_window
GROUP BY country, iso3
ORDER BY country, iso3;
