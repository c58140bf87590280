-- LatestCohort: the register's latest cohort year (NULL when it has no member).
SELECT max(year_joined) FROM members;
