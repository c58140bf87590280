package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// resolveDir makes dir absolute and, when it exists as a symbolic link, resolves it, so the
// temporary folder is created beside the real target, on its file system, where rename works.
func resolveDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("export: output folder %s: %w", dir, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return "", fmt.Errorf("export: output folder %s: %w", dir, err)
		}
	}
	parent := filepath.Dir(abs)
	if st, err := os.Stat(parent); err != nil {
		return "", fmt.Errorf("export: output folder %s: %w", dir, err)
	} else if !st.IsDir() {
		return "", fmt.Errorf("export: output folder %s: %s is not a folder", dir, parent)
	}
	return abs, nil
}

// checkReplaceable refuses an output folder that exists and is neither empty nor a previous
// export: `--out .` must never delete the user's files.
func checkReplaceable(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: output folder: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("export: output folder %s: %w: it is a file", dir, ErrNotExport)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("export: output folder: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		return nil
	}
	return fmt.Errorf("export: output folder %s: %w (it has no %s): choose a new or empty folder", dir, ErrNotExport, ManifestName)
}

// writeManifest writes m as Dir/ManifestName, synced.
func writeManifest(root string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("export: manifest: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(root, ManifestName), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("export: manifest: %w", err)
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: manifest: %w", err)
	}
	return nil
}

// publish puts the finished export tmp at dir, so that dir never holds a mix of two exports or
// a partial one. A new dir is one rename. A previous export is swapped with tmp in one atomic
// step where the system can (Linux: renameat2 RENAME_EXCHANGE), else renamed aside first; then
// the old one is removed. os.Rename refuses to replace a folder, so an empty one is removed first.
func publish(tmp, dir string) error {
	parent := filepath.Dir(dir)
	if err := checkReplaceable(dir); err != nil { // it may have changed since Run began
		return err
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("export: replace %s: %w", dir, err)
	case len(entries) == 0:
		if err := os.Remove(dir); err != nil {
			return fmt.Errorf("export: replace %s: %w", dir, err)
		}
	default:
		return replaceExport(tmp, dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("export: publish %s: %w", dir, err)
	}
	syncDir(parent)
	return nil
}

// replaceExport replaces the previous export at dir with tmp, and removes the previous one.
func replaceExport(tmp, dir string) error {
	parent := filepath.Dir(dir)
	if err := exchange(tmp, dir); err == nil {
		syncDir(parent)
		// tmp now holds the previous export.
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("export: remove the previous export (now %s): %w", tmp, err)
		}
		return nil
	}
	// No atomic exchange here: rename the previous export aside, under a fresh name.
	aside, err := os.MkdirTemp(parent, tempPattern(dir, "old"))
	if err == nil {
		err = os.Remove(aside)
	}
	if err != nil {
		return fmt.Errorf("export: replace %s: %w", dir, err)
	}
	if err := os.Rename(dir, aside); err != nil {
		return fmt.Errorf("export: replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(aside, dir); rerr != nil {
			return fmt.Errorf("export: replace %s: %w (the previous export is in %s)", dir, err, aside)
		}
		return fmt.Errorf("export: replace %s: %w", dir, err)
	}
	syncDir(parent)
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("export: remove the previous export %s: %w", aside, err)
	}
	return nil
}

// tempPattern is the os.MkdirTemp pattern of this process's folders beside dir:
// ".<base>.<kind>-<pid>-<random>". The process id lets removeStale tell what a killed export
// left behind from what a concurrent one is writing.
func tempPattern(dir, kind string) string {
	return "." + filepath.Base(dir) + "." + kind + "-" + strconv.Itoa(os.Getpid()) + "-*"
}

// removeStale removes the folders beside dir that an export killed before it could clean up
// (SIGKILL, power loss) left: those of tempPattern whose process no longer exists.
func removeStale(dir string, log *slog.Logger) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), "."+base+".")
		if !ok || !e.IsDir() {
			continue
		}
		m := staleName.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		if pid, err := strconv.Atoi(m[1]); err != nil || processAlive(pid) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
			log.Warn("export: could not remove the folder of an interrupted export", "path", e.Name(), "err", err)
		}
	}
}

// staleName matches the part of a tempPattern name after ".<base>.".
var staleName = regexp.MustCompile(`^(?:tmp|old)-([0-9]+)-[0-9]+$`)

// syncDir makes a rename in dir durable. Best effort: not every file system syncs folders.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
