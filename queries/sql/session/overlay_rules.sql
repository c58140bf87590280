-- Empty TEMP copies of the rules tables (setup/02_rules.sql), made from the stored ones so that
-- they keep their columns: created on one connection, they shadow the stored rules for that
-- connection only (DuckDB looks in temp before the database, also inside the views and macros),
-- so `gnlc check --rules` works on a read-only database. OverlayRules then fills them with the
-- statements that fill the stored ones (setup/03_rules_settings.sql to 05_rules_cycles.sql).
CREATE OR REPLACE TEMP TABLE rules_settings AS SELECT * FROM rules_settings LIMIT 0;
CREATE OR REPLACE TEMP TABLE rules_calls AS SELECT * FROM rules_calls LIMIT 0;
CREATE OR REPLACE TEMP TABLE rules_cycles AS SELECT * FROM rules_cycles LIMIT 0;
