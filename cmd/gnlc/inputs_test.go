//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngest_inputs: symbolic links are followed (and the file they lead to is loaded once,
// whatever the path); anything under out/, the output folder, is refused, links included.
// Not parallel: it changes the working folder, which out/ is relative to.
func TestIngest_inputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	mustWrite := func(path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustLink := func(target, link string) {
		t.Helper()
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite("data/register.csv", smallRegister)
	mustWrite("out/gnlc-members.csv", smallRegister) // an output, say an export
	elsewhere := t.TempDir()
	mustWrite(filepath.Join(elsewhere, "reports.csv"), smallRegister)
	mustLink("data/register.csv", "link.csv")
	mustLink("missing.csv", "dangling.csv")
	mustLink("data", "folder.csv")
	mustLink("out/gnlc-members.csv", "into-out.csv")
	mustLink(elsewhere, "out/elsewhere") // out/elsewhere/reports.csv is in the output folder

	tests := []struct {
		name       string
		path       string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"through a link", "link.csv", 0, "link.csv: 1 rows loaded, 0 rejected\n", ""},
		{"the same file by its path", "data/register.csv", 0, "data/register.csv: unchanged since it was loaded, nothing to do\n", ""},
		{"dangling link", "dangling.csv", 1, "", "no such file or directory"},
		{"link to a folder", "folder.csv", 1, "", "is not a regular file"},
		{"under out/", "out/gnlc-members.csv", 1, "", "gnlc: ingest out/gnlc-members.csv: an output is not an input: it is in out/"},
		{"under out/, by a detour", "data/../out/./gnlc-members.csv", 1, "", "an output is not an input"},
		{"under out/, absolute", filepath.Join(dir, "out", "gnlc-members.csv"), 1, "", "an output is not an input"},
		{"a link into out/", "into-out.csv", 1, "", "an output is not an input"},
		{"out/ through a link out of it", "out/elsewhere/reports.csv", 1, "", "an output is not an input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, cliOptions{}, "ingest", "--db", "gnlc.duckdb", tt.path)
			if code != tt.wantCode || stdout != tt.wantStdout || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("ingest %s: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr with %q",
					tt.path, code, stdout, stderr, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}
	// Only the register was loaded, once.
	code, stdout, stderr := runCLI(t, cliOptions{}, "query", "--db", "gnlc.duckdb", "--format", "csv", "SELECT count(*) AS n FROM sources WHERE kind = 'members'")
	if code != 0 || stdout != "n\n1\n" {
		t.Errorf("sources: exit %d, %q %s; want 1", code, stdout, stderr)
	}
}
