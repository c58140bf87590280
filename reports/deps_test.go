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

// TestDeps_transitive checks the whole import graph with `go list -deps`: duckdb and pipeline
// are unreachable from reports by any path, and database/sql is reachable only through
// gnlc/queries, whose typed rows are the stage's input (queries itself runs on database/sql).
func TestDeps_transitive(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow; -short skips it")
	}
	graph := goListGraph(t, "gnlc/reports/...")
	if len(graph) == 0 {
		t.Fatal("go list returned no packages")
	}
	var roots []string
	for pkg := range graph {
		if pkg == "gnlc/reports" || strings.HasPrefix(pkg, "gnlc/reports/") {
			roots = append(roots, pkg)
		}
	}
	// reach returns every package reachable from roots, with the path that reaches it, not
	// descending into the packages in skip.
	reach := func(skip map[string]bool) map[string][]string {
		paths := map[string][]string{}
		queue := []string{}
		for _, r := range roots {
			paths[r] = []string{r}
			queue = append(queue, r)
		}
		for len(queue) > 0 {
			pkg := queue[0]
			queue = queue[1:]
			if skip[pkg] {
				continue
			}
			for _, imp := range graph[pkg] {
				if _, seen := paths[imp]; !seen {
					paths[imp] = append(append([]string{}, paths[pkg]...), imp)
					queue = append(queue, imp)
				}
			}
		}
		return paths
	}
	bad := func(paths map[string][]string, forbidden []string) {
		t.Helper()
		for pkg, via := range paths {
			for _, f := range forbidden {
				if pkg == f || strings.HasPrefix(pkg, f+"/") {
					t.Errorf("reports reaches %s: %s", pkg, strings.Join(via, " -> "))
				}
			}
		}
	}
	bad(reach(nil), []string{"github.com/marcboeker/go-duckdb", "github.com/duckdb/duckdb-go", "gnlc/pipeline"})
	bad(reach(map[string]bool{"gnlc/queries": true}), []string{"database/sql"})
}

// goListGraph returns the import graph of pkg and its dependencies (tests excluded).
func goListGraph(t *testing.T, pkg string) map[string][]string {
	t.Helper()
	out := goList(t, "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pkg)
	graph := map[string][]string{}
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) > 0 {
			graph[f[0]] = f[1:]
		}
	}
	return graph
}

func goList(t *testing.T, args ...string) string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	cmd := exec.CommandContext(t.Context(), goBin, append([]string{"list"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}
