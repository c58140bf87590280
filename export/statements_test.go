package export

import (
	"testing"

	"gnlc/internal/sqlfile"
)

// TestSQLFiles checks that every embedded file is a statement's (statementFiles, which the
// package reads as it initializes).
func TestSQLFiles(t *testing.T) {
	t.Parallel()
	unused, err := sqlfile.Unused(sqlFiles, "sql", statementFiles[:])
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range unused {
		t.Errorf("%s is embedded but no statement names it", f)
	}
}
