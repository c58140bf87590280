-- country_summary: every country with a member, its names in English, French and Spanish, active
-- members, share of all active members, rank by members (ties share a rank), first and latest
-- cohort, and people reached (known populations of active members, unknown ones counted beside;
-- NULL when no active member's population is known: unknown, not 0 people).
CREATE OR REPLACE VIEW country_summary AS
WITH per AS (
    SELECT iso3,
           count(*) FILTER (WHERE status <> 'withdrawn') AS members,
           min(year_joined) AS first_year,
           max(year_joined) AS latest_year,
           sum(population) FILTER (WHERE status <> 'withdrawn')::BIGINT AS people_reached,
           count(*) FILTER (WHERE status <> 'withdrawn' AND population IS NULL) AS population_unknown
    FROM members
    GROUP BY iso3
), total AS (
    SELECT count(*) AS members FROM members WHERE status <> 'withdrawn'
)
SELECT mc.iso3, mc.iso2, mc.name_en, mc.name_fr, mc.name_es, mc.region, mc.language,
       p.members,
       CASE WHEN t.members > 0 THEN p.members / t.members ELSE 0 END AS share,
       rank() OVER (ORDER BY p.members DESC)::INTEGER AS rank,
       p.first_year, p.latest_year, p.people_reached, p.population_unknown
FROM member_countries mc
JOIN per p ON p.iso3 = mc.iso3
CROSS JOIN total t
ORDER BY rank, mc.name_en;
