-- The cities a source loaded, in (iso3, city) order.
SELECT city, iso3 FROM members WHERE source_id = $1 ORDER BY iso3, city_key
