// Package queries answers the network analysts' questions about the register with SQL: growth,
// reach, reconciliation with the published figures, cohorts, regions and countries, the quota,
// the application window and reporting compliance, data quality and the rule checks behind
// `gnlc check`. It sits between pipeline (which fills the tables) and reports (which renders
// the typed rows defined in types.go).
//
// The database's schema is SQL too, and lives here as one ordered set (sql/setup): the tables,
// the reference table of countries, the rules tables and the views and macros, which Setup
// applies in file-name order. Every question is such a view or table macro, so an analyst
// reaches the same answers with `gnlc query` or any DuckDB client; each typed method runs one
// embedded .sql file named after it (sql/<method>.sql) over that view, with its parameters
// bound. No SQL text is built in Go. The rules (quota, windows, reporting) live in the
// rules_* tables, which Setup writes from a *rules.Rules that package rules parsed from a
// rules file; no rule is a constant in SQL.
//
// The package uses database/sql only; the caller opens the database with a DuckDB driver, and
// may give the streamed questions a reader that streams (WithStream: pipeline.Stream reads
// DuckDB's streaming results) without queries reaching the driver.
package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// DBTX is what the queries run on: a *sql.DB, a *sql.Conn or a *sql.Tx, so ingest can run them
// inside its transaction. OverlayRules needs one connection (a *sql.Conn or a *sql.Tx), as
// DuckDB's TEMP tables belong to a connection.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ DBTX = (*sql.DB)(nil)
	_ DBTX = (*sql.Conn)(nil)
	_ DBTX = (*sql.Tx)(nil)
)

// Queries runs the questions on one DBTX. Its methods may run concurrently when the DBTX
// allows it (a *sql.DB does).
type Queries struct {
	db       DBTX
	pageRows int64    // see defaultPageRows
	columnar Columnar // nil: database/sql's rows (sqlColumnar)
}

// New returns the questions over db, which Setup has set up.
func New(db DBTX) *Queries { return &Queries{db: db, pageRows: defaultPageRows} }

// rows runs s with args bound. The caller closes the rows.
func (q *Queries) rows(ctx context.Context, s statement, args ...any) (*sql.Rows, error) {
	rows, err := q.db.QueryContext(ctx, s.text(), args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", s, err)
	}
	return rows, nil
}

// collect runs s and scans every row with scan.
func collect[T any](ctx context.Context, q *Queries, s statement, scan func(*sql.Rows, *T) error, args ...any) ([]T, error) {
	rows, err := q.rows(ctx, s, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("query %s: scan: %w", s, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query %s: %w", s, err)
	}
	return out, nil
}
