package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"gnlc/pipeline"
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
// sources). When the default database does not exist yet, the command works on the embedded
// default register and says so in one line on stderr; a database named by --db or $GNLC_DB
// (any from but fromDefault) that does not exist is an error naming it.
func openForReading(ctx context.Context, deps *Deps, path, from string) (*sql.DB, error) {
	mode := pipeline.ReadOnly
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if from != fromDefault {
			return nil, missingDB(path, from)
		}
		fmt.Fprint(deps.Stderr, fallbackNote(path))
		path, mode = "", pipeline.DefaultRegister
	}
	return openDB(ctx, deps, path, mode)
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

// openForWriting opens the database of ingest (create true: a missing file is created, see
// pipeline.ReadWrite) or of sources remove (create false: the file must exist). The caller
// closes the returned *sql.DB.
func openForWriting(ctx context.Context, deps *Deps, path, from string, create bool) (*sql.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !create {
		return nil, missingDB(path, from)
	}
	return openDB(ctx, deps, path, pipeline.ReadWrite)
}

// openDB opens the database at path in mode with the command's clock and logger; a new
// database's published figures are announced on stderr.
func openDB(ctx context.Context, deps *Deps, path string, mode pipeline.Mode) (*sql.DB, error) {
	return pipeline.Open(ctx, path, mode, pipeline.OpenOptions{
		Now: deps.Now, Version: version, Logger: deps.Logger,
		Seeded: func(res *pipeline.FileResult) {
			fmt.Fprintf(deps.Stderr, "gnlc: new database %s: loaded the network's published figures (%s, %d rows)\n", path, res.File, res.Loaded)
		},
	})
}

// newIngester builds the pipeline's Ingester for db with the command's clock and logger.
func newIngester(deps *Deps, db *sql.DB) (*pipeline.Ingester, error) {
	ix, err := pipeline.EmbeddedCountryIndex()
	if err != nil {
		return nil, err
	}
	return &pipeline.Ingester{DB: db, Countries: ix, Now: deps.Now, Version: version, Logger: deps.Logger}, nil
}
