package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// The kinds of temporary name.
const (
	kindTmp     = "tmp"     // a file or folder being written
	kindOld     = "old"     // a previous folder renamed aside (ReplaceDir without an exchange)
	kindStaging = "staging" // a Staging folder
)

// tempPattern is the os.CreateTemp / os.MkdirTemp pattern of this process's temporaries:
// ".<name>.<kind>-<pid>-*", or ".<kind>-<pid>-*" when name is empty. os.CreateTemp and
// os.MkdirTemp put a random number where the "*" is.
func tempPattern(name, kind string) string {
	prefix := "."
	if name != "" {
		prefix += name + "."
	}
	return prefix + kind + "-" + strconv.Itoa(os.Getpid()) + "-*"
}

// tempName matches the names tempPattern makes: 1 is the name (possibly empty), 2 the pid.
var tempName = regexp.MustCompile(`^\.(?:(.+)\.)?(?:tmp|old|staging)-([0-9]+)-[0-9]+$`)

// parseTemp returns the name and the writing process of a temporary name.
func parseTemp(base string) (name string, pid int, ok bool) {
	m := tempName.FindStringSubmatch(base)
	if m == nil {
		return "", 0, false
	}
	pid, err := strconv.Atoi(m[2])
	if err != nil {
		return "", 0, false
	}
	return m[1], pid, true
}

// isStale reports whether base is a temporary name whose writing process is gone.
func isStale(base string) bool {
	_, pid, ok := parseTemp(base)
	return ok && !processAlive(pid)
}

// RemoveStale removes, anywhere under root, the temporary files and folders that a run killed
// before it could clean up (SIGKILL, power loss) left behind: those whose writing process no
// longer exists. A running process's temporaries, and every other file, stay. It goes on past
// a temporary it cannot remove and returns the paths removed with the errors joined; a missing
// root is not an error. Call it before writing outputs under root.
func RemoveStale(root string) (removed []string, err error) {
	var errs []error
	werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if path == root || !isStale(d.Name()) {
			return nil
		}
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, fmt.Errorf("remove %s: %w", path, err))
		} else {
			removed = append(removed, path)
		}
		if d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	return removed, errors.Join(append(errs, werr)...)
}

// RemoveStaleBeside is RemoveStale for one output, target, in its folder only: it removes the
// temporaries named for target (".<base>.tmp-…", ".<base>.old-…") whose process is gone, and
// looks at nothing else in the folder, which may be a user's home. A missing folder is not an
// error.
func RemoveStaleBeside(target string) (removed []string, err error) {
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("remove stale temporaries of %s: %w", target, err)
	}
	var errs []error
	for _, e := range entries {
		name, _, ok := parseTemp(e.Name())
		if !ok || name != base || !isStale(e.Name()) {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, fmt.Errorf("remove %s: %w", path, err))
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}
