-- Whether any city is listed twice in a file: a hash aggregate, cheaper than the window of
-- dup_members_in_file.sql, which runs only when this finds something.
SELECT count(*)
FROM (
    SELECT 1
    FROM members
    WHERE source_id = $1
    GROUP BY iso3, city_key
    HAVING count(*) > 1
)
