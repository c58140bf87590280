package queries_test

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
)

// next_call_at: the first window not closed on the as-of day and the cohort it feeds.
func TestNextCall(t *testing.T) {
	t.Parallel()
	const reporting = "reporting every_years=2 effective_from=2019\n"
	spring := "version 1\nquota limit=3 effective_from=2024\nwindow opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019\n" + reporting
	winter := "version 1\nquota limit=3 effective_from=2024\nwindow opens=11-01 closes=01-31 cohort_lag=1 effective_from=2019\n" + reporting
	// A listed call may feed a cohort other than its year + lag: 2025 here, to tell the two apart.
	withCall := spring + "call year=2023 opens=2023-04-01 closes=2023-05-31 cohort=2025\n"
	tests := []struct {
		name  string
		rules string
		asOf  time.Time
		want  queries.Call
	}{
		{"after the window: next year's", spring, day("2025-06-30"), queries.Call{Year: 2026, Opens: day("2026-03-01"), Closes: day("2026-04-30"), Cohort: 2027}},
		{"before the window: this year's", spring, day("2025-01-15"), queries.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026}},
		{"inside the window", spring, day("2025-03-15"), queries.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026}},
		{"on the closing day", spring, day("2025-04-30"), queries.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026}},
		{"the day after", spring, day("2025-05-01"), queries.Call{Year: 2026, Opens: day("2026-03-01"), Closes: day("2026-04-30"), Cohort: 2027}},
		{"across new year, in January", winter, day("2025-01-10"), queries.Call{Year: 2024, Opens: day("2024-11-01"), Closes: day("2025-01-31"), Cohort: 2025}},
		{"across new year, in June", winter, day("2025-06-01"), queries.Call{Year: 2025, Opens: day("2025-11-01"), Closes: day("2026-01-31"), Cohort: 2026}},
		{"a listed call replaces its year's default", withCall, day("2023-04-30"), queries.Call{Year: 2023, Opens: day("2023-04-01"), Closes: day("2023-05-31"), Cohort: 2025}},
		{"after a listed call: the next default", withCall, day("2023-06-01"), queries.Call{Year: 2024, Opens: day("2024-03-01"), Closes: day("2024-04-30"), Cohort: 2025}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, q := testRegister(t, parseRules(t, tt.rules))
			got, err := q.NextCall(t.Context(), tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NextCall(%s) (-want +got):\n%s", tt.asOf.Format(time.DateOnly), diff)
			}
		})
	}
}
