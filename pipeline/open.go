package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/marcboeker/go-duckdb" // registers the "duckdb" database/sql driver

	"gnlc/fixtures"
	"gnlc/queries"
	"gnlc/rules"
)

// Mode is how Open opens a database: what it may change, what it loads, how much memory DuckDB
// may take.
type Mode int

const (
	// ReadOnly opens an existing database file as it is: nothing is applied or loaded, and
	// several read-only processes may share the file (a writer excludes everyone else). DuckDB's
	// buffer pool is capped at 256 MB as for ReadWrite, and spills to a private temporary
	// folder, removed when the *sql.DB closes: the file's own folder may not be writable, and a
	// reader leaves nothing beside it.
	ReadOnly Mode = iota + 1
	// ReadWrite opens a database file, creating it (and its folder) when missing, and brings it
	// up to date: queries.Setup applies the tables, the embedded reference table of countries
	// (into a new database), the embedded default rules and the views. A database that never
	// had sources then gets the network's published figures (Seed), once in its life. DuckDB's
	// buffer pool is capped at 256 MB, beyond which it spills to a temporary folder beside the
	// file.
	ReadWrite
	// DefaultRegister opens a private in-memory database, set up as ReadWrite sets up a new one,
	// holding the embedded default register (members and announcements): what the read-only
	// commands read before anything was ingested. It has no path.
	DefaultRegister
)

