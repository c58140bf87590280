-- The rows a source holds in each table: members, reports, announcements.
SELECT (SELECT count(*) FROM members WHERE source_id = $1),
       (SELECT count(*) FROM reports WHERE source_id = $1),
       (SELECT count(*) FROM announcements WHERE source_id = $1)
