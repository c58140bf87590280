-- How many other sources of this kind are loaded ($1: the new source, $2: the previous version
-- it replaces, or -1): when none, the cross-source identity check has nothing to compare.
SELECT count(*) FROM sources WHERE kind = $3 AND source_id <> $1 AND source_id <> $2
