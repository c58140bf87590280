//go:build unix

package pipeline

import (
	"os"
	"syscall"
)

// fileLockedByOther reports whether another process holds a lock on path. DuckDB locks its file
// with fcntl, and go-duckdb reports a failed open only as text, so asking the kernel is how Open
// tells "in use" apart from other failures without matching messages.
func fileLockedByOther(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != syscall.F_UNLCK
}
