-- The rules tables: the rules file as the views read it (package rules, fixtures/rules.conf).
-- Replaced whole at every Setup, then filled by 03 to 05; OverlayRules shadows them for one
-- connection with empty TEMP copies (session/overlay_rules.sql).
CREATE OR REPLACE TABLE rules_settings (
    source                VARCHAR NOT NULL,  -- "embedded default" or the rules file's path
    version               INTEGER NOT NULL,
    quota_limit           INTEGER NOT NULL,  -- new cities per country per cohort
    quota_effective_from  INTEGER NOT NULL,  -- first cohort the limit applies to
    window_opens_month    INTEGER NOT NULL,  -- default application window, inclusive
    window_opens_day      INTEGER NOT NULL,
    window_closes_month   INTEGER NOT NULL,
    window_closes_day     INTEGER NOT NULL,
    window_cohort_lag     INTEGER NOT NULL,  -- cohort year = call year + lag
    window_effective_from INTEGER NOT NULL,  -- first cohort the default window applies to
    window_every_years    INTEGER NOT NULL,  -- cadence of the expected calls after the last listed one
    report_every_years    INTEGER NOT NULL,
    report_effective_from INTEGER NOT NULL   -- obligations count from 1 January of this year
);
CREATE OR REPLACE TABLE rules_calls (
    call_year INTEGER NOT NULL,
    opens     DATE    NOT NULL,
    closes    DATE    NOT NULL,
    cohort    INTEGER NOT NULL
);
CREATE OR REPLACE TABLE rules_cycles (
    name        VARCHAR NOT NULL,
    begins      DATE    NOT NULL,
    due         DATE    NOT NULL,
    exempt_from DATE    NOT NULL
);
