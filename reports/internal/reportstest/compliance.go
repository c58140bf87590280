package reportstest

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"gnlc/queries"
	"gnlc/reports"
)

// WithCompliance sets ds.Compliance and ds.ComplianceSummary from window and reporting rows as
// tests write them: paired by (country, city, ISO3) in byte order, as queries.ComplianceRows
// pairs them in SQL, and counted as queries.ComplianceSummary counts them.
func WithCompliance(ds *reports.Dataset, ws []queries.WindowRow, rs []queries.ReportingRow) {
	ws, rs = slices.Clone(ws), slices.Clone(rs)
	key := func(country, city, iso3 string) [3]string { return [3]string{country, city, iso3} }
	compare := func(a, b [3]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]), strings.Compare(a[2], b[2]))
	}
	keyW := func(w queries.WindowRow) [3]string { return key(w.Country, w.City, w.ISO3) }
	keyR := func(r queries.ReportingRow) [3]string { return key(r.Country, r.City, r.ISO3) }
	slices.SortStableFunc(ws, func(a, b queries.WindowRow) int { return compare(keyW(a), keyW(b)) })
	slices.SortStableFunc(rs, func(a, b queries.ReportingRow) int { return compare(keyR(a), keyR(b)) })

	var rows []queries.ComplianceRow
	var sum queries.ComplianceSummary
	i, j := 0, 0
	for i < len(ws) || j < len(rs) {
		var c queries.ComplianceRow
		switch {
		case j == len(rs):
			c.Window = &ws[i]
		case i == len(ws):
			c.Reporting = &rs[j]
		default:
			switch d := compare(keyW(ws[i]), keyR(rs[j])); {
			case d == 0:
				c.Window, c.Reporting = &ws[i], &rs[j]
			case d < 0:
				c.Window = &ws[i]
			default:
				c.Reporting = &rs[j]
			}
		}
		sum.Rows++
		if w := c.Window; w != nil {
			i++
			sum.Window++
			switch w.Status {
			case queries.WindowOutside:
				sum.WindowOutside++
			case queries.WindowUnknown:
				sum.WindowUnknown++
			case queries.WindowExempt:
				sum.WindowExempt++
			}
		}
		if r := c.Reporting; r != nil {
			j++
			sum.Reporting++
			switch r.Status {
			case queries.ReportOverdue:
				sum.ReportingOverdue++
			case queries.ReportUnknown:
				sum.ReportingUnknown++
			}
		}
		rows = append(rows, c)
	}
	ds.Compliance, ds.ComplianceSummary = SeqRows(rows), sum
}

// SeqRows yields rows with no error, as a database iterator that does not fail.
func SeqRows[T any](rows []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}
