package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// MkdirTemp creates an empty temporary folder beside target (".<base>.tmp-<pid>-<random>" in
// target's folder, so on its file system) for a folder to be filled and then published at
// target with ReplaceDir. On failure the caller removes it (os.RemoveAll). target's folder
// must exist.
func MkdirTemp(target string) (string, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(target), tempPattern(filepath.Base(target), kindTmp))
	if err != nil {
		return "", fmt.Errorf("create temporary folder for %s: %w", target, err)
	}
	return tmp, nil
}

// ReplaceDir publishes the finished folder tmp (from MkdirTemp) at dir, so that dir never holds
// a mix of the two or a partial one. It syncs every file and folder in tmp, then:
//   - when dir does not exist, renames tmp to dir;
//   - when dir exists (a previous version, or an empty folder), swaps the two in one atomic step
//     where the system can (Linux: renameat2 RENAME_EXCHANGE), else renames dir aside
//     (".<base>.old-<pid>-<random>") and tmp into place, putting dir back if that fails;
//
// then syncs dir's parent folder and removes the previous version. Whether dir may be replaced
// at all is the caller's decision, taken before: ReplaceDir removes whatever the folder dir
// held (it refuses a dir that is a file or a symbolic link). On an error before the swap, dir
// is as it was and tmp is the caller's to remove. Calls on one dir at the same time each
// publish a whole folder and the last one stays, where the exchange exists; elsewhere one may
// fail.
func ReplaceDir(tmp, dir string) error {
	return replaceDir(tmp, dir, exchange)
}

// replaceDir is ReplaceDir with the exchange to use (a test takes the fallback on Linux too).
func replaceDir(tmp, dir string, exchange func(a, b string) error) error {
	if err := syncTree(tmp); err != nil {
		return fmt.Errorf("publish %s: %w", dir, err)
	}
	parent := filepath.Dir(dir)
	switch st, err := os.Lstat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("publish %s: %w", dir, err)
		}
		if err := syncDir(parent); err != nil {
			return fmt.Errorf("publish %s: %w", dir, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("replace %s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("replace %s: it is not a folder", dir)
	}

	old := tmp // after an exchange, tmp holds the previous version
	if err := exchange(tmp, dir); err != nil {
		// No atomic exchange here: rename the previous version aside, under a fresh name.
		if old, err = reserveName(dir, kindOld); err != nil {
			return fmt.Errorf("replace %s: %w", dir, err)
		}
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("replace %s: %w", dir, err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("replace %s: %w (the previous version is in %s)", dir, err, old)
			}
			return fmt.Errorf("replace %s: %w", dir, err)
		}
	}
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("replace %s: remove the previous version (now %s): %w", dir, old, err)
	}
	return nil
}

// reserveName returns a fresh temporary name of kind beside target, that nothing has.
func reserveName(target, kind string) (string, error) {
	p, err := os.MkdirTemp(filepath.Dir(target), tempPattern(filepath.Base(target), kind))
	if err != nil {
		return "", err
	}
	if err := os.Remove(p); err != nil {
		return "", err
	}
	return p, nil
}

// syncTree syncs every regular file and folder under root, root included.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return syncDir(path)
		case d.Type().IsRegular():
			return syncFile(path)
		}
		return nil
	})
}

// syncFile syncs the file at path, written and closed earlier.
func syncFile(path string) error {
	flag := os.O_RDONLY
	if runtime.GOOS == "windows" {
		flag = os.O_RDWR // FlushFileBuffers needs write access
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
