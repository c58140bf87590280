-- compliance_at(as_of): each member's application check (application_window) beside its
-- reporting obligation on as_of (reporting_due_at, a DATE), paired by country, city and ISO3
-- (one row per member on each side: ingest keeps a city once per country). Every member has a
-- window row; one with no obligation on as_of (withdrawn, or not yet joined) has NULL reporting
-- columns and has_reporting false. A LEFT JOIN, not a FULL one: it fits DuckDB's memory limit
-- on a read-only 1,000,000-member database, where a FULL JOIN ran out. Unordered
-- (sql/compliance.sql orders; sql/compliance_summary.sql counts).
CREATE OR REPLACE MACRO compliance_at(as_of) AS TABLE
SELECT w.country, w.city, w.iso3, w.year_joined, w.applied_on, w.call_year, w.opens, w.closes,
       w.status AS window_status, w.days_outside,
       r.city IS NOT NULL AS has_reporting, r.year_joined AS reporting_year_joined, r.last_report,
       r.next_due, r.days_overdue, r.status AS reporting_status, r.cycle
FROM application_window w
LEFT JOIN reporting_due_at(as_of) r ON r.country = w.country AND r.city = w.city AND r.iso3 = w.iso3;
