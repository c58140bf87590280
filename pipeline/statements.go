package pipeline

import (
	"embed"

	"gnlc/internal/sqlfile"
)

// sqlFiles holds every statement ingest runs, one per file, parameters bound ($1, $2, ...). The
// schema they run on is package queries' (Open applies it).
//
//go:embed sql/*.sql
var sqlFiles embed.FS

// A statement is one embedded file: sql/<statementFiles[s]>.sql.
type statement int

const (
	stmtCountOtherSources statement = iota
	stmtCountSources
	stmtDeleteSource
	stmtDeleteSourceAnnouncements
	stmtDeleteSourceMembers
	stmtDeleteSourceReports
	stmtDiffMembersAdded
	stmtDiffMembersChanged
	stmtDiffMembersRemoved
	stmtDropViewAnnouncements
	stmtDropViewMembers
	stmtDropViewReports
	stmtDupAnnouncementsInFile
	stmtDupAnnouncementsOtherSource
	stmtDupMembersInFile
	stmtDupMembersOtherSource
	stmtInsertAnnouncements
	stmtInsertMembers
	stmtInsertReports
	stmtInsertSource
	stmtMetaCount
	stmtMetaSet
	stmtSourceByID
	stmtSourceByPath
	stmtSourceCities
	stmtSourceRowCounts
	stmtSourcesByContent
	stmtUpdateSourceRows
	numStatements
)

var statementFiles = [numStatements]string{
	stmtCountOtherSources:           "count_other_sources",
	stmtCountSources:                "count_sources",
	stmtDeleteSource:                "delete_source",
	stmtDeleteSourceAnnouncements:   "delete_source_announcements",
	stmtDeleteSourceMembers:         "delete_source_members",
	stmtDeleteSourceReports:         "delete_source_reports",
	stmtDiffMembersAdded:            "diff_members_added",
	stmtDiffMembersChanged:          "diff_members_changed",
	stmtDiffMembersRemoved:          "diff_members_removed",
	stmtDropViewAnnouncements:       "drop_view_announcements",
	stmtDropViewMembers:             "drop_view_members",
	stmtDropViewReports:             "drop_view_reports",
	stmtDupAnnouncementsInFile:      "dup_announcements_in_file",
	stmtDupAnnouncementsOtherSource: "dup_announcements_other_source",
	stmtDupMembersInFile:            "dup_members_in_file",
	stmtDupMembersOtherSource:       "dup_members_other_source",
	stmtInsertAnnouncements:         "insert_announcements",
	stmtInsertMembers:               "insert_members",
	stmtInsertReports:               "insert_reports",
	stmtInsertSource:                "insert_source",
	stmtMetaCount:                   "meta_count",
	stmtMetaSet:                     "meta_set",
	stmtSourceByID:                  "source_by_id",
	stmtSourceByPath:                "source_by_path",
	stmtSourceCities:                "source_cities",
	stmtSourceRowCounts:             "source_row_counts",
	stmtSourcesByContent:            "sources_by_content",
	stmtUpdateSourceRows:            "update_source_rows",
}

// statementTexts holds every statement's text, read as the package initializes (see package
// sqlfile): a statement without its file stops every program and test before it starts.
var statementTexts = sqlfile.ReadAll(sqlFiles, "sql", statementFiles[:])

// text returns the statement's SQL.
func (s statement) text() string { return statementTexts[s] }

// String returns the statement's name, its file under sql/ without ".sql".
func (s statement) String() string { return statementFiles[s] }

// loadStatements are, for each kind of file, the statements that materialize its Arrow view
// (viewName) into its table and drop the view.
var loadStatements = map[Kind]struct{ insert, dropView statement }{
	KindMembers:       {stmtInsertMembers, stmtDropViewMembers},
	KindReports:       {stmtInsertReports, stmtDropViewReports},
	KindAnnouncements: {stmtInsertAnnouncements, stmtDropViewAnnouncements},
}
