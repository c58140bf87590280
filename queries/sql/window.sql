-- Window: every member, by cohort, country, city.
SELECT city, iso3, country, year_joined, applied_on, call_year, opens, closes, status, days_outside
FROM application_window
ORDER BY year_joined, country, city;
