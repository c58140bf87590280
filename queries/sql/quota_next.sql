-- QuotaNext(year): each member country's places in cohort $1, by country.
SELECT iso3, country, year, used, quota_limit, applies, remaining
FROM quota_next_for($1::INTEGER)
ORDER BY country, iso3;
