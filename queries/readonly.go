package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// InReadOnlyTx runs fn inside a read-only transaction on conn and always rolls it back, so SQL
// an analyst typed cannot change the database, even an in-memory one opened read-write to be
// filled. The rollback runs even when ctx is cancelled.
//
// A read-only transaction still lets COPY ... TO write any file (the database file itself
// included), so it first turns DuckDB's external access off, for the whole database instance
// and for good: call it last on a database, as gnlc query does.
func InReadOnlyTx(ctx context.Context, conn *sql.Conn, fn func() error) (err error) {
	lock, err := sqlText("session/no_external_access")
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, lock); err != nil {
		return fmt.Errorf("turn external access off: %w", err)
	}
	begin, err := sqlText("session/begin_read_only")
	if err != nil {
		return err
	}
	rollback, err := sqlText("session/rollback")
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return fmt.Errorf("begin read-only transaction: %w", err)
	}
	defer func() {
		if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), rollback); rbErr != nil {
			err = errors.Join(err, fmt.Errorf("end read-only transaction: %w", rbErr))
		}
	}()
	return fn()
}
