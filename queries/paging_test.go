package queries_test

import (
	"cmp"
	"iter"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
)

// all collects a sequence, failing the test on its error.
func all[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// The long lists are read in pages (keyset pagination, one country at a time): whatever the
// page size, they yield the same rows in the same order as in one page, across page and
// country boundaries, with ties of the folded order (Ávila, ávila) broken as one query breaks
// them.
func TestPaging(t *testing.T) {
	t.Parallel()
	db, _ := testRegister(t, nil)
	for i, city := range []string{"Zaragoza", "avilés", "Ávila", "ávila", "Avila"} {
		exec(t, db, `INSERT INTO members (city, city_key, country, iso3, region, year_joined, status, last_report_on, source_id, source_row)
			VALUES ($1, lower($1) || $2, 'Spain', 'ESP', 'Europe and North America', 2020, 'active', DATE '2021-05-01', 1, $2)`, city, 100+i)
	}
	whole := queries.New(db)
	asOf := day("2024-06-30")
	wantMembers := all(t, whole.Members(t.Context()))
	wantCompliance := all(t, whole.ComplianceRows(t.Context(), asOf))
	reporting, err := whole.Reporting(t.Context(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantMembers) != 17 || len(wantCompliance) != 17 {
		t.Fatalf("%d members and %d compliance rows, want 17 each", len(wantMembers), len(wantCompliance))
	}
	var spain []string
	for _, m := range wantMembers {
		if m.ISO3 == "ESP" {
			spain = append(spain, m.City)
		}
	}
	if diff := gocmp.Diff([]string{"Avila", "Ávila", "ávila", "avilés", "Zaragoza"}, spain); diff != "" {
		t.Errorf("Members order in Spain (-want +got):\n%s", diff)
	}
	// CountryReporting is Reporting's rows of one country, by city in byte order.
	wantCountry := map[string][]queries.CityReporting{}
	slices.SortStableFunc(reporting, func(a, b queries.ReportingRow) int { return cmp.Compare(a.City, b.City) })
	for _, r := range reporting {
		wantCountry[r.ISO3] = append(wantCountry[r.ISO3], queries.CityReporting{City: r.City, LastReport: r.LastReport,
			NextDue: r.NextDue, DaysOverdue: r.DaysOverdue, Status: r.Status, Cycle: r.Cycle})
	}
	if len(wantCountry["ESP"]) != 5 {
		t.Fatalf("Spain has %d reporting rows, want 5", len(wantCountry["ESP"]))
	}
	for _, n := range []int{1, 2, 3, 5} {
		q := queries.WithPageRows(whole, n)
		if diff := gocmp.Diff(wantMembers, all(t, q.Members(t.Context()))); diff != "" {
			t.Errorf("Members in pages of %d (-one page +pages):\n%s", n, diff)
		}
		if diff := gocmp.Diff(wantCompliance, all(t, q.ComplianceRows(t.Context(), asOf))); diff != "" {
			t.Errorf("ComplianceRows in pages of %d (-one page +pages):\n%s", n, diff)
		}
		for iso3, want := range wantCountry {
			got := all(t, q.CountryReporting(t.Context(), asOf, iso3))
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("CountryReporting(%s) in pages of %d (-Reporting's rows +got):\n%s", iso3, n, diff)
			}
		}
		if got := all(t, q.CountryReporting(t.Context(), asOf, "XXX")); len(got) != 0 {
			t.Errorf("CountryReporting(XXX) = %v, want nothing", got)
		}
	}
	// Breaking out in the middle of a page, or at a page's end, stops the sequence.
	q := queries.WithPageRows(whole, 2)
	for _, stop := range []int{1, 2, 3} {
		seen := 0
		for _, err := range q.Members(t.Context()) {
			if err != nil {
				t.Fatal(err)
			}
			if seen++; seen == stop {
				break
			}
		}
		if seen != stop {
			t.Errorf("stopped after %d members, want %d", seen, stop)
		}
	}
}
