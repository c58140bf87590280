-- Whether DuckDB keeps the order of rows through INSERT ... SELECT (see unordered_inserts.sql).
SELECT current_setting('preserve_insertion_order')
