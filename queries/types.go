package queries

import (
	"time"

	"gnlc/rules"
)

// The typed rows below are what queries return and what reports render. Nullable values are
// pointers: nil means unknown, never zero. Reports import these types and nothing else from here.

// Figures is one side (published or named) of a year's headline.
type Figures struct {
	Cities       *int64 // members at year end
	Countries    *int64
	NewCities    *int64 // that year's cohort
	NewCountries *int64 // countries the cohort came from
	// FirstTimeCountries are the cohort's countries new to the network.
	FirstTimeCountries *int64
	PeopleReached      *int64
}

// Headline is the network's figures for a year: as published beside the named members'.
type Headline struct {
	Year      int
	Published Figures // from announcements ("as published")
	Named     Figures // computed from members ("named members")
	// PopulationUnknown counts active named members whose population is unknown, so Named.PeopleReached
	// is never read as complete when it is not.
	PopulationUnknown int64
	Coverage          *float64 // named cities / published cities, 0..1
}

// GrowthRow is one year of the named members' growth (active at year end).
type GrowthRow struct {
	Year         int
	NewCities    int64
	NewCountries int64 // countries the year's cohort came from (as the network publishes it)
	// FirstTimeCountries counts the countries with their first named member that year.
	FirstTimeCountries int64
	Left               int64 // withdrawals effective that year
	TotalCities        int64
	TotalCountries     int64
}

// ReconciliationRow sets published and named figures side by side for one year.
type ReconciliationRow struct {
	Year                    int
	PublishedNew            *int64
	NamedNew                int64
	PublishedNewCountries   *int64
	NamedNewCountries       int64
	PublishedTotal          *int64
	NamedTotal              int64
	PublishedTotalCountries *int64
	NamedTotalCountries     int64
	Coverage                *float64 // named new / published new, 0..1; nil when nothing was published
	// OverNamed is true when the register names more new cities than were announced (an
	// error), false when it names as many or fewer, nil when nothing was published that year.
	OverNamed *bool
	// AnnouncedOn is the date of the year's announcement, the published figures' source; nil
	// when there was none.
	AnnouncedOn *time.Time
}

// CohortRow is one country's part of one year's cohort.
type CohortRow struct {
	Year      int
	Region    string
	ISO3      string
	Country   string // UN short name in English
	NewCities int64
}

// RegionRow summarizes one UNESCO region's named members.
type RegionRow struct {
	Region      string
	Members     int64 // active at the latest year
	Countries   int64
	Share       float64 // of all active named members, 0..1
	FirstYear   *int
	NewInLatest int64 // new members in the latest cohort
}

// CountryRow summarizes one member country.
type CountryRow struct {
	ISO3              string
	ISO2              string
	NameEN            string
	NameFR            string
	NameES            string
	Region            string
	Language          string
	Members           int64 // active named members
	Share             float64
	Rank              int // by Members, 1 = most; ties share a rank
	FirstYear         int
	LatestYear        int
	PeopleReached     *int64 // sum of known populations of active members; nil when none is known
	PopulationUnknown int64
}

// Name is the country's name in lang ("en", "fr" or "es", from the reference table of UN
// names); any other lang gives the English name. It may be empty when the table has none.
func (c CountryRow) Name(lang string) string {
	switch lang {
	case "fr":
		return c.NameFR
	case "es":
		return c.NameES
	}
	return c.NameEN
}

// QuotaRow is one country's new cities in one cohort against the limit.
type QuotaRow struct {
	Year      int
	ISO3      string
	Country   string
	NewCities int64
	Limit     int64
	Applies   bool // the limit was in force for this cohort (year >= effective-from)
	Breach    bool // Applies && NewCities > Limit
}

// NextWindow is the first application window not closed on a date and the cohort it feeds.
type NextWindow struct {
	rules.Call
	// Expected: the rules project this window (the default window, at the calls' cadence);
	// UNESCO has not announced it. Outputs say "expected" beside it.
	Expected bool
}

// QuotaNext is the places a country has left in the cohort the next window feeds.
type QuotaNext struct {
	ISO3      string
	Country   string
	Year      int // the next cohort
	Used      int64
	Limit     int64
	Remaining int64 // max(Limit-Used, 0)
	Applies   bool  // the limit is in force for that cohort
}

// WindowStatus says where a member's application date falls against its call's window.
type WindowStatus string

const (
	WindowInside  WindowStatus = "inside"
	WindowOutside WindowStatus = "outside"
	WindowUnknown WindowStatus = "unknown" // no applied_on
	// WindowExempt: a cohort before the default window's effective-from year that no call lists.
	WindowExempt WindowStatus = "exempt"
)

