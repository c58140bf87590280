-- Reconciliation: every year of the register, oldest first.
SELECT year, published_new, named_new, published_new_countries, named_new_countries,
       published_total, named_total, published_total_countries, named_total_countries,
       coverage, over_named, announced_on
FROM reconciliation
ORDER BY year;
