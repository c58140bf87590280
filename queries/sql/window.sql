-- Window: every member, by cohort, country, city. days_outside is NULL when the status is
-- unknown or exempt; WindowRow carries that state in Status, so it arrives as 0.
SELECT city, iso3, country, year_joined, applied_on, call_year, opens, closes, status,
       coalesce(days_outside, 0)
FROM application_window
ORDER BY year_joined, country, city;
