package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// ErrOutputAsInput refuses a file under the output folder: gnlc's own outputs (workbooks,
// exports) are not registers, and loading them back would count the network twice.
var ErrOutputAsInput = errors.New("an output is not an input")

// checkInput refuses an input path that lies in the output folder (out/ under the current
// folder, where report writes and ingest keeps its database by default): as written, or once
// symbolic links are followed, so neither out/x.csv nor a link into out/ is read. Links
// elsewhere are followed: gnlc reads what they lead to, and pipeline.Ingester.IngestFile
// records the real path, so a file loaded through a link and by its own path is one source.
func checkInput(path string) error {
	out, err := filepath.Abs(defaultOut)
	if err != nil {
		return nil
	}
	outs := []string{out}
	if r, err := filepath.EvalSymlinks(out); err == nil && r != out {
		outs = append(outs, r)
	}
	paths := []string{}
	if abs, err := filepath.Abs(path); err == nil {
		paths = append(paths, abs)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if real, err = filepath.Abs(real); err == nil {
			paths = append(paths, real)
		}
	}
	for _, o := range outs {
		for _, p := range paths {
			if within(o, p) {
				return fmt.Errorf("ingest %s: %w: it is in %s%c, where gnlc writes its reports and database; copy it elsewhere to load it",
					path, ErrOutputAsInput, defaultOut, filepath.Separator)
			}
		}
	}
	return nil
}

// within reports whether path is dir or lies under it (both absolute and clean).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
