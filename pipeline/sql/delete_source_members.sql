-- Rows of a source replaced by a new version of its file, or removed.
DELETE FROM members WHERE source_id = $1
