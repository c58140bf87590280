-- Forget a source replaced by a new version of its file.
DELETE FROM sources WHERE source_id = $1
