package queries_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gnlc/queries"
)

// A database gnlc ingests into runs with preserve_insertion_order off (pipeline.Open), and then
// DuckDB may drop a view's or macro's inner ORDER BY under an outer query: rule_checks_at came
// out in a different order on CI. Every list-returning question must give the same rows in the
// same order either way, so each of its query files must end in its own ORDER BY.
func TestOrder_withoutInsertionOrder(t *testing.T) {
	t.Parallel()
	asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	questions := []struct {
		name string
		run  func(context.Context, *queries.Queries) (any, error)
	}{
		{"checks", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Checks(ctx, asOf) }},
		{"quality", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Quality(ctx) }},
		{"growth", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Growth(ctx) }},
		{"reconciliation", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Reconciliation(ctx) }},
		{"cohorts", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Cohorts(ctx) }},
		{"regions", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Regions(ctx) }},
		{"countries", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Countries(ctx) }},
		{"quota", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Quota(ctx) }},
		{"quota next", func(ctx context.Context, q *queries.Queries) (any, error) { return q.QuotaNext(ctx, asOf) }},
		{"window", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Window(ctx) }},
		{"reporting", func(ctx context.Context, q *queries.Queries) (any, error) { return q.Reporting(ctx, asOf) }},
	}
	ordered := defaultRegister(t)
	unordered := defaultRegisterWith(t, "?preserve_insertion_order=false&threads=4")
	for _, qq := range questions {
		t.Run(qq.name, func(t *testing.T) {
			want, err := qq.run(t.Context(), ordered)
			if err != nil {
				t.Fatal(err)
			}
			// Several runs: the order a parallel plan gives varies from run to run.
			for range 5 {
				got, err := qq.run(t.Context(), unordered)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("without preserve_insertion_order (-ordered +unordered):\n%s", diff)
				}
			}
		})
	}
}
