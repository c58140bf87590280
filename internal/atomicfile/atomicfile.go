// Package atomicfile is the one way gnlc publishes an output: the annual workbook, the
// delegation workbooks, the chart pages and the export folders. A reader of an output (a
// person, Excel, a browser, Spark) sees the previous version or the new one, whole, never part
// of one, whatever happens to the writing process (an error, Ctrl-C, SIGKILL, power loss).
//
// It sits at the very end of the flow, under reports and export:
//
//	renderer ──io.Writer──▶ temporary file or folder ──sync, rename, sync folder──▶ output
//
// Every output is first written under a temporary name in its final folder (same file system,
// so the rename is atomic), then published with one fsync rule:
//
//  1. the file (every file of a folder) is synced, so its bytes are on disk;
//  2. it is renamed into place (or, for a folder, swapped in);
//  3. the folder that holds the new name is synced, so the rename itself is on disk.
//
// Temporary names start with a dot and carry the writing process's id:
// ".<name>.tmp-<pid>-<random>" for a file or folder being written, ".<name>.old-<pid>-<random>"
// for a previous folder renamed aside, ".staging-<pid>-<random>" for a staging folder. The id
// is what lets RemoveStale tell what a killed run left behind (its process is gone) from what a
// concurrent run is still writing.
//
// It imports only the standard library and golang.org/x/sys (reports/deps_test.go checks).
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// WriteFile publishes data at path with permissions perm (umask aside), like os.WriteFile but
// atomically: see Write.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write publishes at path the bytes write produces, with permissions perm (umask aside). It
// writes a temporary file in path's folder through a buffer, syncs and closes it, renames it
// over path and syncs the folder. On any error, write's included, the temporary file is
// removed and a previous file at path is left as it was. The folder must exist.
//
// Write may run concurrently, on different paths or on the same one (the last rename wins;
// either way the file is whole).
func Write(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir, name := filepath.Dir(path), filepath.Base(path)
	tmp, err := os.CreateTemp(dir, tempPattern(name, kindTmp))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := writeSynced(tmp, perm, write); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("publish %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("publish %s: %w", path, err)
	}
	return nil
}

// writeSynced writes what write produces to f through a buffer, sets perm, syncs and closes f.
func writeSynced(f *os.File, perm fs.FileMode, write func(io.Writer) error) error {
	if err := writeBuffered(f, perm, write); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return f.Close()
}

// writeBuffered writes what write produces to f through a buffer and sets perm; the caller
// syncs and closes f.
func writeBuffered(f *os.File, perm fs.FileMode, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	// os.CreateTemp makes 0600 files; outputs are documents to share.
	return f.Chmod(perm)
}

// syncDir makes the renames and removals in dir durable. Where the system cannot sync a folder
// (Windows; a file system that answers EINVAL), there is nothing more to do.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}
