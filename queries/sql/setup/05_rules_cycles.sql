-- One reporting cycle of the rules file (a `cycle` line); run with values from package rules, into the stored rules tables
-- (Setup) or their TEMP copies (OverlayRules).
INSERT INTO rules_cycles VALUES ($1, $2, $3, $4);
