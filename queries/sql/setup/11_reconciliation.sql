-- reconciliation: the published figures (announcements) beside the named members' (growth).
-- coverage = named new / published new (NULL when no new cities were published); over_named
-- flags a cohort where the register names more new cities than were announced: an error. A year
-- with no published figure cannot be compared: over_named is NULL there, not false (unknown is
-- not "no").
CREATE OR REPLACE VIEW reconciliation AS
SELECT g.year,
       a.new_cities::BIGINT AS published_new,
       g.new_cities AS named_new,
       a.new_countries::BIGINT AS published_new_countries,
       g.new_countries AS named_new_countries,
       a.total_cities::BIGINT AS published_total,
       g.total_cities AS named_total,
       a.total_countries::BIGINT AS published_total_countries,
       g.total_countries AS named_total_countries,
       CASE WHEN a.new_cities > 0 THEN g.new_cities / a.new_cities END AS coverage,
       g.new_cities > a.new_cities AS over_named,
       a.announced_on
FROM growth g
LEFT JOIN announcements a ON a.year = g.year
ORDER BY g.year;
