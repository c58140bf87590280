-- MembersReporting(asOf, countries, iso3s): one page of the register in Members' order
-- (members.sql), each member beside its reporting obligation on the day $1 (macro
-- reporting_due_at), slim: what a delegation workbook shows of it. One pass gives a country's
-- members and their obligations together, so a delegation never holds the whole register's.
-- $2 is the page's countries and $3 their ISO3 codes, JSON arrays (member_pages.sql); the
-- obligations are asked for those codes only, which DuckDB pushes down to the members the macro
-- reads. has_reporting is false for a member with no obligation on the day (withdrawn, not yet
-- joined).
SELECT m.city, m.country, m.iso3, m.region, m.year_joined, m.applied_on, m.population,
       m.population_source, m.lat, m.lon, m.status, m.left_year, m.last_report_on, m.source_url,
       m.source_id,
       r.city IS NOT NULL AS has_reporting, coalesce(r.country, ''), coalesce(r.year_joined, 0),
       r.last_report, r.next_due, coalesce(r.days_overdue, 0), coalesce(r.status, ''),
       coalesce(r.cycle, '')
FROM (SELECT * FROM members WHERE list_contains(from_json($2, '["VARCHAR"]'), country)) m
LEFT JOIN (SELECT * FROM reporting_due_at($1::DATE)
           WHERE list_contains(from_json($3, '["VARCHAR"]'), iso3)) r
       ON r.iso3 = m.iso3 AND r.city = m.city
ORDER BY m.country COLLATE NOACCENT.NOCASE, m.country, m.city COLLATE NOACCENT.NOCASE, m.city;