// WindowRow is one member's application checked against its call.
type WindowRow struct {
	City       string
	ISO3       string
	Country    string
	YearJoined int
	AppliedOn  *time.Time
	CallYear   int
	Opens      time.Time
	Closes     time.Time
	Status     WindowStatus
	// DaysOutside is how many days before opening or after closing the application came;
	// 0 unless Status is WindowOutside (the view application_window has NULL for unknown and
	// exempt: read Status, never DaysOutside alone).
	DaysOutside int64
}

// ReportStatus says where a member stands with its progress reports as of a date.
type ReportStatus string

const (
	ReportOK      ReportStatus = "ok"
	ReportOverdue ReportStatus = "overdue"
	ReportUnknown ReportStatus = "unknown" // no date to compute a due date from
)

// ReportingRow is one member's reporting obligation as of a date.
type ReportingRow struct {
	City        string
	ISO3        string
	Country     string
	YearJoined  int
	LastReport  *time.Time
	NextDue     *time.Time
	DaysOverdue int64 // 0 unless Status is ReportOverdue (the view has NULL for unknown: read Status)
	Status      ReportStatus
	Cycle       string // the network-wide cycle that set NextDue, empty for the two-year rule or unknown
}

// ComplianceRow is one member's application check beside its reporting obligation as of a
// date, paired by country, city and ISO3. Reporting is nil for a member with no obligation on
// the date (withdrawn, or not yet joined). Queries.ComplianceRows always sets Window; a Dataset
// built by hand may leave it nil (a reporting row alone).
type ComplianceRow struct {
	Window    *WindowRow
	Reporting *ReportingRow
}

// ComplianceSummary counts the compliance rows as of a date, so a report can show the totals
// (and size a streamed sheet) without holding one row per member.
type ComplianceSummary struct {
	Rows             int64 // ComplianceRow values ComplianceRows yields
	Window           int64 // rows with a window check
	WindowOutside    int64
	WindowUnknown    int64
	WindowExempt     int64
	Reporting        int64 // rows with a reporting obligation
	ReportingOverdue int64
	ReportingUnknown int64
}

// CheckKind says whether a check is a rule (broken when its count is not 0) or information.
type CheckKind string

const (
	CheckRule CheckKind = "rule"
	CheckInfo CheckKind = "info" // counted, never broken: unknown dates, exemptions, gaps
)

// CheckStatus is what checking a rule found.
type CheckStatus string

const (
	CheckOK     CheckStatus = "ok"     // no offender among the cases checked
	CheckBroken CheckStatus = "broken" // at least one offender
	// CheckUnknown: the rule could check nothing, for want of data (every application date,
	// due date or published figure unknown). Not "ok": nobody checked.
	CheckUnknown  CheckStatus = "unknown"
	CheckInfoOnly CheckStatus = "info" // an information row (Kind CheckInfo)
)

// CheckRow is one line of `gnlc check`: a rule or a count, with every offender named.
type CheckRow struct {
	Rule   string // e.g. "quota", "application window", "reporting overdue"
	Kind   CheckKind
	Status CheckStatus
	// Count is the offenders (a rule) or the cases counted (info); nil when Status is
	// CheckUnknown: how many offenders there are is not known.
	Count  *int64
	Broken bool // Status is CheckBroken
	// Checked counts the cases a rule checked, Unknown those it could not check for want of
	// data; both nil for information rows.
	Checked *int64
	Unknown *int64
	Items   []string // the offenders, e.g. "KOR 2024: 4 new cities, limit 3"; empty for most info
}

// Member is one row of the register.
type Member struct {
	City             string
	Country          string
	ISO3             string
	Region           string
	YearJoined       int
	AppliedOn        *time.Time
	Population       *int64
	PopulationSource string
	Lat              *float64
	Lon              *float64
	Status           string // active or withdrawn
	LeftYear         *int
	LastReportOn     *time.Time
	SourceURL        string
	SourceID         int64
}

// MemberReporting is one member of the register beside its reporting obligation on a day
// (Queries.MembersReporting). Reporting is nil for a member with no obligation on the day
// (withdrawn, or not yet joined); its City and ISO3 are the member's.
type MemberReporting struct {
	Member
	Reporting *ReportingRow
}

// Source is one loaded input file (provenance).
type Source struct {
	ID          int64
	Path        string
	Kind        string // members, reports or announcements
	SHA256      string
	Rows        int64
	LoadedAt    time.Time
	GnlcVersion string
}

// QualityRowsLoaded is the Check of the data-quality rows that count each input file's rows:
// what was loaded, not what a check found.
const QualityRowsLoaded = "rows loaded"

// QualityRow is one data-quality finding.
type QualityRow struct {
	Check  string // e.g. "missing population", "country in several regions"
	Detail string
	Count  int64
}
