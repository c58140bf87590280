package pipeline

import (
	"context"
	"iter"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gnlc/internal/gen"
	"gnlc/queries"
)

// TestStream_sameRowsAsDatabaseSQL reads every streamed question as DuckDB streams it (Stream)
// and through database/sql's rows, on the default register and on a generated one with its
// NULLs (no applied_on, no coordinates, no source), and wants the same rows in the same order.
func TestStream_sameRowsAsDatabaseSQL(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	def, err := Open(ctx, "", DefaultRegister, OpenOptions{Now: func() time.Time { return frozenNow }, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { def.Close() })
	ing := newTestIngester(t, "")
	path := filepath.Join(t.TempDir(), "r.csv")
	if err := gen.WriteCSVFile(path, 3000); err != nil {
		t.Fatal(err)
	}
	if _, err := ing.IngestFile(ctx, path, FileOptions{}); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		q       *queries.Queries
		members int
	}{
		// The default register names 310 of the network's 425 members (../shared/data).
		"default register":   {queries.New(def), 310},
		"generated register": {queries.New(ing.DB), 3000},
	} {
		db := def
		if name != "default register" {
			db = ing.DB
		}
		arrow := tc.q.WithStream(Stream(db))
		t.Run(name+"/Members", func(t *testing.T) {
			sameRows(t, tc.members, tc.q.Members(ctx), arrow.Members(ctx))
		})
		t.Run(name+"/ActiveMembers", func(t *testing.T) {
			sameRows(t, -1, tc.q.ActiveMembers(ctx), arrow.ActiveMembers(ctx))
		})
		t.Run(name+"/MembersReporting", func(t *testing.T) {
			sameRows(t, tc.members, tc.q.MembersReporting(ctx, asOf), arrow.MembersReporting(ctx, asOf))
		})
		t.Run(name+"/ComplianceRows", func(t *testing.T) {
			sameRows(t, tc.members, tc.q.ComplianceRows(ctx, asOf), arrow.ComplianceRows(ctx, asOf))
		})
	}
}

// sameRows wants want and got to yield equal rows, n of them (any number above 0 for n < 0).
func sameRows[T any](t *testing.T, n int, want, got iter.Seq2[T, error]) {
	t.Helper()
	collect := func(s iter.Seq2[T, error]) []T {
		var out []T
		for v, err := range s {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		return out
	}
	w, g := collect(want), collect(got)
	if len(g) == 0 || (n >= 0 && len(g) != n) {
		t.Fatalf("Stream gave %d rows, want %d (database/sql gave %d)", len(g), n, len(w))
	}
	if len(w) != len(g) {
		t.Fatalf("Stream gave %d rows, database/sql %d", len(g), len(w))
	}
	nulls := 0
	for i := range w {
		if !reflect.DeepEqual(w[i], g[i]) {
			t.Fatalf("row %d:\nStream       %+v\ndatabase/sql %+v", i+1, g[i], w[i])
		}
		if m, ok := any(g[i]).(queries.Member); ok && (m.AppliedOn == nil || m.Lat == nil) {
			nulls++
		}
	}
	if _, ok := any(g[0]).(queries.Member); ok && n > 1000 && nulls == 0 {
		t.Error("the generated register gave no member with a NULL: the test reads no NULL")
	}
}

// TestStream_failures: a failing query and a column type the batches do not read are errors,
// and a range broken early ends cleanly.
func TestStream_failures(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	ing := newTestIngester(t, "")
	col := Stream(ing.DB)
	for _, tc := range []struct{ query, want string }{
		{"SELECT * FROM no_such_table", "no_such_table"},
		{"SELECT [1, 2] AS pair", "column pair: DuckDB type"},
	} {
		var got error
		for _, err := range col(ctx, tc.query) {
			got = err
		}
		if got == nil || !strings.Contains(got.Error(), tc.want) {
			t.Errorf("%s: error %v, want one that says %q", tc.query, got, tc.want)
		}
	}
	n := 0
	for b, err := range col(ctx, "SELECT range AS i FROM range(10000)") {
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := b.Int(0, 0); !ok || v != 0 && n == 0 {
			t.Errorf("first batch's first value %d, %v; want 0", v, ok)
		}
		n++
		break
	}
	if n != 1 {
		t.Errorf("broke after %d batches, want 1", n)
	}
	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range col(ctx2, "SELECT 1") {
		if err == nil {
			t.Error("a cancelled context gave a batch, want its error")
		}
	}
}

// TestStream_connHandle pins connHandle to go-duckdb's driver connection: a go-duckdb
// connection gives its handle, anything else an error (a go-duckdb whose conn no longer
// starts with duckdbCon fails here, not in a report).
func TestStream_connHandle(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	conn, err := ing.DB.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		h, err := connHandle(dc)
		if err != nil {
			return err
		}
		if h == nil {
			t.Error("go-duckdb's connection gave a nil handle")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A struct whose first field has go-duckdb's name but not its type.
	type other struct{ duckdbCon string }
	for _, v := range []any{nil, 3, &struct{}{}, &other{duckdbCon: "x"}} {
		if _, err := connHandle(v); err == nil {
			t.Errorf("connHandle(%T) gave a handle, want an error", v)
		}
	}
}
