package queries_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

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

// The figures of shared/data/README.md ("Figures a test can check").
func TestDefaultRegister(t *testing.T) {
	t.Parallel()
	q := defaultRegister(t)
	ctx := t.Context()

	t.Run("growth", func(t *testing.T) {
		got, err := q.Growth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Named new members, their countries, cumulative named, cumulative countries; 2021 and
		// 2023 had no admission round. First-time countries are the steps of the cumulative count.
		want := []queries.GrowthRow{
			{Year: 2015, NewCities: 4, NewCountries: 4, FirstTimeCountries: 4, TotalCities: 4, TotalCountries: 4},
			{Year: 2016, NewCities: 22, NewCountries: 12, FirstTimeCountries: 10, TotalCities: 26, TotalCountries: 14},
			{Year: 2017, NewCities: 8, NewCountries: 5, FirstTimeCountries: 3, TotalCities: 34, TotalCountries: 17},
			{Year: 2018, NewCities: 5, NewCountries: 4, FirstTimeCountries: 1, TotalCities: 39, TotalCountries: 18},
			{Year: 2019, NewCities: 22, NewCountries: 14, FirstTimeCountries: 6, TotalCities: 61, TotalCountries: 24},
			{Year: 2020, NewCities: 42, NewCountries: 23, FirstTimeCountries: 13, TotalCities: 103, TotalCountries: 37},
			{Year: 2021, TotalCities: 103, TotalCountries: 37},
			{Year: 2022, NewCities: 67, NewCountries: 40, FirstTimeCountries: 21, TotalCities: 170, TotalCountries: 58},
			{Year: 2023, TotalCities: 170, TotalCountries: 58},
			{Year: 2024, NewCities: 56, NewCountries: 29, FirstTimeCountries: 3, TotalCities: 226, TotalCountries: 61},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Growth (-want +got):\n%s", diff)
		}
	})

	t.Run("headline 2024", func(t *testing.T) {
		got, err := q.Headline(ctx, 2024)
		if err != nil {
			t.Fatal(err)
		}
		want := queries.Headline{
			Year:      2024,
			Published: queries.Figures{Cities: ptr[int64](356), Countries: ptr[int64](79), NewCities: ptr[int64](64), NewCountries: ptr[int64](35), PeopleReached: ptr[int64](390000000)},
			// 181 of 226 rows have a population, summing to 141152710.
			Named:             queries.Figures{Cities: ptr[int64](226), Countries: ptr[int64](61), NewCities: ptr[int64](56), NewCountries: ptr[int64](29), PeopleReached: ptr[int64](141152710)},
			PopulationUnknown: 45,
			Coverage:          ptr(226.0 / 356),
		}
		if diff := cmp.Diff(want, got, approx); diff != "" {
			t.Errorf("Headline(2024) (-want +got):\n%s", diff)
		}
	})

	t.Run("headline 2023", func(t *testing.T) {
		got, err := q.Headline(ctx, 2023)
		if err != nil {
			t.Fatal(err)
		}
		want := queries.Figures{Cities: ptr[int64](292), Countries: ptr[int64](76), NewCities: ptr[int64](0), NewCountries: ptr[int64](0), PeopleReached: ptr[int64](310000000)}
		if diff := cmp.Diff(want, got.Published); diff != "" {
			t.Errorf("Headline(2023).Published (-want +got):\n%s", diff)
		}
		if *got.Named.Cities != 170 || *got.Named.Countries != 58 {
			t.Errorf("Headline(2023).Named: %d cities, %d countries; want 170, 58", *got.Named.Cities, *got.Named.Countries)
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
			OverNamed                           bool
		}
		var got []side
		for _, r := range rows {
			got = append(got, side{r.Year, r.PublishedNew, r.PublishedNewCountries, r.PublishedTotal, r.PublishedTotalCountries, r.NamedNew, r.NamedTotal, r.OverNamed})
		}
		n := func(v int64) *int64 { return &v }
		want := []side{
			{2015, nil, nil, nil, nil, 4, 4, false},
			{2016, nil, nil, n(115), n(28), 22, 26, false},
			{2017, nil, nil, n(177), n(41), 8, 34, false},
			{2018, nil, nil, n(182), nil, 5, 39, false},
			{2019, n(38), n(23), nil, n(53), 22, 61, false},
			{2020, n(54), n(27), n(229), n(64), 42, 103, false},
			{2021, nil, nil, nil, nil, 0, 103, false},
			{2022, n(77), n(44), n(294), n(76), 67, 170, false},
			{2023, n(0), n(0), n(292), n(76), 0, 170, false},
			{2024, n(64), n(35), n(356), n(79), 56, 226, false},
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
		want := map[string]int64{"Africa": 29, "Arab States": 35, "Asia and the Pacific": 52, "Europe and North America": 73, "Latin America and the Caribbean": 37}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Regions (-want +got):\n%s", diff)
		}
	})

	t.Run("countries", func(t *testing.T) {
		rows, err := q.Countries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 61 {
			t.Errorf("%d countries, want 61", len(rows))
		}
		got := map[string]int64{}
		for _, r := range rows {
			if r.NameFR == "" || r.NameES == "" || r.ISO2 == "" {
				t.Errorf("%s: names or ISO2 missing from the reference table: %+v", r.ISO3, r)
			}
			switch r.ISO3 {
			case "FRA", "MEX", "VNM", "KOR":
				got[r.ISO3] = r.Members
			}
		}
		want := map[string]int64{"FRA": 5, "MEX": 7, "VNM": 5, "KOR": 21}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Countries (-want +got):\n%s", diff)
		}
	})

	// No applied_on, no report: nothing is broken, the unknowns are counted.
	t.Run("checks", func(t *testing.T) {
		rows, err := q.Checks(ctx, day("2024-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range rows {
			if r.Broken {
				t.Errorf("rule %q broken on the default register: %q", r.Rule, r.Items)
			}
			got[r.Rule] = r.Count
		}
		want := map[string]int64{
			"quota": 0, "application window": 0,
			// Cohorts 2019 on (22+42+67+56); the 39 members of 2015-2018 joined before the window rule.
			"application date unknown": 187, "application window not in force": 39,
			"reporting overdue": 0, "reporting unknown": 226,
			"cohort over-named": 0, "country in several regions": 0, "region differs from reference": 0,
			"withdrawn without left year": 0, "country not in reference": 0, "population unknown": 45,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Checks (-want +got):\n%s", diff)
		}
	})

	t.Run("members", func(t *testing.T) {
		n, err := q.MemberCount(ctx)
		if err != nil || n != 226 {
			t.Errorf("MemberCount = %d, %v; want 226", n, err)
		}
	})
}
