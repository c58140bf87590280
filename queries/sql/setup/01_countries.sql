-- The reference table of countries (fixtures/countries.csv), in one statement when the table is
-- empty (reference/count_countries.sql): a database keeps the table it was made with. $1 is the
-- rows as a JSON array of objects (one insert, not one per country: a new database is made
-- for every run on the default register).
INSERT INTO countries (iso3, iso2, name_en, name_fr, name_es, region, language)
SELECT c.iso3, c.iso2, c.name_en, c.name_fr, c.name_es, c.region, c.language
FROM (SELECT unnest(from_json($1, '[{"iso3": "VARCHAR", "iso2": "VARCHAR", "name_en": "VARCHAR",
                                     "name_fr": "VARCHAR", "name_es": "VARCHAR", "region": "VARCHAR",
                                     "language": "VARCHAR"}]')) AS c);
