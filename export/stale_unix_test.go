//go:build unix

package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// The folders an export killed with SIGKILL left beside DIR are removed by the next export; a
// concurrent export's folder is not.
func TestRun_removesStaleFolders(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "export")

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead, live := strconv.Itoa(cmd.Process.Pid), strconv.Itoa(os.Getpid())
	stale := []string{".export.tmp-" + dead + "-1", ".export.old-" + dead + "-2"}
	keep := []string{".export.tmp-" + live + "-3", ".other.tmp-" + dead + "-4"}
	for _, d := range append(stale, keep...) {
		if err := os.MkdirAll(filepath.Join(parent, d, "members"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	runExport(t, db, FormatCSV, dir)
	for _, d := range stale {
		if _, err := os.Stat(filepath.Join(parent, d)); !os.IsNotExist(err) {
			t.Errorf("%s: still there (%v)", d, err)
		}
	}
	for _, d := range keep {
		if _, err := os.Stat(filepath.Join(parent, d)); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}
