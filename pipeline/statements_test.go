package pipeline

import (
	"strings"
	"testing"

	"gnlc/internal/sqlfile"
)

// TestSQLFiles checks that every embedded file is a statement's (statementFiles, which the
// package reads as it initializes), that each holds one statement, and that each prepares
// against the schema Open applies.
func TestSQLFiles(t *testing.T) {
	t.Parallel()
	unused, err := sqlfile.Unused(sqlFiles, "sql", statementFiles[:])
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range unused {
		t.Errorf("%s is embedded but no statement names it", f)
	}
	// The inserts read their kind's Arrow view, which exists only while a file loads.
	needsView := map[statement]Kind{}
	for kind, s := range loadStatements {
		needsView[s.insert] = kind
	}
	ing := newTestIngester(t, "")
	for s := range numStatements {
		var code []string
		for line := range strings.Lines(s.text()) {
			if !strings.HasPrefix(strings.TrimSpace(line), "--") {
				code = append(code, line)
			}
		}
		if strings.Contains(strings.Join(code, ""), ";") {
			t.Errorf("sql/%s.sql: one statement per file, without ';'", s)
		}
		if kind, ok := needsView[s]; ok {
			if !strings.Contains(s.text(), viewName(kind)) {
				t.Errorf("sql/%s.sql does not read the view %s", s, viewName(kind))
			}
			continue
		}
		st, err := ing.DB.Prepare(s.text())
		if err != nil {
			t.Errorf("sql/%s.sql: %v", s, err)
			continue
		}
		st.Close()
	}
}
