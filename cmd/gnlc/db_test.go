package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
)

// publishedRows is how many rows the embedded published figures hold.
func publishedRows(t *testing.T) int {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(fixtures.Announcements().Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1
}

// TestDB_choice: which database each command reads or writes, by --db, $GNLC_DB and the default,
// and what a missing one does: the default falls back to the embedded register with a note, a
// named one is an error naming it.
func TestDB_choice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	existing := filepath.Join(dir, "mine.duckdb")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", existing, "--default"); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	missing := filepath.Join(dir, "typo.duckdb")
	const count = "SELECT count(*) > 0 AS some FROM members"
	tests := []struct {
		name       string
		defaultDB  string // Deps.DefaultDB
		env        string // $GNLC_DB
		args       []string
		wantCode   int
		wantStderr string // "" : nothing
	}{
		{"default missing: embedded register, with a note", missing, "", []string{"query", count}, exitOK, fallbackNote(missing)},
		{"default exists", existing, "", []string{"query", count}, exitOK, ""},
		{"$GNLC_DB exists", missing, existing, []string{"query", count}, exitOK, ""},
		{"$GNLC_DB missing: an error naming it", existing, missing, []string{"query", count}, exitFailure,
			"gnlc: database " + missing + " (named by $GNLC_DB) does not exist: check the path, or create it with gnlc ingest --db " + missing + " FILE\n"},
		{"--db missing: an error naming it", existing, "", []string{"check", "--db", missing}, exitFailure,
			"gnlc: database " + missing + " (named by --db) does not exist: check the path, or create it with gnlc ingest --db " + missing + " FILE\n"},
		{"--db wins over $GNLC_DB", missing, missing, []string{"query", "--db", existing, count}, exitOK, ""},
		{"--db empty", existing, "", []string{"report", "--db", ""}, exitUsage, "gnlc: --db may not be empty\n"},
		{"report, default missing", missing, "", []string{"report", "--country", "FRA", "--out", filepath.Join(dir, "rep")}, exitOK, fallbackNote(missing)},
		{"sources, default missing", missing, "", []string{"sources"}, exitOK, fallbackNote(missing)},
		{"sources remove, default missing", missing, "", []string{"sources", "remove", "1"}, exitFailure,
			"gnlc: database " + missing + " does not exist yet (gnlc ingest FILE creates it)\n"},
		{"ingest --replace into a missing database", missing, "", []string{"ingest", "--replace", "1", existing}, exitFailure,
			"gnlc: database " + missing + " does not exist yet (gnlc ingest FILE creates it)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, got := runCLI(t, cliOptions{DefaultDB: tt.defaultDB, Env: tt.env}, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.wantCode, got)
			}
			if tt.wantCode == exitUsage {
				got, _, _ = strings.Cut(got, "\n")
				got += "\n"
			}
			if diff := cmp.Diff(tt.wantStderr, got); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s was created", missing)
			}
		})
	}
}

// TestDB_resolve: --db, then $GNLC_DB, then the default.
func TestDB_resolve(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, env, def string
		args           []string
		wantPath       string
		wantFrom       string
	}{
		{"default", "", "", nil, defaultDB, fromDefault},
		{"default set by the caller", "", "x/g.duckdb", nil, "x/g.duckdb", fromDefault},
		{"environment", "env.duckdb", "", nil, "env.duckdb", fromEnv},
		{"flag", "env.duckdb", "", []string{"--db", "flag.duckdb"}, "flag.duckdb", fromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			deps := &Deps{DefaultDB: tt.def, Getenv: func(string) string { return tt.env }}
			var got, from string
			cmd := newQueryCmd(deps, func(_ context.Context, o *QueryOptions) error {
				got, from = o.DB, o.DBFrom
				return nil
			})
			cmd.SetArgs(append(tt.args, "SELECT 1"))
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			if got != tt.wantPath || from != tt.wantFrom {
				t.Errorf("database %q from %q, want %q from %q", got, from, tt.wantPath, tt.wantFrom)
			}
		})
	}
}
