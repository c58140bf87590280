-- The source already loaded from this path, if any.
SELECT source_id, sha256, kind FROM sources WHERE path = $1
