package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/cobra"
)

// Flag-parsing tests: each command line is parsed by the command's RunE, which hands the Options
// to runF instead of running (gh's seam, see parseFlags). The database is "gnlc.duckdb" by
// default and the clock testNow, so today is 2026-12-02.

// flagCase is one command line: the Options it parses into, or the error refusing it (its first
// line; the usage follows on the next lines when shown), which must be a usage error.
type flagCase[O any] struct {
	name    string
	cli     cliOptions
	args    []string
	want    O
	wantErr string
}

func testFlags[O any](t *testing.T, newCmd func(*Deps, func(context.Context, *O) error) *cobra.Command, tests []flagCase[O]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cli := tt.cli
			if cli.DefaultDB == "" {
				cli.DefaultDB = "gnlc.duckdb"
			}
			got, err := parseFlags(t, cli, newCmd, tt.args...)
			if tt.wantErr != "" {
				first, _, _ := strings.Cut(errText(err), "\n")
				if first != tt.wantErr {
					t.Errorf("error %q, want %q", first, tt.wantErr)
				}
				if _, ok := errors.AsType[*FlagError](err); !ok {
					t.Errorf("error %v is not a usage error (exit 2)", err)
				}
				if got != nil {
					t.Errorf("ran with %+v despite the error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var zero O
			if diff := cmp.Diff(&tt.want, got, cmpopts.IgnoreFields(zero, "Deps"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// today is testNow's day, the default --as-of.
var today = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

func TestCheck_flags(t *testing.T) {
	t.Parallel()
	testFlags(t, newCheckCmd, []flagCase[CheckOptions]{
		{name: "defaults, piped", want: CheckOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, AsOf: today, Format: "tsv"}},
		{name: "defaults, on a terminal", cli: cliOptions{StdoutTTY: true},
			want: CheckOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, AsOf: today, Format: "table"}},
		{name: "tsv on a terminal", cli: cliOptions{StdoutTTY: true}, args: []string{"--format", "tsv"},
			want: CheckOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, AsOf: today, Format: "tsv"}},
		{name: "every flag", args: []string{"--db", "my.duckdb", "--as-of", "2024-06-30", "--rules", "r.conf", "--format", "json"},
			want: CheckOptions{DB: "my.duckdb", DBFrom: fromFlag, AsOf: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Rules: "r.conf", Format: "json"}},
		{name: "$GNLC_DB", cli: cliOptions{Env: "env.duckdb"},
			want: CheckOptions{DB: "env.duckdb", DBFrom: fromEnv, AsOf: today, Format: "tsv"}},
		{name: "as-of not ISO", args: []string{"--as-of", "30/06/2024"}, wantErr: `--as-of "30/06/2024": want a date as YYYY-MM-DD`},
		{name: "format", args: []string{"--format", "csv"}, wantErr: `--format "csv": expected table, tsv or json`},
		{name: "argument", args: []string{"extra"}, wantErr: `unexpected argument "extra": check takes flags only`},
		{name: "empty db", args: []string{"--db", ""}, wantErr: "--db may not be empty"},
	})
}

func TestReport_flags(t *testing.T) {
	t.Parallel()
	testFlags(t, newReportCmd, []flagCase[ReportOptions]{
		{name: "defaults", want: ReportOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Out: "out", AsOf: today}},
		{name: "every flag", args: []string{"--db", "my.duckdb", "--year", "2022", "--out", "rep", "--lang", "en", "--country", "Mexique", "--as-of", "2024-12-31"},
			want: ReportOptions{DB: "my.duckdb", DBFrom: fromFlag, Year: 2022, Out: "rep", Lang: "en", Country: "MEX", CountryName: "Mexico",
				AsOf: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}},
		{name: "shared script", args: []string{"--shared-script"},
			want: ReportOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Out: "out", AsOf: today, SharedScript: true}},
		{name: "country by code", args: []string{"--country", "civ"},
			want: ReportOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Out: "out", Country: "CIV", CountryName: "Côte d'Ivoire", AsOf: today}},
		{name: "year too early", args: []string{"--year", "2014"}, wantErr: "--year 2014: want a year from 2015 to 2026"},
		{name: "year in the future", args: []string{"--year", "2027"}, wantErr: "--year 2027: want a year from 2015 to 2026"},
		{name: "empty out", args: []string{"--out", ""}, wantErr: "--out may not be empty"},
		{name: "language", args: []string{"--lang", "de"}, wantErr: `--lang "de": want en, fr or es`},
		{name: "no such country", args: []string{"--country", "Atlantis"}, wantErr: `--country "Atlantis": no such country (give a name in English, French or Spanish, or an ISO code)`},
		{name: "as-of not ISO", args: []string{"--as-of", "31/12/2024"}, wantErr: `--as-of "31/12/2024": want a date as YYYY-MM-DD`},
		{name: "the year before the as-of", args: []string{"--year", "2014", "--as-of", "bad"}, wantErr: "--year 2014: want a year from 2015 to 2026"},
	})
}

