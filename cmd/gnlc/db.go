package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"gnlc/fixtures"
	"gnlc/pipeline"
	"gnlc/queries"
	"gnlc/rules"
)

// envDB names the environment variable that replaces the default database for every command.
const envDB = "GNLC_DB"

// Where a command's database came from (the Options' DBFrom). A database named by --db or by
// $GNLC_DB must exist for the read-only commands: a typo must not report on other data. The
// default one may be missing: they then use the embedded default register and say so.
const (
	fromFlag    = "--db"
	fromEnv     = "$" + envDB
	fromDefault = "default"
)

// addDBFlag binds --db for a command; resolveDB reads it once the flags are parsed.
func addDBFlag(cmd *cobra.Command, db *string, what string) {
	cmd.Flags().StringVar(db, "db", "", what+" (default "+defaultDB+", or $"+envDB+" when set)")
}

// resolveDB returns the database a command works on: --db when given, else $GNLC_DB when set,
// else Deps.DefaultDB; and where it came from (fromFlag, fromEnv or fromDefault).
func resolveDB(cmd *cobra.Command, deps *Deps, flag string) (path, from string, err error) {
	if cmd.Flags().Changed("db") {
		if flag == "" {
			return "", "", &FlagError{Err: errors.New("--db may not be empty")}
		}
		return flag, fromFlag, nil
	}
	if deps.Getenv != nil {
		if env := deps.Getenv(envDB); env != "" {
			return env, fromEnv, nil
		}
	}
	if deps.DefaultDB != "" {
		return deps.DefaultDB, fromDefault, nil
	}
	return defaultDB, fromDefault, nil
}

// openForReading opens the database of a read-only command (check, query, report, export,
// sources). path "" is the embedded default register. When the default database does not exist
// yet, the command works on the embedded default register and says so in one line on stderr; a
// database named by --db or $GNLC_DB (any from but fromDefault) that does not exist is an error
// naming it.
func openForReading(ctx context.Context, deps *Deps, path, from string) (*sql.DB, error) {
	if path != "" {
		_, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && from == fromDefault:
			fmt.Fprint(deps.Stderr, fallbackNote(path))
			path = ""
		case errors.Is(err, fs.ErrNotExist):
			return nil, missingDB(path, from)
		}
	}
	return openDatabase(ctx, deps, path, path != "")
}

// fallbackNote is the line a read-only command prints when the default database is missing.
func fallbackNote(path string) string {
	return fmt.Sprintf("gnlc: %s does not exist yet: using the embedded default register (gnlc ingest FILE loads yours)\n", path)
}

// missingDB is the error for a database that must exist and does not.
func missingDB(path, from string) error {
	switch from {
	case fromDefault:
		return fmt.Errorf("database %s does not exist yet (gnlc ingest FILE creates it)", path)
	case "":
		from = fromFlag
	}
	return fmt.Errorf("database %s (named by %s) does not exist: check the path, or create it with gnlc ingest --db %s FILE", path, from, shellQuote(path))
}

// openForWriting opens the database of ingest (create true: a missing file is created with its
// folder, the schema, the reference tables and the network's published figures) or of sources
// remove (create false: the file must exist). The caller closes the returned *sql.DB.
func openForWriting(ctx context.Context, deps *Deps, path, from string, create bool) (*sql.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, missingDB(path, from)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create the database folder %s: %w", dir, err)
			}
		}
	}
	db, err := openDatabase(ctx, deps, path, false)
	if err != nil {
		return nil, err
	}
	if err := seedDatabase(ctx, deps, db, path); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// seedDatabase loads the network's published figures (the embedded announcements) into a new
// database, once in its life (pipeline.Ingester.Seed), and says so on stderr.
func seedDatabase(ctx context.Context, deps *Deps, db *sql.DB, path string) error {
	ing, err := newIngester(deps, db)
	if err != nil {
		return err
	}
	results, err := ing.Seed(ctx, []fixtures.File{fixtures.Announcements()})
	if err != nil {
		return fmt.Errorf("new database %s: %w", path, err)
	}
	for _, res := range results {
		fmt.Fprintf(deps.Stderr, "gnlc: new database %s: loaded the network's published figures (%s, %d rows)\n", path, res.File, res.Loaded)
	}
	return nil
}

// openDatabase opens the database a command works on. With path "" it is a private in-memory
// database holding the embedded default register (members and announcements): this is how the
// read-only commands work before anything was ingested. With a path, it opens that file
// (creating it unless readOnly); a read-write open applies the schema, the reference tables and
// the views. The caller closes the returned *sql.DB.
func openDatabase(ctx context.Context, deps *Deps, path string, readOnly bool) (*sql.DB, error) {
	if path == "" {
		readOnly = false // an in-memory database is filled here, then only read by the command
	}
	// The memory cap keeps a large ingest's peak low (DuckDB would cache the whole new table);
	// reads keep DuckDB's default, because the per-member questions (compliance, members) join
	// and sort the whole register, and at 1,000,000 members they outgrow 256 MB.
	limit := pipeline.DefaultMemoryLimit
	if readOnly {
		limit = ""
	}
	db, err := pipeline.Open(ctx, path, pipeline.OpenOptions{ReadOnly: readOnly, MemoryLimit: limit})
	if err != nil {
		return nil, err
	}
	if path == "" {
		if err := ingestDefault(ctx, deps, db); err != nil {
			return nil, errors.Join(err, db.Close())
		}
	}
	if !readOnly {
		if err := installViews(ctx, deps, db); err != nil {
			return nil, errors.Join(err, db.Close())
		}
	}
	return db, nil
}

// installViews creates the views, macros and rules tables that queries define, on a database
// opened read-write (after the schema, before any command reads it).
// The rules tables get the embedded default rules; `gnlc check --rules` overlays others for one
// run. One transaction, so a failure leaves the previous views in place.
func installViews(ctx context.Context, deps *Deps, db *sql.DB) error {
	r, err := rules.Default()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("install views: %w", err)
	}
	if err := queries.Install(ctx, tx, r); err != nil {
		return errors.Join(fmt.Errorf("install views: %w", err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("install views: %w", err)
	}
	deps.Logger.Debug("views installed", "rules", r.Source)
	return nil
}

// newIngester builds the pipeline's Ingester for db with the command's clock and logger.
func newIngester(deps *Deps, db *sql.DB) (*pipeline.Ingester, error) {
	countries, err := fixtures.Countries()
	if err != nil {
		return nil, fmt.Errorf("reference table of countries: %w", err)
	}
	places, err := fixtures.Places()
	if err != nil {
		return nil, fmt.Errorf("reference table of places: %w", err)
	}
	ix, err := pipeline.NewCountryIndex(countries, places)
	if err != nil {
		return nil, fmt.Errorf("reference table of countries: %w", err)
	}
	return &pipeline.Ingester{
		DB:        db,
		Countries: ix,
		Now:       deps.Now,
		Version:   version,
		Logger:    deps.Logger,
	}, nil
}

// ingestDefault loads the embedded default register into db.
func ingestDefault(ctx context.Context, deps *Deps, db *sql.DB) error {
	ing, err := newIngester(deps, db)
	if err != nil {
		return err
	}
	for _, f := range fixtures.DefaultRegister() {
		if _, err := ing.IngestBytes(ctx, f.Name, f.Data, pipeline.FileOptions{}); err != nil {
			return fmt.Errorf("load the default register: %w", err)
		}
	}
	return nil
}
