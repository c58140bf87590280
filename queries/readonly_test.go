package queries_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"gnlc/queries"
)

// An analyst's write inside InReadOnlyTx fails, and the transaction is rolled back so the
// connection is usable again and the data unchanged.
func TestInReadOnlyTx(t *testing.T) {
	db, _ := testRegister(t, nil)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func() (n int) {
		t.Helper()
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM members").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	if before == 0 {
		t.Fatal("test register has no members")
	}
	err = queries.InReadOnlyTx(ctx, conn, func() error {
		_, err := conn.ExecContext(ctx, "DELETE FROM members")
		return err
	})
	if err == nil {
		t.Fatal("DELETE inside a read-only transaction succeeded")
	}
	if got := count(); got != before {
		t.Errorf("members after the refused DELETE: %d, want %d", got, before)
	}
	// Files are out of reach: COPY ... TO would otherwise write through a read-only transaction.
	target := filepath.Join(t.TempDir(), "copy.csv")
	err = queries.InReadOnlyTx(ctx, conn, func() error {
		_, err := conn.ExecContext(ctx, "COPY members TO '"+target+"' (FORMAT csv)")
		return err
	})
	if err == nil {
		t.Error("COPY ... TO inside InReadOnlyTx succeeded")
	}
	if _, statErr := os.Stat(target); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("COPY ... TO wrote %s (stat: %v)", target, statErr)
	}
	// Nor can a setting make DuckDB write one: the configuration is locked.
	logFile := filepath.Join(t.TempDir(), "log.txt")
	err = queries.InReadOnlyTx(ctx, conn, func() error {
		_, err := conn.ExecContext(ctx, "SET log_query_path = '"+logFile+"'")
		return err
	})
	if err == nil {
		t.Error("SET log_query_path inside InReadOnlyTx succeeded")
	}
	if _, statErr := os.Stat(logFile); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("SET log_query_path wrote %s (stat: %v)", logFile, statErr)
	}
	// A statement that ends the transaction itself is an error of its own.
	err = queries.InReadOnlyTx(ctx, conn, func() error {
		_, err := conn.ExecContext(ctx, "COMMIT")
		return err
	})
	if !errors.Is(err, queries.ErrTransactionEnded) {
		t.Errorf("COMMIT inside InReadOnlyTx: %v, want ErrTransactionEnded", err)
	}
	// The transaction ended: a new one can begin on the same connection.
	if err := queries.InReadOnlyTx(ctx, conn, func() error { return nil }); err != nil {
		t.Errorf("second read-only transaction: %v", err)
	}
}
