package queries_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures/fixturestest"
	"gnlc/queries"
)

// The embedded default register, loaded straight from fixtures/ (not through pipeline, so this
// test depends on nothing but the files): members and announcements as shared/data ships them,
// and the reference table of countries.
var loadDefault = []struct{ query, path string }{
	{`INSERT INTO countries BY NAME
	  SELECT iso3, iso2, name_en, name_fr, name_es, region, language
	  FROM read_csv($1, header = true, all_varchar = true)`, "../fixtures/countries.csv"},
	{`INSERT INTO members BY NAME
	  SELECT city, lower(city) AS city_key, country, iso3, region, year_joined, population, population_source,
	         lat, lon, 'active' AS status, source_url, 1 AS source_id, 0 AS source_row
	  FROM read_csv($1, header = true, all_varchar = true)`, "../fixtures/members.csv"},
	{`INSERT INTO announcements BY NAME
	  SELECT *, 2 AS source_id, 0 AS source_row
	  FROM read_csv($1, header = true, all_varchar = true)`, "../fixtures/announcements.csv"},
}

func defaultRegister(t *testing.T) *queries.Queries {
	t.Helper()
	return defaultRegisterWith(t, "")
}

// defaultRegisterWith is defaultRegister on a database opened with DuckDB settings.
func defaultRegisterWith(t *testing.T, settings string) *queries.Queries {
	t.Helper()
	db := newDBWith(t, settings)
	for _, l := range loadDefault {
		exec(t, db, l.query, l.path)
	}
	install(t, db, nil)
	return queries.New(db)
}

