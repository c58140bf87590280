-- Rules: the stored (or overlaid) settings; rules_calls.sql and rules_cycles.sql add the lists.
SELECT source, version, quota_limit, quota_effective_from,
       window_opens_month, window_opens_day, window_closes_month, window_closes_day,
       window_cohort_lag, window_effective_from, window_every_years, report_every_years, report_effective_from
FROM rules_settings;
