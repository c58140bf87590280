-- Sources: in load order.
SELECT source_id, path, kind, sha256, rows, loaded_at, gnlc_version
FROM sources
ORDER BY source_id;
