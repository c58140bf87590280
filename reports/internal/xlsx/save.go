package xlsx

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/xuri/excelize/v2"
)

// PublishFunc publishes at path (or rel) the bytes write produces: atomicfile.Write, or a
// Staging's Write.
type PublishFunc func(path string, perm fs.FileMode, write func(io.Writer) error) error

// Save writes f with publish at path and closes f, which removes excelize's own
// temporary files.
func Save(f *excelize.File, publish PublishFunc, path string) error {
	err := publish(path, 0o644, func(w io.Writer) error { return f.Write(w) })
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close workbook %s: %w", path, cerr)
	}
	return err
}
