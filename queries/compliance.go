package queries

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"time"
)

// Quota returns each country's new cities in each cohort against the limit (view quota_use).
func (q *Queries) Quota(ctx context.Context) ([]QuotaRow, error) {
	return collect(ctx, q, stmtQuota, func(r *sql.Rows, x *QuotaRow) error {
		return r.Scan(&x.Year, &x.ISO3, &x.Country, &x.NewCities, &x.Limit, &x.Applies, &x.Breach)
	})
}

// QuotaNext returns the places each member country has left in the cohort that the next
// application window on asOf feeds (macro quota_next_at; view quota_next for today).
func (q *Queries) QuotaNext(ctx context.Context, asOf time.Time) ([]QuotaNext, error) {
	return collect(ctx, q, stmtQuotaNext, func(r *sql.Rows, x *QuotaNext) error {
		return r.Scan(&x.ISO3, &x.Country, &x.Year, &x.Used, &x.Limit, &x.Applies, &x.Remaining)
	}, dateParam(asOf))
}

// NextCall returns the first application window not closed on asOf and the cohort it feeds
// (macro next_call_at): what a delegation can still apply for, and whether UNESCO announced it
// or the rules project it.
func (q *Queries) NextCall(ctx context.Context, asOf time.Time) (NextWindow, error) {
	rows, err := collect(ctx, q, stmtNextCall, func(r *sql.Rows, x *NextWindow) error {
		return r.Scan(&x.Year, &x.Opens, &x.Closes, &x.Cohort, &x.Expected)
	}, dateParam(asOf))
	if err != nil {
		return NextWindow{}, err
	}
	if len(rows) != 1 {
		return NextWindow{}, fmt.Errorf("next call on %s: %d rows, want 1", asOf.Format(time.DateOnly), len(rows))
	}
	return rows[0], nil
}

// Window returns every member's application checked against its call (view application_window).
func (q *Queries) Window(ctx context.Context) ([]WindowRow, error) {
	return collect(ctx, q, stmtWindow, func(r *sql.Rows, x *WindowRow) error {
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
	return collect(ctx, q, stmtReporting, func(r *sql.Rows, x *ReportingRow) error {
		var status string
		err := r.Scan(&x.City, &x.ISO3, &x.Country, &x.YearJoined, &x.LastReport, &x.NextDue,
			&x.DaysOverdue, &status, &x.Cycle)
		x.Status = ReportStatus(status)
		return err
	}, dateParam(asOf))
}

// ComplianceRows streams every member's window check beside its reporting obligation on the
// day asOf (macro compliance_at), by country, city and ISO3 in byte order, a page of whole
// countries at a time (defaultPageRows), so a large register's compliance list is written
// without holding it. Like Members, each range runs the queries anew; a failure is yielded
// once, as the last element.
func (q *Queries) ComplianceRows(ctx context.Context, asOf time.Time) iter.Seq2[ComplianceRow, error] {
	return streamPages(ctx, q, stmtCompliancePages, stmtCompliance,
		func(p page) []any { return []any{dateParam(asOf), p.countries, p.iso3s} },
		func(r *rowReader) ComplianceRow {
			w := &WindowRow{Country: r.symbol(0), City: r.text(1), ISO3: r.symbol(2),
				YearJoined: int(r.integer(3)), AppliedOn: r.datePtr(4), CallYear: int(r.integer(5)),
				Opens: r.date(6), Closes: r.date(7), Status: WindowStatus(r.symbol(8)), DaysOutside: r.integer(9)}
			c := ComplianceRow{Window: w}
			if r.flag(10) {
				c.Reporting = &ReportingRow{City: w.City, ISO3: w.ISO3, Country: w.Country,
					YearJoined: int(r.integer(11)), LastReport: r.datePtr(12), NextDue: r.datePtr(13),
					DaysOverdue: r.integer(14), Status: ReportStatus(r.symbol(15)), Cycle: r.symbol(16)}
			}
			return c
		})
}

// ComplianceSummary counts what ComplianceRows yields for asOf, by status.
func (q *Queries) ComplianceSummary(ctx context.Context, asOf time.Time) (ComplianceSummary, error) {
	rows, err := collect(ctx, q, stmtComplianceSummary, func(r *sql.Rows, x *ComplianceSummary) error {
		return r.Scan(&x.Rows, &x.Window, &x.WindowOutside, &x.WindowUnknown, &x.WindowExempt,
			&x.Reporting, &x.ReportingOverdue, &x.ReportingUnknown)
	}, dateParam(asOf))
	if err != nil {
		return ComplianceSummary{}, err
	}
	if len(rows) != 1 {
		return ComplianceSummary{}, fmt.Errorf("query compliance_summary: %d rows, want 1", len(rows))
	}
	return rows[0], nil
}

// Checks returns what `gnlc check` reports on the day asOf, one row per check in a fixed order
// (macro rule_checks_at; view rule_checks for today).
func (q *Queries) Checks(ctx context.Context, asOf time.Time) ([]CheckRow, error) {
	return collect(ctx, q, stmtChecks, func(r *sql.Rows, x *CheckRow) error {
		var kind, status string
		var items stringList
		err := r.Scan(&x.Rule, &kind, &x.Count, &x.Broken, &status, &x.Checked, &x.Unknown, &items)
		x.Kind, x.Status, x.Items = CheckKind(kind), CheckStatus(status), items
		return err
	}, dateParam(asOf))
}
