package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrTransactionEnded is returned when the SQL run inside InReadOnlyTx ended the transaction
// itself (COMMIT, ROLLBACK, ABORT).
var ErrTransactionEnded = errors.New("the statement ended gnlc's read-only transaction: COMMIT, ROLLBACK and ABORT are not allowed")

// InReadOnlyTx runs fn inside a read-only transaction on conn and always rolls it back, so SQL
// an analyst typed cannot change the database, even an in-memory one opened read-write to be
// filled. The rollback runs even when ctx is cancelled.
//
// A read-only transaction still lets COPY ... TO or SET log_query_path write any file (the
// database file itself included), so it first turns DuckDB's external access off and locks its
// configuration, for the whole database instance and for good: call it last on a database, as
// gnlc query does.
func InReadOnlyTx(ctx context.Context, conn *sql.Conn, fn func() error) (err error) {
	if err := lockDown(ctx, conn); err != nil {
		return fmt.Errorf("lock the database down: %w", err)
	}
	if _, err := conn.ExecContext(ctx, stmtBeginReadOnly.text()); err != nil {
		return fmt.Errorf("begin read-only transaction: %w", err)
	}
	defer func() {
		if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), stmtRollback.text()); rbErr != nil {
			// DuckDB's words for it: queries does not import go-duckdb for its error type, so that
			// reports, which reads queries' typed rows, stays clear of the driver (deps_test.go).
			// TestInReadOnlyTx catches a change of wording.
			if strings.Contains(rbErr.Error(), "no transaction is active") {
				err = errors.Join(err, ErrTransactionEnded) // no transaction left to roll back
				return
			}
			err = errors.Join(err, fmt.Errorf("end read-only transaction: %w", rbErr))
		}
	}()
	return fn()
}

// lockDown runs session/lock_down.sql once per database instance.
func lockDown(ctx context.Context, conn *sql.Conn) error {
	var locked bool
	if err := conn.QueryRowContext(ctx, stmtLockedDown.text()).Scan(&locked); err != nil {
		return err
	}
	if locked {
		return nil
	}
	_, err := conn.ExecContext(ctx, stmtLockDown.text())
	return err
}
