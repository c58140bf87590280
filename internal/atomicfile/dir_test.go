package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// exchanges are the two ways ReplaceDir swaps folders: the system's exchange (where there is
// one) and the fallback, renaming the previous folder aside.
func exchanges(t *testing.T) []struct {
	name     string
	exchange func(a, b string) error
} {
	t.Helper()
	out := []struct {
		name     string
		exchange func(a, b string) error
	}{{"rename aside", func(string, string) error { return errors.ErrUnsupported }}}
	if runtime.GOOS == "linux" {
		out = append(out, struct {
			name     string
			exchange func(a, b string) error
		}{"exchange", exchange})
	}
	return out
}

// fillTemp makes a temporary folder beside dir holding version v: files a and sub/b.
func fillTemp(t *testing.T, dir, v string) string {
	t.Helper()
	tmp, err := MkdirTemp(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(tmp, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a", "sub/b"} {
		if err := os.WriteFile(filepath.Join(tmp, f), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}

// TestReplaceDir: the new folder takes dir's place whole, whatever was there (nothing, an empty
// folder, a previous version), and nothing else is left beside it.
func TestReplaceDir(t *testing.T) {
	t.Parallel()
	for _, ex := range exchanges(t) {
		for _, before := range []string{"missing", "empty", "previous"} {
			t.Run(ex.name+"/"+before, func(t *testing.T) {
				t.Parallel()
				parent := t.TempDir()
				dir := filepath.Join(parent, "export")
				switch before {
				case "empty":
					if err := os.Mkdir(dir, 0o755); err != nil {
						t.Fatal(err)
					}
				case "previous":
					if err := replaceDir(fillTemp(t, dir, "v1"), dir, ex.exchange); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, "only-in-v1"), nil, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if err := replaceDir(fillTemp(t, dir, "v2"), dir, ex.exchange); err != nil {
					t.Fatal(err)
				}
				want := []string{"export", "export/a", "export/sub", "export/sub/b"}
				if diff := cmp.Diff(want, tree(t, parent)); diff != "" {
					t.Errorf("after ReplaceDir (-want +got):\n%s", diff)
				}
				for _, f := range []string{"a", "sub/b"} {
					if b, err := os.ReadFile(filepath.Join(dir, f)); err != nil || string(b) != "v2" {
						t.Errorf("%s: %q, %v; want v2", f, b, err)
					}
				}
			})
		}
	}
}

// TestReplaceDir_notAFolder: a file (or a link) at dir is refused, and left as it was.
func TestReplaceDir_notAFolder(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "export")
	if err := os.WriteFile(dir, []byte("thesis"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := fillTemp(t, dir, "v2")
	if err := ReplaceDir(tmp, dir); err == nil {
		t.Fatal("ReplaceDir over a file succeeded")
	}
	if b, err := os.ReadFile(dir); err != nil || string(b) != "thesis" {
		t.Errorf("the file: %q, %v", b, err)
	}
}

// TestReplaceDir_atomic: a reader that opens dir while it is replaced again and again always
// finds one version whole (a and sub/b alike), and with the system's exchange dir is never
// missing.
func TestReplaceDir_atomic(t *testing.T) {
	t.Parallel()
	for _, ex := range exchanges(t) {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "export")
			if err := replaceDir(fillTemp(t, dir, "v0"), dir, ex.exchange); err != nil {
				t.Fatal(err)
			}
			const replaces = 40
			var stop atomic.Bool
			var wg sync.WaitGroup
			var whole, noFolder, removedWhileRead atomic.Int64
			errs := make(chan error, 1)
			wg.Go(func() {
				for !stop.Load() {
					// os.Root holds the folder open: both files come from the same folder.
					root, err := os.OpenRoot(dir)
					if err != nil {
						noFolder.Add(1)
						continue
					}
					a, aerr := root.ReadFile("a")
					b, berr := root.ReadFile("sub/b")
					root.Close()
					switch {
					case aerr != nil || berr != nil:
						// A previous version, removed once replaced, while it was read.
						removedWhileRead.Add(1)
					case string(a) != string(b):
						select {
						case errs <- fmt.Errorf("mixed versions: a %q, sub/b %q", a, b):
						default:
						}
					default:
						whole.Add(1)
					}
				}
			})
			for i := 1; i <= replaces; i++ {
				if err := replaceDir(fillTemp(t, dir, fmt.Sprint("v", i)), dir, ex.exchange); err != nil {
					stop.Store(true)
					wg.Wait()
					t.Fatal(err)
				}
			}
			stop.Store(true)
			wg.Wait()
			select {
			case err := <-errs:
				t.Error(err)
			default:
			}
			t.Logf("%d whole reads; %d found no folder; %d read a version being removed", whole.Load(), noFolder.Load(), removedWhileRead.Load())
			if ex.name == "exchange" && noFolder.Load() > 0 {
				t.Errorf("with the exchange, dir was missing %d times", noFolder.Load())
			}
			if b, err := os.ReadFile(filepath.Join(dir, "a")); err != nil || string(b) != fmt.Sprint("v", replaces) {
				t.Errorf("after the last replace: %q, %v", b, err)
			}
		})
	}
}
