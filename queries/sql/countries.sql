-- Countries: by rank, then English name.
SELECT iso3, iso2, name_en, name_fr, name_es, region, language, members, share, rank,
       first_year, latest_year, people_reached, population_unknown
FROM country_summary
ORDER BY rank, name_en, iso3;
