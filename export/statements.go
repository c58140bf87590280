package export

import (
	"embed"

	"gnlc/internal/sqlfile"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// A statement is one embedded file: sql/<statementFiles[s]>.sql.
type statement int

const (
	stmtObjects statement = iota
	stmtPartitions
	stmtSelectAll
	stmtSelectPartition
	stmtSelectText
	numStatements
)

var statementFiles = [numStatements]string{
	stmtObjects:         "objects",
	stmtPartitions:      "partitions",
	stmtSelectAll:       "select_all",
	stmtSelectPartition: "select_partition",
	stmtSelectText:      "select_text",
}

// statementTexts holds every statement's text, read as the package initializes (see package
// sqlfile): a statement without its file stops every program and test before it starts.
var statementTexts = sqlfile.ReadAll(sqlFiles, "sql", statementFiles[:])

// text returns the statement's SQL.
func (s statement) text() string { return statementTexts[s] }
