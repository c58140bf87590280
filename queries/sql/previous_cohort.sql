-- PreviousCohort(year): the latest year before $1 that had a cohort, as published or among the
-- named members (2023 had none: the cohort before 2024 is 2022). NULL when there is none.
SELECT max(year)::INTEGER
FROM reconciliation
WHERE year < $1::INTEGER AND (coalesce(published_new, 0) > 0 OR named_new > 0);
