package reports

import (
	"errors"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestDeps_noDatabase enforces the one-way flow (STYLE.md rule 2): reports renders typed
// results and never reaches the database or the ingest stage, directly or through a
// sub-package of reports.
func TestDeps_noDatabase(t *testing.T) {
	forbidden := []string{
		"database/sql",
		"github.com/marcboeker/go-duckdb",
		"github.com/duckdb/duckdb-go",
		"gnlc/pipeline",
	}
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			dirs = append(dirs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatalf("parse %s: %v", file, err)
			}
			checked++
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				if err != nil {
					t.Fatal(err)
				}
				for _, bad := range forbidden {
					if path == bad || strings.HasPrefix(path, bad+"/") {
						t.Errorf("%s imports %s: reports must not reach the database or pipeline", fset.Position(imp.Pos()), path)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no Go files checked: the test is looking in the wrong place")
	}
}

// TestDeps_transitive checks the same through `go list -deps`, which sees what gnlc/queries
// or any other import pulls in.
func TestDeps_transitive(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow; -short skips it")
	}
	deps := goListDeps(t, "gnlc/reports/...")
	for _, bad := range []string{"database/sql", "github.com/marcboeker/go-duckdb", "gnlc/pipeline"} {
		for _, d := range deps {
			if d == bad || strings.HasPrefix(d, bad+"/") {
				t.Errorf("gnlc/reports depends on %s", d)
			}
		}
	}
	if len(deps) == 0 {
		t.Fatal("go list returned no dependencies")
	}
}

func goListDeps(t *testing.T, pkg string) []string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	cmd := exec.CommandContext(t.Context(), goBin, "list", "-deps", pkg)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
	}
	return strings.Fields(string(out))
}
