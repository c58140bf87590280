-- How many reference countries the database holds (0 on a new database).
SELECT count(*) FROM countries
