-- The source loaded from this path, if any.
SELECT source_id, path, kind, sha256, rows, loaded_at FROM sources WHERE path = $1
