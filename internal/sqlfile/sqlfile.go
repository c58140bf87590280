// Package sqlfile reads the SQL statements a package embeds, one per file, by name: the one way
// gnlc's packages that run SQL (pipeline, queries, export) name a statement and look it up.
//
// A package lists its statements as constants indexing a table of file names, and reads every
// file once, as it initializes:
//
//	var statementTexts = sqlfile.ReadAll(sqlFiles, "sql", statementFiles[:])
//
// A name without its file panics there, stopping every program and test before it starts, so
// a lookup of a statement's text cannot fail. Each package's TestSQLFiles checks the other way
// with Unused: that no embedded file is left without a name.
package sqlfile

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// ReadAll returns the text of each file dir/<name>.sql of fsys, in the order of names. It
// panics when one is missing: call it from a package-level variable's initializer.
func ReadAll(fsys fs.FS, dir string, names []string) []string {
	texts := make([]string, len(names))
	for i, name := range names {
		b, err := fs.ReadFile(fsys, path.Join(dir, name+".sql"))
		if err != nil || name == "" {
			panic(fmt.Sprintf("sqlfile: statement %d (%q): %v", i, name, err))
		}
		texts[i] = string(b)
	}
	return texts
}

// Unused returns the files under dir in fsys (its subfolders included, except those in skip)
// that are not dir/<name>.sql for one of names.
func Unused(fsys fs.FS, dir string, names []string, skip ...string) ([]string, error) {
	var unused []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && slices.Contains(skip, p):
			return fs.SkipDir
		case d.IsDir():
			return nil
		}
		if !slices.ContainsFunc(names, func(name string) bool { return path.Join(dir, name+".sql") == p }) {
			unused = append(unused, p)
		}
		return nil
	})
	return unused, err
}
