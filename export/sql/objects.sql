-- The objects gnlc export writes: the register's tables, the rules tables and every view that is not DuckDB's own
-- (the question views queries installs), read from the catalog so that a new question is exported
-- without a code change. partitioned says whether the object has a year_joined column, which the
-- Parquet export partitions by.
SELECT o.name,
       o.kind,
       EXISTS (
           SELECT 1
           FROM duckdb_columns() AS c
           WHERE c.database_name = o.database_name
             AND c.schema_name = o.schema_name
             AND c.table_name = o.name
             AND c.column_name = 'year_joined'
       ) AS partitioned
FROM (
    SELECT database_name, schema_name, table_name AS name, 'table' AS kind
    FROM duckdb_tables()
    WHERE NOT internal
      AND NOT temporary
      AND database_name = current_database()
      AND schema_name = current_schema()
      AND table_name IN ('members', 'announcements', 'reports', 'sources', 'countries',
                         'rules_settings', 'rules_calls', 'rules_cycles')
    UNION ALL
    SELECT database_name, schema_name, view_name AS name, 'view' AS kind
    FROM duckdb_views()
    WHERE NOT internal
      AND NOT temporary
      AND database_name = current_database()
      AND schema_name = current_schema()
) AS o
ORDER BY o.kind, o.name;
