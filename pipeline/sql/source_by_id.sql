-- The source with this id, if any.
SELECT source_id, path, kind, sha256, rows, loaded_at FROM sources WHERE source_id = $1
