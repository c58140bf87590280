package queries_test

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/marcboeker/go-duckdb"

	"gnlc/queries"
	"gnlc/rules"
)

// loadCSV fills one table of sql/setup/00_tables.sql from a CSV file with the table's column
// names as header. The tests load their registers this way, not through pipeline, so the
// queries are tested on exactly the rows written in testdata.
var loadCSV = map[string]string{
	"countries":     `INSERT INTO countries BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
	"sources":       `INSERT INTO sources BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
	"members":       `INSERT INTO members BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
	"announcements": `INSERT INTO announcements BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
	"reports":       `INSERT INTO reports BY NAME SELECT * FROM read_csv($1, header = true, all_varchar = true)`,
}

// newDB returns a fresh in-memory DuckDB set up (Setup) with the embedded default rules and no
// countries; it is closed at cleanup.
func newDB(t testing.TB) *sql.DB {
	t.Helper()
	return newDBWith(t, "")
}

// newDBWith is newDB with DuckDB settings in go-duckdb's DSN form ("?name=value&...").
func newDBWith(t testing.TB, settings string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", settings)
	if err != nil {
		t.Fatalf("open duckdb: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	install(t, db, nil)
	return db
}

// loadDir loads every <table>.csv of dir into its table.
func loadDir(t testing.TB, db *sql.DB, dir string) {
	t.Helper()
	for _, table := range []string{"countries", "sources", "members", "announcements", "reports"} {
		path := filepath.Join(dir, table+".csv")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if _, err := db.ExecContext(t.Context(), loadCSV[table], path); err != nil {
			t.Fatalf("load %s: %v", path, err)
		}
	}
}

// testRegister returns the hand-made register of testdata/register (see testdata/README.md)
// with rules installed (the embedded default when rules is nil).
func testRegister(t *testing.T, r *rules.Rules) (*sql.DB, *queries.Queries) {
	t.Helper()
	db := newDB(t)
	loadDir(t, db, "testdata/register")
	install(t, db, r)
	return db, queries.New(db)
}

// install runs Setup again with r (the embedded default when nil): it replaces the stored rules
// and the views, over whatever the test loaded.
func install(t testing.TB, db queries.DBTX, r *rules.Rules) {
	t.Helper()
	if r == nil {
		r = defaultRules(t)
	}
	if err := queries.Setup(t.Context(), db, queries.Reference{Rules: r}); err != nil {
		t.Fatalf("setup: %v", err)
	}
}

func defaultRules(t testing.TB) *rules.Rules {
	t.Helper()
	r, err := rules.Default()
	if err != nil {
		t.Fatalf("default rules: %v", err)
	}
	return r
}

func parseRules(t *testing.T, text string) *rules.Rules {
	t.Helper()
	r, err := rules.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse rules: %v", err)
	}
	return r
}

func exec(t testing.TB, db queries.DBTX, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func ptr[T any](v T) *T { return &v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dayPtr(s string) *time.Time { return ptr(day(s)) }
