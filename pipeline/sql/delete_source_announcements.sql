-- Rows of a source replaced by a new version of its file.
DELETE FROM announcements WHERE source_id = $1
