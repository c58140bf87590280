-- The Arrow view is read once; drop it so the name is free for the next file.
DROP VIEW IF EXISTS gnlc_ingest_reports
