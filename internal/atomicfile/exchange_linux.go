package atomicfile

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one atomic step (renameat2 RENAME_EXCHANGE). It fails
// where the kernel or the file system does not offer it; ReplaceDir then renames aside.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
