//go:build unix

package reports

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestRemoveStaleTemps: what a killed run left (its process is gone) is removed; what a live
// run is writing, and everything else, stays.
func TestRemoveStaleTemps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	files := []string{
		"gnlc-annual-2024.xlsx",
		".gnlc-annual-2024.xlsx.tmp-" + dead + "-123",      // killed run
		".gnlc-annual-2024.xlsx.tmp-" + live + "-456",      // concurrent run
		"charts/en/.growth.html.tmp-" + dead + "-789",      // killed run, deeper
		"delegations/.staging-" + dead + "-42/en/FRA.xlsx", // killed run's staging folder
		"delegations/.staging-" + live + "-43/en/FRA.xlsx",
		".notes.tmp-old", // not ours
		"charts/en/growth.html",
	}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStaleTemps(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range removed {
		removed[i], _ = filepath.Rel(dir, p)
	}
	slices.Sort(removed)
	want := []string{
		".gnlc-annual-2024.xlsx.tmp-" + dead + "-123",
		"charts/en/.growth.html.tmp-" + dead + "-789",
		"delegations/.staging-" + dead + "-42",
	}
	if diff := cmp.Diff(want, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	var left []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			left = append(left, rel)
		}
		return err
	})
	wantLeft := []string{
		".gnlc-annual-2024.xlsx.tmp-" + live + "-456", ".notes.tmp-old", "charts/en/growth.html",
		"delegations/.staging-" + live + "-43/en/FRA.xlsx", "gnlc-annual-2024.xlsx",
	}
	if diff := cmp.Diff(wantLeft, left); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}

	if removed, err := RemoveStaleTemps(filepath.Join(dir, "missing")); err != nil || len(removed) != 0 {
		t.Errorf("missing folder: %v, %v", removed, err)
	}
}
