-- Rules: the listed calls, by cohort.
SELECT call_year, opens, closes, cohort FROM rules_calls ORDER BY cohort;
