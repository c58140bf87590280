-- Shuts the database instance off from files and the network for good (DuckDB refuses to turn
-- it back on): COPY ... TO, EXPORT DATABASE, ATTACH and read_csv then fail, so SQL an analyst
-- types can neither overwrite a file nor reach one. The tables already loaded stay readable.
SET enable_external_access = false;
