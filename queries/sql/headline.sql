-- Headline(year): one row, whatever the year.
SELECT year,
       published_cities, published_countries, published_new_cities, published_new_countries,
       published_people_reached, published_first_time_countries,
       named_cities, named_countries, named_new_cities, named_new_countries, named_people_reached,
       named_first_time_countries,
       population_unknown, coverage
FROM headline_at($1::INTEGER);
