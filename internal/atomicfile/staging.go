package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// errNotLocal refuses a file name that would leave the root ("../x", "/x").
var errNotLocal = errors.New("not a local path")

// Staging publishes a set of files under one folder together, or none of them: the files are
// written into a private staging folder inside the root (".staging-<pid>-<random>", same file
// system), and moved to their places only when all are written. Files already under the root
// that the set does not name stay as they are.
//
// Use: NewStaging, then Write each file (concurrently if you like), then Publish; defer Remove
// whatever happens.
type Staging struct {
	root string // where the files are published
	dir  string // the staging folder, inside root
}

// NewStaging creates root when it is missing, and a staging folder inside it.
func NewStaging(root string) (*Staging, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", root, err)
	}
	dir, err := os.MkdirTemp(root, tempPattern("", kindStaging))
	if err != nil {
		return nil, fmt.Errorf("create staging folder in %s: %w", root, err)
	}
	return &Staging{root: root, dir: dir}, nil
}

// Write writes the file rel (a local path, relative to the root: "fr/FRA-france.xlsx") in the
// staging folder with the bytes write produces and permissions perm (umask aside), through a
// buffer, and closes it; Publish makes it durable with the others before it is moved. Nothing
// is visible under the root until Publish. On error the partial file is removed. Write may run
// concurrently on different names.
func (s *Staging) Write(rel string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("write %s: %w", rel, errNotLocal)
	}
	path := filepath.Join(s.dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	err = writeBuffered(f, perm, write)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}

// Publish makes the staged files rels (each written with Write) durable, then moves them to
// their places under the root, replacing files of the same names, and returns their paths in
// the order of rels: a crash leaves each name with its old file or its whole new one. It then
// syncs every folder that received a file, and those above it up to the root's parent
// (new folders included). A rename fails only for reasons outside the run (disk,
// permissions); the files already moved are whole and stay, and their paths are returned with
// the error.
func (s *Staging) Publish(rels []string) (paths []string, err error) {
	synced := map[string]bool{}
	defer func() {
		dirs := make([]string, 0, len(synced))
		for d := range synced {
			dirs = append(dirs, d)
		}
		slices.Sort(dirs)
		for _, d := range slices.Backward(dirs) { // deepest first
			if serr := syncDir(d); serr != nil && err == nil {
				err = fmt.Errorf("publish %s: %w", d, serr)
			}
		}
	}()
	for _, rel := range rels {
		if !filepath.IsLocal(rel) {
			return nil, fmt.Errorf("publish %s: %w", rel, errNotLocal)
		}
	}
	if err := syncStaged(s.dir, rels); err != nil {
		return nil, fmt.Errorf("publish: sync the staged files: %w", err)
	}
	rootParent := filepath.Dir(s.root)
	paths = make([]string, 0, len(rels))
	for _, rel := range rels {
		if !filepath.IsLocal(rel) {
			return paths, fmt.Errorf("publish %s: %w", rel, errNotLocal)
		}
		dst := filepath.Join(s.root, rel)
		dir := filepath.Dir(dst)
		if !synced[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return paths, fmt.Errorf("publish %s: %w", dst, err)
			}
		}
		if err := os.Rename(filepath.Join(s.dir, rel), dst); err != nil {
			return paths, fmt.Errorf("publish %s: %w", dst, err)
		}
		paths = append(paths, dst)
		for d := dir; !synced[d]; d = filepath.Dir(d) {
			synced[d] = true
			if d == rootParent {
				break
			}
		}
	}
	return paths, nil
}

// Remove removes the staging folder and whatever Publish did not move out of it. Call it once
// every Write has returned.
func (s *Staging) Remove() error {
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("remove staging folder: %w", err)
	}
	return nil
}
