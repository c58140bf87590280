//go:build !linux

package atomicfile

import "errors"

// exchange is not available here; ReplaceDir renames the previous folder aside instead.
func exchange(a, b string) error { return errors.ErrUnsupported }
