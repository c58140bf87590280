package queries_test

import (
	"time"

	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"gnlc/queries"
)

// approx compares shares and coverages, which are divisions.
var approx = cmpopts.EquateApprox(0, 1e-12)

// The expected values in these tests were worked out by hand from testdata/register
// (see testdata/README.md for why each member is there).

func TestHeadline(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	tests := []struct {
		name string
		year int
		want queries.Headline
	}{
		{
			name: "announced year",
			year: 2024,
			want: queries.Headline{
				Year:      2024,
				Published: queries.Figures{Cities: ptr[int64](40), Countries: ptr[int64](15), NewCities: ptr[int64](10), NewCountries: ptr[int64](5), FirstTimeCountries: ptr[int64](1), PeopleReached: ptr[int64](9000000)},
				// 11 active (Nantes withdrew in 2020); Luxor and Gimhae have no population.
				Named:             queries.Figures{Cities: ptr[int64](11), Countries: ptr[int64](5), NewCities: ptr[int64](0), NewCountries: ptr[int64](0), FirstTimeCountries: ptr[int64](0), PeopleReached: ptr[int64](16700000)},
				PopulationUnknown: 2,
				Coverage:          ptr(11.0 / 40),
			},
		},
		{
			name: "withdrawal year, people reached not published",
			year: 2020,
			want: queries.Headline{
				Year:      2020,
				Published: queries.Figures{Cities: ptr[int64](22), Countries: ptr[int64](11), NewCities: ptr[int64](2), NewCountries: ptr[int64](2)},
				// Lagos brings Nigeria, new to the register.
				Named:             queries.Figures{Cities: ptr[int64](5), Countries: ptr[int64](4), NewCities: ptr[int64](1), NewCountries: ptr[int64](1), FirstTimeCountries: ptr[int64](1), PeopleReached: ptr[int64](12200000)},
				PopulationUnknown: 1,
				Coverage:          ptr(5.0 / 22),
			},
		},
		{
			name: "no announcement; the withdrawn member still counts",
			year: 2016,
			want: queries.Headline{
				Year: 2016,
				// Nantes joins France, a member since 2015: no first-time country.
				Named: queries.Figures{Cities: ptr[int64](3), Countries: ptr[int64](2), NewCities: ptr[int64](1), NewCountries: ptr[int64](1), FirstTimeCountries: ptr[int64](0), PeopleReached: ptr[int64](1500000)},
			},
		},
		{
			name: "after the register's last year the totals carry on",
			year: 2030,
			want: queries.Headline{
				Year:              2030,
				Named:             queries.Figures{Cities: ptr[int64](11), Countries: ptr[int64](5), NewCities: ptr[int64](0), NewCountries: ptr[int64](0), FirstTimeCountries: ptr[int64](0), PeopleReached: ptr[int64](16700000)},
				PopulationUnknown: 2,
			},
		},
		{
			name: "before the network: zero members, people reached unknown",
			year: 2010,
			want: queries.Headline{
				Year:  2010,
				Named: queries.Figures{Cities: ptr[int64](0), Countries: ptr[int64](0), NewCities: ptr[int64](0), NewCountries: ptr[int64](0), FirstTimeCountries: ptr[int64](0)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.Headline(t.Context(), tt.year)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("Headline(%d) (-want +got):\n%s", tt.year, diff)
			}
		})
	}
}

