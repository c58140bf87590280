package queries_test

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/rules"
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
		want  queries.NextWindow
	}{
		{"after the window: next year's", spring, day("2025-06-30"), win(rules.Call{Year: 2026, Opens: day("2026-03-01"), Closes: day("2026-04-30"), Cohort: 2027})},
		{"before the window: this year's", spring, day("2025-01-15"), win(rules.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026})},
		{"inside the window", spring, day("2025-03-15"), win(rules.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026})},
		{"on the closing day", spring, day("2025-04-30"), win(rules.Call{Year: 2025, Opens: day("2025-03-01"), Closes: day("2025-04-30"), Cohort: 2026})},
		{"the day after", spring, day("2025-05-01"), win(rules.Call{Year: 2026, Opens: day("2026-03-01"), Closes: day("2026-04-30"), Cohort: 2027})},
		{"across new year, in January", winter, day("2025-01-10"), win(rules.Call{Year: 2024, Opens: day("2024-11-01"), Closes: day("2025-01-31"), Cohort: 2025})},
		{"across new year, in June", winter, day("2025-06-01"), win(rules.Call{Year: 2025, Opens: day("2025-11-01"), Closes: day("2026-01-31"), Cohort: 2026})},
		{"a listed call replaces its year's default", withCall, day("2023-04-30"), listed(win(rules.Call{Year: 2023, Opens: day("2023-04-01"), Closes: day("2023-05-31"), Cohort: 2025}))},
		{"after a listed call: the next default", withCall, day("2023-06-01"), win(rules.Call{Year: 2024, Opens: day("2024-03-01"), Closes: day("2024-04-30"), Cohort: 2025})},
	}
	// The embedded default rules (every_years=2; calls 2021, 2023 and 2025 listed) on the days
	// issue 11 names: before the 2025 call, during it, after it, after its cohort was announced
	// (4 December 2025) and today. The 2027 window is projected from the rules: expected.
	def := string(defaultRules(t).Format())
	call2025 := listed(win(rules.Call{Year: 2025, Opens: day("2025-05-15"), Closes: day("2025-06-15"), Cohort: 2025}))
	next2027 := win(rules.Call{Year: 2027, Opens: day("2027-03-01"), Closes: day("2027-04-30"), Cohort: 2028})
	tests = append(tests, []struct {
		name  string
		rules string
		asOf  time.Time
		want  queries.NextWindow
	}{
		{"default rules: before the 2025 call", def, day("2025-01-15"), call2025},
		{"default rules: during the 2025 call", def, day("2025-05-20"), call2025},
		{"default rules: after the 2025 call", def, day("2025-06-16"), next2027},
		{"default rules: after the 2025 cohort's announcement", def, day("2025-12-05"), next2027},
		{"default rules: 2026-12-02", def, day("2026-12-02"), next2027},
		{"default rules: inside the expected 2027 window", def, day("2027-04-30"), next2027},
		{"default rules: after the expected 2027 window", def, day("2027-05-01"),
			win(rules.Call{Year: 2029, Opens: day("2029-03-01"), Closes: day("2029-04-30"), Cohort: 2030})},
		{"default rules: before the first listed call", def, day("2019-05-01"),
			listed(win(rules.Call{Year: 2021, Opens: day("2021-09-01"), Closes: day("2022-02-28"), Cohort: 2022}))},
		{"default rules: before the first listed call, at the cadence", def, day("2019-01-10"),
			win(rules.Call{Year: 2019, Opens: day("2019-03-01"), Closes: day("2019-04-30"), Cohort: 2020})},
		{"default rules: 2023 call", def, day("2023-05-31"),
			listed(win(rules.Call{Year: 2023, Opens: day("2023-04-01"), Closes: day("2023-05-31"), Cohort: 2024}))},
	}...)
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

// win is a window the rules project (expected); listed marks one the rules file lists.
func win(c rules.Call) queries.NextWindow { return queries.NextWindow{Call: c, Expected: true} }

func listed(w queries.NextWindow) queries.NextWindow { w.Expected = false; return w }
