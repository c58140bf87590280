package queries_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"gnlc/queries"
)

func TestChecks(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	info := func(rule string, count int64, items ...string) queries.CheckRow {
		return queries.CheckRow{Rule: rule, Kind: queries.CheckInfo, Status: queries.CheckInfoOnly, Count: &count, Items: append([]string{}, items...)}
	}
	// rule: a rule that checked `checked` cases and could not check `unknown` ones.
	rule := func(rule string, checked, unknown int64, items ...string) queries.CheckRow {
		n, status := int64(len(items)), queries.CheckOK
		if n > 0 {
			status = queries.CheckBroken
		}
		return queries.CheckRow{Rule: rule, Kind: queries.CheckRule, Status: status, Count: &n, Broken: n > 0,
			Checked: &checked, Unknown: &unknown, Items: append([]string{}, items...)}
	}
	want := []queries.CheckRow{
		rule("quota", 4, 0, "KOR 2021: 4 new cities, limit 3"),
		rule("application window", 8, 1,
			"Osan (KOR) applied 2020-05-01, window 2020-03-01 to 2020-04-30",
			"Suwon (KOR) applied 2020-02-29, window 2020-03-01 to 2020-04-30",
			"Monterrey (MEX) applied 2021-08-31, window 2021-09-01 to 2022-02-28"),
		info("application date unknown", 1),
		info("application window not in force", 3),
		rule("reporting overdue", 11, 0,
			"Namyangju (KOR) due 2021-12-31, 912 days overdue",
			"Lagos (NGA) due 2022-09-23, 646 days overdue",
			"Gimhae (KOR) due 2023-12-31, 182 days overdue",
			"Osan (KOR) due 2023-12-31, 182 days overdue",
			"Lyon (FRA) due 2024-03-15, 107 days overdue"),
		info("reporting unknown", 0),
		// 2019, 2020, 2022 and 2024 were published; 2015, 2016 and 2021 name members but have no
		// published figure to compare with.
		rule("cohort over-named", 4, 3, "2022: 2 named, 1 published"),
		rule("country in several regions", 5, 0),
		rule("region differs from reference", 12, 0),
		rule("withdrawn without left year", 1, 0),
		info("country not in reference", 0),
		info("population unknown", 2),
	}
	got, err := q.Checks(t.Context(), day("2024-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Checks (-want +got):\n%s", diff)
	}
}

