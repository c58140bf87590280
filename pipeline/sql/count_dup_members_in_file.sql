-- Whether any city may be listed twice in a file: a hash aggregate over one 64-bit hash per
-- row, far cheaper than the window of dup_members_in_file.sql, which runs only when this finds
-- something (a hash collision merely costs that exact query, which then finds nothing).
SELECT count(*)
FROM (
    SELECT 1
    FROM members
    WHERE source_id = $1
    GROUP BY hash(iso3, city_key)
    HAVING count(*) > 1
)
