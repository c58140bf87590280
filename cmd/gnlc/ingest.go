package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"gnlc/fixtures"
	"gnlc/pipeline"
)

// defaultDB is where ingest writes without --db.
const defaultDB = "out/gnlc.duckdb"

// progressMinBytes: files smaller than this load too fast for a progress bar to help.
const progressMinBytes = 8 << 20

// IngestOptions are the flags and arguments of gnlc ingest.
type IngestOptions struct {
	Deps    *Deps
	DB      string
	Sheet   string
	Default bool
	Files   []string
}

func newIngestCmd(deps *Deps, runF func(context.Context, *IngestOptions) error) *cobra.Command {
	opts := &IngestOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "ingest [--db FILE] [--sheet NAME] [--default] FILE...",
		Short: "Load register, reports or announcements files into a database",
		Long: `Load CSV or XLSX files into a DuckDB database file (default ` + defaultDB + `).

Each file's kind is recognized from its headers, in English, French or Spanish:
a register of members (city, country, year_joined, ...), progress reports
(city, country, submitted_on) or announcements (year, new_cities, total_cities, ...).

Every row is loaded or reported. A file with any bad row loads nothing: each bad row
is listed on stderr as file:row: column "Header" (key): value "v": expected ...
(file [Sheet]:row: column C "Header" (key): ... for XLSX), and the other files still
load (exit status 1). Loading the same file again does nothing; loading
an edited version replaces the rows it loaded before and lists the cities added,
removed and changed.`,
		Example: `  # load the embedded default register
  gnlc ingest --default

  # load a register and this year's reports into a database of your own
  gnlc ingest --db gnlc.duckdb register.xlsx reports-2025.csv

  # read the sheet "Members" of a workbook
  gnlc ingest --sheet Members register.xlsx`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if len(args) == 0 && !opts.Default {
				return &FlagError{Err: fmt.Errorf("give at least one FILE, or --default\n\n%s", cmd.UsageString())}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runIngest(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", defaultDB, "database file to load into (created if missing)")
	cmd.Flags().StringVar(&opts.Sheet, "sheet", "", "sheet to read in XLSX files (default: the first)")
	cmd.Flags().BoolVar(&opts.Default, "default", false, "load the embedded default register (members and announcements)")
	return cmd
}

func runIngest(ctx context.Context, opts *IngestOptions) error {
	deps := opts.Deps
	if opts.DB == "" {
		return &FlagError{Err: errors.New("--db may not be empty")}
	}
	if dir := filepath.Dir(opts.DB); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create the database folder: %w", err)
		}
	}
	db, err := openDatabase(ctx, deps, opts.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ing, err := newIngester(deps, db)
	if err != nil {
		return err
	}

	failed, total := 0, 0
	report := func(res *pipeline.FileResult, err error) error {
		total++
		if ctx.Err() != nil {
			if err == nil {
				// Committed before Ctrl-C arrived: say so, or the user would think it lost.
				_ = printResult(deps, res, nil)
			}
			return ctx.Err()
		}
		if err != nil {
			failed++
		}
		return printResult(deps, res, err)
	}
	if opts.Default {
		for _, f := range fixtures.DefaultRegister() {
			res, err := ing.IngestBytes(ctx, f.Name, f.Data, pipeline.FileOptions{})
			if err := report(res, err); err != nil {
				return err
			}
		}
	}
	for _, path := range opts.Files {
		if err := checkInput(path); err != nil {
			if err := report(&pipeline.FileResult{File: path}, err); err != nil {
				return err
			}
			continue
		}
		done := startProgress(deps, ing, path)
		res, err := ing.IngestFile(ctx, path, pipeline.FileOptions{Sheet: opts.Sheet})
		done()
		if err := report(res, err); err != nil {
			return err
		}
	}
	if failed > 0 {
		fmt.Fprintf(deps.Stderr, "gnlc: %d of %d files not loaded\n", failed, total)
		return &SilentError{Code: exitFailure}
	}
	return nil
}

// printResult writes a file's summary line to stdout and its errors to stderr.
func printResult(deps *Deps, res *pipeline.FileResult, err error) error {
	name := res.File
	if fe, ok := errors.AsType[*pipeline.FileError](err); ok {
		// A file refused as a whole (empty, no header, a missing column) has no row-level
		// rejections to count: "0 rejected" would read as if nothing were wrong with its rows.
		summary := fmt.Sprintf("%s: 0 rows loaded, %d rejected (file refused)", name, res.Rejected)
		if res.Rejected == 0 {
			summary = fmt.Sprintf("%s: 0 rows loaded (file refused as a whole)", name)
		}
		if _, werr := fmt.Fprintln(deps.Stdout, summary); werr != nil {
			return werr
		}
		for _, re := range fe.Errors {
			fmt.Fprintln(deps.Stderr, re.Error())
		}
		if fe.Omitted > 0 {
			fmt.Fprintf(deps.Stderr, "%s: %d more errors not shown\n", name, fe.Omitted)
		}
		return nil
	}
	if err != nil {
		fmt.Fprintf(deps.Stderr, "gnlc: %v\n", err)
		return nil
	}
	if res.Unchanged {
		_, werr := fmt.Fprintf(deps.Stdout, "%s: unchanged since it was loaded, nothing to do\n", name)
		return werr
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d rows loaded, %d rejected", name, res.Loaded, res.Rejected)
	if res.Blank > 0 {
		fmt.Fprintf(&b, ", %d blank rows skipped", res.Blank)
	}
	if res.Replaced {
		b.WriteString("; replaced the previous version")
		if res.Kind == pipeline.KindMembers {
			fmt.Fprintf(&b, ": %d cities added, %d removed, %d changed", res.Added.Count, res.Removed.Count, res.Changed.Count)
		}
	}
	b.WriteString("\n")
	for _, l := range []struct {
		what string
		list pipeline.CityList
	}{{"added", res.Added}, {"removed", res.Removed}, {"changed", res.Changed}} {
		if l.list.Count == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s: %s", l.what, strings.Join(l.list.Names, ", "))
		if more := l.list.Count - len(l.list.Names); more > 0 {
			fmt.Fprintf(&b, " and %d more", more)
		}
		b.WriteString("\n")
	}
	_, werr := fmt.Fprint(deps.Stdout, b.String())
	return werr
}

// startProgress shows a progress bar on stderr while a large file loads, when stderr is a
// terminal. It returns the function that removes the bar.
func startProgress(deps *Deps, ing *pipeline.Ingester, path string) (done func()) {
	ing.Progress = nil
	st, err := os.Stat(path)
	if !deps.StderrIsTTY || err != nil || st.Size() < progressMinBytes {
		return func() {}
	}
	bar := progressbar.NewOptions64(st.Size(),
		progressbar.OptionSetWriter(deps.Stderr),
		progressbar.OptionSetDescription(filepath.Base(path)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	ing.Progress = func(p pipeline.Progress) {
		if p.Total > 0 {
			_ = bar.Set64(p.Done)
		} else {
			bar.Describe(fmt.Sprintf("%s: %d rows", filepath.Base(path), p.Rows))
		}
	}
	return func() {
		_ = bar.Finish()
		ing.Progress = nil
	}
}
