package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSources_outputs: gnlc sources prints an aligned table on a terminal, tab-separated rows
// when piped, JSON on request; every format has the same columns.
func TestSources_outputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "g.duckdb")
	writeFiles(t, dir, map[string]string{"register.csv": "city,country,year_joined\nCork,Ireland,2015\nLyon,France,2024\n"})
	reg := filepath.Join(dir, "register.csv")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", db, reg); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	sha := `[0-9a-f]{64}`
	when := `\d{4}-\d\d-\d\dT[0-9:.]+Z`
	tests := []struct {
		name string
		tty  bool
		args []string
		want []string // one pattern per line
	}{
		{"pipe: tab-separated with a header", false, nil, []string{
			`id\tpath\tkind\tsha256\trows\tloaded_at`,
			`1\tfixtures/announcements.csv\tannouncements\t` + sha + `\t\d+\t` + when,
			`2\t` + regexp.QuoteMeta(reg) + `\tmembers\t` + sha + `\t2\t` + when,
		}},
		{"terminal: aligned table", true, nil, []string{
			`id  path +kind +sha256 +rows +loaded_at`,
			`1   fixtures/announcements.csv +announcements +` + sha + ` +\d+ +` + when,
			`2   ` + regexp.QuoteMeta(reg) + ` +members +` + sha + ` +2 +` + when,
		}},
		{"json", true, []string{"--format", "json"}, []string{
			`\[`,
			`  \{"id": 1, "path": "fixtures/announcements.csv", "kind": "announcements", "sha256": "` + sha + `", "rows": \d+, "loaded_at": "` + when + `"\},`,
			`  \{"id": 2, "path": "` + regexp.QuoteMeta(reg) + `", "kind": "members", "sha256": "` + sha + `", "rows": 2, "loaded_at": "` + when + `"\}`,
			`\]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cliOptions{StdoutTTY: tt.tty}, append([]string{"sources", "--db", db}, tt.args...)...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tt.want), stdout)
			}
			for i, w := range tt.want {
				if !regexp.MustCompile(`^` + w + `$`).MatchString(lines[i]) {
					t.Errorf("line %d = %q, want /%s/", i+1, lines[i], w)
				}
			}
		})
	}
}

// TestSources_exitCodes: 0 ok, 1 failure (nothing to remove or replace), 2 usage; a failure
// changes nothing.
func TestSources_exitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "g.duckdb")
	writeFiles(t, dir, map[string]string{
		"a.csv": "city,country,year_joined\nCork,Ireland,2015\n",
		"b.csv": "city,country,year_joined\nLyon,France,2024\n",
		"c.csv": "city,country,year_joined\nLyon,France,2024\nNantes,France,2016\n",
	})
	for _, f := range []string{"a.csv", "b.csv"} {
		if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", db, filepath.Join(dir, f)); code != exitOK {
			t.Fatalf("ingest %s: exit %d: %s", f, code, stderr)
		}
	}
	c := filepath.Join(dir, "c.csv")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"remove: no such source", []string{"sources", "remove", "--db", db, "9"}, exitFailure, `gnlc: remove source "9": no such source (gnlc sources --db ` + db + " lists them)"},
		{"remove: no argument", []string{"sources", "remove", "--db", db}, exitUsage, "sources remove takes one source"},
		{"remove: two arguments", []string{"sources", "remove", "--db", db, "1", "2"}, exitUsage, "got 2 arguments"},
		{"sources: an argument", []string{"sources", "--db", db, "rm"}, exitUsage, `unknown command "rm" for "gnlc sources"`},
		{"sources: bad format", []string{"sources", "--db", db, "--format", "csv"}, exitUsage, `--format "csv"`},
		{"ingest --replace: two files", []string{"ingest", "--db", db, "--replace", "2", c, c}, exitUsage, "--replace OLD takes exactly one FILE"},
		{"ingest --replace with --default", []string{"ingest", "--db", db, "--replace", "2", "--default", c}, exitUsage, "--replace OLD takes exactly one FILE"},
		{"ingest --replace: empty", []string{"ingest", "--db", db, "--replace", "", c}, exitUsage, "--replace OLD takes exactly one FILE"},
		{"ingest --replace: no such source", []string{"ingest", "--db", db, "--replace", "nothing.csv", c}, exitFailure, `replace source "nothing.csv": no such source (gnlc sources lists them)`},
		{"ingest: a city of another source names the fix", []string{"ingest", "--db", db, c}, exitFailure,
			c + ": to load it in place of " + filepath.Join(dir, "b.csv") + ": gnlc ingest --replace " + filepath.Join(dir, "b.csv") + " " + c},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Not parallel: the cases share the database, which one writer holds at a time.
			code, _, stderr := runCLI(t, cliOptions{}, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
	// Nothing changed: a then b, one member each.
	code, stdout, _ := runCLI(t, cliOptions{}, "query", "--db", db, "SELECT count(*) AS n FROM members")
	if code != exitOK || stdout != "n\n2\n" {
		t.Errorf("members after the failures: %q, want 2", stdout)
	}
	// The fix works: c replaces b, then a is removed.
	if code, stdout, stderr := runCLI(t, cliOptions{}, "ingest", "--db", db, "--replace", filepath.Join(dir, "b.csv"), c); code != exitOK ||
		!strings.Contains(stdout, "1 cities added, 0 removed, 0 changed") {
		t.Errorf("replace: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, stdout, stderr := runCLI(t, cliOptions{}, "sources", "remove", "--db", db, filepath.Join(dir, "a.csv")); code != exitOK ||
		!strings.HasPrefix(stdout, "removed source 2 ("+filepath.Join(dir, "a.csv")+", members): 1 members\n  removed: Cork (IRL)\n") {
		t.Errorf("remove: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
