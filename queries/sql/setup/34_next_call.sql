-- next_call_at(as_of): the first application window that has not closed on as_of (a DATE) and
-- the cohort it feeds; the one definition of "the next window" that the annual workbook, the
-- delegation workbooks, `gnlc check` and `gnlc query` read. One row.
--
-- The candidates are the calls the rules file lists (facts: UNESCO announced them; expected =
-- false) and the default window projected from the rules (expected = true): every
-- window_every_years years after the last listed call, and before the first one; none between
-- two listed calls, where the listed calls are the record. With no listed call, every year.
-- A default window whose closing day comes before its opening day ends the next year, as in
-- application_window.
CREATE OR REPLACE MACRO next_call_at(as_of) AS TABLE
WITH listed AS (
    SELECT min(call_year) AS first_year, max(call_year) AS last_year FROM rules_calls
), projected AS (
    SELECT y AS call_year,
           make_date(y, r.window_opens_month, r.window_opens_day) AS opens,
           make_date(y + CASE WHEN r.window_closes_month * 100 + r.window_closes_day
                                   < r.window_opens_month * 100 + r.window_opens_day
                              THEN 1 ELSE 0 END,
                     r.window_closes_month, r.window_closes_day) AS closes,
           y + r.window_cohort_lag AS cohort,
           true AS expected
    FROM (SELECT unnest(range(year(as_of) - 1,
                              year(as_of) + 2 * (SELECT max(window_every_years) FROM rules_settings) + 2)) AS y)
    CROSS JOIN rules_settings r
    CROSS JOIN listed l
    WHERE l.last_year IS NULL
       OR (y > l.last_year AND (y - l.last_year) % r.window_every_years = 0)
       OR (y < l.first_year AND (l.first_year - y) % r.window_every_years = 0)
), windows AS (
    SELECT call_year, opens, closes, cohort, expected FROM projected
    UNION ALL
    SELECT call_year, opens, closes, cohort, false AS expected FROM rules_calls
)
SELECT call_year::INTEGER AS call_year, opens, closes, cohort::INTEGER AS cohort, expected
FROM windows
WHERE closes >= as_of
ORDER BY opens, call_year
LIMIT 1;

-- quota_next_at(as_of): each member country's places left in the cohort that the next window
-- (next_call_at) feeds, with that window beside them, so no reader can pair a window with
-- another cohort. One row per member country.
CREATE OR REPLACE MACRO quota_next_at(as_of) AS TABLE
SELECT q.iso3, q.country, q.year, q.used, q.quota_limit, q.applies, q.remaining,
       n.call_year, n.opens, n.closes, n.expected
FROM quota_next_for((SELECT cohort FROM next_call_at(as_of))) q
CROSS JOIN next_call_at(as_of) n
ORDER BY q.country, q.iso3;

-- next_call and quota_next: the same, today.
CREATE OR REPLACE VIEW next_call AS SELECT * FROM next_call_at(current_date);
CREATE OR REPLACE VIEW quota_next AS SELECT * FROM quota_next_at(current_date);
