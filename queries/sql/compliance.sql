-- Compliance(asOf, countries, iso3s): one page of every member's window check beside its
-- reporting obligation on the day $1 (YYYY-MM-DD), by country, city, ISO3 in byte order (plain
-- VARCHAR order; the Compliance sheet lists them so). $2 is the page's countries and $3 their
-- ISO3 codes, JSON arrays (compliance_pages.sql).
-- This is macro compliance_at's join, with each side asked for the page's countries only:
-- DuckDB pushes those filters down to the members each side reads, which it does not do
-- through the macro's LEFT JOIN (a page then cost the whole register's obligations).
-- TestComplianceRows holds the two to the same rows. days_outside and days_overdue are NULL
-- for an unknown or exempt status; the rows carry that state in their Status, so they arrive
-- as 0.
SELECT w.country, w.city, w.iso3, w.year_joined, w.applied_on, w.call_year, w.opens, w.closes,
       w.status, coalesce(w.days_outside, 0),
       r.city IS NOT NULL, coalesce(r.year_joined, 0), r.last_report, r.next_due,
       coalesce(r.days_overdue, 0), coalesce(r.status, ''), coalesce(r.cycle, '')
FROM (SELECT * FROM application_window
      WHERE list_contains(from_json($2, '["VARCHAR"]'), country)) w
LEFT JOIN (SELECT * FROM reporting_due_at($1::DATE)
           WHERE list_contains(from_json($3, '["VARCHAR"]'), iso3)) r
       ON r.country = w.country AND r.city = w.city AND r.iso3 = w.iso3
ORDER BY w.country, w.city, w.iso3;
