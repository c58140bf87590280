-- Starts the read-only transaction gnlc query runs an analyst's SQL in.
BEGIN TRANSACTION READ ONLY;
