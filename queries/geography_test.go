package queries_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/queries"
)

func TestRegions(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Regions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// 11 active members; the latest cohort is 2022 (Mexico's two). Nantes (withdrawn) counts
	// for Europe's first year but not for its members.
	want := []queries.RegionRow{
		{Region: "Africa", Members: 1, Countries: 1, Share: 1.0 / 11, FirstYear: ptr(2020)},
		{Region: "Arab States", Members: 2, Countries: 1, Share: 2.0 / 11, FirstYear: ptr(2019)},
		{Region: "Asia and the Pacific", Members: 5, Countries: 1, Share: 5.0 / 11, FirstYear: ptr(2015)},
		{Region: "Europe and North America", Members: 1, Countries: 1, Share: 1.0 / 11, FirstYear: ptr(2015)},
		{Region: "Latin America and the Caribbean", Members: 2, Countries: 1, Share: 2.0 / 11, FirstYear: ptr(2022), NewInLatest: 2},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Regions (-want +got):\n%s", diff)
	}
}

func TestRegions_regionWithoutMembers(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	exec(t, db, `INSERT INTO countries VALUES ('GRC', 'GR', 'Greece', 'Grèce', 'Grecia', 'Europe and North America', 'en')`)
	install(t, db, nil)
	got, err := queries.New(db).Regions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.RegionRow{{Region: "Europe and North America"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Regions (-want +got):\n%s", diff)
	}
}

func TestCountries(t *testing.T) {
	t.Parallel()
	_, q := testRegister(t, nil)
	got, err := q.Countries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Egypt and Mexico tie for rank 2, France and Nigeria for rank 4; Greece has no member.
	want := []queries.CountryRow{
		{ISO3: "KOR", ISO2: "KR", NameEN: "Republic of Korea", NameFR: "République de Corée", NameES: "República de Corea",
			Region: "Asia and the Pacific", Language: "en", Members: 5, Share: 5.0 / 11, Rank: 1, FirstYear: 2015, LatestYear: 2021,
			PeopleReached: ptr(int64(2600000)), PopulationUnknown: 1},
		{ISO3: "EGY", ISO2: "EG", NameEN: "Egypt", NameFR: "Égypte", NameES: "Egipto",
			Region: "Arab States", Language: "en", Members: 2, Share: 2.0 / 11, Rank: 2, FirstYear: 2019, LatestYear: 2019,
			PeopleReached: ptr(int64(3000000)), PopulationUnknown: 1},
		{ISO3: "MEX", ISO2: "MX", NameEN: "Mexico", NameFR: "Mexique", NameES: "México",
			Region: "Latin America and the Caribbean", Language: "es", Members: 2, Share: 2.0 / 11, Rank: 2, FirstYear: 2022, LatestYear: 2022,
			PeopleReached: ptr(int64(2600000))},
		{ISO3: "FRA", ISO2: "FR", NameEN: "France", NameFR: "France", NameES: "Francia",
			Region: "Europe and North America", Language: "fr", Members: 1, Share: 1.0 / 11, Rank: 4, FirstYear: 2015, LatestYear: 2016,
			PeopleReached: ptr(int64(500000))},
		{ISO3: "NGA", ISO2: "NG", NameEN: "Nigeria", NameFR: "Nigéria", NameES: "Nigeria",
			Region: "Africa", Language: "en", Members: 1, Share: 1.0 / 11, Rank: 4, FirstYear: 2020, LatestYear: 2020,
			PeopleReached: ptr(int64(8000000))},
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("Countries (-want +got):\n%s", diff)
	}
}

// A country missing from the reference table keeps the register's name and region, in every
// language, and data quality counts it.
func TestCountries_notInReference(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	exec(t, db, `INSERT INTO members (city, city_key, country, iso3, region, year_joined, status, source_id, source_row)
		VALUES ('Atlantis', 'atlantis', 'Atlantis', 'ATL', 'Africa', 2020, 'active', 1, 2)`)
	install(t, db, nil)
	got, err := queries.New(db).Countries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.CountryRow{{ISO3: "ATL", NameEN: "Atlantis", NameFR: "Atlantis", NameES: "Atlantis", Region: "Africa",
		Language: "en", Members: 1, Share: 1, Rank: 1, FirstYear: 2020, LatestYear: 2020, PopulationUnknown: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Countries (-want +got):\n%s", diff)
	}
}
