package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gnlc/fixtures"
	"gnlc/pipeline"
	"gnlc/queries"
)

// openDatabase opens the database a command works on. With path "" it is a private in-memory
// database holding the embedded default register (members and announcements): this is how
// check, query and report work without --db. With a path, it opens that file (creating it unless
// readOnly); a read-write open applies the schema, the reference tables and the views.
// The caller closes the returned *sql.DB.
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
	rules, err := queries.DefaultRules()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("install views: %w", err)
	}
	if err := queries.Install(ctx, tx, rules); err != nil {
		return errors.Join(fmt.Errorf("install views: %w", err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("install views: %w", err)
	}
	deps.Logger.Debug("views installed", "rules", rules.Source)
	return nil
}

// newIngester builds the pipeline's Ingester for db with the command's clock and logger.
func newIngester(deps *Deps, db *sql.DB) (*pipeline.Ingester, error) {
	countries, err := fixtures.Countries()
	if err != nil {
		return nil, fmt.Errorf("reference table of countries: %w", err)
	}
	ix, err := pipeline.NewCountryIndex(countries)
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
