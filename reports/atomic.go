package reports

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// atomicWrite publishes dir/name with the bytes write produces: it writes a temporary file in
// dir (same file system, so the rename is atomic), syncs and closes it, then renames it over
// dir/name. On any error, or if write fails halfway, the temporary file is removed and a
// previous dir/name is left as it was: readers see the old file or the new one, never part
// of one. dir must exist. It returns the path written. Safe for concurrent use on
// different names.
func atomicWrite(dir, name string, write func(io.Writer) error) (path string, err error) {
	path = filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, tempPattern("."+name+".tmp-"))
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = write(bw); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	// CreateTemp makes 0600 files; outputs are documents to share.
	if err = tmp.Chmod(0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return "", fmt.Errorf("sync %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("publish %s: %w", path, err)
	}
	return path, nil
}

// saveWorkbook writes f atomically to dir/name (see atomicWrite) and closes f, which removes
// excelize's own temporary files. It returns the path written.
func saveWorkbook(f *excelize.File, dir, name string) (string, error) {
	path, err := atomicWrite(dir, name, func(w io.Writer) error { return f.Write(w) })
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close workbook %s: %w", name, cerr)
	}
	if err != nil {
		return "", err
	}
	return path, nil
}
