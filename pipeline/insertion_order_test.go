package pipeline

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIngest_unorderedInserts checks that a database file gnlc writes to lets DuckDB insert in
// any order (the fast, parallel Arrow load), that an in-memory database keeps DuckDB's default
// (its views' order survives `SELECT *`), and that files load or are refused whole either way.
func TestIngest_unorderedInserts(t *testing.T) {
	t.Parallel()
	const header = "city,country,year_joined\n"
	tests := []struct {
		name         string
		inMemory     bool
		file         string
		refused      bool
		wantPreserve bool
		wantRows     int64
	}{
		{"loads", false, header + "Lyon,France,2024\nCork,Ireland,2015\n", false, false, 2},
		{"bad row", false, header + "Lyon,France,2024\nCork,Ireland,1999\n", true, false, 0},
		{"duplicate city", false, header + "Lyon,France,2024\nLyon,France,2015\n", true, false, 0},
		{"in memory loads", true, header + "Lyon,France,2024\nCork,Ireland,2015\n", false, true, 2},
		{"in memory bad row", true, header + "Lyon,France,2024\nCork,Ireland,1999\n", true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if !tt.inMemory {
				path = filepath.Join(t.TempDir(), "order.duckdb")
			}
			ing := newTestIngester(t, path)
			_, err := ing.IngestBytes(t.Context(), "order.csv", []byte(tt.file), FileOptions{})
			if _, isFileErr := errors.AsType[*FileError](err); tt.refused != isFileErr {
				t.Fatalf("IngestBytes: %v, want refused %v", err, tt.refused)
			}
			if !tt.refused && err != nil {
				t.Fatal(err)
			}
			var preserve bool
			if err := ing.DB.QueryRow("SELECT current_setting('preserve_insertion_order')").Scan(&preserve); err != nil {
				t.Fatal(err)
			}
			rows := queryInts(t, ing.DB, "SELECT count(*) FROM members")[0]
			if diff := cmp.Diff([]any{tt.wantPreserve, tt.wantRows}, []any{preserve, rows}); diff != "" {
				t.Errorf("(preserve_insertion_order, rows) (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIngest_duplicateAcrossWorkers checks that a city repeated far from its first row, in
// another chunk, batch and worker, is still found (the workers share one set of identities).
func TestIngest_duplicateAcrossWorkers(t *testing.T) {
	t.Parallel()
	const rows = 5000
	var b strings.Builder
	b.WriteString("city,country,year_joined\n")
	for i := range rows {
		fmt.Fprintf(&b, "City %d,France,2020\n", i)
	}
	b.WriteString("CITY 7,FRA,2021\n") // row rows+2 repeats row 9 (header = 1)
	ing := newTestIngester(t, "")
	ing.BatchRows, ing.Workers = 100, 4
	_, err := ing.IngestBytes(t.Context(), "dup.csv", []byte(b.String()), FileOptions{})
	fe, ok := errors.AsType[*FileError](err)
	if !ok {
		t.Fatalf("IngestBytes: %v, want a *FileError", err)
	}
	var got []string
	for _, e := range fe.Errors {
		got = append(got, fmt.Sprintf("%d %s %s %v", e.Row, e.Column, e.Value, errors.Is(e, ErrDuplicateCity)))
	}
	want := []string{fmt.Sprintf("%d city CITY 7 true", rows+2)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestAnyRepeat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lists [][]uint64
		want  bool
	}{
		{"none", nil, false},
		{"empty lists", [][]uint64{{}, {}}, false},
		{"distinct", [][]uint64{{1, 4, 9}, {2, 3}, {0, 10}}, false},
		{"within one list", [][]uint64{{1, 4, 4}, {2}}, true},
		{"across lists", [][]uint64{{1, 5}, {2, 5, 7}}, true},
		{"smallest repeated", [][]uint64{{0}, {0}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anyRepeat(tt.lists); got != tt.want {
				t.Errorf("anyRepeat(%v) = %v, want %v", tt.lists, got, tt.want)
			}
		})
	}
}
