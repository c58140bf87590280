package pipeline

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"
	"time"

	"gnlc/fixtures"
)

// frozenNow is the tests' clock: 2 December 2026, a year after the 2025 cohort was announced,
// so a register may hold cohorts up to 2026.
var frozenNow = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func testIndex(t testing.TB) *CountryIndex {
	t.Helper()
	cs, err := fixtures.Countries()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := fixtures.Places()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := NewCountryIndex(cs, ps)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// newTestIngester opens a fresh in-memory database (or one at path) and an Ingester on it.
func newTestIngester(t testing.TB, path string) *Ingester {
	t.Helper()
	db, err := open(context.Background(), path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Ingester{
		DB: db, Countries: testIndex(t), Now: func() time.Time { return frozenNow },
		Version: "test", Logger: slog.New(slog.DiscardHandler),
	}
}

// queryInts runs q and returns its single row of integers.
func queryInts(t testing.TB, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := make([]int64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if !rows.Next() {
		t.Fatalf("%s: no row", q)
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}
