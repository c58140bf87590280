package pipeline

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
	"gnlc/fixtures/fixturestest"
)

// TestIngest_defaultRegister reads back the embedded default register and checks it against
// the figures in ../shared/data/README.md (read from it) and the published figures.
func TestIngest_defaultRegister(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	ctx := t.Context()
	for _, f := range fixtures.DefaultRegister() {
		res, err := ing.IngestBytes(ctx, f.Name, f.Data, FileOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		t.Logf("%s: %+v", f.Name, res)
	}
	db := ing.DB
	fig := fixturestest.Shared(t)
	checks := []struct {
		name  string
		query string
		want  []int64
	}{
		{"rows, countries", "SELECT count(*), count(DISTINCT iso3) FROM members", []int64{fig.Rows, fig.Countries}},
		{"with population, sum", "SELECT count(population), sum(population) FROM members", []int64{fig.WithPopulation, fig.PopulationSum}},
		{"with coordinates", "SELECT count(*) FROM members WHERE lat IS NOT NULL AND lon IS NOT NULL", []int64{fig.WithCoordinates}},
		{"per region", `SELECT count(*) FILTER (region = 'Africa'), count(*) FILTER (region = 'Arab States'),
			count(*) FILTER (region = 'Asia and the Pacific'), count(*) FILTER (region = 'Europe and North America'),
			count(*) FILTER (region = 'Latin America and the Caribbean') FROM members`,
			[]int64{fig.Regions["Africa"], fig.Regions["Arab States"], fig.Regions["Asia and the Pacific"],
				fig.Regions["Europe and North America"], fig.Regions["Latin America and the Caribbean"]}},
		{"active", "SELECT count(*) FILTER (status = 'active') FROM members", []int64{fig.Rows}},
		{"announcements", "SELECT count(*) FROM announcements", []int64{9}},
		{"2025 published", "SELECT new_cities, new_countries, first_time_countries, total_cities, total_countries, people_reached FROM announcements WHERE year = 2025",
			[]int64{72, 46, 13, 425, 91, 500000000}},
		{"2024 published", "SELECT new_cities, new_countries, first_time_countries, total_cities, total_countries, people_reached FROM announcements WHERE year = 2024",
			[]int64{64, 35, 3, 356, 79, 390000000}},
		{"2023 published", "SELECT total_cities, total_countries, people_reached FROM announcements WHERE year = 2023",
			[]int64{292, 76, 310000000}},
		{"sources", "SELECT count(*), sum(rows) FROM sources", []int64{2, fig.Rows + 9}},
	}
	for _, y := range fig.Years {
		if diff := cmp.Diff([]int64{y.NewCities}, queryInts(t, db, "SELECT count(*) FROM members WHERE year_joined = $1", y.Year)); diff != "" {
			t.Errorf("members of the %d cohort (-want +got):\n%s", y.Year, diff)
		}
	}
	for iso, n := range fig.ByCountry {
		if diff := cmp.Diff([]int64{n}, queryInts(t, db, "SELECT count(*) FROM members WHERE iso3 = $1", iso)); diff != "" {
			t.Errorf("members in %s (-want +got):\n%s", iso, diff)
		}
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, queryInts(t, db, c.query)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.query, diff)
			}
		})
	}
}
