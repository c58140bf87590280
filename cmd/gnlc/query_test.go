package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const growthSince2020 = "SELECT year, new_cities, total_cities FROM growth WHERE year >= 2020 ORDER BY year"

// The default register's named members (shared/data/README.md).
func TestQuery_outputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tty  bool
		args []string
		want string
	}{
		{
			name: "terminal: aligned table",
			tty:  true,
			args: []string{"query", growthSince2020},
			want: "year  new_cities  total_cities\n" +
				"2020  42          139\n" +
				"2021  0           139\n" +
				"2022  69          208\n" +
				"2023  0           208\n" +
				"2024  56          264\n" +
				"2025  46          310\n",
		},
		{
			name: "pipe: tab-separated with a header",
			args: []string{"query", growthSince2020},
			want: "year\tnew_cities\ttotal_cities\n2020\t42\t139\n2021\t0\t139\n2022\t69\t208\n2023\t0\t208\n2024\t56\t264\n2025\t46\t310\n",
		},
		{
			name: "terminal with --format tsv",
			tty:  true,
			args: []string{"query", "--format", "tsv", "SELECT 'a\tb' AS x, NULL AS y, 'back\\slash' AS z"},
			want: "x\ty\tz\na\\tb\t\tback\\\\slash\n",
		},
		{
			name: "table shows NULL and keeps a tab from breaking the columns",
			tty:  true,
			args: []string{"query", "SELECT 'a\tb' AS x, NULL AS y"},
			want: "x     y\na\\tb  NULL\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cliOptions{StdoutTTY: tt.tty}, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if diff := cmp.Diff(tt.want, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if stderr != "" {
				t.Errorf("stderr: %q", stderr)
			}
		})
	}
}

func TestQuery_csvParses(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, cliOptions{}, "query", "--format", "csv",
		`SELECT * FROM (
		     SELECT city, population, lat FROM members WHERE city IN ('Larissa', 'Amman')
		     UNION ALL SELECT 'a "quoted", city' || chr(10) || 'line two', NULL, NULL
		 ) ORDER BY city`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	records, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, stdout)
	}
	// Rows of fixtures/members.csv.
	want := [][]string{
		{"city", "population", "lat"},
		{"Amman", "1275857", "31.95522"},
		{"Larissa", "144651", "39.63689"},
		{"a \"quoted\", city\nline two", "", ""},
	}
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

// JSON keeps the types: numbers as numbers (exact for HUGEINT and DECIMAL), dates and times as
// ISO 8601 strings, NULL as null, lists and structs nested.
func TestQuery_jsonTypes(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, cliOptions{}, "query", "--format", "json", `SELECT
		2024 AS i,
		170141183460469231731687303715884105727::HUGEINT AS huge,
		12.50::DECIMAL(5,2) AS dec,
		-0.05::DECIMAL(4,3) AS negdec,
		0.25::DOUBLE AS f,
		'nan'::DOUBLE AS nan,
		true AS b,
		NULL::INTEGER AS n,
		DATE '2024-02-29' AS d,
		TIMESTAMP '2024-06-30 10:20:30' AS ts,
		TIMESTAMPTZ '2024-06-30 10:20:30+02' AS tz,
		TIME '23:59:01' AS tm,
		INTERVAL 3 DAY + INTERVAL 90 MINUTE AS iv,
		[1, 2] AS l,
		{'k': 'v', 'd': DATE '2020-01-01'} AS s,
		'=1+2' AS formula,
		'1b671a64-40d5-491e-99b0-da01ff1f3341'::UUID AS u,
		'\xAA'::BLOB AS blob`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.UseNumber()
	var got []map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, stdout)
	}
	want := []map[string]any{{
		"i":       json.Number("2024"),
		"huge":    json.Number("170141183460469231731687303715884105727"),
		"dec":     json.Number("12.50"),
		"negdec":  json.Number("-0.050"),
		"f":       json.Number("0.25"),
		"nan":     "NaN",
		"b":       true,
		"n":       nil,
		"d":       "2024-02-29",
		"ts":      "2024-06-30T10:20:30",
		"tz":      "2024-06-30T08:20:30Z",
		"tm":      "23:59:01",
		"iv":      "P3DT5400S",
		"l":       []any{json.Number("1"), json.Number("2")},
		"s":       map[string]any{"k": "v", "d": "2020-01-01"},
		"formula": "=1+2",
		"u":       "1b671a64-40d5-491e-99b0-da01ff1f3341",
		"blob":    `\xAA`,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
	// Columns keep the query's order.
	if i, j := strings.Index(stdout, `"i"`), strings.Index(stdout, `"blob"`); i < 0 || j < i {
		t.Errorf("column order lost:\n%s", stdout)
	}
}

func TestQuery_noRows(t *testing.T) {
	t.Parallel()
	const sql = "SELECT city FROM members WHERE false"
	tests := []struct {
		format, want string
	}{
		{"", ""},
		{"table", ""},
		{"csv", "city\n"},
		{"json", "[]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			args := []string{"query", sql}
			if tt.format != "" {
				args = []string{"query", "--format", tt.format, sql}
			}
			code, stdout, stderr := runCLI(t, cliOptions{}, args...)
			if code != 0 || stdout != tt.want || stderr != "gnlc: no rows\n" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0, %q, %q", code, stdout, stderr, tt.want, "gnlc: no rows\n")
			}
		})
	}
}

// gnlc query cannot change a database: not a file opened read-only, nor the in-memory default.
func TestQuery_readOnly(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "gnlc.duckdb")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", dbPath, "--default"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	for _, db := range []string{dbPath, ""} {
		for _, stmt := range []string{"DELETE FROM members", "DROP TABLE members", "UPDATE members SET city = 'x'", "CREATE TABLE t (a INTEGER)"} {
			args := []string{"query", stmt}
			if db != "" {
				args = []string{"query", "--db", db, stmt}
			}
			code, _, stderr := runCLI(t, cliOptions{}, args...)
			if code != 1 || !strings.Contains(stderr, "read-only") {
				t.Errorf("%q (db %q): exit %d, stderr %q; want 1 and a read-only error", stmt, db, code, stderr)
			}
		}
	}
	code, stdout, stderr := runCLI(t, cliOptions{}, "query", "--db", dbPath, "SELECT count(*) AS n FROM members")
	if code != 0 || stdout != "n\n310\n" {
		t.Errorf("after the attempts: exit %d, stdout %q, stderr %q; want 310 members", code, stdout, stderr)
	}
}

func TestQuery_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"syntax error shows DuckDB's message", []string{"query", "SELEC 1"}, 1, `gnlc: query: Parser Error: syntax error at or near "SELEC"`},
		{"unknown table", []string{"query", "SELECT * FROM nowhere"}, 1, "Table with name nowhere does not exist"},
		{"no statement", []string{"query"}, 2, "query takes one SQL statement, got 0 arguments"},
		{"two arguments", []string{"query", "SELECT", "1"}, 2, "got 2 arguments"},
		{"empty statement", []string{"query", "  "}, 2, "the SQL statement is empty"},
		{"bad format", []string{"query", "--format", "xml", "SELECT 1"}, 2, `--format "xml": expected table, tsv, csv or json`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cliOptions{}, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and stderr containing %q", code, stdout, stderr, tt.code, tt.stderr)
			}
		})
	}
}
