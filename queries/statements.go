package queries

import (
	"embed"

	"gnlc/internal/sqlfile"
)

// sqlFiles holds every SQL file of the package: the questions (sql/*.sql), the schema Setup
// applies (sql/setup) and the statements of sessions and setup (sql/session, sql/reference).
//
//go:embed sql/*.sql sql/setup/*.sql sql/session/*.sql sql/reference/*.sql
var sqlFiles embed.FS

// A statement is one embedded file that Go runs by name: sql/<statementFiles[s]>.sql. Setup's
// own files (sql/setup) are read as a set, in order, not by name.
type statement int

const (
	stmtChecks statement = iota
	stmtCohorts
	stmtCompliance
	stmtComplianceSummary
	stmtCountries
	stmtGrowth
	stmtHeadline
	stmtLatestCohort
	stmtMemberCount
	stmtMembers
	stmtActiveMembers
	stmtMemberPages
	stmtCompliancePages
	stmtMembersReporting
	stmtNextCall
	stmtPreviousCohort
	stmtQuality
	stmtQuota
	stmtQuotaNext
	stmtReconciliation
	stmtRegions
	stmtReporting
	stmtRules
	stmtRulesCalls
	stmtRulesCycles
	stmtSources
	stmtWindow
	stmtBeginReadOnly
	stmtRollback
	stmtLockDown
	stmtLockedDown
	stmtOverlayRules
	stmtCountCountries
	numStatements
)

var statementFiles = [numStatements]string{
	stmtChecks:            "checks",
	stmtCohorts:           "cohorts",
	stmtCompliance:        "compliance",
	stmtComplianceSummary: "compliance_summary",
	stmtCountries:         "countries",
	stmtGrowth:            "growth",
	stmtHeadline:          "headline",
	stmtLatestCohort:      "latest_cohort",
	stmtMemberCount:       "member_count",
	stmtMembers:           "members",
	stmtActiveMembers:     "active_members",
	stmtMemberPages:       "member_pages",
	stmtCompliancePages:   "compliance_pages",
	stmtMembersReporting:  "members_reporting",
	stmtNextCall:          "next_call",
	stmtPreviousCohort:    "previous_cohort",
	stmtQuality:           "quality",
	stmtQuota:             "quota",
	stmtQuotaNext:         "quota_next",
	stmtReconciliation:    "reconciliation",
	stmtRegions:           "regions",
	stmtReporting:         "reporting",
	stmtRules:             "rules",
	stmtRulesCalls:        "rules_calls",
	stmtRulesCycles:       "rules_cycles",
	stmtSources:           "sources",
	stmtWindow:            "window",
	stmtBeginReadOnly:     "session/begin_read_only",
	stmtRollback:          "session/rollback",
	stmtLockDown:          "session/lock_down",
	stmtLockedDown:        "session/locked_down",
	stmtOverlayRules:      "session/overlay_rules",
	stmtCountCountries:    "reference/count_countries",
}

// statementTexts holds every statement's text, read as the package initializes (see package
// sqlfile): a statement without its file stops every program and test before it starts.
var statementTexts = sqlfile.ReadAll(sqlFiles, "sql", statementFiles[:])

// text returns the statement's SQL.
func (s statement) text() string { return statementTexts[s] }

// String returns the statement's name, its file under sql/ without ".sql".
func (s statement) String() string { return statementFiles[s] }
