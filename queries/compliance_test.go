package queries_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
)

func TestQuota(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Quota(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// The limit of 3 applies from the 2019 cohort; Korea's 4 new cities of 2021 break it.
	want := []queries.QuotaRow{
		{Year: 2015, ISO3: "FRA", Country: "France", NewCities: 1, Limit: 3},
		{Year: 2015, ISO3: "KOR", Country: "Republic of Korea", NewCities: 1, Limit: 3},
		{Year: 2016, ISO3: "FRA", Country: "France", NewCities: 1, Limit: 3},
		{Year: 2019, ISO3: "EGY", Country: "Egypt", NewCities: 2, Limit: 3, Applies: true},
		{Year: 2020, ISO3: "NGA", Country: "Nigeria", NewCities: 1, Limit: 3, Applies: true},
		{Year: 2021, ISO3: "KOR", Country: "Republic of Korea", NewCities: 4, Limit: 3, Applies: true, Breach: true},
		{Year: 2022, ISO3: "MEX", Country: "Mexico", NewCities: 2, Limit: 3, Applies: true},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("Quota (-want +got):\n%s", diff)
	}
}

// The effective-from year and the limit come from the rules, not from the SQL.
func TestQuota_rulesFromFile(t *testing.T) {
	t.Parallel()
	rules := parseRules(t, `version 1
quota limit=1 effective_from=2022
window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019
reporting every_years=2 effective_from=2019
`)
	_, q := testRegister(t, rules)
	got, err := q.Quota(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var breaches []queries.QuotaRow
	for _, r := range got {
		if r.Breach {
			breaches = append(breaches, r)
		}
	}
	// Korea's 2021 cohort is now before the rule; Mexico's 2 of 2022 break a limit of 1.
	want := []queries.QuotaRow{{Year: 2022, ISO3: "MEX", Country: "Mexico", NewCities: 2, Limit: 1, Applies: true, Breach: true}}
	if diff := gocmp.Diff(want, breaches); diff != "" {
		t.Errorf("Quota breaches (-want +got):\n%s", diff)
	}
}

func TestQuotaNext(t *testing.T) {
	t.Parallel()
	// A window every year, none listed: the window of year y feeds cohort y+1.
	_, q := testRegister(t, parseRules(t, "version 1\nquota limit=3 effective_from=2019\n"+
		"window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019\nreporting every_years=2 effective_from=2019\n"))
	// all lists the member countries by name with what they used in cohort year.
	all := func(year int, fra, kor int64) []queries.QuotaNext {
		return []queries.QuotaNext{
			{ISO3: "EGY", Country: "Egypt", Year: year, Limit: 3, Remaining: 3, Applies: year >= 2019},
			{ISO3: "FRA", Country: "France", Year: year, Used: fra, Limit: 3, Remaining: max(3-fra, 0), Applies: year >= 2019},
			{ISO3: "MEX", Country: "Mexico", Year: year, Limit: 3, Remaining: 3, Applies: year >= 2019},
			{ISO3: "NGA", Country: "Nigeria", Year: year, Limit: 3, Remaining: 3, Applies: year >= 2019},
			{ISO3: "KOR", Country: "Republic of Korea", Year: year, Used: kor, Limit: 3, Remaining: max(3-kor, 0), Applies: year >= 2019},
		}
	}
	tests := []struct {
		name string
		asOf string
		want []queries.QuotaNext
	}{
		{"next cohort, nobody admitted yet", "2021-06-01", all(2023, 0, 0)},
		{"a cohort over the limit leaves 0, not -1", "2019-06-01", all(2021, 0, 4)},
		{"inside the window: its own cohort", "2020-04-30", all(2021, 0, 4)},
		{"before the rule", "2013-06-01", all(2015, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.QuotaNext(t.Context(), day(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("QuotaNext(%s) (-want +got):\n%s", tt.asOf, diff)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Window(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	row := func(city, iso3, country string, joined int, applied string, call int, opens, closes string, status queries.WindowStatus, days int64) queries.WindowRow {
		r := queries.WindowRow{City: city, ISO3: iso3, Country: country, YearJoined: joined, CallYear: call,
			Opens: day(opens), Closes: day(closes), Status: status, DaysOutside: days}
		if applied != "" {
			r.AppliedOn = dayPtr(applied)
		}
		return r
	}
	want := []queries.WindowRow{
		// Cohorts before 2019 joined by rolling admission: the default window is not in force.
		row("Lyon", "FRA", "France", 2015, "", 2014, "2014-03-01", "2014-04-30", queries.WindowExempt, 0),
		row("Namyangju", "KOR", "Republic of Korea", 2015, "", 2014, "2014-03-01", "2014-04-30", queries.WindowExempt, 0),
		row("Nantes", "FRA", "France", 2016, "", 2015, "2015-03-01", "2015-04-30", queries.WindowExempt, 0),
		// The 2019 cohort applied in 2018 (cohort_lag 1).
		row("Giza", "EGY", "Egypt", 2019, "", 2018, "2018-03-01", "2018-04-30", queries.WindowUnknown, 0),
		row("Luxor", "EGY", "Egypt", 2019, "2018-04-10", 2018, "2018-03-01", "2018-04-30", queries.WindowInside, 0),
		row("Lagos", "NGA", "Nigeria", 2020, "2019-04-15", 2019, "2019-03-01", "2019-04-30", queries.WindowInside, 0),
		// 30 April and 1 March are inside; 29 February and 1 May are one day out.
		row("Gimhae", "KOR", "Republic of Korea", 2021, "2020-04-30", 2020, "2020-03-01", "2020-04-30", queries.WindowInside, 0),
		row("Osan", "KOR", "Republic of Korea", 2021, "2020-05-01", 2020, "2020-03-01", "2020-04-30", queries.WindowOutside, 1),
		row("Siheung", "KOR", "Republic of Korea", 2021, "2020-03-01", 2020, "2020-03-01", "2020-04-30", queries.WindowInside, 0),
		row("Suwon", "KOR", "Republic of Korea", 2021, "2020-02-29", 2020, "2020-03-01", "2020-04-30", queries.WindowOutside, 1),
		// The 2022 cohort came from the listed 2021 call, extended to 28 February 2022.
		row("Monterrey", "MEX", "Mexico", 2022, "2021-08-31", 2021, "2021-09-01", "2022-02-28", queries.WindowOutside, 1),
		row("Puebla", "MEX", "Mexico", 2022, "2022-02-28", 2021, "2021-09-01", "2022-02-28", queries.WindowInside, 0),
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("Window (-want +got):\n%s", diff)
	}
}

// A default window whose closing day comes before its opening day runs into the next year.
func TestWindow_acrossNewYear(t *testing.T) {
	t.Parallel()
	rules := parseRules(t, `version 1
quota limit=3 effective_from=2019
window opens=11-01 closes=02-28 cohort_lag=1 effective_from=2015
call year=2021 opens=2021-09-01 closes=2022-02-28 cohort=2022
reporting every_years=2 effective_from=2019
`)
	_, q := testRegister(t, rules)
	got, err := q.Window(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]queries.WindowRow{
		// Cohort 2021: call 2020, window 1 November 2020 to 28 February 2021.
		"Suwon": {City: "Suwon", ISO3: "KOR", Country: "Republic of Korea", YearJoined: 2021, AppliedOn: dayPtr("2020-02-29"),
			CallYear: 2020, Opens: day("2020-11-01"), Closes: day("2021-02-28"), Status: queries.WindowOutside, DaysOutside: 246},
		// Cohort 2022 keeps its listed call.
		"Puebla": {City: "Puebla", ISO3: "MEX", Country: "Mexico", YearJoined: 2022, AppliedOn: dayPtr("2022-02-28"),
			CallYear: 2021, Opens: day("2021-09-01"), Closes: day("2022-02-28"), Status: queries.WindowInside},
		// effective_from 2015: no cohort is exempt now.
		"Lyon": {City: "Lyon", ISO3: "FRA", Country: "France", YearJoined: 2015, CallYear: 2014,
			Opens: day("2014-11-01"), Closes: day("2015-02-28"), Status: queries.WindowUnknown},
	}
	for _, r := range got {
		if w, ok := want[r.City]; ok {
			if diff := gocmp.Diff(w, r); diff != "" {
				t.Errorf("Window %s (-want +got):\n%s", r.City, diff)
			}
			delete(want, r.City)
		}
	}
	if len(want) > 0 {
		t.Errorf("rows missing: %v", want)
	}
}

func TestReporting(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	type status struct {
		City        string
		LastReport  *time.Time
		NextDue     *time.Time
		DaysOverdue int64
		Status      queries.ReportStatus
		Cycle       string
	}
	tests := []struct {
		name string
		asOf time.Time
		want []status
	}{
		{
			name: "2024-06-30",
			asOf: day("2024-06-30"),
			want: []status{
				// Egypt: Giza's latest of two reports counts; Luxor's next report is due on the as-of day: not overdue.
				{"Giza", dayPtr("2023-05-10"), dayPtr("2025-05-10"), 0, queries.ReportOK, ""},
				{"Luxor", dayPtr("2022-06-30"), dayPtr("2024-06-30"), 0, queries.ReportOK, ""},
				// France: Lyon reported in 2022 (answering the cycle); Nantes withdrew in 2020 and owes nothing.
				{"Lyon", dayPtr("2022-03-15"), dayPtr("2024-03-15"), 107, queries.ReportOverdue, ""},
				{"Monterrey", dayPtr("2024-01-05"), dayPtr("2026-01-05"), 0, queries.ReportOK, ""},
				// Puebla (joined 2022-09-02) has no report and is not due yet.
				{"Puebla", nil, dayPtr("2024-09-02"), 0, queries.ReportOK, ""},
				// Lagos joined 2020-09-23, after the cycle's exempt_from: two years after joining.
				{"Lagos", nil, dayPtr("2022-09-23"), 646, queries.ReportOverdue, ""},
				// Gimhae's only report is dated after the as-of day; the 2021 cohort joined "by 31 December".
				{"Gimhae", nil, dayPtr("2023-12-31"), 182, queries.ReportOverdue, ""},
				// Namyangju never reported: it owes the 2019-2021 cycle.
				{"Namyangju", nil, dayPtr("2021-12-31"), 912, queries.ReportOverdue, "2019-2021"},
				{"Osan", nil, dayPtr("2023-12-31"), 182, queries.ReportOverdue, ""},
				{"Siheung", dayPtr("2023-01-10"), dayPtr("2025-01-10"), 0, queries.ReportOK, ""},
				{"Suwon", dayPtr("2023-12-01"), dayPtr("2025-12-01"), 0, queries.ReportOK, ""},
			},
		},
		{
			name: "on the cycle's due date",
			asOf: day("2021-12-31"),
			want: []status{
				// Giza's 2019-10-01 report answers the cycle (begun 2019-04-01), so the two-year rule applies.
				{"Giza", dayPtr("2019-10-01"), dayPtr("2021-10-01"), 91, queries.ReportOverdue, ""},
				// Luxor (joined 2019-07-17) owes the cycle, due today: not overdue.
				{"Luxor", nil, dayPtr("2021-12-31"), 0, queries.ReportOK, "2019-2021"},
				// Lyon's 2022 report is after the as-of day and does not count yet.
				{"Lyon", nil, dayPtr("2021-12-31"), 0, queries.ReportOK, "2019-2021"},
				// Nantes withdrew in 2020; Mexico's cohort had not joined.
				{"Lagos", nil, dayPtr("2022-09-23"), 0, queries.ReportOK, ""},
				{"Gimhae", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Namyangju", nil, dayPtr("2021-12-31"), 0, queries.ReportOK, "2019-2021"},
				{"Osan", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Siheung", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Suwon", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
			},
		},
		{
			name: "the day after",
			asOf: day("2022-01-01"),
			want: []status{
				{"Giza", dayPtr("2019-10-01"), dayPtr("2021-10-01"), 92, queries.ReportOverdue, ""},
				{"Luxor", nil, dayPtr("2021-12-31"), 1, queries.ReportOverdue, "2019-2021"},
				{"Lyon", nil, dayPtr("2021-12-31"), 1, queries.ReportOverdue, "2019-2021"},
				// Mexico's cohort is announced on 2022-09-02: not a member yet.
				{"Lagos", nil, dayPtr("2022-09-23"), 0, queries.ReportOK, ""},
				{"Gimhae", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Namyangju", nil, dayPtr("2021-12-31"), 1, queries.ReportOverdue, "2019-2021"},
				{"Osan", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Siheung", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
				{"Suwon", nil, dayPtr("2023-12-31"), 0, queries.ReportOK, ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := q.Reporting(t.Context(), tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			var got []status
			for _, r := range rows {
				got = append(got, status{r.City, r.LastReport, r.NextDue, r.DaysOverdue, r.Status, r.Cycle})
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Reporting(%s) (-want +got):\n%s", tt.asOf.Format(time.DateOnly), diff)
			}
		})
	}
}

// ComplianceRows pairs Window's and Reporting's rows member by member, in (country, city, ISO3)
// byte order, and ComplianceSummary counts them: checked against the two tested queries.
func TestComplianceRows(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	for _, asOf := range []time.Time{day("2024-06-30"), day("2021-12-31"), day("2015-01-01")} {
		t.Run(asOf.Format(time.DateOnly), func(t *testing.T) {
			ws, err := q.Window(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			rs, err := q.Reporting(t.Context(), asOf)
			if err != nil {
				t.Fatal(err)
			}
			type key struct{ country, city, iso3 string }
			byKey := map[key]*queries.ReportingRow{}
			for i := range rs {
				byKey[key{rs[i].Country, rs[i].City, rs[i].ISO3}] = &rs[i]
			}
			slices.SortFunc(ws, func(a, b queries.WindowRow) int {
				return cmp.Or(strings.Compare(a.Country, b.Country), strings.Compare(a.City, b.City), strings.Compare(a.ISO3, b.ISO3))
			})
			var want []queries.ComplianceRow
			wantSum := queries.ComplianceSummary{Reporting: int64(len(rs))}
			for i := range ws {
				w := &ws[i]
				k := key{w.Country, w.City, w.ISO3}
				want = append(want, queries.ComplianceRow{Window: w, Reporting: byKey[k]})
				delete(byKey, k)
				wantSum.Rows++
				wantSum.Window++
				switch w.Status {
				case queries.WindowOutside:
					wantSum.WindowOutside++
				case queries.WindowUnknown:
					wantSum.WindowUnknown++
				case queries.WindowExempt:
					wantSum.WindowExempt++
				}
			}
			if len(byKey) != 0 {
				t.Fatalf("reporting rows with no member: %v", byKey)
			}
			for _, r := range rs {
				switch r.Status {
				case queries.ReportOverdue:
					wantSum.ReportingOverdue++
				case queries.ReportUnknown:
					wantSum.ReportingUnknown++
				}
			}

			var got []queries.ComplianceRow
			for c, err := range q.ComplianceRows(t.Context(), asOf) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("ComplianceRows(%s) (-want +got):\n%s", asOf.Format(time.DateOnly), diff)
			}
			sum, err := q.ComplianceSummary(t.Context(), asOf)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(wantSum, sum); diff != "" {
				t.Errorf("ComplianceSummary(%s) (-want +got):\n%s", asOf.Format(time.DateOnly), diff)
			}
			if wantSum.Rows == 0 || (asOf.Year() >= 2021 && wantSum.Reporting == 0) {
				t.Errorf("fixture too thin to test: %+v", wantSum)
			}
		})
	}
}

// MembersReporting is Members, row for row and in its order, each member beside its row of
// Reporting on the day (none for a member with no obligation): on the test register and on the
// default register, on days before, inside and after the cohorts.
func TestMembersReporting(t *testing.T) {
	t.Parallel()
	_, test := testRegister(t, nil)
	for _, reg := range []struct {
		name string
		q    *queries.Queries
	}{{"test register", test}, {"default register", defaultRegister(t)}} {
		for _, asOf := range []time.Time{day("2024-06-30"), day("2021-12-31"), day("2015-01-01")} {
			t.Run(reg.name+"/"+asOf.Format(time.DateOnly), func(t *testing.T) {
				q := reg.q
				rs, err := q.Reporting(t.Context(), asOf)
				if err != nil {
					t.Fatal(err)
				}
				type key struct{ iso3, city string }
				byKey := map[key]*queries.ReportingRow{}
				for i := range rs {
					byKey[key{rs[i].ISO3, rs[i].City}] = &rs[i]
				}
				var want []queries.MemberReporting
				for m, err := range q.Members(t.Context()) {
					if err != nil {
						t.Fatal(err)
					}
					k := key{m.ISO3, m.City}
					want = append(want, queries.MemberReporting{Member: m, Reporting: byKey[k]})
					delete(byKey, k)
				}
				if len(byKey) != 0 {
					t.Fatalf("reporting rows with no member: %v", byKey)
				}
				var got []queries.MemberReporting
				withReporting := 0
				for mr, err := range q.MembersReporting(t.Context(), asOf) {
					if err != nil {
						t.Fatal(err)
					}
					if mr.Reporting != nil {
						withReporting++
					}
					got = append(got, mr)
				}
				if diff := gocmp.Diff(want, got); diff != "" {
					t.Errorf("MembersReporting(%s) (-want +got):\n%s", asOf.Format(time.DateOnly), diff)
				}
				if withReporting != len(rs) {
					t.Errorf("%d members with an obligation, want %d (Reporting's rows)", withReporting, len(rs))
				}
			})
		}
	}
}
