-- Cities in the new version of a source ($1) that the old version ($2) did not have.
SELECT n.city, n.iso3
FROM members AS n
WHERE n.source_id = $1
  AND NOT EXISTS (SELECT 1 FROM members AS o WHERE o.source_id = $2 AND o.iso3 = n.iso3 AND o.city_key = n.city_key)
ORDER BY n.iso3, n.city_key
