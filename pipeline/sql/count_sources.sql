-- How many sources the database holds (0 on a new database).
SELECT count(*) FROM sources
