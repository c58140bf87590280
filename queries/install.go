package queries

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"gnlc/rules"
)

// ErrNoRules is returned when Install or OverlayRules gets no rules.
var ErrNoRules = errors.New("no rules given")

// Install stores r in the rules_* tables and creates or replaces every view and macro
// (sql/install/*.sql, in file-name order). It runs when a database is opened read-write, after
// the schema exists; it is idempotent. It writes to the database, so it cannot run on a
// read-only one: use OverlayRules there. Pass a *sql.Tx to make it all-or-nothing.
func Install(ctx context.Context, db DBTX, r *rules.Rules) error {
	if err := storeRules(ctx, db, "rules/tables", r); err != nil {
		return err
	}
	entries, err := fs.ReadDir(sqlFiles, "sql/install")
	if err != nil {
		return fmt.Errorf("install views: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	for _, name := range names {
		text, err := fs.ReadFile(sqlFiles, path.Join("sql/install", name))
		if err != nil {
			return fmt.Errorf("install %s: %w", name, err)
		}
		if _, err := db.ExecContext(ctx, string(text)); err != nil {
			return fmt.Errorf("install %s: %w", name, err)
		}
	}
	return nil
}

// OverlayRules makes the questions apply r instead of the stored rules, on conn only: it
// creates TEMP copies of the rules tables, which DuckDB resolves before the stored tables, also
// inside the views and macros. TEMP objects are allowed on a read-only database and vanish when
// the connection closes. conn must be a single connection (*sql.Conn or *sql.Tx), and every
// query meant to see the overlay must run on it.
func OverlayRules(ctx context.Context, conn DBTX, r *rules.Rules) error {
	return storeRules(ctx, conn, "rules/temp_tables", r)
}

// storeRules (re)creates the rules tables with the DDL in sql/<tables>.sql and fills them.
func storeRules(ctx context.Context, db DBTX, tables string, r *rules.Rules) error {
	if r == nil {
		return ErrNoRules
	}
	ddl, err := sqlText(tables)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("create rules tables: %w", err)
	}
	text, err := sqlText("rules/insert_settings")
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, text, r.Source, r.Version,
		r.Quota.Limit, r.Quota.EffectiveFrom,
		int(r.Window.Opens.Month), r.Window.Opens.Day, int(r.Window.Closes.Month), r.Window.Closes.Day,
		r.Window.CohortLag, r.Window.EffectiveFrom, r.Window.EveryYears,
		r.Reporting.EveryYears, r.Reporting.EffectiveFrom); err != nil {
		return fmt.Errorf("store rules: %w", err)
	}
	if text, err = sqlText("rules/insert_call"); err != nil {
		return err
	}
	for _, c := range r.Calls {
		if _, err := db.ExecContext(ctx, text, c.Year, dateParam(c.Opens), dateParam(c.Closes), c.Cohort); err != nil {
			return fmt.Errorf("store call for cohort %d: %w", c.Cohort, err)
		}
	}
	if text, err = sqlText("rules/insert_cycle"); err != nil {
		return err
	}
	for _, c := range r.Cycles {
		if _, err := db.ExecContext(ctx, text, c.Name, dateParam(c.Begins), dateParam(c.Due), dateParam(c.ExemptFrom)); err != nil {
			return fmt.Errorf("store cycle %q: %w", c.Name, err)
		}
	}
	return nil
}
