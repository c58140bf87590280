-- Shuts the database instance off from files and the network for good: COPY ... TO, EXPORT
-- DATABASE, ATTACH and read_csv then fail, so SQL an analyst types can neither overwrite a file
-- nor read one. Locking the configuration then refuses every later SET and PRAGMA that would make
-- DuckDB write a file of its own choosing (log_query_path, profiling_output, temp_directory)
-- or turn access back on. The tables already loaded stay readable.
SET enable_external_access = false;
SET lock_configuration = true;
