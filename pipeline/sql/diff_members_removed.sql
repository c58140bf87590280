-- Cities of the old version of a source ($2) that the new version ($1) no longer has.
SELECT o.city, o.iso3
FROM members AS o
WHERE o.source_id = $2
  AND NOT EXISTS (SELECT 1 FROM members AS n WHERE n.source_id = $1 AND n.iso3 = o.iso3 AND n.city_key = o.city_key)
ORDER BY o.iso3, o.city_key
