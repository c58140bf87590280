-- Growth: every year of the register, oldest first.
SELECT year, new_cities, new_countries, first_time_countries, left_cities, total_cities, total_countries
FROM growth
ORDER BY year;
