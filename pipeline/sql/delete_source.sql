-- Forget a source: replaced by a new version of its file, or removed.
DELETE FROM sources WHERE source_id = $1
