package queries

import (
	"slices"
	"testing"

	"gnlc/internal/sqlfile"
)

// TestSQLFiles checks that every embedded file is used: a statement's (statementFiles, which
// the package reads as it initializes) or one of Setup's steps, and that every loader names a
// step.
func TestSQLFiles(t *testing.T) {
	t.Parallel()
	unused, err := sqlfile.Unused(sqlFiles, "sql", statementFiles[:], "sql/setup")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range unused {
		t.Errorf("%s is embedded but no statement names it", f)
	}
	var steps []string
	for _, s := range setupSteps {
		steps = append(steps, s.name)
	}
	for name := range loaders {
		if !slices.Contains(steps, name) {
			t.Errorf("loader for step %s: no sql/setup/%s.sql", name, name)
		}
	}
	for _, name := range rulesSteps {
		if loaders[name] == nil {
			t.Errorf("rules step %s has no loader", name)
		}
	}
}
