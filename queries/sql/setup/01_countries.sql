-- One row of the reference table of countries (fixtures/countries.csv), run for each when the
-- table is empty (reference/count_countries.sql): a database keeps the table it was made with.
INSERT INTO countries (iso3, iso2, name_en, name_fr, name_es, region, language)
VALUES ($1, $2, $3, $4, $5, $6, $7)
