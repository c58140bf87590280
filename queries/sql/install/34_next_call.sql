-- next_call_at(as_of): the first application window that has not closed on as_of (a DATE):
-- this year's while it is open or still to come, else next year's; and the cohort it feeds.
-- A call the rules file lists replaces the default window of its call year; a default window
-- whose closing day comes before its opening day (1 November–31 January) ends the next year,
-- as in application_window. One row.
CREATE OR REPLACE MACRO next_call_at(as_of) AS TABLE
WITH windows AS (
    SELECT y AS call_year,
           coalesce(c.opens, make_date(y, r.window_opens_month, r.window_opens_day)) AS opens,
           coalesce(c.closes, make_date(y + CASE WHEN r.window_closes_month * 100 + r.window_closes_day
                                                      < r.window_opens_month * 100 + r.window_opens_day
                                                 THEN 1 ELSE 0 END,
                                        r.window_closes_month, r.window_closes_day)) AS closes,
           coalesce(c.cohort, y + r.window_cohort_lag) AS cohort
    FROM (SELECT unnest(range(year(as_of) - 1, year(as_of) + 3)) AS y)
    CROSS JOIN rules_settings r
    LEFT JOIN rules_calls c ON c.call_year = y
)
SELECT call_year::INTEGER AS call_year, opens, closes, cohort::INTEGER AS cohort
FROM windows
WHERE closes >= as_of
ORDER BY call_year, opens
LIMIT 1;
