package sqlfile_test

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"gnlc/internal/sqlfile"
)

var testFS = fstest.MapFS{
	"sql/a.sql":         {Data: []byte("SELECT 1")},
	"sql/b.sql":         {Data: []byte("SELECT 2")},
	"sql/sub/c.sql":     {Data: []byte("SELECT 3")},
	"sql/setup/00.sql":  {Data: []byte("CREATE TABLE t (x INT)")},
	"sql/stray.sql":     {Data: []byte("SELECT 4")},
	"sql/sub/stray.sql": {Data: []byte("SELECT 5")},
}

func TestReadAll(t *testing.T) {
	t.Parallel()
	got := sqlfile.ReadAll(testFS, "sql", []string{"b", "sub/c", "a"})
	if diff := cmp.Diff([]string{"SELECT 2", "SELECT 3", "SELECT 1"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestReadAll_missing(t *testing.T) {
	t.Parallel()
	for _, names := range [][]string{{"a", "nope"}, {"a", ""}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("ReadAll(%q) did not panic", names)
				}
			}()
			sqlfile.ReadAll(testFS, "sql", names)
		}()
	}
}

func TestUnused(t *testing.T) {
	t.Parallel()
	got, err := sqlfile.Unused(testFS, "sql", []string{"a", "b", "sub/c"}, "sql/setup")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"sql/stray.sql", "sql/sub/stray.sql"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
