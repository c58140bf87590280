-- Years of the new announcements already loaded from another source ($2 as in
-- dup_members_other_source.sql).
SELECT n.source_row, n.year, s.path, o.source_row
FROM announcements AS n
JOIN announcements AS o ON o.year = n.year
JOIN sources AS s ON s.source_id = o.source_id
WHERE n.source_id = $1 AND o.source_id <> $1 AND o.source_id <> $2
ORDER BY n.source_row, s.path, o.source_row
