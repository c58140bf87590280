-- Every row and column of table or view $1.
SELECT *
FROM query_table($1);
