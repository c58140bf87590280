-- Whether a gnlc_meta key is set (0 or more rows).
SELECT count(*) FROM gnlc_meta WHERE key = $1
