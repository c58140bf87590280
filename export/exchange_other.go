//go:build !linux

package export

import "errors"

// exchange is not available here; replaceExport renames the previous export aside instead.
func exchange(a, b string) error { return errors.ErrUnsupported }
