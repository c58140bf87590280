package reports

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// tempPattern is the os.CreateTemp / os.MkdirTemp pattern of this process's temporary files and
// folders: prefix, the process id, then the random part ("<prefix><pid>-<random>"). The process
// id lets a later run tell what a killed run left behind (its process is gone) from what a
// concurrent run is still writing (see RemoveStaleTemps).
func tempPattern(prefix string) string {
	return prefix + strconv.Itoa(os.Getpid()) + "-*"
}

// staleName matches the names tempPattern makes: ".<name>.tmp-<pid>-<n>" (atomicWrite) and
// ".staging-<pid>-<n>" (WriteDelegations).
var staleName = regexp.MustCompile(`^\.(?:.+\.tmp|staging)-([0-9]+)-[0-9]+$`)

// RemoveStaleTemps removes, anywhere under dir, the temporary files and staging folders that a
// run killed before it could clean up (SIGKILL, power loss) left behind: those whose writing
// process no longer exists. A concurrent run's temporary files are left alone. It returns the
// paths removed; a missing dir is not an error. Call it before writing reports into dir.
func RemoveStaleTemps(dir string) (removed []string, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		m := staleName.FindStringSubmatch(d.Name())
		if m == nil {
			return nil
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || processAlive(pid) {
			return nil
		}
		if err := os.RemoveAll(path); err != nil {
			return err
		}
		removed = append(removed, path)
		if d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	return removed, err
}
