-- Rows of a source replaced by a new version of its file, or removed.
DELETE FROM reports WHERE source_id = $1
