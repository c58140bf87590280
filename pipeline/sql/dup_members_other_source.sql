-- Cities of the new source already loaded from another source ($2: the previous version of the
-- same file, which the new one replaces, or -1).
SELECT n.source_row, n.city, s.path, o.source_row
FROM members AS n
JOIN members AS o ON o.iso3 = n.iso3 AND o.city_key = n.city_key
JOIN sources AS s ON s.source_id = o.source_id
WHERE n.source_id = $1 AND o.source_id <> $1 AND o.source_id <> $2
ORDER BY n.source_row, s.path, o.source_row
