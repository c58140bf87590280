-- One call of the rules file (a `call` line); run with values from package rules, into the stored rules tables
-- (Setup) or their TEMP copies (OverlayRules).
INSERT INTO rules_calls VALUES ($1, $2, $3, $4);
