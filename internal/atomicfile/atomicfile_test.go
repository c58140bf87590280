package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree lists everything under dir (files and folders, relative, sorted), temporaries included.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestWrite: a write that succeeds replaces the file whole; one that fails, at any step, leaves
// the previous file as it was and no temporary file.
func TestWrite(t *testing.T) {
	t.Parallel()
	errHalfway := errors.New("disk full halfway")
	tests := []struct {
		name    string
		old     string // previous content of out.txt; "" for none
		write   func(io.Writer) error
		wantErr error
		want    []string // the folder afterwards
		content string   // of out.txt afterwards
	}{
		{"success replaces", "old", writeString("new"), nil, []string{"out.txt"}, "new"},
		{"success creates", "", writeString("new"), nil, []string{"out.txt"}, "new"},
		{"empty output", "old", func(io.Writer) error { return nil }, nil, []string{"out.txt"}, ""},
		{"more than the buffer", "old", writeString(string(make([]byte, 3<<20))), nil, []string{"out.txt"}, string(make([]byte, 3<<20))},
		{"failure halfway keeps the old file", "old", func(w io.Writer) error {
			if _, err := io.WriteString(w, "partial"); err != nil {
				return err
			}
			return errHalfway
		}, errHalfway, []string{"out.txt"}, "old"},
		{"failure past the buffer keeps the old file", "old", func(w io.Writer) error {
			if _, err := w.Write(make([]byte, 3<<20)); err != nil {
				return err
			}
			return errHalfway
		}, errHalfway, []string{"out.txt"}, "old"},
		{"failure leaves no file", "", func(io.Writer) error { return errHalfway }, errHalfway, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "out.txt")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, 0o644, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, tree(t, dir)); diff != "" {
				t.Errorf("folder (-want +got):\n%s", diff)
			}
			if tt.want == nil {
				return
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.content {
				t.Errorf("out.txt holds %d bytes, want %d", len(got), len(tt.content))
			}
			if st, err := os.Stat(path); err != nil {
				t.Fatal(err)
			} else if want := fs.FileMode(0o644); tt.wantErr == nil && runtime.GOOS != "windows" && st.Mode().Perm() != want {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
			}
		})
	}
}

func TestWrite_missingFolder(t *testing.T) {
	t.Parallel()
	err := Write(filepath.Join(t.TempDir(), "nope", "x"), 0o644, writeString("x"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "index.html")
	for _, data := range []string{"<html>one</html>", "<html>two</html>"} {
		if err := WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != data {
			t.Errorf("got %q, %v; want %q", got, err, data)
		}
	}
	if diff := cmp.Diff([]string{"index.html"}, tree(t, dir)); diff != "" {
		t.Errorf("folder (-want +got):\n%s", diff)
	}
}
