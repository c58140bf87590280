-- Regions: in UNESCO's order, which is alphabetical.
SELECT region, members, countries, share, first_year, new_in_latest
FROM regions
ORDER BY region;
