-- MembersReporting(asOf): $1 is the as-of date (YYYY-MM-DD). The register in Members' order
-- (members.sql), each member beside its reporting obligation on that day (macro
-- reporting_due_at), slim: what a delegation workbook shows of it. One pass gives a country's
-- members and their obligations together, so a delegation never holds the whole register's.
-- has_reporting is false for a member with no obligation on the day (withdrawn, not yet joined).
SELECT m.city, m.country, m.iso3, m.region, m.year_joined, m.applied_on, m.population,
       m.population_source, m.lat, m.lon, m.status, m.left_year, m.last_report_on, m.source_url,
       m.source_id,
       r.city IS NOT NULL AS has_reporting, coalesce(r.country, ''), coalesce(r.year_joined, 0),
       r.last_report, r.next_due, coalesce(r.days_overdue, 0), coalesce(r.status, ''),
       coalesce(r.cycle, '')
FROM members m
LEFT JOIN reporting_due_at($1::DATE) r ON r.iso3 = m.iso3 AND r.city = m.city
ORDER BY m.country COLLATE NOACCENT.NOCASE, m.country, m.city COLLATE NOACCENT.NOCASE, m.city;
