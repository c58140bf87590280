-- Rules: the reporting cycles, by due date.
SELECT name, begins, due, exempt_from FROM rules_cycles ORDER BY due, name;
