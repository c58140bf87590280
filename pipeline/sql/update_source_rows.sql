-- The number of rows a source loaded.
UPDATE sources SET rows = $2 WHERE source_id = $1
