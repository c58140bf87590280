package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"gnlc/pipeline"
	"gnlc/queries"
)

// SourcesOptions are the flags of gnlc sources, parsed.
type SourcesOptions struct {
	Deps   *Deps
	DB     string
	DBFrom string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Format string // table, tsv or json: --format, else table on a terminal and tsv piped
}

// SourcesRemoveOptions are the flags and argument of gnlc sources remove, parsed.
type SourcesRemoveOptions struct {
	Deps   *Deps
	DB     string
	DBFrom string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Source string // a source id or path
}

func newSourcesCmd(deps *Deps, runF func(context.Context, *SourcesOptions) error, removeF func(context.Context, *SourcesRemoveOptions) error) *cobra.Command {
	opts := &SourcesOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "sources [--db FILE] [--format table|tsv|json]",
		Short: "List the files loaded into the database; remove one",
		Long: `List the sources of the database, in load order: every file loaded into it, with
its id, its path (absolute; the embedded files by name, such as
fixtures/announcements.csv, the published figures every new database starts with),
its kind (members, reports or announcements), its SHA-256, the rows it loaded and
when it was loaded.

The database is --db, or $GNLC_DB when set, or ` + defaultDB + ` (opened read-only); until
that one exists, the embedded default register's sources are listed, with a note on
stderr. Output: an aligned table on a terminal, tab-separated rows (with a header)
when piped, JSON with --format json.

A source is changed by loading a file: gnlc ingest FILE loads a new one or an edited
version of a loaded one; gnlc ingest --replace OLD FILE loads FILE in place of OLD.
gnlc sources remove ID|PATH removes one, with its rows.`,
		Example: `  gnlc sources
  gnlc sources --db my.duckdb --format json

  # swap a register for its corrected copy, then remove last year's reports
  gnlc ingest --replace register.csv register-v2.csv
  gnlc sources remove 3`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError(cmd, fmt.Errorf("unknown command %q for %q: sources takes flags, or remove ID|PATH", args[0], cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = parseOutputFormat(deps, opts.Format, "table", "tsv", "json"); err != nil {
				return &FlagError{Err: err}
			}
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runSources(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file, opened read-only")
	cmd.Flags().StringVar(&opts.Format, "format", "", "table, tsv or json (default: table on a terminal, tsv otherwise)")
	cmd.AddCommand(newSourcesRemoveCmd(deps, removeF))
	return cmd
}

func newSourcesRemoveCmd(deps *Deps, runF func(context.Context, *SourcesRemoveOptions) error) *cobra.Command {
	opts := &SourcesRemoveOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "remove [--db FILE] ID|PATH",
		Short: "Remove one source and the rows it loaded",
		Long: `Remove one source from the database, with every row it loaded (members, progress
reports or announcements), in one transaction: all of it goes, or nothing does. The
source is named by its id or its path, as gnlc sources lists them (a path on disk
that leads to the loaded file works too). What was removed is printed.

The database (--db, or $GNLC_DB when set, or ` + defaultDB + `) must exist.
Exit status: 0 removed, 1 no such source or failure, 2 usage.`,
		Example: `  gnlc sources remove 2
  gnlc sources remove register-2024.csv

  # no published figures: remove the embedded announcements from the database
  gnlc sources remove fixtures/announcements.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(cmd, fmt.Errorf("sources remove takes one source (id or path), got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Source = args[0]
			var err error
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runSourcesRemove(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file to remove the source from (must exist)")
	return cmd
}

func runSources(ctx context.Context, opts *SourcesOptions) error {
	deps := opts.Deps
	db, err := openForReading(ctx, deps, opts.DB, opts.DBFrom)
	if err != nil {
		return err
	}
	defer db.Close()
	sources, err := queries.New(db).Sources(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	// The columns, with the DuckDB type of each for the query command's cell formatting.
	sourceColumns := [...]struct{ name, dbType string }{
		{"id", "INTEGER"}, {"path", "VARCHAR"}, {"kind", "VARCHAR"}, {"sha256", "VARCHAR"},
		{"rows", "BIGINT"}, {"loaded_at", "TIMESTAMPTZ"},
	}
	names := make([]string, len(sourceColumns))
	for i, c := range sourceColumns {
		names[i] = c.name
	}
	out := newResultWriter(opts.Format, deps.Stdout, names)
	for i, s := range sources {
		values := []any{s.ID, s.Path, s.Kind, s.SHA256, s.Rows, s.LoadedAt}
		cells := make([]cell, len(values))
		for j, v := range values {
			cells[j] = newCell(v, sourceColumns[j].dbType)
		}
		if err := out.row(cells); err != nil {
			return fmt.Errorf("write source %d: %w", i+1, err)
		}
	}
	if err := out.close(len(sources)); err != nil {
		return fmt.Errorf("write sources: %w", err)
	}
	if len(sources) == 0 {
		fmt.Fprintln(deps.Stderr, "gnlc: no sources")
	}
	return nil
}

func runSourcesRemove(ctx context.Context, opts *SourcesRemoveOptions) error {
	deps := opts.Deps
	db, err := openForWriting(ctx, deps, opts.DB, opts.DBFrom, false)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := pipeline.RemoveSource(ctx, db, opts.Source)
	if err != nil {
		if errors.Is(err, pipeline.ErrNoSource) {
			list := "gnlc sources"
			if opts.DBFrom == fromFlag {
				list += " --db " + shellQuote(opts.DB)
			}
			return fmt.Errorf("%w (%s lists them)", err, list)
		}
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "removed source %d (%s, %s): ", r.Source.ID, r.Source.Path, r.Source.Kind)
	var parts []string
	for _, c := range []struct {
		n    int64
		what string
	}{{r.Members, "members"}, {r.Reports, "progress reports"}, {r.Announcements, "announcements"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no rows")
	}
	b.WriteString(strings.Join(parts, ", "))
	b.WriteString("\n")
	writeCities(&b, "removed", r.Cities)
	_, err = fmt.Fprint(deps.Stdout, b.String())
	return err
}
