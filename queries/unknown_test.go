package queries_test

import (
	"database/sql"
	"testing"
)

// Unknown is not zero (DESIGN.md): what `gnlc query` shows of the views keeps a value that
// cannot be known NULL, never 0, false or ”. Each case reads one value, as text ("NULL" for
// NULL), from the hand-made register of testdata/register, after an optional change.
func TestViews_unknownIsNotZero(t *testing.T) {
	t.Parallel()
	untracked := []string{`DELETE FROM reports`, `UPDATE members SET last_report_on = NULL`}
	tests := []struct {
		name  string
		setup []string
		query string
		want  string
	}{
		// 2021 names 4 new cities and nothing was published: over-named cannot be said.
		{"reconciliation over_named unpublished", nil,
			`SELECT over_named FROM reconciliation WHERE year = 2021`, "NULL"},
		{"reconciliation over_named false", nil,
			`SELECT over_named FROM reconciliation WHERE year = 2019`, "false"},
		{"reconciliation over_named true", nil,
			`SELECT over_named FROM reconciliation WHERE year = 2022`, "true"},
		// A register that holds no report at all: Lyon's due date, days overdue and cycle are unknown.
		{"reporting untracked days_overdue", untracked,
			`SELECT days_overdue FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Lyon'`, "NULL"},
		{"reporting untracked next_due", untracked,
			`SELECT next_due FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Lyon'`, "NULL"},
		{"reporting untracked cycle", untracked,
			`SELECT cycle FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Lyon'`, "NULL"},
		{"reporting untracked status", untracked,
			`SELECT status FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Lyon'`, "unknown"},
		{"reporting overdue days", nil,
			`SELECT days_overdue FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Lyon'`, "107"},
		{"reporting ok days", nil,
			`SELECT days_overdue FROM reporting_due_at(DATE '2024-06-30') WHERE city = 'Luxor'`, "0"},
		// Giza has no application date; Lyon's cohort is before the window rule.
		{"window unknown days_outside", nil,
			`SELECT days_outside FROM application_window WHERE city = 'Giza'`, "NULL"},
		{"window exempt days_outside", nil,
			`SELECT days_outside FROM application_window WHERE city = 'Lyon'`, "NULL"},
		{"window inside days_outside", nil,
			`SELECT days_outside FROM application_window WHERE city = 'Lagos'`, "0"},
		// No population known for Egypt's members: people reached is unknown, not 0 people.
		{"country people_reached unknown", []string{`UPDATE members SET population = NULL WHERE iso3 = 'EGY'`},
			`SELECT people_reached FROM country_summary WHERE iso3 = 'EGY'`, "NULL"},
		{"country people_reached partial", nil,
			`SELECT people_reached FROM country_summary WHERE iso3 = 'EGY'`, "3000000"},
		// Every due date unknown: the rule checked nothing, so its status is unknown and its
		// count NULL, not "ok 0".
		{"rule_checks reporting untracked", untracked,
			`SELECT status || ' ' || coalesce(count::VARCHAR, 'NULL') || ' checked ' || checked || ' unknown ' || unknown
			 FROM rule_checks_at(DATE '2024-06-30') WHERE rule = 'reporting overdue'`, "unknown NULL checked 0 unknown 11"},
		{"rule_checks reporting tracked", nil,
			`SELECT status || ' ' || count || ' checked ' || checked || ' unknown ' || unknown
			 FROM rule_checks_at(DATE '2024-06-30') WHERE rule = 'reporting overdue'`, "broken 5 checked 11 unknown 0"},
		{"rule_checks info", nil,
			`SELECT status || ' ' || count || ' ' || coalesce(checked::VARCHAR, 'NULL')
			 FROM rule_checks_at(DATE '2024-06-30') WHERE rule = 'reporting unknown'`, "info 0 NULL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, _ := testRegister(t, nil)
			for _, s := range tt.setup {
				exec(t, db, s)
			}
			var v sql.NullString
			if err := db.QueryRowContext(t.Context(), `SELECT CAST(v AS VARCHAR) FROM (`+tt.query+`) AS q(v)`).Scan(&v); err != nil {
				t.Fatalf("%s: %v", tt.query, err)
			}
			got := "NULL"
			if v.Valid {
				got = v.String
			}
			if got != tt.want {
				t.Errorf("%s = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}
