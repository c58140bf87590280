-- Rows of a source replaced by a new version of its file.
DELETE FROM reports WHERE source_id = $1
