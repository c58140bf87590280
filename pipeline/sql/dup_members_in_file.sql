-- Cities listed twice in one file: each later row with the first row naming the same city.
SELECT source_row, city, first_row
FROM (
    SELECT source_row, city,
           min(source_row) OVER (PARTITION BY iso3, city_key) AS first_row
    FROM members
    WHERE source_id = $1
)
WHERE source_row <> first_row
ORDER BY source_row
