INSERT INTO rules_calls VALUES ($1, $2, $3, $4);
