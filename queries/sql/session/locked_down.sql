-- Whether lock_down.sql has run on this database instance (it cannot run twice: the locked
-- configuration refuses its own SET).
SELECT current_setting('lock_configuration')::BOOLEAN;
