package pipeline

import (
	"embed"
	"fmt"
)

// sqlFS holds every statement ingest runs, one per file, parameters bound ($1, $2, ...).
//
//go:embed sql/*.sql
var sqlFS embed.FS

// stmt returns the text of sql/<name>.sql. The files are part of the binary, so a missing one is
// a build defect (TestSQLFiles runs every name), hence the panic.
func stmt(name string) string {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("pipeline: embedded statement %s: %v", name, err))
	}
	return string(b)
}
