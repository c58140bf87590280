-- The year_joined values of table or view $1, as text: one Hive partition each (NULL last).
SELECT DISTINCT CAST(year_joined AS VARCHAR) AS label
FROM query_table($1)
ORDER BY label NULLS LAST;
