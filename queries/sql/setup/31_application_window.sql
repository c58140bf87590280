-- application_window: each member's applied_on against its call's window. The call is the one
-- the rules file lists for the member's cohort; otherwise the default window of the call year
-- cohort - cohort_lag (a window whose closing day comes before its opening day ends the next
-- year). status: inside, outside, unknown (no applied_on) or exempt (a cohort before the default
-- window's effective-from year that no call lists). days_outside: days before opening or after
-- closing; 0 when inside; NULL when unknown or exempt (nothing was checked: not 0 days). Windows are inclusive. One row per member, unordered (sql/window.sql
-- orders them).
CREATE OR REPLACE VIEW application_window AS
WITH w AS (
    SELECT m.city, m.iso3, coalesce(ct.name_en, m.country) AS country, m.year_joined, m.applied_on,
           c.cohort IS NOT NULL AS listed,
           m.year_joined >= r.window_effective_from AS default_applies,
           coalesce(c.call_year, m.year_joined - r.window_cohort_lag) AS call_year,
           coalesce(c.opens, make_date(m.year_joined - r.window_cohort_lag,
                                       r.window_opens_month, r.window_opens_day)) AS opens,
           coalesce(c.closes, make_date(m.year_joined - r.window_cohort_lag
                                        + CASE WHEN r.window_closes_month * 100 + r.window_closes_day
                                                    < r.window_opens_month * 100 + r.window_opens_day
                                               THEN 1 ELSE 0 END,
                                        r.window_closes_month, r.window_closes_day)) AS closes
    FROM members m
    LEFT JOIN countries ct ON ct.iso3 = m.iso3
    CROSS JOIN rules_settings r
    LEFT JOIN rules_calls c ON c.cohort = m.year_joined
), s AS (
    SELECT *,
           CASE WHEN NOT listed AND NOT default_applies THEN 'exempt'
                WHEN applied_on IS NULL THEN 'unknown'
                WHEN applied_on BETWEEN opens AND closes THEN 'inside'
                ELSE 'outside' END AS status
    FROM w
)
SELECT city, iso3, country, year_joined, applied_on, call_year::INTEGER AS call_year, opens, closes, status,
       CASE WHEN status IN ('unknown', 'exempt') THEN NULL
            WHEN status = 'inside' THEN 0
            WHEN applied_on < opens THEN opens - applied_on
            ELSE applied_on - closes END AS days_outside
FROM s;
