-- Checks(asOf): $1 is the as-of date (YYYY-MM-DD); in the macro's order (ord).
SELECT rule, kind, count, broken, status, checked, unknown, items
FROM rule_checks_at($1::DATE)
ORDER BY ord;
