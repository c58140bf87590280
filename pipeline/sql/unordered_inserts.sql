-- Let the Arrow load insert batches in any order. With order preserved (DuckDB's default) and a
-- memory limit, DuckDB 1.1 inserts an Arrow stream on one thread (a 1,000,000-row register took
-- 1.6 s instead of 0.7 s on two cores). Row order carries nothing: the workers emit batches in
-- no particular order, and every row keeps its source_row. The setting is database-wide, so the
-- loader restores it (ordered_inserts.sql) right after its INSERT.
SET GLOBAL preserve_insertion_order = false
