-- The tables ingest fills: the analysts' interface (DESIGN.md, "Database schema").
-- Keep names stable; document changes in the README. The first step of Setup (queries/setup.go),
-- at every read-write open: IF NOT EXISTS leaves a database's tables as they are.
-- No PRIMARY KEY/UNIQUE on members: DuckDB checks them eagerly, so a source's rows could not be
-- deleted and loaded again in one transaction. Identity (iso3, city_key) is checked by ingest.

CREATE TABLE IF NOT EXISTS gnlc_meta (
    key   VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS source_ids START 1;

CREATE TABLE IF NOT EXISTS sources (
    source_id    INTEGER NOT NULL,
    path         VARCHAR NOT NULL,   -- as given on the command line, cleaned
    kind         VARCHAR NOT NULL,   -- members | reports | announcements
    sha256       VARCHAR NOT NULL,
    rows         BIGINT  NOT NULL,
    loaded_at    TIMESTAMPTZ NOT NULL,
    gnlc_version VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS countries (
    iso3     VARCHAR NOT NULL,
    iso2     VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,   -- UN short names
    name_fr  VARCHAR NOT NULL,
    name_es  VARCHAR NOT NULL,
    region   VARCHAR NOT NULL,   -- one of UNESCO's five regions
    language VARCHAR NOT NULL    -- delegation language: en, fr, es
);

CREATE TABLE IF NOT EXISTS members (
    city              VARCHAR NOT NULL,  -- trimmed, NFC
    city_key          VARCHAR NOT NULL,  -- folded name: identity within a country
    country           VARCHAR NOT NULL,  -- UN short name (English)
    iso3              VARCHAR NOT NULL,
    region            VARCHAR NOT NULL,
    year_joined       INTEGER NOT NULL,
    applied_on        DATE,
    population        BIGINT,
    population_source VARCHAR,
    lat               DOUBLE,
    lon               DOUBLE,
    status            VARCHAR NOT NULL,  -- active | withdrawn
    left_year         INTEGER,
    last_report_on    DATE,
    source_url        VARCHAR,
    source_id         INTEGER NOT NULL,
    source_row        INTEGER NOT NULL   -- row number in the source file (header = 1)
);

CREATE TABLE IF NOT EXISTS announcements (
    year                 INTEGER NOT NULL,
    announced_on         DATE,
    new_cities           INTEGER,
    new_countries        INTEGER,
    first_time_countries INTEGER,
    total_cities         INTEGER,
    total_countries      INTEGER,
    people_reached       BIGINT,
    source_url           VARCHAR,
    note                 VARCHAR,
    source_id            INTEGER NOT NULL,
    source_row           INTEGER NOT NULL   -- row number in the source file (header = 1)
);

CREATE TABLE IF NOT EXISTS reports (
    iso3         VARCHAR NOT NULL,
    city         VARCHAR NOT NULL,
    city_key     VARCHAR NOT NULL,
    submitted_on DATE    NOT NULL,
    source_id    INTEGER NOT NULL,
    source_row   INTEGER NOT NULL
);
