package atomicfile

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDeps_stdlibOnly keeps the package at the bottom of the import graph: every output of gnlc
// goes through it, so it imports only the standard library and golang.org/x/sys (which imports
// only the standard library).
func TestDeps_stdlibOnly(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
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
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != "golang.org/x/sys" && !strings.HasPrefix(path, "golang.org/x/sys/") {
				t.Errorf("%s imports %s: atomicfile imports only the standard library and golang.org/x/sys", fset.Position(imp.Pos()), path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no Go files checked: the test is looking in the wrong place")
	}
}
