// Package reportstest holds what the tests of reports' renderers share: hand-built datasets,
// the streams a database would give, and golden-file comparison. Only tests import it.
package reportstest

import (
	"iter"
	"time"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/rules"
)

// Ptr and day are shared by the package's tests (delegations and charts use them too).
// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

// Day is midnight UTC on y-m-d.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// InjectionNames are formula-injection cases: text a spreadsheet would take for a formula if
// it were typed in.
var InjectionNames = []string{
	`=HYPERLINK("http://x","y")`,
	"+1",
	"-2",
	"@SUM(A1)",
	"\tTabbed",
	"\rCarriage",
}

// AnnualDataset is a hand-built Dataset for the annual workbook and the charts. The published figures and the named members'
// counts are those of ../shared/data/README.md; the few member rows, sources and checks are
// made up for the tests (the renderer copies values, it computes none of them).
func AnnualDataset() *reports.Dataset {
	members := []queries.Member{
		{City: "Larissa", Country: "Greece", ISO3: "GRC", Region: "Europe and North America", YearJoined: 2015,
			Population: Ptr[int64](144651), PopulationSource: "GeoNames", Lat: Ptr(39.63689), Lon: Ptr(22.41761),
			Status: "active", SourceURL: "https://example.org/larissa", SourceID: 1},
		{City: "Namyangju", Country: "Republic of Korea", ISO3: "KOR", Region: "Asia and the Pacific", YearJoined: 2015,
			Population: Ptr[int64](90798), PopulationSource: "GeoNames", Lat: Ptr(37.63667), Lon: Ptr(127.21417),
			Status: "active", LastReportOn: Ptr(Day(2023, 5, 2)), SourceURL: "https://example.org/namyangju", SourceID: 1},
		{City: "Old Town", Country: "Republic of Korea", ISO3: "KOR", Region: "Asia and the Pacific", YearJoined: 2016,
			Status: "withdrawn", LeftYear: Ptr(2020), SourceID: 1},
		{City: "Yaoundé 1er", Country: "Cameroon", ISO3: "CMR", Region: "Africa", YearJoined: 2024,
			AppliedOn: Ptr(Day(2023, 4, 20)), Population: Ptr[int64](1299369), PopulationSource: "https://example.org/pop",
			Status: "active", SourceURL: "https://example.org/yaounde", SourceID: 1},
	}
	for i, name := range InjectionNames {
		members = append(members, queries.Member{
			City: name, Country: "Mexico", ISO3: "MEX", Region: "Latin America and the Caribbean", YearJoined: 2024,
			Population: Ptr(int64(1000 * (i + 1))), PopulationSource: "GeoNames", Status: "active", SourceID: 1,
		})
	}

	var window []queries.WindowRow
	var reporting []queries.ReportingRow
	for _, m := range members {
		w := queries.WindowRow{City: m.City, ISO3: m.ISO3, Country: m.Country, YearJoined: m.YearJoined, AppliedOn: m.AppliedOn, Status: queries.WindowUnknown}
		switch {
		case m.City == "+1": // applied 12 days after its call closed
			w.AppliedOn, w.CallYear, w.Opens, w.Closes = Ptr(Day(2023, 6, 12)), 2023, Day(2023, 4, 1), Day(2023, 5, 31)
			w.Status, w.DaysOutside = queries.WindowOutside, 12
		case m.AppliedOn != nil:
			w.CallYear, w.Opens, w.Closes, w.Status = 2023, Day(2023, 4, 1), Day(2023, 5, 31), queries.WindowInside
		case m.YearJoined == 2015:
			w.Status = queries.WindowExempt
		}
		window = append(window, w)
		if m.Status != "active" {
			continue
		}
		r := queries.ReportingRow{City: m.City, ISO3: m.ISO3, Country: m.Country, YearJoined: m.YearJoined, Status: queries.ReportUnknown}
		if m.LastReportOn != nil {
			r.LastReport, r.NextDue, r.Status, r.DaysOverdue = m.LastReportOn, Ptr(Day(2025, 5, 2)), queries.ReportOK, 0
		}
		if m.City == "Larissa" {
			r.NextDue, r.Status, r.DaysOverdue, r.Cycle = Ptr(Day(2024, 12, 31)), queries.ReportOverdue, 60, "2024 cycle"
		}
		reporting = append(reporting, r)
	}

	// New countries: those the cohort came from; first-time: the cumulative count's step.
	growth := []queries.GrowthRow{
		{Year: 2015, NewCities: 4, NewCountries: 4, FirstTimeCountries: 4, TotalCities: 4, TotalCountries: 4},
		{Year: 2016, NewCities: 22, NewCountries: 12, FirstTimeCountries: 10, TotalCities: 26, TotalCountries: 14},
		{Year: 2017, NewCities: 8, NewCountries: 5, FirstTimeCountries: 3, TotalCities: 34, TotalCountries: 17},
		{Year: 2018, NewCities: 5, NewCountries: 4, FirstTimeCountries: 1, TotalCities: 39, TotalCountries: 18},
		{Year: 2019, NewCities: 22, NewCountries: 14, FirstTimeCountries: 6, TotalCities: 61, TotalCountries: 24},
		{Year: 2020, NewCities: 42, NewCountries: 23, FirstTimeCountries: 13, TotalCities: 103, TotalCountries: 37},
		{Year: 2022, NewCities: 67, NewCountries: 40, FirstTimeCountries: 21, TotalCities: 170, TotalCountries: 58},
		{Year: 2024, NewCities: 56, NewCountries: 29, FirstTimeCountries: 3, TotalCities: 226, TotalCountries: 61},
	}
	recon := []queries.ReconciliationRow{
		{Year: 2016, NamedNew: 22, PublishedTotal: Ptr[int64](115), NamedTotal: 26, PublishedTotalCountries: Ptr[int64](28), NamedTotalCountries: 14},
		{Year: 2019, PublishedNew: Ptr[int64](38), NamedNew: 22, PublishedNewCountries: Ptr[int64](23), NamedNewCountries: 14, NamedTotal: 61, PublishedTotalCountries: Ptr[int64](53), NamedTotalCountries: 24, Coverage: Ptr(22.0 / 38), OverNamed: Ptr(false)},
		{Year: 2020, PublishedNew: Ptr[int64](54), NamedNew: 42, PublishedNewCountries: Ptr[int64](27), NamedNewCountries: 23, PublishedTotal: Ptr[int64](229), NamedTotal: 103, PublishedTotalCountries: Ptr[int64](64), NamedTotalCountries: 37, Coverage: Ptr(42.0 / 54), OverNamed: Ptr(false)},
		{Year: 2022, PublishedNew: Ptr[int64](77), NamedNew: 67, PublishedNewCountries: Ptr[int64](44), NamedNewCountries: 40, PublishedTotal: Ptr[int64](294), NamedTotal: 170, PublishedTotalCountries: Ptr[int64](76), NamedTotalCountries: 58, Coverage: Ptr(67.0 / 77), OverNamed: Ptr(false)},
		{Year: 2023, PublishedNew: Ptr[int64](0), PublishedNewCountries: Ptr[int64](0), PublishedTotal: Ptr[int64](292), NamedTotal: 170, PublishedTotalCountries: Ptr[int64](76), NamedTotalCountries: 58, OverNamed: Ptr(false)},
		{Year: 2024, PublishedNew: Ptr[int64](64), NamedNew: 56, PublishedNewCountries: Ptr[int64](35), NamedNewCountries: 29, PublishedTotal: Ptr[int64](356), NamedTotal: 226, PublishedTotalCountries: Ptr[int64](79), NamedTotalCountries: 61, Coverage: Ptr(56.0 / 64), OverNamed: Ptr(false)},
	}
	ds := &reports.Dataset{
		Year:        2024,
		AsOf:        Day(2025, 3, 1),
		GeneratedAt: time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC),
		Version:     "v0.0.0-test",
		Headline: queries.Headline{
			Year: 2024,
			Published: queries.Figures{Cities: Ptr[int64](356), Countries: Ptr[int64](79), NewCities: Ptr[int64](64),
				NewCountries: Ptr[int64](35), PeopleReached: Ptr[int64](390_000_000)},
			Named: queries.Figures{Cities: Ptr[int64](226), Countries: Ptr[int64](61), NewCities: Ptr[int64](56),
				NewCountries: Ptr[int64](29), PeopleReached: Ptr[int64](141_152_710)},
			PopulationUnknown: 45,
			Coverage:          Ptr(226.0 / 356),
		},
		// The previous cohort: 2022 (2023 had no admission round).
		PreviousHeadline: queries.Headline{
			Year: 2022,
			Published: queries.Figures{Cities: Ptr[int64](294), Countries: Ptr[int64](76), NewCities: Ptr[int64](77),
				NewCountries: Ptr[int64](44)},
			Named:    queries.Figures{Cities: Ptr[int64](170), Countries: Ptr[int64](58), NewCities: Ptr[int64](67), NewCountries: Ptr[int64](40)},
			Coverage: Ptr(170.0 / 294),
		},
		Growth:         growth,
		Reconciliation: recon,
		Regions: []queries.RegionRow{
			{Region: "Africa", Members: 29, Countries: 9, Share: 29.0 / 226, FirstYear: Ptr(2016), NewInLatest: 10},
			{Region: "Arab States", Members: 35, Countries: 10, Share: 35.0 / 226, FirstYear: Ptr(2015), NewInLatest: 8},
			{Region: "Asia and the Pacific", Members: 52, Countries: 12, Share: 52.0 / 226, FirstYear: Ptr(2015), NewInLatest: 12},
			{Region: "Europe and North America", Members: 73, Countries: 20, Share: 73.0 / 226, FirstYear: Ptr(2015), NewInLatest: 14},
			{Region: "Latin America and the Caribbean", Members: 37, Countries: 10, Share: 37.0 / 226, FirstYear: Ptr(2016), NewInLatest: 12},
		},
		Countries: []queries.CountryRow{
			{ISO3: "KOR", ISO2: "KR", NameEN: "Republic of Korea", Region: "Asia and the Pacific", Language: "en", Members: 21, Share: 21.0 / 226, Rank: 1, FirstYear: 2015, LatestYear: 2024, PeopleReached: Ptr[int64](12_345_678), PopulationUnknown: 2},
			{ISO3: "MEX", ISO2: "MX", NameEN: "Mexico", Region: "Latin America and the Caribbean", Language: "es", Members: 7, Share: 7.0 / 226, Rank: 2, FirstYear: 2016, LatestYear: 2024, PeopleReached: Ptr[int64](21_000)},
			{ISO3: "FRA", ISO2: "FR", NameEN: "France", Region: "Europe and North America", Language: "fr", Members: 5, Share: 5.0 / 226, Rank: 3, FirstYear: 2016, LatestYear: 2022, PeopleReached: Ptr[int64](1_500_000)},
			{ISO3: "VNM", ISO2: "VN", NameEN: "Viet Nam", Region: "Asia and the Pacific", Language: "en", Members: 5, Share: 5.0 / 226, Rank: 3, FirstYear: 2019, LatestYear: 2024, PeopleReached: Ptr[int64](3_000_000), PopulationUnknown: 1},
		},
		Cohorts: []queries.CohortRow{
			{Year: 2015, Region: "Asia and the Pacific", ISO3: "KOR", Country: "Republic of Korea", NewCities: 3},
			{Year: 2024, Region: "Latin America and the Caribbean", ISO3: "MEX", Country: "Mexico", NewCities: 6},
			{Year: 2024, Region: "Africa", ISO3: "CMR", Country: "Cameroon", NewCities: 1},
		},
		Quota: []queries.QuotaRow{
			{Year: 2022, ISO3: "KOR", Country: "Republic of Korea", NewCities: 5, Limit: 3, Applies: false},
			{Year: 2024, ISO3: "CMR", Country: "Cameroon", NewCities: 1, Limit: 3, Applies: true},
			{Year: 2024, ISO3: "MEX", Country: "Mexico", NewCities: 6, Limit: 3, Applies: true, Breach: true},
		},
		NextCall: queries.NextWindow{
			Call:     rules.Call{Year: 2025, Opens: time.Date(2025, 5, 15, 0, 0, 0, 0, time.UTC), Closes: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC), Cohort: 2025},
			Expected: false,
		},
		NextCallQuota: []queries.QuotaNext{
			{ISO3: "CMR", Country: "Cameroon", Year: 2025, Used: 0, Limit: 3, Remaining: 3},
		},
		Quality: []queries.QualityRow{
			{Check: "missing population", Detail: "active named members without a population", Count: 45},
		},
		Sources: []queries.Source{
			{ID: 1, Path: "fixtures/members.csv", Kind: "members", SHA256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", Rows: 226, LoadedAt: time.Date(2025, 3, 1, 9, 29, 58, 0, time.UTC), GnlcVersion: "v0.0.0-test"},
			{ID: 2, Path: "fixtures/announcements.csv", Kind: "announcements", SHA256: "aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55", Rows: 8, LoadedAt: time.Date(2025, 3, 1, 9, 29, 59, 0, time.UTC), GnlcVersion: "v0.0.0-test"},
		},
		Rules: reports.Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2024, DefaultWindow: "1 March–30 April", Window: rules.Window{Opens: rules.MonthDay{Month: time.March, Day: 1}, Closes: rules.MonthDay{Month: time.April, Day: 30}}, ReportEveryYears: 2, Source: "embedded default"},

		Members:     SeqMembers(members),
		MemberCount: int64(len(members)),
	}
	WithCompliance(ds, window, reporting)
	return ds
}

// SeqMembers yields ms with no error, as Dataset.Members does from a database that does not fail.
func SeqMembers(ms []queries.Member) iter.Seq2[queries.Member, error] {
	return func(yield func(queries.Member, error) bool) {
		for _, m := range ms {
			if !yield(m, nil) {
				return
			}
		}
	}
}
