-- One Hive partition of table or view $1: the rows whose year_joined, as text, is $2 (NULL for the
-- rows without one). The column itself is left out: the partition's folder name carries it.
SELECT * EXCLUDE (year_joined)
FROM query_table($1)
WHERE CAST(year_joined AS VARCHAR) IS NOT DISTINCT FROM $2;
