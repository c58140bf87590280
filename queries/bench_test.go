package queries_test

import (
	"testing"

	"gnlc/queries"
)

// generateMembers adds $1 generated members, spread over the six countries of testdata/register,
// the cohorts 2015-2024 and every case the questions distinguish: unknown application dates and
// populations, applications outside the window, withdrawals and reports.
const generateMembers = `
INSERT INTO members
SELECT 'City ' || i, 'city ' || i, c.name_en, c.iso3, c.region, 2015 + (i % 10)::INTEGER,
       CASE WHEN i % 3 = 0 THEN NULL
            ELSE make_date(2014 + (i % 10)::INTEGER, 2 + (i % 4)::INTEGER, 1 + (i % 28)::INTEGER) END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 10000 + i END, 'GeoNames', 0.0, 0.0,
       CASE WHEN i % 50 = 0 THEN 'withdrawn' ELSE 'active' END,
       CASE WHEN i % 50 = 0 THEN 2024 END,
       CASE WHEN i % 4 = 0 THEN make_date(2022, 1 + (i % 12)::INTEGER, 1) END,
       'https://example.org', 9, i + 2
FROM range($1) t(i)
JOIN (SELECT *, row_number() OVER (ORDER BY iso3) - 1 AS k FROM countries) c ON c.k = i % 6`

// BenchmarkQueries runs every question on a generated register of 1,000,000 members
// (100,000 with -short), as `gnlc report` does.
func BenchmarkQueries(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	db := newDB(b)
	loadDir(b, db, "testdata/register")
	exec(b, db, generateMembers, n)
	install(b, db, nil)
	q := queries.New(db)
	ctx := b.Context()
	asOf := day("2024-06-30")
	benches := []struct {
		name string
		run  func() error
	}{
		{"Headline", func() error { _, err := q.Headline(ctx, 2024); return err }},
		{"Growth", func() error { _, err := q.Growth(ctx); return err }},
		{"Reconciliation", func() error { _, err := q.Reconciliation(ctx); return err }},
		{"Cohorts", func() error { _, err := q.Cohorts(ctx); return err }},
		{"Regions", func() error { _, err := q.Regions(ctx); return err }},
		{"Countries", func() error { _, err := q.Countries(ctx); return err }},
		{"Quota", func() error { _, err := q.Quota(ctx); return err }},
		{"QuotaNext", func() error { _, err := q.QuotaNext(ctx, asOf); return err }},
		{"Window", func() error { _, err := q.Window(ctx); return err }},
		{"Reporting", func() error { _, err := q.Reporting(ctx, asOf); return err }},
		{"Quality", func() error { _, err := q.Quality(ctx); return err }},
		{"Checks", func() error { _, err := q.Checks(ctx, asOf); return err }},
		{"Members", func() error {
			for _, err := range q.Members(ctx) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bb.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
