INSERT INTO rules_cycles VALUES ($1, $2, $3, $4);