// The figures of shared/data/README.md ("Figures a test can check"): the named members' are
// read from the README itself (fixturestest), the published ones are the announcements' real
// values (2025: 425 cities in 91 countries, 72 new from 46).
func TestDefaultRegister(t *testing.T) {
	t.Parallel()
	q := defaultRegister(t)
	ctx := t.Context()
	fig := fixturestest.Shared(t)
	latest := fig.Latest()
	// named is the README's cumulative row at the end of year y (a year without a cohort keeps
	// the year before's totals).
	named := func(y int) fixturestest.YearRow {
		var last fixturestest.YearRow
		for _, r := range fig.Years {
			if r.Year > y {
				break
			}
			last = r
		}
		if last.Year != y {
			return fixturestest.YearRow{Year: y, TotalCities: last.TotalCities, TotalCountries: last.TotalCountries}
		}
		return last
	}

	t.Run("growth", func(t *testing.T) {
		got, err := q.Growth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Named new members, their countries, cumulative named, cumulative countries; 2021 and
		// 2023 had no admission round. First-time countries are the steps of the cumulative count.
		var want []queries.GrowthRow
		var before int64
		for y := 2015; y <= latest.Year; y++ {
			r := named(y)
			want = append(want, queries.GrowthRow{Year: y, NewCities: r.NewCities, NewCountries: r.NewCountries,
				FirstTimeCountries: r.TotalCountries - before, TotalCities: r.TotalCities, TotalCountries: r.TotalCountries})
			before = r.TotalCountries
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Growth (-want +got):\n%s", diff)
		}
	})

	t.Run("headline 2025", func(t *testing.T) {
		got, err := q.Headline(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		want := queries.Headline{
			Year: 2025,
			Published: queries.Figures{Cities: ptr[int64](425), Countries: ptr[int64](91), NewCities: ptr[int64](72), NewCountries: ptr[int64](46),
				FirstTimeCountries: ptr[int64](13), PeopleReached: ptr[int64](500000000)},
			// The named first-time countries are the step of the cumulative count of countries.
			Named: queries.Figures{Cities: ptr(latest.TotalCities), Countries: ptr(latest.TotalCountries), NewCities: ptr(latest.NewCities),
				NewCountries: ptr(latest.NewCountries), FirstTimeCountries: ptr(latest.TotalCountries - named(2024).TotalCountries),
				PeopleReached: ptr(fig.PopulationSum)},
			PopulationUnknown: fig.Rows - fig.WithPopulation,
			Coverage:          ptr(float64(latest.TotalCities) / 425),
		}
		if latest.Year != 2025 {
			t.Fatalf("README's latest cohort is %d: update this test's published figures", latest.Year)
		}
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("Headline(2025) (-want +got):\n%s", diff)
		}
	})

	t.Run("headline 2024", func(t *testing.T) {
		got, err := q.Headline(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		want := queries.Figures{Cities: ptr[int64](356), Countries: ptr[int64](79), NewCities: ptr[int64](64), NewCountries: ptr[int64](35),
			FirstTimeCountries: ptr[int64](3), PeopleReached: ptr[int64](390000000)}
		if diff := cmp.Diff(want, got.Published); diff != "" {
			t.Errorf("Headline(2024).Published (-want +got):\n%s", diff)
		}
		if r := named(2024); *got.Named.Cities != r.TotalCities || *got.Named.Countries != r.TotalCountries {
			t.Errorf("Headline(2024).Named: %d cities, %d countries; want %d, %d", *got.Named.Cities, *got.Named.Countries, r.TotalCities, r.TotalCountries)
		}
	})

	t.Run("reconciliation", func(t *testing.T) {
		rows, err := q.Reconciliation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		type side struct {
			Year                                int
			PublishedNew, PublishedNewCountries *int64
			PublishedTotal, PublishedCountries  *int64
			NamedNew, NamedTotal                int64
			OverNamed                           *bool
		}
		var got []side
		for _, r := range rows {
			got = append(got, side{r.Year, r.PublishedNew, r.PublishedNewCountries, r.PublishedTotal, r.PublishedTotalCountries, r.NamedNew, r.NamedTotal, r.OverNamed})
		}
		n := func(v int64) *int64 { return &v }
		// Published: announcements.csv, as UNESCO gave the figures.
		published := map[int][4]*int64{
			2016: {nil, nil, n(115), n(28)},
			2017: {nil, nil, n(177), n(41)},
			2018: {nil, nil, n(182), nil},
			2019: {n(38), n(23), nil, n(53)},
			2020: {n(54), n(27), n(229), n(64)},
			2022: {n(77), n(44), n(294), n(76)},
			2023: {n(0), n(0), n(292), n(76)},
			2024: {n(64), n(35), n(356), n(79)},
			2025: {n(72), n(46), n(425), n(91)},
		}
		var want []side
		for y := 2015; y <= latest.Year; y++ {
			p, r := published[y], named(y)
			// Over-named is unknown (nil) for a year with no published new cities, not false.
			var over *bool
			if p[0] != nil {
				over = ptr(r.NewCities > *p[0])
			}
			want = append(want, side{y, p[0], p[1], p[2], p[3], r.NewCities, r.TotalCities, over})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Reconciliation (-want +got):\n%s", diff)
		}
	})

	t.Run("regions", func(t *testing.T) {
		rows, err := q.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range rows {
			got[r.Region] = r.Members
		}
		if diff := cmp.Diff(fig.Regions, got); diff != "" {
			t.Errorf("Regions (-want +got):\n%s", diff)
		}
	})

	t.Run("countries", func(t *testing.T) {
		rows, err := q.Countries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(rows)) != fig.Countries {
			t.Errorf("%d countries, want %d", len(rows), fig.Countries)
		}
		got := map[string]int64{}
		for _, r := range rows {
			if r.NameFR == "" || r.NameES == "" || r.ISO2 == "" {
				t.Errorf("%s: names or ISO2 missing from the reference table: %+v", r.ISO3, r)
			}
			if _, ok := fig.ByCountry[r.ISO3]; ok {
				got[r.ISO3] = r.Members
			}
		}
		if diff := cmp.Diff(fig.ByCountry, got); diff != "" {
			t.Errorf("Countries (-want +got):\n%s", diff)
		}
	})

	// No applied_on, no report: nothing is broken, the unknowns are counted.
	t.Run("checks", func(t *testing.T) {
		rows, err := q.Checks(ctx, day("2026-12-02"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range rows {
			if r.Broken {
				t.Errorf("rule %q broken on the default register: %q", r.Rule, r.Items)
			}
			got[r.Rule] = fmt.Sprintf("%s %s", r.Status, countText(r.Count))
		}
		// The window rule applies from the 2019 cohort; earlier members joined by rolling admission.
		var windowed, before int64
		for _, r := range fig.Years {
			if r.Year >= 2019 {
				windowed += r.NewCities
			} else {
				before += r.NewCities
			}
		}
		// The default register holds no application date and no report: those two rules check
		// nothing, so they are unknown ("?"), not "ok 0".
		info := func(n int64) string { return "info " + strconv.FormatInt(n, 10) }
		want := map[string]string{
			"quota": "ok 0", "application window": "unknown ?",
			"application date unknown": info(windowed), "application window not in force": info(before),
			"reporting overdue": "unknown ?", "reporting unknown": info(fig.Rows),
			"cohort over-named": "ok 0", "country in several regions": "ok 0", "region differs from reference": "ok 0",
			"withdrawn without left year": "ok 0", "country not in reference": info(0), "population unknown": info(fig.Rows - fig.WithPopulation),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Checks (-want +got):\n%s", diff)
		}
	})

	t.Run("members", func(t *testing.T) {
		n, err := q.MemberCount(ctx)
		if err != nil || n != fig.Rows {
			t.Errorf("MemberCount = %d, %v; want %d", n, err, fig.Rows)
		}
	})
}

// countText is a check's count, "?" when unknown (nil).
func countText(n *int64) string {
	if n == nil {
		return "?"
	}
	return strconv.FormatInt(*n, 10)
}
