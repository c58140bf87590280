-- The rules file's settings (one row); run with values from package rules, into the stored rules tables
-- (Setup) or their TEMP copies (OverlayRules).
INSERT INTO rules_settings VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
