-- NextCall(asOf): $1 is the as-of date (YYYY-MM-DD); one row.
SELECT call_year, opens, closes, cohort, expected
FROM next_call_at($1::DATE);
