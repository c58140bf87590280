-- Years listed twice in one announcements file.
SELECT source_row, year, first_row
FROM (
    SELECT source_row, year,
           min(source_row) OVER (PARTITION BY year) AS first_row
    FROM announcements
    WHERE source_id = $1
)
WHERE source_row <> first_row
ORDER BY source_row
