package reports

import (
	"errors"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	graph, _ := goListGraph(t, "gnlc/reports/...")
	if len(graph) == 0 {
		t.Fatal("go list returned no packages")
	}
	var roots []string
	for pkg := range graph {
		if pkg == "gnlc/reports" || strings.HasPrefix(pkg, "gnlc/reports/") {
			roots = append(roots, pkg)
		}
	}
	reach := func(skip map[string]bool) map[string][]string { return reachable(graph, roots, skip) }
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

// TestDeps_stages fences the other stages as reports is fenced (issue 13), over the whole
// import graph: rules and queries may reach nothing outside the standard library but the
// packages listed (so neither reaches a DuckDB driver, pipeline or an output), and pipeline
// and export, which do run DuckDB, may not reach the stages after them or cmd; atomicfile
// reaches only the standard library and golang.org/x/sys; each output package of reports
// reaches no DuckDB driver, pipeline, export or cmd.
func TestDeps_stages(t *testing.T) {
	if testing.Short() {
		t.Skip("go list is slow; -short skips it")
	}
	outputDeny := []string{"github.com/marcboeker/go-duckdb", "github.com/duckdb/duckdb-go",
		"gnlc/pipeline", "gnlc/export", "gnlc/cmd"}
	tests := []struct {
		pkg   string
		allow []string // when set, the only packages outside the standard library pkg may reach
		deny  []string // packages pkg may not reach
	}{
		{pkg: "gnlc/rules", allow: []string{"gnlc/fixtures"}},
		{pkg: "gnlc/queries", allow: []string{"gnlc/rules", "gnlc/fixtures", "gnlc/internal/sqlfile"}},
		{pkg: "gnlc/pipeline", deny: []string{"gnlc/reports", "gnlc/export", "gnlc/cmd"}},
		{pkg: "gnlc/export", deny: []string{"gnlc/pipeline", "gnlc/reports", "gnlc/cmd"}},
		// Each output of reports is its own package: it reads the Dataset, never the database,
		// the ingest stage or cmd (TestDeps_transitive lets database/sql in only via queries),
		// and no output package reaches another.
		{pkg: "gnlc/reports/annual", deny: append(outputDeny, "gnlc/reports/delegation", "gnlc/reports/charts", "gnlc/reports/document")},
		{pkg: "gnlc/reports/delegation", deny: append(outputDeny, "gnlc/reports/annual", "gnlc/reports/charts", "gnlc/reports/document")},
		{pkg: "gnlc/reports/charts", deny: append(outputDeny, "gnlc/reports/annual", "gnlc/reports/delegation", "gnlc/reports/document")},
		// The document takes its charts' slides as bytes from cmd, never from reports/charts.
		{pkg: "gnlc/reports/document", deny: append(outputDeny, "gnlc/reports/annual", "gnlc/reports/delegation", "gnlc/reports/charts")},
		// The shared workbook helpers know cells and sheets, not the Dataset or the database.
		{pkg: "gnlc/reports/internal/xlsx", deny: append(outputDeny, "database/sql", "gnlc/queries", "gnlc/rules", "gnlc/fixtures")},
		// Every output is published through atomicfile: it sits below every stage.
		{pkg: "gnlc/internal/atomicfile", allow: []string{"golang.org/x/sys/unix"}},
		// The statement loader of pipeline, queries and export: the standard library only.
		{pkg: "gnlc/internal/sqlfile", allow: []string{}},
	}
	pkgs := make([]string, 0, len(tests))
	for _, tt := range tests {
		pkgs = append(pkgs, tt.pkg)
	}
	graph, std := goListGraph(t, pkgs...)
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			if _, ok := graph[tt.pkg]; !ok {
				t.Fatalf("go list did not return %s", tt.pkg)
			}
			// bad packages are reported with the path that reaches them, and not descended
			// into, so each breach shows once, as the first bad step on its path.
			bad := map[string]bool{}
			for pkg := range graph {
				denied := slices.ContainsFunc(tt.deny, func(d string) bool { return pkg == d || strings.HasPrefix(pkg, d+"/") })
				outside := tt.allow != nil && !std[pkg] && pkg != tt.pkg && !slices.Contains(tt.allow, pkg)
				bad[pkg] = denied || outside
			}
			paths := reachable(graph, []string{tt.pkg}, bad)
			for _, pkg := range slices.Sorted(maps.Keys(paths)) {
				if !bad[pkg] {
					continue
				}
				if tt.allow != nil {
					t.Errorf("%s reaches %s, outside the standard library and %s: %s",
						tt.pkg, pkg, strings.Join(tt.allow, ", "), strings.Join(paths[pkg], " -> "))
				} else {
					t.Errorf("%s reaches %s: %s", tt.pkg, pkg, strings.Join(paths[pkg], " -> "))
				}
			}
		})
	}
}

// reachable returns every package reachable from roots in graph, with the path that reaches
// it, not descending into the packages in skip.
func reachable(graph map[string][]string, roots []string, skip map[string]bool) map[string][]string {
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

// goListGraph returns the import graph of pkgs and their dependencies (tests excluded), and
// which of those packages are in the standard library.
func goListGraph(t *testing.T, pkgs ...string) (graph map[string][]string, std map[string]bool) {
	t.Helper()
	out := goList(t, append([]string{"-deps", "-f", "{{.ImportPath}} {{.Standard}} {{join .Imports \" \"}}"}, pkgs...)...)
	graph, std = map[string][]string{}, map[string]bool{}
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) > 1 {
			graph[f[0]] = f[2:]
			std[f[0]] = f[1] == "true"
		}
	}
	return graph, std
}

func goList(t *testing.T, args ...string) string {
	t.Helper()
	// The go command puts its own GOROOT/bin first on a test's PATH: "go" is the toolchain
	// that built the test.
	cmd := exec.CommandContext(t.Context(), "go", append([]string{"list"}, args...)...)
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
