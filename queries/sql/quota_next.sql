-- QuotaNext(asOf): each member country's places in the cohort the next window on $1 (the
-- as-of date, YYYY-MM-DD) feeds, by country.
SELECT iso3, country, year, used, quota_limit, applies, remaining
FROM quota_next_at($1::DATE)
ORDER BY country, iso3;
