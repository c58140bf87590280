-- Every row of table or view $1 with each column as DuckDB renders it as text (ISO dates,
-- timestamps with their offset, numbers without exponent for usual magnitudes), for CSV.
SELECT COLUMNS(*)::VARCHAR
FROM query_table($1);
