-- A new source's provenance row; rows is set once the file is loaded.
INSERT INTO sources (source_id, path, kind, sha256, rows, loaded_at, gnlc_version)
VALUES (nextval('source_ids'), $1, $2, $3, 0, $4, $5)
RETURNING source_id
