package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestOpen_modes: what each Mode puts into the database it opens, and the paths it refuses.
func TestOpen_modes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "gnlc.duckdb") // the folder is created too
	var seeded []string
	opts := OpenOptions{Now: func() time.Time { return frozenNow }, Version: "test",
		Seeded: func(res *FileResult) { seeded = append(seeded, res.File) }}
	count := `SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sources),
		(SELECT count(*) > 0 FROM countries)::INTEGER, (SELECT count(*) FROM rules_settings),
		(SELECT count(*) > 0 FROM growth)::INTEGER`

	rw, err := Open(t.Context(), path, ReadWrite, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A new database: the schema, the countries, the rules, the views and the published figures.
	if diff := cmp.Diff([]int64{0, 1, 1, 1, 1}, queryInts(t, rw, count)); diff != "" {
		t.Errorf("new database: members, sources, countries, rules, growth (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"fixtures/announcements.csv"}, seeded); diff != "" {
		t.Errorf("Seeded (-want +got):\n%s", diff)
	}
	rw.Close()

	seeded = nil
	rw, err = Open(t.Context(), path, ReadWrite, opts) // seeded once in its life
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int64{0, 1, 1, 1, 1}, queryInts(t, rw, count)); diff != "" || seeded != nil {
		t.Errorf("reopened: seeded %q (-want +got):\n%s", seeded, diff)
	}
	rw.Close()

	mem, err := Open(t.Context(), "", DefaultRegister, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if got := queryInts(t, mem, count); got[0] == 0 || got[1] != 2 || got[4] != 1 {
		t.Errorf("default register: members, sources, countries, rules, growth = %v", got)
	}

	for _, tt := range []struct {
		path string
		mode Mode
		want string
	}{
		{"", ReadWrite, "a read-write database needs a file"},
		{"", ReadOnly, "a read-only database needs a file"},
		{path, DefaultRegister, "the default register has no file"},
		{path, Mode(0), "unknown mode"},
		{path + "?x=1", ReadWrite, "may not contain '?'"},
	} {
		if _, err := Open(t.Context(), tt.path, tt.mode, opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q, %v): %v, want an error with %q", tt.path, tt.mode, err, tt.want)
		}
	}
}

// A read-only database caps DuckDB's memory and spills into a folder of its own, created when
// it opens and gone when it closes; nothing is left beside the file. A TEMP table beyond a
// lowered limit is made to spill, so the folder is really used.
func TestOpen_readOnlySpillsIntoItsOwnFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	path := filepath.Join(dir, "gnlc.duckdb")
	rw, err := Open(t.Context(), path, ReadWrite, OpenOptions{Now: func() time.Time { return frozenNow }})
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()

	ro, err := Open(t.Context(), path, ReadOnly, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var limit, spill string
	if err := ro.QueryRowContext(t.Context(), `SELECT current_setting('memory_limit'), current_setting('temp_directory')`).Scan(&limit, &spill); err != nil {
		t.Fatal(err)
	}
	if limit != "244.1 MiB" && limit != "256.0 MB" {
		t.Errorf("memory_limit = %q, want 256MB", limit)
	}
	if filepath.Dir(spill) != tmp || !strings.HasPrefix(filepath.Base(spill), "gnlc-duckdb-") {
		t.Errorf("temp_directory = %q, want a gnlc-duckdb-* folder in %s", spill, tmp)
	}
	conn, err := ro.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), `SET memory_limit = '8MB'`); err != nil {
		t.Fatal(err)
	}
	// A TEMP table larger than the limit lives in the folder's temporary storage while the
	// connection holds it.
	if _, err := conn.ExecContext(t.Context(), `CREATE TEMP TABLE big AS SELECT i, i::VARCHAR || 'x' AS s FROM range(1000000) t(i)`); err != nil {
		t.Fatalf("a TEMP table beyond the memory limit: %v", err)
	}
	used, err := os.ReadDir(spill)
	if err != nil || len(used) == 0 {
		t.Errorf("the TEMP table left nothing in %s (%v): it did not spill there", spill, err)
	}
	conn.Close()
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(spill); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary folder %s after Close: %v, want it removed", spill, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"gnlc.duckdb"}, names); diff != "" {
		t.Errorf("beside the database after a read-only session (-want +got):\n%s", diff)
	}
}