func (m Mode) String() string {
	switch m {
	case ReadOnly:
		return "read-only"
	case ReadWrite:
		return "read-write"
	case DefaultRegister:
		return "default register"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// writeMemoryLimit caps DuckDB's buffer pool on a database opened ReadWrite. A register is small,
// and with it a 1,000,000-row ingest peaks near 230 MB instead of about 300 MB (DuckDB otherwise
// keeps the whole newly written table cached). An in-memory database has nowhere to spill, and
// keeps DuckDB's default.
const writeMemoryLimit = "256MB"

// readMemoryLimit caps DuckDB's buffer pool on a database opened ReadOnly. Left at DuckDB's
// default (80% of RAM), sorting a 1,000,000-member register for the Members sheet took 1.1 GB;
// capped, DuckDB spills the sort and the same query peaks near 370 MB, about as fast.
const readMemoryLimit = "256MB"

// OpenOptions are what Open records of the sources it loads: a new database's published figures
// (ReadWrite), the default register (DefaultRegister).
type OpenOptions struct {
	Now     func() time.Time // sources.loaded_at; nil is time.Now
	Version string           // sources.gnlc_version
	Logger  *slog.Logger     // nil discards
	// Seeded, when set, is called with each file Open loads into a new database.
	Seeded func(*FileResult)
}

// Open opens the database at path in mode (see Mode); path is "" for DefaultRegister only.
// When another process holds the file, the error wraps ErrDatabaseInUse; a ReadOnly open of a
// missing file wraps fs.ErrNotExist. The caller closes the returned *sql.DB, which is safe for
// concurrent use.
func Open(ctx context.Context, path string, mode Mode, opts OpenOptions) (*sql.DB, error) {
	switch {
	case mode != ReadOnly && mode != ReadWrite && mode != DefaultRegister:
		return nil, fmt.Errorf("open database %s: unknown mode %v", displayPath(path), mode)
	case mode == DefaultRegister && path != "":
		return nil, fmt.Errorf("open database %s: the default register has no file", path)
	case mode != DefaultRegister && path == "":
		return nil, fmt.Errorf("open database: a %s database needs a file", mode)
	}
	if dir := filepath.Dir(path); mode == ReadWrite && dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create the database folder %s: %w", dir, err)
		}
	}
	db, err := open(ctx, path, mode)
	if err != nil {
		return nil, err
	}
	if err := loadSources(ctx, db, path, mode, opts); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// open opens the database at path ("" in memory) with mode's settings and, unless mode is
// ReadOnly, sets it up (setUp). It loads no sources: Open does.
func open(ctx context.Context, path string, mode Mode) (*sql.DB, error) {
	if strings.ContainsRune(path, '?') {
		// go-duckdb reads everything after '?' as configuration.
		return nil, fmt.Errorf("open database %q: the path may not contain '?'", path)
	}
	var config []string
	var spill string // ReadOnly's temporary folder, removed by the *sql.DB's Close
	switch {
	case mode == ReadOnly:
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		var err error
		if spill, err = os.MkdirTemp("", "gnlc-duckdb-"); err != nil {
			return nil, fmt.Errorf("open database %s: temporary folder: %w", path, err)
		}
		config = append(config, "access_mode=read_only", "memory_limit="+readMemoryLimit,
			"temp_directory="+url.QueryEscape(spill))
	case path != "":
		// Let the Arrow load insert batches in any order. With order preserved (DuckDB's default)
		// and a memory limit, DuckDB 1.1 inserts an Arrow stream on one thread (a 1,000,000-row
		// register took 1.6 s instead of 0.7 s on two cores). Row order carries nothing: the
		// workers emit batches in no particular order, every row keeps its source_row, and every
		// query of gnlc's ends in an ORDER BY. The setting belongs to this process, not to the file.
		// It also lets an outer query drop a view's or macro's inner ORDER BY, so an in-memory
		// database (the small default register, then read by check, query or export) keeps the
		// default: `SELECT * FROM growth` there comes out in the view's order.
		config = append(config, "preserve_insertion_order=false", "memory_limit="+writeMemoryLimit)
	}
	dsn := path
	if len(config) > 0 {
		dsn += "?" + strings.Join(config, "&")
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		if spill != "" {
			err = errors.Join(err, os.RemoveAll(spill))
		}
		if path != "" && fileLockedByOther(path) {
			return nil, fmt.Errorf("open database %s: %w", path, ErrDatabaseInUse)
		}
		return nil, fmt.Errorf("open database %s: %w", displayPath(path), err)
	}
	// One connector is one DuckDB instance: every pooled connection, in memory too, shares it.
	if mode == ReadOnly {
		return sql.OpenDB(&spillingConnector{Connector: connector, dir: spill}), nil
	}
	db := sql.OpenDB(connector)
	if err := setUp(ctx, db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// spillingConnector is a DuckDB connector whose instance spills into dir, a folder of its own:
// sql.DB.Close closes the instance, then removes the folder.
type spillingConnector struct {
	*duckdb.Connector
	dir string
}

func (c *spillingConnector) Close() error {
	return errors.Join(c.Connector.Close(), os.RemoveAll(c.dir))
}

func displayPath(path string) string {
	if path == "" {
		return "(in memory)"
	}
	return path
}

// setUp applies queries.Setup with the embedded reference table of countries and the embedded
// default rules, in one transaction: a failure leaves the database as it was.
func setUp(ctx context.Context, db *sql.DB) error {
	countries, err := fixtures.Countries()
	if err != nil {
		return fmt.Errorf("reference table of countries: %w", err)
	}
	r, err := rules.Default()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set up the database: %w", err)
	}
	if err := queries.Setup(ctx, tx, queries.Reference{Countries: countries, Rules: r}); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set up the database: %w", err)
	}
	return nil
}

// loadSources loads what mode puts into a database once it is set up: a new database's published
// figures (ReadWrite, through Seed), the embedded default register (DefaultRegister).
func loadSources(ctx context.Context, db *sql.DB, path string, mode Mode, opts OpenOptions) error {
	if mode == ReadOnly {
		return nil
	}
	ix, err := EmbeddedCountryIndex()
	if err != nil {
		return err
	}
	ing := &Ingester{DB: db, Countries: ix, Now: opts.Now, Version: opts.Version, Logger: opts.Logger}
	if mode == DefaultRegister {
		return ing.IngestDefault(ctx, func(_ *FileResult, err error) error {
			if err != nil {
				return fmt.Errorf("load the default register: %w", err)
			}
			return nil
		})
	}
	results, err := ing.Seed(ctx, []fixtures.File{fixtures.Announcements()})
	if err != nil {
		return fmt.Errorf("new database %s: %w", path, err)
	}
	if opts.Seeded != nil {
		for _, res := range results {
			opts.Seeded(res)
		}
	}
	return nil
}

// OutdatedSetup reports whether err is DuckDB failing to bind a query to the database's views
// and macros ("Referenced column … not found"): the mark of a database set up by another
// version of gnlc, whose views lack what this one reads. ReadOnly opens apply nothing, so only
// a ReadWrite open (any ingest) brings them up to date.
func OutdatedSetup(err error) bool {
	var de *duckdb.Error
	return errors.As(err, &de) && (de.Type == duckdb.ErrorTypeBinder || de.Type == duckdb.ErrorTypeCatalog)
}
