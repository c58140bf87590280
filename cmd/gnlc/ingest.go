package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"gnlc/pipeline"
)

// defaultDB is every command's database without --db or $GNLC_DB.
const defaultDB = "out/gnlc.duckdb"

// progressMinBytes: files smaller than this load too fast for a progress bar to help.
const progressMinBytes = 8 << 20

// IngestOptions are the flags and arguments of gnlc ingest, parsed.
type IngestOptions struct {
	Deps    *Deps
	DB      string
	DBFrom  string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Sheet   string
	Default bool
	Replace string // a loaded source (id or path) that the one FILE replaces
	Files   []string
}

func newIngestCmd(deps *Deps, runF func(context.Context, *IngestOptions) error) *cobra.Command {
	opts := &IngestOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "ingest [--db FILE] [--sheet NAME] [--default] [--replace OLD] FILE...",
		Short: "Load register, reports or announcements files into a database",
		Long: `Load CSV or XLSX files into a DuckDB database file: --db, or $GNLC_DB when set, or
` + defaultDB + `, the database every gnlc command reads. A new database is created
with the schema, the reference table of countries, the rules and the network's
published figures (the embedded announcements, a source of their own, so that a
register of yours reconciles with them); members come only from what you load.
--default loads the embedded default register.

Each file's kind is recognized from its headers, in English, French or Spanish:
a register of members (city, country, year_joined, ...), progress reports
(city, country, submitted_on) or announcements (year, new_cities, total_cities, ...).

Every row is loaded or reported. A file with any bad row loads nothing: each bad row
is listed on stderr as file:row: column "Header" (key): value "v": expected ...
(file [Sheet]:row: column C "Header" (key): ... for XLSX), and the other files still
load (exit status 1).

Sources are managed (gnlc sources lists them). Loading the same file again does
nothing, and so does loading the same content under another name or folder ("v2",
"(1)", moved): the message names the source that holds it. Loading an edited version
of a file replaces the rows it loaded before and lists the cities added, removed and
changed; if the edit has a bad row, nothing changes and the rows loaded before are
kept. --replace OLD FILE loads FILE in place of another source (OLD: its id or path,
as gnlc sources lists them), in one transaction, and lists the cities added, removed
and changed. A city already loaded from another source refuses the file, and the
message gives the --replace command to use. Each file is one transaction.
Exit status: 0 ok, 1 a file was not loaded, 2 usage.`,
		Example: `  # load the embedded default register
  gnlc ingest --default

  # load a register and this year's reports into a database of your own
  gnlc ingest --db gnlc.duckdb register.xlsx reports-2025.csv

  # read the sheet "Members" of a workbook
  gnlc ingest --sheet Members register.xlsx

  # load then report on your register (both use out/gnlc.duckdb)
  gnlc ingest my-register.csv && gnlc report

  # a corrected register saved under a new name replaces the one loaded before
  gnlc ingest --replace register.csv register-v2.csv

  # your own published figures instead of the embedded ones
  gnlc ingest --replace fixtures/announcements.csv announcements.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if len(args) == 0 && !opts.Default {
				return usageError(cmd, errors.New("give at least one FILE, or --default"))
			}
			if cmd.Flags().Changed("replace") && (opts.Replace == "" || len(args) != 1 || opts.Default) {
				return usageError(cmd, errors.New("--replace OLD takes exactly one FILE to load in its place, without --default"))
			}
			var err error
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runIngest(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file to load into, created if missing")
	cmd.Flags().StringVar(&opts.Sheet, "sheet", "", "sheet to read in XLSX files (default: the first)")
	cmd.Flags().BoolVar(&opts.Default, "default", false, "load the embedded default register (members and announcements)")
	cmd.Flags().StringVar(&opts.Replace, "replace", "", "a loaded source (id or path, see gnlc sources) that FILE replaces")
	return cmd
}

func runIngest(ctx context.Context, opts *IngestOptions) error {
	deps := opts.Deps
	// There is nothing to replace in a database that does not exist: do not create it.
	db, err := openForWriting(ctx, deps, opts.DB, opts.DBFrom, opts.Replace == "")
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
		if err := ing.IngestDefault(ctx, report); err != nil {
			return err
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
		res, err := ing.IngestFile(ctx, path, pipeline.FileOptions{Sheet: opts.Sheet, Replace: opts.Replace})
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
		return printRefused(deps, res, fe)
	}
	if err != nil {
		msg := fmt.Sprintf("gnlc: %v", err)
		if errors.Is(err, pipeline.ErrNoSource) || errors.Is(err, pipeline.ErrLoadedAsSource) || errors.Is(err, pipeline.ErrSameContent) {
			msg += " (gnlc sources lists them)"
		}
		fmt.Fprintln(deps.Stderr, msg+keptNote(res))
		return nil
	}
	if res.Unchanged {
		_, werr := fmt.Fprintf(deps.Stdout, "%s: unchanged since it was loaded, nothing to do\n", name)
		return werr
	}
	if s := res.SameAs; s != nil {
		_, werr := fmt.Fprintf(deps.Stdout, "%s: same content as source %d (%s), loaded already: nothing to do\n", name, s.ID, s.Path)
		return werr
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d rows loaded", name, res.Loaded)
	if res.Hidden > 0 {
		// Hidden rows (a filter, rows hidden by hand) are data: they load, and the user is told.
		fmt.Fprintf(&b, " (%d hidden in the sheet)", res.Hidden)
	}
	fmt.Fprintf(&b, ", %d rejected", res.Rejected)
	if res.Blank > 0 {
		fmt.Fprintf(&b, ", %d blank rows skipped", res.Blank)
	}
	if res.Replaced {
		if p := res.Previous; p != nil && p.Path != res.Source {
			fmt.Fprintf(&b, "; replaced source %d (%s)", p.ID, p.Path)
		} else {
			b.WriteString("; replaced the previous version")
		}
		if res.Kind == pipeline.KindMembers {
			fmt.Fprintf(&b, ": %d cities added, %d removed, %d changed", res.Added.Count, res.Removed.Count, res.Changed.Count)
		}
	}
	if res.Skipped > 0 {
		fmt.Fprintf(&b, "; header on row %d (%d %s above it skipped)", res.HeaderRow, res.Skipped, plural(res.Skipped, "row", "rows"))
	}
	if len(res.Ignored) > 0 {
		n := len(res.Ignored)
		fmt.Fprintf(&b, "; %d %s not loaded: %s", n, plural(n, "unknown column", "unknown columns"), nameList(res.Ignored, maxIgnoredNames))
	}
	b.WriteString("\n")
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	for _, l := range []struct {
		what string
		list pipeline.CityList
	}{{"added", res.Added}, {"removed", res.Removed}, {"changed", res.Changed}} {
		writeCities(&b, l.what, l.list)
	}
	_, werr := fmt.Fprint(deps.Stdout, b.String())
	return werr
}

// printRefused writes the summary line of a file refused with bad rows (or as a whole) to
// stdout, and each bad row to stderr.
func printRefused(deps *Deps, res *pipeline.FileResult, fe *pipeline.FileError) error {
	name := res.File
	// A file refused as a whole (empty, no header, a missing column) has no row-level
	// rejections to count: "0 rejected" would read as if nothing were wrong with its rows.
	summary := fmt.Sprintf("%s: 0 rows loaded, %d rejected (file refused)", name, res.Rejected)
	if res.Rejected == 0 {
		summary = fmt.Sprintf("%s: 0 rows loaded (file refused as a whole)", name)
	}
	summary += keptNote(res)
	if _, werr := fmt.Fprintln(deps.Stdout, summary); werr != nil {
		return werr
	}
	for _, re := range fe.Errors {
		fmt.Fprintln(deps.Stderr, re.Error())
	}
	if fe.Omitted > 0 {
		fmt.Fprintf(deps.Stderr, "%s: %d more errors not shown\n", name, fe.Omitted)
	}
	// The cities (or years) are another source's: the fix is to load this file in its place.
	for _, other := range fe.Elsewhere {
		fmt.Fprintf(deps.Stderr, "%s: to load it in place of %s: gnlc ingest --replace %s %s\n",
			name, other, shellQuote(other), shellQuote(name))
	}
	return nil
}

// maxIgnoredNames bounds the unknown columns a summary line names; the rest are counted.
const maxIgnoredNames = 10

// nameList quotes the first max names and counts the rest: "a", "b" and 3 more.
func nameList(names []string, max int) string {
	q := make([]string, 0, min(len(names), max))
	for _, n := range names[:min(len(names), max)] {
		q = append(q, strconv.Quote(n))
	}
	s := strings.Join(q, ", ")
	if more := len(names) - len(q); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// keptNote says, for a file that was not loaded, which rows loaded before stay as they were:
// those of its previous version, or of the source --replace named.
func keptNote(res *pipeline.FileResult) string {
	p := res.Previous
	switch {
	case p == nil:
		return ""
	case p.Path == res.Source:
		return fmt.Sprintf("; the %d rows loaded before from this file are kept", p.Rows)
	default:
		return fmt.Sprintf("; source %d (%s) is kept as it was, %d rows", p.ID, p.Path, p.Rows)
	}
}

// writeCities writes "  what: A (X), B (Y) and N more" for a non-empty list.
func writeCities(b *strings.Builder, what string, list pipeline.CityList) {
	if list.Count == 0 {
		return
	}
	fmt.Fprintf(b, "  %s: %s", what, strings.Join(list.Names, ", "))
	if more := list.Count - len(list.Names); more > 0 {
		fmt.Fprintf(b, " and %d more", more)
	}
	b.WriteString("\n")
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain path characters, so
// that a command printed as a fix can be pasted as is.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:@%=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
