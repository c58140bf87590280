package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sync/errgroup"
)

// TestStaging: the files of a set are published together, beside the files already there; a
// set with one failed file publishes none, keeps the previous files and leaves no temporary.
func TestStaging(t *testing.T) {
	t.Parallel()
	errBroken := errors.New("disk on fire")
	tests := []struct {
		name    string
		files   map[string]error // rel → the error its write returns
		wantErr error
		want    []string // under the root afterwards
	}{
		{"all written", map[string]error{"fr/FRA.xlsx": nil, "en/VNM.xlsx": nil}, nil,
			[]string{"en", "en/VNM.xlsx", "fr", "fr/FRA.xlsx", "fr/old.xlsx"}},
		{"one failed", map[string]error{"fr/FRA.xlsx": nil, "en/VNM.xlsx": errBroken}, errBroken,
			[]string{"fr", "fr/FRA.xlsx", "fr/old.xlsx"}},
		{"outside the root", map[string]error{"fr/FRA.xlsx": nil, "../x.xlsx": nil}, errNotLocal,
			[]string{"fr", "fr/FRA.xlsx", "fr/old.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := filepath.Join(t.TempDir(), "delegations")
			for _, f := range []string{"fr/FRA.xlsx", "fr/old.xlsx"} {
				if err := os.MkdirAll(filepath.Join(root, "fr"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(root, f), []byte("last year"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := stageAndPublish(root, tt.files)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, tree(t, root)); diff != "" {
				t.Errorf("root (-want +got):\n%s", diff)
			}
			if entries, _ := os.ReadDir(filepath.Dir(root)); len(entries) != 1 {
				t.Errorf("beside the root: %v, want nothing", entries)
			}
			want := "last year"
			if err == nil {
				want = "new"
			}
			if b, _ := os.ReadFile(filepath.Join(root, "fr/FRA.xlsx")); string(b) != want {
				t.Errorf("fr/FRA.xlsx = %q, want %q", b, want)
			}
		})
	}
}

// stageAndPublish writes files (concurrently) in a Staging of root and publishes them when all
// succeeded, as the delegation workbooks are.
func stageAndPublish(root string, files map[string]error) (err error) {
	st, err := NewStaging(root)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := st.Remove(); rerr != nil && err == nil {
			err = rerr
		}
	}()
	var g errgroup.Group
	var rels []string
	for rel, werr := range files {
		rels = append(rels, rel)
		g.Go(func() error {
			return st.Write(rel, 0o644, func(w io.Writer) error {
				if _, err := io.WriteString(w, "new"); err != nil {
					return err
				}
				return werr
			})
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	paths, err := st.Publish(rels)
	if err != nil {
		return err
	}
	for i, p := range paths {
		if p != filepath.Join(root, rels[i]) {
			return errors.New("Publish returned " + p + " for " + rels[i])
		}
	}
	return nil
}
