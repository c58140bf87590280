package atomicfile_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gnlc/internal/atomicfile"
)

// The examples write files, so they are compiled but not run; the tests run the same steps in
// a test's own folder.

// A renderer writes into Write's io.Writer; out/charts/en/growth.html appears whole, or not at
// all, and a previous version stays whole until then.
func ExampleWrite() {
	err := atomicfile.Write(filepath.Join("out", "charts", "en", "growth.html"), 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "<!DOCTYPE html>")
		return err
	})
	if err != nil {
		fmt.Println(err)
	}
}

// A folder is filled beside its target, then swapped in whole: a reader of export/ sees the
// previous export or this one, never a mix.
func ExampleReplaceDir() {
	dir := "export"
	tmp, err := atomicfile.MkdirTemp(dir) // .export.tmp-<pid>-<random>
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp) // nothing left once published
	if err := os.WriteFile(filepath.Join(tmp, "members.csv"), []byte("city\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	if err := atomicfile.ReplaceDir(tmp, dir); err != nil {
		fmt.Println(err)
	}
}

// The files of a set are written into a staging folder and published together, or not at all.
func ExampleStaging() {
	st, err := atomicfile.NewStaging(filepath.Join("out", "delegations"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Remove()
	rels := []string{"fr/FRA-france.xlsx", "es/MEX-mexico.xlsx"}
	for _, rel := range rels {
		if err := st.Write(rel, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, rel); return err }); err != nil {
			fmt.Println(err)
			return // nothing published
		}
	}
	paths, err := st.Publish(rels)
	fmt.Println(paths, err)
}
