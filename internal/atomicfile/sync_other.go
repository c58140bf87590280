//go:build !linux

package atomicfile

import (
	"os"
	"path/filepath"
)

// syncStaged makes the files rels written under dir durable before they are renamed into place,
// one fsync each (Linux does it in one call: sync_linux.go).
func syncStaged(dir string, rels []string) error {
	for _, rel := range rels {
		f, err := os.Open(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
