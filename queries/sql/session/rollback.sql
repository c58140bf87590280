-- Ends the read-only transaction: nothing in it is ever kept.
ROLLBACK;
