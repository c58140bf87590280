package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSQLFiles checks that every statement the code names exists and prepares against the
// schema, and that no file in sql/ is left unused.
func TestSQLFiles(t *testing.T) {
	t.Parallel()
	used := map[string]bool{"schema": true}
	// Static names: stmt("name"), and string literals naming a file (passed on to stmt), in the
	// package's Go files.
	re := regexp.MustCompile(`stmt\("([a-z_]+)"\)|"([a-z_]+)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			for _, name := range m[1:] {
				if name != "" {
					if _, err := sqlFS.ReadFile("sql/" + name + ".sql"); err == nil {
						used[name] = true
					} else if m[1] != "" {
						t.Errorf("%s: stmt(%q): no sql/%s.sql", f, name, name)
					}
				}
			}
		}
	}
	// Names built from a kind.
	for _, k := range []Kind{KindMembers, KindReports, KindAnnouncements} {
		for _, prefix := range []string{"insert_", "drop_view_", "delete_source_"} {
			used[prefix+string(k)] = true
		}
	}
	entries, err := fs.ReadDir(sqlFS, "sql")
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, e := range entries {
		all = append(all, strings.TrimSuffix(e.Name(), ".sql"))
	}
	for name := range used {
		if !slices.Contains(all, name) {
			t.Errorf("statement %s is used but sql/%s.sql does not exist", name, name)
		}
	}
	ing := newTestIngester(t, "")
	for _, name := range all {
		if !used[name] {
			t.Errorf("sql/%s.sql is not used", name)
		}
		if name == "schema" || strings.HasPrefix(name, "insert_") && name != "insert_country" && name != "insert_source" {
			continue // the schema is applied by Open; inserts need their Arrow view
		}
		text := stmt(name)
		var code []string
		for _, line := range strings.Split(text, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "--") {
				code = append(code, line)
			}
		}
		if strings.Contains(strings.Join(code, "\n"), ";") {
			t.Errorf("sql/%s.sql: one statement per file, without ';'", name)
		}
		st, err := ing.DB.Prepare(text)
		if err != nil {
			t.Errorf("sql/%s.sql: %v", name, err)
			continue
		}
		st.Close()
	}
}