// A register that does not track reports says nothing about them: unknown, not overdue.
func TestChecks_noReportingData(t *testing.T) {
	t.Parallel()
	db, q := testRegister(t, nil)
	exec(t, db, `DELETE FROM reports`)
	exec(t, db, `UPDATE members SET last_report_on = NULL`)
	got, err := q.Checks(t.Context(), day("2024-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]string{}
	for _, c := range got {
		counts[c.Rule] = fmt.Sprintf("%s %s", c.Status, countText(c.Count))
	}
	// 11 members on 2024-06-30 (Nantes withdrew). With every due date unknown the rule checked
	// nothing: unknown, with no count, never "ok 0".
	want := map[string]string{"reporting overdue": "unknown ?", "reporting unknown": "info 11"}
	for rule, w := range want {
		if counts[rule] != w {
			t.Errorf("%s: %q, want %q", rule, counts[rule], w)
		}
	}
	rows, err := q.Reporting(t.Context(), day("2024-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Status != queries.ReportUnknown || r.NextDue != nil || r.Cycle != "" {
			t.Errorf("%s: status %s, next due %v, cycle %q; want unknown, nil, empty", r.City, r.Status, r.NextDue, r.Cycle)
		}
	}
}

func TestQuality(t *testing.T) {
	t.Parallel()
	sourceRows := []queries.QualityRow{
		{Check: "rows loaded", Detail: "testdata/register/members.csv (members)", Count: 12},
		{Check: "rows loaded", Detail: "testdata/register/announcements.csv (announcements)", Count: 4},
		{Check: "rows loaded", Detail: "testdata/register/reports.csv (reports)", Count: 8},
	}
	tests := []struct {
		name  string
		extra string // members file loaded over the register
		want  []queries.QualityRow
	}{
		{
			name: "register",
			want: append(sourceRows,
				queries.QualityRow{Check: "population unknown", Detail: "members", Count: 2},
				queries.QualityRow{Check: "coordinates unknown", Detail: "members", Count: 3},
				queries.QualityRow{Check: "application date unknown", Detail: "members", Count: 4},
				queries.QualityRow{Check: "no progress report", Detail: "members", Count: 5},
				queries.QualityRow{Check: "reports of unknown members", Detail: "reports", Count: 1},
				queries.QualityRow{Check: "country in several regions", Detail: "", Count: 0},
				queries.QualityRow{Check: "region differs from reference", Detail: "members", Count: 0},
				queries.QualityRow{Check: "country not in reference", Detail: "members", Count: 0},
				queries.QualityRow{Check: "withdrawn without left year", Detail: "members", Count: 0},
			),
		},
		{
			// Busan: Korea in a second region (and Busan's report now has its member);
			// Atlantis: no reference row; Bruges: withdrawn without a year.
			name:  "bad rows",
			extra: "testdata/register/bad_members.csv",
			want: append(sourceRows,
				queries.QualityRow{Check: "population unknown", Detail: "members", Count: 3},
				queries.QualityRow{Check: "coordinates unknown", Detail: "members", Count: 4},
				queries.QualityRow{Check: "application date unknown", Detail: "members", Count: 6},
				queries.QualityRow{Check: "no progress report", Detail: "members", Count: 7},
				queries.QualityRow{Check: "reports of unknown members", Detail: "reports", Count: 0},
				queries.QualityRow{Check: "country in several regions", Detail: "KOR: Asia and the Pacific, Europe and North America", Count: 2},
				queries.QualityRow{Check: "region differs from reference", Detail: "members", Count: 1},
				queries.QualityRow{Check: "country not in reference", Detail: "members", Count: 1},
				queries.QualityRow{Check: "withdrawn without left year", Detail: "members", Count: 1},
			),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, q := testRegister(t, nil)
			if tt.extra != "" {
				exec(t, db, loadCSV["members"], tt.extra)
			}
			got, err := q.Quality(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Quality (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChecks_badRows(t *testing.T) {
	t.Parallel()
	db, q := testRegister(t, nil)
	exec(t, db, loadCSV["members"], "testdata/register/bad_members.csv")
	got, err := q.Checks(t.Context(), day("2024-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]queries.CheckRow{
		"country in several regions": {Rule: "country in several regions", Kind: queries.CheckRule, Status: queries.CheckBroken, Count: ptr[int64](1), Broken: true,
			Items: []string{"KOR: Asia and the Pacific, Europe and North America"}},
		"region differs from reference": {Rule: "region differs from reference", Kind: queries.CheckRule, Status: queries.CheckBroken, Count: ptr[int64](1), Broken: true,
			Items: []string{"Busan (KOR): Europe and North America, reference Asia and the Pacific"}},
		"withdrawn without left year": {Rule: "withdrawn without left year", Kind: queries.CheckRule, Status: queries.CheckBroken, Count: ptr[int64](1), Broken: true,
			Items: []string{"Bruges (FRA)"}},
		"country not in reference": {Rule: "country not in reference", Kind: queries.CheckInfo, Status: queries.CheckInfoOnly, Count: ptr[int64](1), Items: []string{"ATL"}},
	}
	for _, c := range got {
		if w, ok := want[c.Rule]; ok {
			if diff := cmp.Diff(w, c, cmpopts.IgnoreFields(queries.CheckRow{}, "Checked", "Unknown")); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.Rule, diff)
			}
			delete(want, c.Rule)
		}
	}
	if len(want) > 0 {
		t.Errorf("checks missing: %v", want)
	}
}

func TestChecks_emptyRegister(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	install(t, db, nil)
	got, err := queries.New(db).Checks(t.Context(), day("2024-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("%d checks, want 12", len(got))
	}
	for _, c := range got {
		// Nothing to check and nothing unknown: every rule holds (vacuously), every count is 0.
		if c.Count == nil || *c.Count != 0 || c.Broken || len(c.Items) != 0 || c.Status == queries.CheckUnknown {
			t.Errorf("%s on an empty register: status %s, count %s, broken %v, items %q", c.Rule, c.Status, countText(c.Count), c.Broken, c.Items)
		}
	}
}

func TestSources(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { return time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC).Add(mustDuration(s)) }
	want := []queries.Source{
		{ID: 1, Path: "testdata/register/members.csv", Kind: "members", SHA256: sha(1), Rows: 12, LoadedAt: at("0s"), GnlcVersion: "test"},
		{ID: 2, Path: "testdata/register/announcements.csv", Kind: "announcements", SHA256: sha(2), Rows: 4, LoadedAt: at("1s"), GnlcVersion: "test"},
		{ID: 3, Path: "testdata/register/reports.csv", Kind: "reports", SHA256: sha(3), Rows: 8, LoadedAt: at("2s"), GnlcVersion: "test"},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Sources (-want +got):\n%s", diff)
	}
}

func sha(n int) string {
	return "000000000000000000000000000000000000000000000000000000000000000" + string(rune('0'+n))
}

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestMembers(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	n, err := q.MemberCount(t.Context())
	if err != nil || n != 12 {
		t.Fatalf("MemberCount = %d, %v; want 12", n, err)
	}
	var cities []string
	byCity := map[string]queries.Member{}
	for m, err := range q.Members(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		cities = append(cities, m.City)
		byCity[m.City] = m
	}
	wantOrder := []string{"Giza", "Luxor", "Lyon", "Nantes", "Monterrey", "Puebla", "Lagos", "Gimhae", "Namyangju", "Osan", "Siheung", "Suwon"}
	if diff := cmp.Diff(wantOrder, cities); diff != "" {
		t.Errorf("Members order (-want +got):\n%s", diff)
	}
	want := map[string]queries.Member{
		"Nantes": {City: "Nantes", Country: "France", ISO3: "FRA", Region: "Europe and North America", YearJoined: 2016,
			Population: ptr[int64](300000), PopulationSource: "GeoNames", Status: "withdrawn", LeftYear: ptr(2020),
			SourceURL: "https://example.org/nantes", SourceID: 1},
		"Lyon": {City: "Lyon", Country: "France", ISO3: "FRA", Region: "Europe and North America", YearJoined: 2015,
			Population: ptr[int64](500000), PopulationSource: "GeoNames", Lat: ptr(45.75), Lon: ptr(4.85), Status: "active",
			LastReportOn: dayPtr("2022-03-15"), SourceURL: "https://example.org/lyon", SourceID: 1},
		"Luxor": {City: "Luxor", Country: "Egypt", ISO3: "EGY", Region: "Arab States", YearJoined: 2019,
			AppliedOn: dayPtr("2018-04-10"), Status: "active", SourceURL: "https://example.org/luxor", SourceID: 1},
	}
	for city, w := range want {
		if diff := cmp.Diff(w, byCity[city]); diff != "" {
			t.Errorf("member %s (-want +got):\n%s", city, diff)
		}
	}
	// Breaking out early closes the rows; the sequence can be ranged over again.
	for range 2 {
		seen := 0
		for _, err := range q.Members(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			seen++
			if seen == 3 {
				break
			}
		}
	}
}

// Accents and case do not decide the order: Ávila, avilés, Zaragoza.
func TestMembers_collation(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	for i, city := range []string{"Zaragoza", "avilés", "Ávila"} {
		exec(t, db, `INSERT INTO members (city, city_key, country, iso3, region, year_joined, status, source_id, source_row)
			VALUES ($1, lower($1), 'Spain', 'ESP', 'Europe and North America', 2020, 'active', 1, $2)`, city, i+2)
	}
	install(t, db, nil)
	var got []string
	for m, err := range queries.New(db).Members(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.City)
	}
	if diff := cmp.Diff([]string{"Ávila", "avilés", "Zaragoza"}, got); diff != "" {
		t.Errorf("Members order (-want +got):\n%s", diff)
	}
}

func TestRules_roundTripThroughTables(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Rules(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(defaultRules(t), got); diff != "" {
		t.Errorf("stored rules (-want +got):\n%s", diff)
	}
}

func TestSetup_idempotent(t *testing.T) {
	t.Parallel()
	db, q := testRegister(t, nil)
	before, err := q.Growth(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	install(t, db, nil)
	install(t, db, parseRules(t, readFile(t, "testdata/rules/quota5.conf")))
	after, err := q.Growth(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("Growth changed by a second Setup (-before +after):\n%s", diff)
	}
	r, err := q.Rules(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if r.Quota.Limit != 5 || len(r.Calls) != 1 || len(r.Cycles) != 0 {
		t.Errorf("rules after reinstall: limit %d, %d calls, %d cycles; want 5, 1, 0", r.Quota.Limit, len(r.Calls), len(r.Cycles))
	}
}

// OverlayRules works on a database opened read-only, for its connection only, and leaves the
// stored rules as they were.
func TestOverlayRules_readOnly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "gnlc.duckdb")
	rw, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	install(t, rw, nil)
	loadDir(t, rw, "testdata/register")
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}

	ro, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := queries.Setup(t.Context(), ro, queries.Reference{Rules: defaultRules(t)}); err == nil {
		t.Error("Setup on a read-only database: no error")
	}
	conn, err := ro.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	loose := parseRules(t, readFile(t, "testdata/rules/quota5.conf"))
	loose.Source = "testdata/rules/quota5.conf"
	if err := queries.OverlayRules(t.Context(), conn, loose); err != nil {
		t.Fatalf("OverlayRules on a read-only database: %v", err)
	}
	breaches := func(q *queries.Queries) []string {
		t.Helper()
		checks, err := q.Checks(t.Context(), day("2024-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		return checks[0].Items
	}
	overlaid := queries.New(conn)
	if got := breaches(overlaid); len(got) != 0 {
		t.Errorf("quota breaches with limit 5: %q, want none", got)
	}
	if r, err := overlaid.Rules(t.Context()); err != nil || r.Source != "testdata/rules/quota5.conf" || r.Quota.Limit != 5 {
		t.Errorf("overlaid rules: %+v, %v", r, err)
	}
	// Other connections still see the stored rules.
	conn2, err := ro.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	if diff := cmp.Diff([]string{"KOR 2021: 4 new cities, limit 3"}, breaches(queries.New(conn2))); diff != "" {
		t.Errorf("stored rules on another connection (-want +got):\n%s", diff)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The streamed questions read pages of whole countries; however small the pages, the rows are
// those of one page holding the whole register, in the same order. Pages of 1 row put each
// country on a page of its own; of 5, several countries share some.
func TestStreams_pages(t *testing.T) {
	t.Parallel()
	asOf := day("2024-06-30")
	for _, reg := range []struct {
		name string
		open func(t *testing.T) *queries.Queries
	}{
		{"test register", func(t *testing.T) *queries.Queries { _, q := testRegister(t, nil); return q }},
		{"default register", func(t *testing.T) *queries.Queries { return defaultRegister(t) }},
	} {
		t.Run(reg.name, func(t *testing.T) {
			q := reg.open(t)
			queries.SetPageRows(q, 1<<40)
			wantM, wantMR, wantC := streamAll(t, q, asOf)
			if pm, pc, err := queries.PageCounts(q); err != nil || pm != 1 || pc != 1 {
				t.Fatalf("one page for all: %d and %d pages, %v", pm, pc, err)
			}
			countries := map[string]bool{}
			for _, m := range wantM {
				countries[m.ISO3] = true
			}
			for _, size := range []int64{1, 5, 100} {
				queries.SetPageRows(q, size)
				pm, pc, err := queries.PageCounts(q)
				if err != nil {
					t.Fatal(err)
				}
				if size == 1 && (pm != len(countries) || pc != len(countries)) {
					t.Errorf("pages of 1 row: %d and %d pages, want one per country (%d)", pm, pc, len(countries))
				}
				if size == 5 && (pm < 2 || pm >= len(countries)) {
					t.Errorf("pages of 5 rows: %d pages for %d countries, want countries to share pages", pm, len(countries))
				}
				gotM, gotMR, gotC := streamAll(t, q, asOf)
				if diff := cmp.Diff(wantM, gotM); diff != "" {
					t.Errorf("Members in pages of %d (-one page +pages):\n%s", size, diff)
				}
				if diff := cmp.Diff(wantMR, gotMR); diff != "" {
					t.Errorf("MembersReporting in pages of %d (-one page +pages):\n%s", size, diff)
				}
				if diff := cmp.Diff(wantC, gotC); diff != "" {
					t.Errorf("ComplianceRows in pages of %d (-one page +pages):\n%s", size, diff)
				}
			}
		})
	}
}

func streamAll(t *testing.T, q *queries.Queries, asOf time.Time) ([]queries.Member, []queries.MemberReporting, []queries.ComplianceRow) {
	t.Helper()
	var ms []queries.Member
	for m, err := range q.Members(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	var mrs []queries.MemberReporting
	for mr, err := range q.MembersReporting(t.Context(), asOf) {
		if err != nil {
			t.Fatal(err)
		}
		mrs = append(mrs, mr)
	}
	var cs []queries.ComplianceRow
	for c, err := range q.ComplianceRows(t.Context(), asOf) {
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	if len(ms) == 0 || len(ms) != len(mrs) || len(cs) == 0 {
		t.Fatalf("%d members, %d beside their obligations, %d compliance rows", len(ms), len(mrs), len(cs))
	}
	return ms, mrs, cs
}

// ActiveMembers is Members' active members, with their map fields only, in pages of any size.
func TestActiveMembers(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	for _, size := range []int64{1, 5, 1 << 40} {
		queries.SetPageRows(q, size)
		var want []queries.Member
		for m, err := range q.Members(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			if m.Status == "active" {
				want = append(want, queries.Member{City: m.City, Country: m.Country, ISO3: m.ISO3,
					YearJoined: m.YearJoined, Lat: m.Lat, Lon: m.Lon, Status: m.Status})
			}
		}
		var got []queries.Member
		for m, err := range q.ActiveMembers(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, m)
		}
		if len(got) == 0 || len(got) == 12 {
			t.Fatalf("pages of %d: %d active members of 12, want some and not all", size, len(got))
		}
		// The order is the pages' (whole countries, in Members' order), then ISO3, city and
		// year within a page: compare as sets, and a second range for the same order.
		var again []queries.Member
		for m, err := range q.ActiveMembers(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			again = append(again, m)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Errorf("ActiveMembers ranged twice in pages of %d (-first +second):\n%s", size, diff)
		}
		byKey := func(x, y queries.Member) bool {
			if x.ISO3 != y.ISO3 {
				return x.ISO3 < y.ISO3
			}
			return x.City < y.City
		}
		sort.SliceStable(want, func(a, b int) bool { return byKey(want[a], want[b]) })
		got = slices.Clone(got)
		sort.SliceStable(got, func(a, b int) bool { return byKey(got[a], got[b]) })
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ActiveMembers in pages of %d (-want +got):\n%s", size, diff)
		}
	}
}
