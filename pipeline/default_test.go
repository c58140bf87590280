package pipeline

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
)

// TestIngest_defaultRegister reads back the embedded default register and checks it against
// the figures in ../shared/data/README.md, written here as numbers.
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
	checks := []struct {
		name  string
		query string
		want  []int64
	}{
		{"rows, countries", "SELECT count(*), count(DISTINCT iso3) FROM members", []int64{226, 61}},
		{"with population, sum", "SELECT count(population), sum(population) FROM members", []int64{181, 141152710}},
		{"with coordinates", "SELECT count(*) FROM members WHERE lat IS NOT NULL AND lon IS NOT NULL", []int64{181}},
		{"per cohort", `SELECT count(*) FILTER (year_joined = 2015), count(*) FILTER (year_joined = 2016),
			count(*) FILTER (year_joined = 2017), count(*) FILTER (year_joined = 2018),
			count(*) FILTER (year_joined = 2019), count(*) FILTER (year_joined = 2020),
			count(*) FILTER (year_joined = 2022), count(*) FILTER (year_joined = 2024) FROM members`,
			[]int64{4, 22, 8, 5, 22, 42, 67, 56}},
		{"per region", `SELECT count(*) FILTER (region = 'Africa'), count(*) FILTER (region = 'Arab States'),
			count(*) FILTER (region = 'Asia and the Pacific'), count(*) FILTER (region = 'Europe and North America'),
			count(*) FILTER (region = 'Latin America and the Caribbean') FROM members`,
			[]int64{29, 35, 52, 73, 37}},
		{"FRA MEX VNM KOR", `SELECT count(*) FILTER (iso3 = 'FRA'), count(*) FILTER (iso3 = 'MEX'),
			count(*) FILTER (iso3 = 'VNM'), count(*) FILTER (iso3 = 'KOR') FROM members`,
			[]int64{5, 7, 5, 21}},
		{"active", "SELECT count(*) FILTER (status = 'active') FROM members", []int64{226}},
		{"announcements", "SELECT count(*) FROM announcements", []int64{8}},
		{"2024 published", "SELECT new_cities, new_countries, first_time_countries, total_cities, total_countries, people_reached FROM announcements WHERE year = 2024",
			[]int64{64, 35, 3, 356, 79, 390000000}},
		{"2023 published", "SELECT total_cities, total_countries, people_reached FROM announcements WHERE year = 2023",
			[]int64{292, 76, 310000000}},
		{"sources", "SELECT count(*), sum(rows) FROM sources", []int64{2, 234}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, queryInts(t, db, c.query)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.query, diff)
			}
		})
	}
}
