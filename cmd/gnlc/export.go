package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"gnlc/export"
)

// ExportOptions are the flags of gnlc export, parsed.
type ExportOptions struct {
	Deps   *Deps
	DB     string
	DBFrom string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Format string // parquet or csv
	Out    string
}

func newExportCmd(deps *Deps, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "export [--db FILE] --format parquet|csv --out DIR",
		Short: "Write every table and question view as Parquet or CSV files",
		Long: `Write every table (members, announcements, reports, sources, countries, and the rules
in force: rules_settings, rules_calls, rules_cycles) and every question view of the
database into DIR, for Spark, Trino, BigQuery, pandas or R.

Parquet: one folder per table or view. Those with a year_joined column are partitioned
by it in the Hive layout (members/year_joined=2015/data_0.parquet), which those tools
read unchanged; the others hold one data_0.parquet.
CSV: one file per table or view (members.csv), with a header row; NULL is an empty field.

DIR also gets _gnlc_export.json, listing what was written and the row counts. The export
is written beside DIR and renamed into place, so DIR holds the previous export or the new
one, never a mix. DIR must be new, empty, or a previous export: any other folder is
refused. The database (--db, or $GNLC_DB when set, or ` + defaultDB + `) is opened
read-only; until the default one exists, the embedded default register is exported.`,
		Example: `  # Parquet for Spark or DuckDB: read_parquet('export/members/**/*.parquet', hive_partitioning = true)
  gnlc export --db out/gnlc.duckdb --format parquet --out export

  # CSV files of out/gnlc.duckdb (or, before any ingest, of the embedded register)
  gnlc export --format csv --out export-csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError(cmd, fmt.Errorf("unexpected argument %q: export takes flags only", args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format == "" {
				return usageError(cmd, errors.New("give --format parquet or --format csv"))
			}
			if err := checkOneOf("--format", opts.Format, string(export.FormatParquet), string(export.FormatCSV)); err != nil {
				return &FlagError{Err: err}
			}
			if opts.Out == "" {
				return usageError(cmd, errors.New("give --out DIR"))
			}
			var err error
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runExport(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file to export, opened read-only")
	cmd.Flags().StringVar(&opts.Format, "format", "", "parquet or csv")
	cmd.Flags().StringVar(&opts.Out, "out", "", "folder to write (new, empty, or a previous export)")
	return cmd
}

func runExport(ctx context.Context, opts *ExportOptions) error {
	deps := opts.Deps
	db, err := openForReading(ctx, deps, opts.DB, opts.DBFrom)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := export.Run(ctx, db, export.Options{
		Format:  export.Format(opts.Format),
		Dir:     opts.Out,
		Version: version,
		Build:   build,
		Now:     deps.Now,
		Logger:  deps.Logger,
	})
	if err != nil {
		return err
	}
	// One line per object: kind, name, rows, path under DIR (aligned on a terminal,
	// tab-separated when piped).
	w := deps.Stdout
	var tw *tabwriter.Writer
	if outputFormat(deps, "") == "table" {
		tw = newTable(deps.Stdout)
		w = tw
	}
	var total int64
	for _, o := range m.Objects {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", o.Kind, o.Name, o.Rows, o.Path); err != nil {
			return err
		}
		total += o.Rows
	}
	if tw != nil {
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(deps.Stderr, "gnlc: exported %d tables and views (%d rows) as %s to %s\n", len(m.Objects), total, m.Format, opts.Out)
	return nil
}
