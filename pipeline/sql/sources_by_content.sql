-- Sources whose file had this content ($1), other than source $2 (or -1), oldest first: a file
-- renamed, copied or moved is the same content under another path.
SELECT source_id, path, kind, sha256, rows, loaded_at
FROM sources
WHERE sha256 = $1 AND source_id <> $2
ORDER BY source_id
