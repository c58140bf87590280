-- Record a gnlc_meta key (set once; never updated).
INSERT INTO gnlc_meta (key, value) VALUES ($1, $2)