func TestGrowth(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Growth(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// 2015..2024: from the first cohort to the last announcement. Nantes (2016) leaves in 2020.
	want := []queries.GrowthRow{
		{Year: 2015, NewCities: 2, NewCountries: 2, FirstTimeCountries: 2, Left: 0, TotalCities: 2, TotalCountries: 2},
		{Year: 2016, NewCities: 1, NewCountries: 1, FirstTimeCountries: 0, Left: 0, TotalCities: 3, TotalCountries: 2},
		{Year: 2017, TotalCities: 3, TotalCountries: 2},
		{Year: 2018, TotalCities: 3, TotalCountries: 2},
		{Year: 2019, NewCities: 2, NewCountries: 1, FirstTimeCountries: 1, TotalCities: 5, TotalCountries: 3},
		{Year: 2020, NewCities: 1, NewCountries: 1, FirstTimeCountries: 1, Left: 1, TotalCities: 5, TotalCountries: 4},
		{Year: 2021, NewCities: 4, NewCountries: 1, FirstTimeCountries: 0, TotalCities: 9, TotalCountries: 4},
		{Year: 2022, NewCities: 2, NewCountries: 1, FirstTimeCountries: 1, TotalCities: 11, TotalCountries: 5},
		{Year: 2023, TotalCities: 11, TotalCountries: 5},
		{Year: 2024, TotalCities: 11, TotalCountries: 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Growth (-want +got):\n%s", diff)
	}
}

func TestReconciliation(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Reconciliation(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// A year with nothing published: over-named is unknown (nil), not false.
	unpublished := func(year int, named, namedCountries, total, totalCountries int64) queries.ReconciliationRow {
		return queries.ReconciliationRow{Year: year, NamedNew: named, NamedNewCountries: namedCountries, NamedTotal: total, NamedTotalCountries: totalCountries}
	}
	day := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &t }
	want := []queries.ReconciliationRow{
		unpublished(2015, 2, 2, 2, 2),
		unpublished(2016, 1, 1, 3, 2),
		unpublished(2017, 0, 0, 3, 2),
		unpublished(2018, 0, 0, 3, 2),
		{Year: 2019, PublishedNew: ptr[int64](5), NamedNew: 2, PublishedNewCountries: ptr[int64](3), NamedNewCountries: 1,
			PublishedTotal: ptr[int64](20), NamedTotal: 5, PublishedTotalCountries: ptr[int64](10), NamedTotalCountries: 3, Coverage: ptr(0.4), OverNamed: ptr(false), AnnouncedOn: day(2019, 7, 17)},
		{Year: 2020, PublishedNew: ptr[int64](2), NamedNew: 1, PublishedNewCountries: ptr[int64](2), NamedNewCountries: 1,
			PublishedTotal: ptr[int64](22), NamedTotal: 5, PublishedTotalCountries: ptr[int64](11), NamedTotalCountries: 4, Coverage: ptr(0.5), OverNamed: ptr(false), AnnouncedOn: day(2020, 9, 23)},
		unpublished(2021, 4, 1, 9, 4),
		// Two named (Puebla, Monterrey) where one was announced: an error.
		{Year: 2022, PublishedNew: ptr[int64](1), NamedNew: 2, PublishedNewCountries: ptr[int64](1), NamedNewCountries: 1,
			PublishedTotal: ptr[int64](25), NamedTotal: 11, PublishedTotalCountries: ptr[int64](12), NamedTotalCountries: 5, Coverage: ptr(2.0), OverNamed: ptr(true), AnnouncedOn: day(2022, 9, 2)},
		unpublished(2023, 0, 0, 11, 5),
		{Year: 2024, PublishedNew: ptr[int64](10), NamedNew: 0, PublishedNewCountries: ptr[int64](5), NamedNewCountries: 0,
			PublishedTotal: ptr[int64](40), NamedTotal: 11, PublishedTotalCountries: ptr[int64](15), NamedTotalCountries: 5, Coverage: ptr(0.0), OverNamed: ptr(false), AnnouncedOn: day(2024, 2, 14)},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Reconciliation (-want +got):\n%s", diff)
	}
}

func TestCohorts(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Cohorts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.CohortRow{
		{Year: 2015, Region: "Asia and the Pacific", ISO3: "KOR", Country: "Republic of Korea", NewCities: 1},
		{Year: 2015, Region: "Europe and North America", ISO3: "FRA", Country: "France", NewCities: 1},
		{Year: 2016, Region: "Europe and North America", ISO3: "FRA", Country: "France", NewCities: 1},
		{Year: 2019, Region: "Arab States", ISO3: "EGY", Country: "Egypt", NewCities: 2},
		{Year: 2020, Region: "Africa", ISO3: "NGA", Country: "Nigeria", NewCities: 1},
		{Year: 2021, Region: "Asia and the Pacific", ISO3: "KOR", Country: "Republic of Korea", NewCities: 4},
		{Year: 2022, Region: "Latin America and the Caribbean", ISO3: "MEX", Country: "Mexico", NewCities: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cohorts (-want +got):\n%s", diff)
	}
}

func TestLatestCohort(t *testing.T) {
	t.Parallel()
	t.Run("register", func(t *testing.T) {
		t.Parallel()
		_, q := testRegister(t, nil)
		got, err := q.LatestCohort(t.Context())
		if err != nil || got != 2022 {
			t.Errorf("LatestCohort = %d, %v; want 2022, nil", got, err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		db := newDB(t)
		install(t, db, nil)
		_, err := queries.New(db).LatestCohort(t.Context())
		if !errors.Is(err, queries.ErrNoMembers) {
			t.Errorf("LatestCohort on an empty register: error %v, want ErrNoMembers", err)
		}
	})
}
