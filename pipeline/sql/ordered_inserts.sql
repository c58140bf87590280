-- Restore DuckDB's default after the Arrow load (see unordered_inserts.sql).
SET GLOBAL preserve_insertion_order = true
