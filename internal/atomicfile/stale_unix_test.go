//go:build unix

package atomicfile

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

// makeFiles creates each of files (a path relative to dir; a final "/" makes a folder).
func makeFiles(t *testing.T, dir string, files []string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if f[len(f)-1] == '/' {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// relAll makes paths relative to dir and sorts them.
func relAll(t *testing.T, dir string, paths []string) []string {
	t.Helper()
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return out
}

// TestRemoveStale: what a killed run left under the root (its process is gone) is removed,
// files and folders, at any depth; what a live run is writing, and everything else, stays.
func TestRemoveStale(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	makeFiles(t, dir, []string{
		"gnlc-annual-2024.xlsx",
		".gnlc-annual-2024.xlsx.tmp-" + dead + "-123",      // killed run
		".gnlc-annual-2024.xlsx.tmp-" + live + "-456",      // concurrent run
		"charts/en/.growth.html.tmp-" + dead + "-789",      // killed run, deeper
		"delegations/.staging-" + dead + "-42/en/FRA.xlsx", // killed run's staging folder
		"delegations/.staging-" + live + "-43/en/FRA.xlsx",
		"export/.x.old-" + dead + "-7/members.csv", // an export's previous version, set aside
		".notes.tmp-old", // not ours
		".tmp-",          // not ours
		"charts/en/growth.html",
	})
	removed, err := RemoveStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".gnlc-annual-2024.xlsx.tmp-" + dead + "-123",
		"charts/en/.growth.html.tmp-" + dead + "-789",
		"delegations/.staging-" + dead + "-42",
		"export/.x.old-" + dead + "-7",
	}
	if diff := cmp.Diff(want, relAll(t, dir, removed)); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	var left []string
	for _, p := range tree(t, dir) {
		if st, err := os.Stat(filepath.Join(dir, p)); err == nil && !st.IsDir() {
			left = append(left, p)
		}
	}
	wantLeft := []string{
		".gnlc-annual-2024.xlsx.tmp-" + live + "-456", ".notes.tmp-old", ".tmp-", "charts/en/growth.html",
		"delegations/.staging-" + live + "-43/en/FRA.xlsx", "gnlc-annual-2024.xlsx",
	}
	if diff := cmp.Diff(wantLeft, left); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}

	if removed, err := RemoveStale(filepath.Join(dir, "missing")); err != nil || len(removed) != 0 {
		t.Errorf("missing folder: %v, %v", removed, err)
	}
}

// TestRemoveStaleBeside: the folders an export killed with SIGKILL left beside its target are
// removed; a concurrent export's folder, another target's, and what lies deeper are not.
func TestRemoveStaleBeside(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	makeFiles(t, parent, []string{
		".export.tmp-" + dead + "-1/members/",
		".export.old-" + dead + "-2/members/",
		".export.tmp-" + live + "-3/members/",
		".other.tmp-" + dead + "-4/members/",
		"export/.x.tmp-" + dead + "-5/",
		".export.x.tmp-" + dead + "-6/", // the temporary of "export.x"
	})
	removed, err := RemoveStaleBeside(filepath.Join(parent, "export"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".export.old-" + dead + "-2", ".export.tmp-" + dead + "-1"}
	if diff := cmp.Diff(want, relAll(t, parent, removed)); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	for _, keep := range []string{".export.tmp-" + live + "-3", ".other.tmp-" + dead + "-4", "export/.x.tmp-" + dead + "-5", ".export.x.tmp-" + dead + "-6"} {
		if _, err := os.Stat(filepath.Join(parent, keep)); err != nil {
			t.Errorf("%s: %v", keep, err)
		}
	}
	if removed, err := RemoveStaleBeside(filepath.Join(parent, "missing", "export")); err != nil || len(removed) != 0 {
		t.Errorf("missing folder: %v, %v", removed, err)
	}
}

// TestProcessAlive is the liveness check RemoveStale relies on.
func TestProcessAlive(t *testing.T) {
	t.Parallel()
	if !processAlive(os.Getpid()) {
		t.Error("this process counts as gone")
	}
	if processAlive(deadPID(t)) {
		t.Error("an exited process counts as alive")
	}
}
