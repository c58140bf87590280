package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"gnlc/internal/atomicfile"
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

// writeManifest writes m as root/ManifestName; publish syncs it with the rest of the export.
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
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: manifest: %w", err)
	}
	return nil
}

// publish puts the finished export tmp at dir, whole (atomicfile.ReplaceDir): dir holds the
// previous export or the new one, never a mix or a part. It checks again that dir may be
// replaced, as it may have changed since Run began.
func publish(tmp, dir string) error {
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	if err := atomicfile.ReplaceDir(tmp, dir); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// removeStale removes the folders beside dir that an export killed before it could clean up
// (SIGKILL, power loss) left; a concurrent export's folder stays.
func removeStale(dir string, log *slog.Logger) {
	if _, err := atomicfile.RemoveStaleBeside(dir); err != nil {
		log.Warn("export: could not remove the folder of an interrupted export", "err", err)
	}
}
