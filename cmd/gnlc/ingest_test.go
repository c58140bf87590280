package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIngest_summaries: one summary line per file on stdout, every bad row on stderr, exit 1
// when a file was refused while the others load; an edited file lists what changed.
func TestIngest_summaries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "db", "gnlc.duckdb")
	reg := filepath.Join(dir, "register.csv")
	bad := filepath.Join(dir, "bad.csv")
	writeFiles(t, dir, map[string]string{
		"register.csv": "city,country,year_joined\nLyon,France,2024\nCork,Ireland,2015\n\n",
		"bad.csv":      "city,country,year_joined\nLyon,Frnace,2030\n",
	})

	code, stdout, stderr := runCLI(t, cliOptions{}, "ingest", "--db", db, reg, bad)
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	wantOut := reg + ": 2 rows loaded, 0 rejected\n" +
		bad + ": 0 rows loaded, 1 rejected (file refused)\n"
	if diff := cmp.Diff(wantOut, stdout); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	wantErr := fmt.Sprintf("gnlc: new database %s: loaded the network's published figures (fixtures/announcements.csv, %d rows)\n", db, publishedRows(t)) +
		bad + `:2: column "country": value "Frnace": unknown country: expected a country name (English, French or Spanish) or ISO 3166-1 code; did you mean "France"?` + "\n" +
		bad + `:2: column "year_joined": value "2030": value out of range: expected a year from 2015 to 2026` + "\n" +
		"gnlc: 1 of 2 files not loaded\n"
	if diff := cmp.Diff(wantErr, stderr); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}

	writeFiles(t, dir, map[string]string{"register.csv": "city,country,year_joined\nLyon,France,2022\nQuito,Ecuador,2016\n"})
	code, stdout, stderr = runCLI(t, cliOptions{}, "ingest", "--db", db, reg)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	wantOut = reg + ": 2 rows loaded, 0 rejected; replaced the previous version: 1 cities added, 1 removed, 1 changed\n" +
		"  added: Quito (ECU)\n  removed: Cork (IRL)\n  changed: Lyon (FRA)\n"
	if diff := cmp.Diff(wantOut, stdout); diff != "" {
		t.Errorf("stdout after the edit (-want +got):\n%s", diff)
	}

	code, stdout, _ = runCLI(t, cliOptions{}, "ingest", "--db", db, reg)
	if want := reg + ": unchanged since it was loaded, nothing to do\n"; code != exitOK || stdout != want {
		t.Errorf("again: exit %d, stdout %q; want 0, %q", code, stdout, want)
	}
}

// TestIngest_missingFile: a file that cannot be read is reported and the others still load.
func TestIngest_missingFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.csv": "city,country,year_joined\nLyon,France,2024\n"})
	missing := filepath.Join(dir, "missing.csv")
	code, stdout, stderr := runCLI(t, cliOptions{}, "ingest", "--db", filepath.Join(dir, "g.duckdb"), missing, filepath.Join(dir, "ok.csv"))
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	if want := filepath.Join(dir, "ok.csv") + ": 1 rows loaded, 0 rejected\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if !strings.Contains(stderr, "missing.csv: no such file or directory") || !strings.Contains(stderr, "gnlc: 1 of 2 files not loaded") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestIngest_progress: a large file shows a progress bar on stderr when it is a terminal, and
// never otherwise (stdout carries only the summary either way).
func TestIngest_progress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	reg := filepath.Join(dir, "large.csv")
	var b strings.Builder
	b.WriteString("city,country,year_joined,source_url\n")
	for i := range 130_000 { // about 10 MB, above progressMinBytes
		fmt.Fprintf(&b, "City %d,France,2020,https://example.org/learning-cities/members/%d\n", i, i)
	}
	writeFiles(t, dir, map[string]string{"large.csv": b.String()})
	if st, err := os.Stat(reg); err != nil || st.Size() < progressMinBytes {
		t.Fatalf("generated file too small: %v", err)
	}
	for _, tty := range []bool{false, true} {
		code, stdout, stderr := runCLI(t, cliOptions{StderrTTY: tty}, "ingest", "--db", filepath.Join(dir, "tty"+map[bool]string{true: "1", false: "0"}[tty]+".duckdb"), reg)
		if code != exitOK {
			t.Fatalf("tty %v: exit %d: %s", tty, code, stderr)
		}
		if want := reg + ": 130000 rows loaded, 0 rejected\n"; stdout != want {
			t.Errorf("tty %v: stdout %q, want %q", tty, stdout, want)
		}
		if hasBar := strings.Contains(stderr, "large.csv"); hasBar != tty {
			t.Errorf("tty %v: stderr %q", tty, stderr)
		}
	}
}

// TestIngest_summaryOfWhatWasRead: the summary line says what a person should know about how a
// register was read: hidden rows loaded, the sheet read when hidden ones were skipped, countries
// counted under another. The workbooks are pipeline's real-producer cases (openpyxl).
func TestIngest_summaryOfWhatWasRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		caseDir string
		want    string
	}{
		{"xlsx_hidden_rows", ": 5 rows loaded (3 hidden in the sheet), 0 rejected, 1 blank rows skipped\n"},
		{"xlsx_hidden_first_sheet", ": 2 rows loaded, 0 rejected\n" +
			`  note: read sheet "Members", the first visible one; hidden sheets skipped: "Lookup"` + "\n"},
		{"countries_hong_kong", ": 7 rows loaded, 0 rejected\n" +
			`  note: "Hong Kong" counted under China, as the GNLC counts it (3 rows)` + "\n" +
			`  note: "Macao" counted under China, as the GNLC counts it (3 rows)` + "\n"},
		{"xlsx_title_merged", `: 3 rows loaded, 0 rejected; header on row 4 (3 rows above it skipped); 1 unknown column not loaded: "Notes"` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.caseDir, func(t *testing.T) {
			t.Parallel()
			inputs, err := filepath.Glob(filepath.Join("..", "..", "pipeline", "testdata", "ingest", tt.caseDir, "input.*"))
			if err != nil || len(inputs) != 1 {
				t.Fatalf("input of case %s: %v %v", tt.caseDir, inputs, err)
			}
			db := filepath.Join(t.TempDir(), "g.duckdb")
			code, stdout, _ := runCLI(t, cliOptions{}, "ingest", "--db", db, inputs[0])
			if code != exitOK {
				t.Fatalf("exit %d, stdout %q", code, stdout)
			}
			if diff := cmp.Diff(inputs[0]+tt.want, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}
