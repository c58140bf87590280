// Package queries answers the network analysts' questions about the register with SQL: growth,
// reach, reconciliation with the published figures, cohorts, regions and countries, the quota,
// the application window and reporting compliance, data quality and the rule checks behind
// `gnlc check`. It sits between pipeline (which fills the tables) and reports (which renders
// the typed rows defined in types.go).
//
// Every question is a view or a table macro installed in the database by Install, so an analyst
// reaches the same answers with `gnlc query` or any DuckDB client; each typed method runs one
// embedded .sql file named after it (sql/<method>.sql) over that view, with its parameters
// bound. No SQL text is built in Go. The rules (quota, windows, reporting) live in the
// rules_* tables, which Install writes from a *rules.Rules that package rules parsed from a
// rules file; no rule is a constant in SQL.
//
// The package uses database/sql only; the caller opens the database with a DuckDB driver.
package queries

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
)

// DBTX is what the queries run on: a *sql.DB, a *sql.Conn or a *sql.Tx, so ingest can run them
// inside its transaction. OverlayRules needs one connection (a *sql.Conn or a *sql.Tx), as
// DuckDB's TEMP tables belong to a connection.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ DBTX = (*sql.DB)(nil)
	_ DBTX = (*sql.Conn)(nil)
	_ DBTX = (*sql.Tx)(nil)
)

//go:embed sql/*.sql sql/install/*.sql sql/rules/*.sql sql/session/*.sql
var sqlFiles embed.FS

// Queries runs the questions on one DBTX. Its methods may run concurrently when the DBTX
// allows it (a *sql.DB does).
type Queries struct {
	db DBTX
}

// New returns the questions over db, whose schema and views Install has created.
func New(db DBTX) *Queries { return &Queries{db: db} }

// sqlText returns the text of the embedded file sql/<name>.sql.
func sqlText(name string) (string, error) {
	b, err := sqlFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("embedded query %s: %w", name, err)
	}
	return string(b), nil
}

// rows runs sql/<name>.sql with args bound. The caller closes the rows.
func (q *Queries) rows(ctx context.Context, name string, args ...any) (*sql.Rows, error) {
	text, err := sqlText(name)
	if err != nil {
		return nil, err
	}
	rows, err := q.db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return rows, nil
}

// collect runs sql/<name>.sql and scans every row with scan.
func collect[T any](ctx context.Context, q *Queries, name string, scan func(*sql.Rows, *T) error, args ...any) ([]T, error) {
	rows, err := q.rows(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("query %s: scan: %w", name, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return out, nil
}
