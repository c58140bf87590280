// Package reports renders gnlc's outputs from typed query results: the annual workbook for
// analysts, one workbook per country for delegations, and offline HTML charts for conference
// organizers. It is the last stage of the flow: it never opens the database and parses nothing;
// NewDataset asks the questions through a DatasetSource (cmd/gnlc passes *queries.Queries) and
// hands the results to the renderers in a Dataset.
package reports

import (
	"iter"
	"time"

	"gnlc/queries"
	"gnlc/rules"
)

// Dataset is everything the renderers need for one run, gathered from queries by NewDataset.
// Renderers only read it; they may run concurrently on one Dataset.
type Dataset struct {
	Year        int       // the report's year (the latest cohort by default)
	AsOf        time.Time // date for reporting compliance and obligations
	GeneratedAt time.Time // the run's time, shown in Sources and document properties
	Version     string    // gnlc version

	Headline queries.Headline // Year
	// PreviousHeadline is the previous cohort's (queries.PreviousCohort: 2022 before 2024, as 2023
	// had none); its Year is 0 when Year is the first cohort.
	PreviousHeadline queries.Headline
	Growth           []queries.GrowthRow
	Reconciliation   []queries.ReconciliationRow
	Regions          []queries.RegionRow
	Countries        []queries.CountryRow // member countries, ranked
	Cohorts          []queries.CohortRow  // every year's cohort by country
	Quota            []queries.QuotaRow
	// NextCall is the first application window not closed on AsOf and the cohort it feeds
	// (announced, or expected from the rules); NextCallQuota the places each member country has
	// left in that cohort. The annual Quota sheet and every delegation workbook show both, from
	// this one definition (macro quota_next_at).
	NextCall      queries.NextWindow
	NextCallQuota []queries.QuotaNext
	Quality       []queries.QualityRow
	Sources       []queries.Source
	Rules         Rules

	// Members streams the whole register in (country, city) order, so a 1,000,000-row register
	// is written without holding it in memory. MemberCount is known beforehand because a
	// streamed sheet must declare its dimension before its rows.
	Members     iter.Seq2[queries.Member, error]
	MemberCount int64
	// ActiveMembers streams the active members with what a map needs of them (city, country,
	// ISO3, year joined, coordinates), in an order fixed for the register but not Members': the
	// charts read it, without the sort the sheets need. A Dataset built without a source may
	// leave it nil; the charts then read Members.
	ActiveMembers iter.Seq2[queries.Member, error]

	// Compliance streams each member's window check beside its reporting obligation as of AsOf,
	// by country, city and ISO3 in byte order, for the same reason; ComplianceSummary counts
	// those rows (Rows sizes the streamed sheet, the rest fill the Summary's rules table).
	Compliance        iter.Seq2[queries.ComplianceRow, error]
	ComplianceSummary queries.ComplianceSummary

	// MembersReporting streams Members again, in its order, each member beside its reporting
	// obligation as of AsOf: the delegations read each country's members and obligations
	// together, and never hold the whole register's obligations. A Dataset built without a
	// source may leave it nil; the delegations then pair Members with Compliance's obligations.
	MembersReporting iter.Seq2[queries.MemberReporting, error]
}

// Rules is the state of the network's rules as the run applied them, for display.
type Rules struct {
	QuotaLimit         int
	QuotaEffectiveFrom int
	DefaultWindow      string       // e.g. "1 March–30 April"
	Window             rules.Window // the default window, for outputs that write it in their language
	ReportEveryYears   int
	Source             string // "embedded default" or the --rules path
}
