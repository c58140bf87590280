-- Materialize the Arrow view registered by the loader. Always SELECT *: go-duckdb's RegisterView
-- returns wrong column buffers when a query projects a subset of the view's columns
-- (duckdb/duckdb-go#24), and the view's stream can be read only once.
INSERT INTO announcements SELECT * FROM gnlc_ingest_announcements
