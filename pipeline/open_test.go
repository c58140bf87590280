package pipeline

import (
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
