package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/export"
	"gnlc/pipeline"
)

// TestExport_roundTrip exports a database loaded with the default register and reads every
// table and view back through DuckDB: the same row count and the same checksum as the source.
func TestExport_roundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "gnlc.duckdb")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", dbPath, "--default"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	for _, format := range []string{"parquet", "csv"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(dir, "export-"+format)
			code, _, stderr := runCLI(t, cliOptions{}, "export", "--db", dbPath, "--format", format, "--out", out)
			if code != 0 {
				t.Fatalf("export: exit %d: %s", code, stderr)
			}
			var m export.Manifest
			readJSON(t, filepath.Join(out, export.ManifestName), &m)

			db, err := pipeline.Open(t.Context(), dbPath, pipeline.ReadOnly, pipeline.OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			checkExportedObjects(t, db, m)

			reader := "read_parquet($1, hive_partitioning = true)"
			if format == "csv" {
				reader = "read_csv($1, header = true)"
			}
			for _, o := range m.Objects {
				path := filepath.Join(out, o.Path)
				if format == "parquet" {
					path = filepath.Join(path, "**", "*.parquet")
				}
				var srcN, backN int64
				if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM query_table($1)", o.Name).Scan(&srcN); err != nil {
					t.Fatal(err)
				}
				if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+reader, path).Scan(&backN); err != nil {
					t.Fatalf("%s: read back: %v", o.Name, err)
				}
				if srcN != backN || srcN != o.Rows {
					t.Errorf("%s: %d rows in the database, %d read back, %d in the manifest", o.Name, srcN, backN, o.Rows)
				}
			}

			// The checksums analysts can recompute: members' population and city names.
			const sums = "SELECT count(*), sum(population), sum(hash(city) % 1000003), count(DISTINCT iso3) FROM "
			var src, back [4]int64
			if err := db.QueryRowContext(t.Context(), sums+"members").Scan(&src[0], &src[1], &src[2], &src[3]); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(out, "members.csv")
			if format == "parquet" {
				path = filepath.Join(out, "members", "**", "*.parquet")
			}
			if err := db.QueryRowContext(t.Context(), sums+reader, path).Scan(&back[0], &back[1], &back[2], &back[3]); err != nil {
				t.Fatal(err)
			}
			if src[0] == 0 || src[1] == 0 {
				t.Fatalf("the default register has no members or no population: %v", src)
			}
			if src != back {
				t.Errorf("members (count, sum(population), city checksum, countries): database %v, export %v", src, back)
			}
		})
	}
}

// checkExportedObjects: every table of the contract, the rules tables and every view in the
// catalog of db was exported, as manifest m lists them.
func checkExportedObjects(t *testing.T, db *sql.DB, m export.Manifest) {
	t.Helper()
	want := []string{"announcements", "countries", "members", "reports", "sources",
		"rules_calls", "rules_cycles", "rules_settings"}
	rows, err := db.QueryContext(t.Context(), "SELECT view_name FROM duckdb_views() WHERE NOT internal")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		want = append(want, v)
	}
	rows.Close()
	var got []string
	for _, o := range m.Objects {
		got = append(got, o.Name)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exported objects (-want +got):\n%s", diff)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestExport_usage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no format", []string{"export", "--out", "x"}, exitUsage, "give --format parquet or --format csv"},
		{"bad format", []string{"export", "--format", "xlsx", "--out", "x"}, exitUsage, `--format "xlsx": expected parquet or csv`},
		{"no out", []string{"export", "--format", "csv"}, exitUsage, "give --out DIR"},
		{"argument", []string{"export", "--format", "csv", "--out", "x", "extra"}, exitUsage, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCLI(t, cliOptions{}, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.wantCode, tt.wantErr)
			}
		})
	}
}

// On a terminal the list of exported objects is an aligned table; piped, tab-separated rows.
func TestExport_stdout(t *testing.T) {
	t.Parallel()
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "terminal"}[tty], func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "x")
			code, stdout, stderr := runCLI(t, cliOptions{StdoutTTY: tty}, "export", "--format", "csv", "--out", out)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			pathAt := -1
			for _, line := range lines {
				f := strings.Fields(line)
				if len(f) != 4 || !strings.HasSuffix(f[3], ".csv") {
					t.Fatalf("line %q: want kind, name, rows, path", line)
				}
				if !tty {
					if line != strings.Join(f, "\t") {
						t.Errorf("piped line %q is not tab-separated", line)
					}
					continue
				}
				// Aligned: no tabs, and every path starts in the same column.
				at := strings.LastIndex(line, " "+f[3]) + 1
				if strings.Contains(line, "\t") || (pathAt >= 0 && at != pathAt) {
					t.Errorf("terminal line %q is not aligned with the others (path at %d, want %d)", line, at, pathAt)
				}
				pathAt = at
			}
		})
	}
}
