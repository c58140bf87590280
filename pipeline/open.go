package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/marcboeker/go-duckdb" // registers the "duckdb" database/sql driver

	"gnlc/fixtures"
)

// OpenOptions control Open.
type OpenOptions struct {
	// ReadOnly opens an existing database file without changing it: no schema, no reference
	// tables. Several read-only processes may share a file; a writer excludes everyone else.
	ReadOnly bool
	// MemoryLimit bounds DuckDB's buffer pool ("256MB", "2GB"); beyond it DuckDB spills to a
	// temporary folder beside the file. "" leaves DuckDB's default (80% of RAM). It is ignored
	// for an in-memory database, which has nowhere to spill.
	MemoryLimit string
}

// DefaultMemoryLimit is the MemoryLimit gnlc's commands use. A register is small, and with it a
// 1,000,000-row ingest peaks near 230 MB instead of about 300 MB (DuckDB otherwise keeps the
// whole newly written table cached).
const DefaultMemoryLimit = "256MB"

// memoryLimitRE is what OpenOptions.MemoryLimit may hold: it goes into the DSN, unescaped.
var memoryLimitRE = regexp.MustCompile(`^[0-9]{1,6}(KB|MB|GB)$`)

// Open opens the DuckDB database at path, creating it if needed; path "" is a private in-memory
// database. Unless opts.ReadOnly, it applies the schema (sql/schema.sql; idempotent) and loads
// the countries reference table when it is empty, so every database has both.
//
// When another process holds the file, the error wraps ErrDatabaseInUse. The caller closes the
// returned *sql.DB, which is safe for concurrent use.
func Open(ctx context.Context, path string, opts OpenOptions) (*sql.DB, error) {
	if strings.ContainsRune(path, '?') {
		// go-duckdb reads everything after '?' as configuration.
		return nil, fmt.Errorf("open database %q: the path may not contain '?'", path)
	}
	var config []string
	if opts.ReadOnly {
		if path == "" {
			return nil, fmt.Errorf("open database: a read-only database needs a file")
		}
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		config = append(config, "access_mode=read_only")
	}
	if !opts.ReadOnly && path != "" {
		// Let the Arrow load insert batches in any order. With order preserved (DuckDB's default)
		// and a memory limit, DuckDB 1.1 inserts an Arrow stream on one thread (a 1,000,000-row
		// register took 1.6 s instead of 0.7 s on two cores). Row order carries nothing: the
		// workers emit batches in no particular order, every row keeps its source_row, and every
		// query of gnlc's ends in an ORDER BY. The setting belongs to this process, not to the file.
		// It also lets an outer query drop a view's or macro's inner ORDER BY, so an in-memory
		// database (the small default register, then read by check, query or export) keeps the
		// default: `SELECT * FROM growth` there comes out in the view's order.
		config = append(config, "preserve_insertion_order=false")
	}
	if opts.MemoryLimit != "" && path != "" {
		if !memoryLimitRE.MatchString(opts.MemoryLimit) {
			return nil, fmt.Errorf("open database %s: memory limit %q: want a size such as 256MB", path, opts.MemoryLimit)
		}
		config = append(config, "memory_limit="+opts.MemoryLimit)
	}
	dsn := path
	if len(config) > 0 {
		dsn += "?" + strings.Join(config, "&")
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		if path != "" && fileLockedByOther(path) {
			return nil, fmt.Errorf("open database %s: %w", path, ErrDatabaseInUse)
		}
		return nil, fmt.Errorf("open database %s: %w", displayPath(path), err)
	}
	// One connector is one DuckDB instance: every pooled connection, in memory too, shares it.
	db := sql.OpenDB(connector)
	if opts.ReadOnly {
		return db, nil
	}
	if err := setup(ctx, db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

func displayPath(path string) string {
	if path == "" {
		return "(in memory)"
	}
	return path
}

// setup applies the schema and loads the reference table of countries when it is empty.
func setup(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, stmt("schema")); err != nil {
		return fmt.Errorf("apply schema: %w", err)
	}
	var n int64
	if err := db.QueryRowContext(ctx, stmt("count_countries")).Scan(&n); err != nil {
		return fmt.Errorf("count countries: %w", err)
	}
	if n > 0 {
		return nil
	}
	countries, err := fixtures.Countries()
	if err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	ins, err := tx.PrepareContext(ctx, stmt("insert_country"))
	if err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	defer ins.Close()
	for _, c := range countries {
		if _, err := ins.ExecContext(ctx, c.ISO3, c.ISO2, c.NameEN, c.NameFR, c.NameES, c.Region, c.Language); err != nil {
			return fmt.Errorf("load country %s: %w", c.ISO3, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	return nil
}
