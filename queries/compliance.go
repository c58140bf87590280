package queries

import (
	"context"
	"database/sql"
	"time"
)

// Quota returns each country's new cities in each cohort against the limit (view quota_use).
func (q *Queries) Quota(ctx context.Context) ([]QuotaRow, error) {
	return collect(ctx, q, "quota", func(r *sql.Rows, x *QuotaRow) error {
		return r.Scan(&x.Year, &x.ISO3, &x.Country, &x.NewCities, &x.Limit, &x.Applies, &x.Breach)
	})
}

// QuotaNext returns the places each member country has left in cohort year
// (macro quota_next_for; view quota_next for the cohort after the latest).
func (q *Queries) QuotaNext(ctx context.Context, year int) ([]QuotaNext, error) {
	return collect(ctx, q, "quota_next", func(r *sql.Rows, x *QuotaNext) error {
		return r.Scan(&x.ISO3, &x.Country, &x.Year, &x.Used, &x.Limit, &x.Applies, &x.Remaining)
	}, year)
}

// Window returns every member's application checked against its call (view application_window).
func (q *Queries) Window(ctx context.Context) ([]WindowRow, error) {
	return collect(ctx, q, "window", func(r *sql.Rows, x *WindowRow) error {
		var status string
		err := r.Scan(&x.City, &x.ISO3, &x.Country, &x.YearJoined, &x.AppliedOn, &x.CallYear,
			&x.Opens, &x.Closes, &status, &x.DaysOutside)
		x.Status = WindowStatus(status)
		return err
	})
}

// Reporting returns every member's reporting obligation on the day asOf
// (macro reporting_due_at; view reporting_due for today).
func (q *Queries) Reporting(ctx context.Context, asOf time.Time) ([]ReportingRow, error) {
	return collect(ctx, q, "reporting", func(r *sql.Rows, x *ReportingRow) error {
		var status string
		err := r.Scan(&x.City, &x.ISO3, &x.Country, &x.YearJoined, &x.LastReport, &x.NextDue,
			&x.DaysOverdue, &status, &x.Cycle)
		x.Status = ReportStatus(status)
		return err
	}, dateParam(asOf))
}

// Checks returns what `gnlc check` reports on the day asOf, one row per check in a fixed order
// (macro rule_checks_at; view rule_checks for today).
func (q *Queries) Checks(ctx context.Context, asOf time.Time) ([]CheckRow, error) {
	return collect(ctx, q, "checks", func(r *sql.Rows, x *CheckRow) error {
		var kind string
		var items stringList
		err := r.Scan(&x.Rule, &kind, &x.Count, &x.Broken, &items)
		x.Kind, x.Items = CheckKind(kind), items
		return err
	}, dateParam(asOf))
}
