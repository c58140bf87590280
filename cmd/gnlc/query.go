package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"gnlc/queries"
)

// QueryOptions are the flags and argument of gnlc query, parsed.
type QueryOptions struct {
	Deps   *Deps
	DB     string
	DBFrom string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Format string // table, tsv, csv or json: --format, else table on a terminal and tsv piped
	SQL    string
}

func newQueryCmd(deps *Deps, runF func(context.Context, *QueryOptions) error) *cobra.Command {
	opts := &QueryOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "query [--db FILE] [--format table|tsv|csv|json] SQL",
		Short: "Run read-only SQL over the register's tables and views",
		Long: `Run SQL (DuckDB's dialect) over the tables and the question views:

  tables  members, announcements, reports, sources, countries,
          rules_settings, rules_calls, rules_cycles
  views   growth, reconciliation, headline, cohorts, regions, country_summary,
          quota_use, quota_next, application_window, reporting_due, data_quality,
          rule_checks (reporting_due and rule_checks are as of today)
  macros  headline_at(year), quota_next_for(year), reporting_due_at(date),
          rule_checks_at(date), next_call_at(date)
  helpers register_years, member_countries (views), member_active_at(status,
          year_joined, left_year, year) (a scalar macro)

The statement runs read-only: the database is opened read-only and the statement runs in a
read-only transaction, so a typo cannot change it. The database is --db, or $GNLC_DB
when set, or ` + defaultDB + `; until that one exists, the embedded default register.
It cannot reach files either: DuckDB's external access is off and its configuration is
locked, so COPY ... TO, EXPORT DATABASE, ATTACH, read_csv and settings such as SET
log_query_path fail (gnlc export writes files). Several statements separated by ";" run
in order; the last one's rows are printed.

Output: an aligned table on a terminal; tab-separated rows with a header line when piped
(tabs, newlines and backslashes in values escaped as \t, \n, \\); --format csv (RFC 4180,
header line, NULL as an empty field); --format json (an array of objects, one per row:
numbers stay numbers, dates are ISO 8601, NULL is null). A query that returns no row
prints a note on stderr and exits 0; a query error shows DuckDB's message and exits 1.`,
		Example: `  gnlc query "SELECT * FROM growth WHERE year >= 2020"

  # overdue reports as of a date, as CSV
  gnlc query --db out/gnlc.duckdb --format csv \
    "SELECT city, country, next_due, days_overdue FROM reporting_due_at(DATE '2024-12-31') WHERE status = 'overdue'"

  # the 2024 headline as JSON
  gnlc query --format json "SELECT * FROM headline_at(2024)"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(cmd, fmt.Errorf("query takes one SQL statement, got %d arguments (quote the statement)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = parseOutputFormat(deps, opts.Format, "table", "tsv", "csv", "json"); err != nil {
				return &FlagError{Err: err}
			}
			opts.SQL = args[0]
			if strings.TrimSpace(opts.SQL) == "" {
				return &FlagError{Err: errors.New("query: the SQL statement is empty")}
			}
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runQuery(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file, opened read-only")
	cmd.Flags().StringVar(&opts.Format, "format", "", "table, tsv, csv or json (default: table on a terminal, tsv otherwise)")
	return cmd
}

func runQuery(ctx context.Context, opts *QueryOptions) error {
	deps := opts.Deps
	db, err := openForReading(ctx, deps, opts.DB, opts.DBFrom)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer conn.Close()
	// A read-only transaction also guards the in-memory default database, which is opened
	// read-write to be filled. It is always rolled back.
	return queries.InReadOnlyTx(ctx, conn, func() error { return printQuery(ctx, opts, conn) })
}

// printQuery runs opts.SQL on conn and writes its rows in the chosen format.
func printQuery(ctx context.Context, opts *QueryOptions, conn *sql.Conn) error {
	deps := opts.Deps
	rows, err := conn.QueryContext(ctx, opts.SQL)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = t.Name()
	}
	out := newResultWriter(opts.Format, deps.Stdout, names)
	n, err := copyRows(rows, types, out)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if n == 0 {
		fmt.Fprintln(deps.Stderr, "gnlc: no rows")
	}
	return nil
}

// copyRows scans every row and hands it to out, then closes out.
func copyRows(rows *sql.Rows, types []*sql.ColumnType, out resultWriter) (int, error) {
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		cells := make([]cell, len(types))
		for i, v := range vals {
			cells[i] = newCell(v, types[i].DatabaseTypeName())
		}
		if err := out.row(cells); err != nil {
			return n, fmt.Errorf("write row %d: %w", n+1, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, out.close(n)
}

// resultWriter writes a result set in one format. row is called once per row, then close.
type resultWriter interface {
	row([]cell) error
	close(rows int) error
}

// newResultWriter writes rows of the named columns to w in format (json, csv, table, else tsv).
func newResultWriter(format string, w io.Writer, names []string) resultWriter {
	switch format {
	case "json":
		return &jsonResult{w: w, names: names}
	case "csv":
		return &csvResult{w: csv.NewWriter(w), names: names}
	case "table":
		return &tableResult{w: newTable(w), names: names}
	default:
		return &tsvResult{w: w, names: names}
	}
}

// tableResult: aligned columns for a terminal; NULL shown as NULL. Nothing is printed for an
// empty result (the note on stderr says so).
type tableResult struct {
	w      *tabwriter.Writer
	names  []string
	header bool
}

func (t *tableResult) row(cells []cell) error {
	if !t.header {
		t.header = true
		if err := t.line(t.names); err != nil {
			return err
		}
	}
	fields := make([]string, len(cells))
	for i, c := range cells {
		if c.null {
			fields[i] = "NULL"
		} else {
			// Tabs and newlines would break the alignment.
			fields[i] = tsvEscape(c.text)
		}
	}
	return t.line(fields)
}

func (t *tableResult) line(fields []string) error {
	_, err := io.WriteString(t.w, strings.Join(fields, "\t")+"\n")
	return err
}

func (t *tableResult) close(int) error { return t.w.Flush() }

// tsvResult: a header line, then one line per row, fields separated by tabs, NULL empty.
type tsvResult struct {
	w      io.Writer
	names  []string
	header bool
}

func (t *tsvResult) row(cells []cell) error {
	if !t.header {
		t.header = true
		escaped := make([]string, len(t.names))
		for i, n := range t.names {
			escaped[i] = tsvEscape(n)
		}
		if _, err := io.WriteString(t.w, strings.Join(escaped, "\t")+"\n"); err != nil {
			return err
		}
	}
	fields := make([]string, len(cells))
	for i, c := range cells {
		fields[i] = tsvEscape(c.text)
	}
	_, err := io.WriteString(t.w, strings.Join(fields, "\t")+"\n")
	return err
}

func (t *tsvResult) close(int) error { return nil }

// tsvEscape keeps a value on one line and in one field.
func tsvEscape(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\\") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
}

// csvResult: RFC 4180 with a header line, even for an empty result, so a script always gets the
// columns; NULL is an empty field.
type csvResult struct {
	w      *csv.Writer
	names  []string
	header bool
}

func (c *csvResult) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(c.names)
}

func (c *csvResult) row(cells []cell) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	fields := make([]string, len(cells))
	for i, x := range cells {
		fields[i] = x.text
	}
	return c.w.Write(fields)
}

func (c *csvResult) close(int) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

// jsonResult: an array of objects with the columns in query order; [] for an empty result.
type jsonResult struct {
	w     io.Writer
	names []string
	keys  [][]byte // the column names, JSON-encoded once
}

func (j *jsonResult) row(cells []cell) error {
	var b strings.Builder
	if j.keys == nil {
		j.keys = make([][]byte, len(j.names))
		for i, n := range j.names {
			k, err := json.Marshal(n)
			if err != nil {
				return err
			}
			j.keys[i] = k
		}
		b.WriteString("[\n  {")
	} else {
		b.WriteString(",\n  {")
	}
	for i, c := range cells {
		if i > 0 {
			b.WriteString(", ")
		}
		v, err := json.Marshal(c.json)
		if err != nil {
			return fmt.Errorf("column %s: %w", j.names[i], err)
		}
		b.Write(j.keys[i])
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteString("}")
	_, err := io.WriteString(j.w, b.String())
	return err
}

func (j *jsonResult) close(rows int) error {
	end := "\n]\n"
	if rows == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}