func TestQuery_flags(t *testing.T) {
	t.Parallel()
	const sql = "SELECT 1"
	testFlags(t, newQueryCmd, []flagCase[QueryOptions]{
		{name: "piped", args: []string{sql}, want: QueryOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Format: "tsv", SQL: sql}},
		{name: "on a terminal", cli: cliOptions{StdoutTTY: true}, args: []string{sql},
			want: QueryOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Format: "table", SQL: sql}},
		{name: "csv", cli: cliOptions{StdoutTTY: true}, args: []string{"--db", "my.duckdb", "--format", "csv", sql},
			want: QueryOptions{DB: "my.duckdb", DBFrom: fromFlag, Format: "csv", SQL: sql}},
		{name: "no statement", wantErr: "query takes one SQL statement, got 0 arguments (quote the statement)"},
		{name: "two arguments", args: []string{"SELECT", "1"}, wantErr: "query takes one SQL statement, got 2 arguments (quote the statement)"},
		{name: "empty statement", args: []string{" \n"}, wantErr: "query: the SQL statement is empty"},
		{name: "format", args: []string{"--format", "xml", sql}, wantErr: `--format "xml": expected table, tsv, csv or json`},
	})
}

func TestIngest_flags(t *testing.T) {
	t.Parallel()
	testFlags(t, newIngestCmd, []flagCase[IngestOptions]{
		{name: "files", args: []string{"a.csv", "b.xlsx"}, want: IngestOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Files: []string{"a.csv", "b.xlsx"}}},
		{name: "default register", cli: cliOptions{Env: "env.duckdb"}, args: []string{"--default"},
			want: IngestOptions{DB: "env.duckdb", DBFrom: fromEnv, Default: true}},
		{name: "replace", args: []string{"--db", "my.duckdb", "--sheet", "Members", "--replace", "2", "v2.xlsx"},
			want: IngestOptions{DB: "my.duckdb", DBFrom: fromFlag, Sheet: "Members", Replace: "2", Files: []string{"v2.xlsx"}}},
		{name: "nothing to load", wantErr: "give at least one FILE, or --default"},
		{name: "replace with two files", args: []string{"--replace", "2", "a.csv", "b.csv"},
			wantErr: "--replace OLD takes exactly one FILE to load in its place, without --default"},
		{name: "replace with the default", args: []string{"--replace", "2", "--default", "a.csv"},
			wantErr: "--replace OLD takes exactly one FILE to load in its place, without --default"},
		{name: "replace nothing", args: []string{"--replace", "", "a.csv"},
			wantErr: "--replace OLD takes exactly one FILE to load in its place, without --default"},
		{name: "empty db", args: []string{"--db", "", "a.csv"}, wantErr: "--db may not be empty"},
	})
}

func TestExport_flags(t *testing.T) {
	t.Parallel()
	testFlags(t, newExportCmd, []flagCase[ExportOptions]{
		{name: "parquet", args: []string{"--format", "parquet", "--out", "ex"},
			want: ExportOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Format: "parquet", Out: "ex"}},
		{name: "csv of a database", args: []string{"--db", "my.duckdb", "--format", "csv", "--out", "ex"},
			want: ExportOptions{DB: "my.duckdb", DBFrom: fromFlag, Format: "csv", Out: "ex"}},
		{name: "no format", args: []string{"--out", "ex"}, wantErr: "give --format parquet or --format csv"},
		{name: "format", args: []string{"--format", "xlsx", "--out", "ex"}, wantErr: `--format "xlsx": expected parquet or csv`},
		{name: "no out", args: []string{"--format", "csv"}, wantErr: "give --out DIR"},
		{name: "argument", args: []string{"--format", "csv", "--out", "ex", "extra"}, wantErr: `unexpected argument "extra": export takes flags only`},
	})
}

func TestSources_flags(t *testing.T) {
	t.Parallel()
	newCmd := func(deps *Deps, runF func(context.Context, *SourcesOptions) error) *cobra.Command {
		return newSourcesCmd(deps, runF, nil)
	}
	testFlags(t, newCmd, []flagCase[SourcesOptions]{
		{name: "piped", want: SourcesOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Format: "tsv"}},
		{name: "on a terminal", cli: cliOptions{StdoutTTY: true}, want: SourcesOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Format: "table"}},
		{name: "json", args: []string{"--db", "my.duckdb", "--format", "json"}, want: SourcesOptions{DB: "my.duckdb", DBFrom: fromFlag, Format: "json"}},
		{name: "format", args: []string{"--format", "csv"}, wantErr: `--format "csv": expected table, tsv or json`},
		{name: "argument", args: []string{"rm"}, wantErr: `unknown command "rm" for "sources": sources takes flags, or remove ID|PATH`},
	})
	testFlags(t, newSourcesRemoveCmd, []flagCase[SourcesRemoveOptions]{
		{name: "remove by id", args: []string{"3"}, want: SourcesRemoveOptions{DB: "gnlc.duckdb", DBFrom: fromDefault, Source: "3"}},
		{name: "remove by path", args: []string{"--db", "my.duckdb", "a.csv"}, want: SourcesRemoveOptions{DB: "my.duckdb", DBFrom: fromFlag, Source: "a.csv"}},
		{name: "remove nothing", wantErr: "sources remove takes one source (id or path), got 0 arguments"},
	})
}
