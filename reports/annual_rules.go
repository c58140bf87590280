package reports

import (
	"fmt"
	"time"

	"gnlc/queries"
)

// quota shows each country's new cities per cohort against the limit, and, beside it, the
// places each country has left for the next cohort.
func (b *annualBuild) quota() error {
	ds := b.ds
	r := ds.Rules
	notes := []string{
		fmt.Sprintf("Rule: at most %d new member cities per country per cohort, in force from %d (rules: %s).", r.QuotaLimit, r.QuotaEffectiveFrom, orUnknown(r.Source)),
		"\"Over the limit\" is yes or no for cohorts the limit applied to, \"no limit\" before it was in force. Counts are of named members.",
		nextWindowNote(ds),
	}
	t := &tableSpec{
		Sheet: sheetQuota,
		Table: "tblQuota",
		Title: fmt.Sprintf("Quota: new cities per country and cohort (%s)", labelNamed),
		Notes: notes,
		Columns: []column{
			{Header: "Cohort"}, {Header: "Country"}, {Header: "ISO3"}, {Header: "New cities"},
			{Header: "Limit"}, {Header: "Limit in force"}, {Header: "Over the limit"},
		},
	}
	rows := make([][]cell, len(ds.Quota))
	for i, q := range ds.Quota {
		rows[i] = []cell{
			idCell(int64(q.Year)), textCell(q.Country), textCell(q.ISO3), intCell(q.NewCities),
			intCell(q.Limit), yesNo(q.Applies), overLimit(q),
		}
	}
	sw, err := writeTable(b.f, b.st, t, rows)
	if err != nil {
		return err
	}
	// The places left are in the cohort the next window feeds (the delegation workbooks read the
	// same rows), and each row says whether that window was announced or is expected.
	call := ds.NextCall
	next := make([][]cell, len(ds.NextCallQuota))
	for i, q := range ds.NextCallQuota {
		next[i] = []cell{
			textCell(q.Country), textCell(q.ISO3), idCell(int64(q.Year)),
			dateCell(call.Opens), dateCell(call.Closes), textCell(windowState(call)),
			intCell(q.Used), intCell(q.Limit), yesNo(q.Applies), intCell(q.Remaining),
		}
	}
	gap := len(t.Columns) + 2
	if err := sw.table("tblQuotaNext", gap, t.headerRow(),
		[]string{"Country", "ISO3", "Next cohort", "Window opens", "Window closes", "Window", "Places used", "Limit", "Limit in force", "Places left"}, next); err != nil {
		return err
	}
	return sw.fit()
}

// windowState says whether UNESCO announced a window or the rules project it.
func windowState(w queries.NextWindow) string {
	if w.Expected {
		return "expected"
	}
	return "announced"
}

// nextWindowNote states the next application window on the as-of day, the cohort it feeds,
// and whether it is a fact or a projection.
func nextWindowNote(ds *Dataset) string {
	w := ds.NextCall
	if w.Opens.IsZero() {
		return "Next application window: unknown."
	}
	asOf := "today"
	if !ds.AsOf.IsZero() {
		asOf = ds.AsOf.Format("2 January 2006")
	}
	span := w.Opens.Format("2 January 2006") + "–" + w.Closes.Format("2 January 2006")
	if w.Expected {
		return fmt.Sprintf("Next application window on %s: %s, expected (projected from the rules: UNESCO has not announced it), feeding the %d cohort. Places left (right) are in that cohort.", asOf, span, w.Cohort)
	}
	return fmt.Sprintf("Next application window on %s: %s, as UNESCO announced it, feeding the %d cohort. Places left (right) are in that cohort.", asOf, span, w.Cohort)
}

// complianceColumns are the Compliance sheet's columns.
func complianceColumns() []column {
	return []column{
		{Header: "City", Width: 28},
		{Header: "Country", Width: 28},
		{Header: "ISO3", Width: 5},
		{Header: "Year joined", Width: 6},
		{Header: "Applied on", Width: 10},
		{Header: "Call", Width: 5},
		{Header: "Window opens", Width: 10},
		{Header: "Window closes", Width: 10},
		{Header: "Application", Width: 9},
		{Header: "Days outside", Width: 7},
		{Header: "Last report", Width: 10},
		{Header: "Next report due", Width: 10},
		{Header: "Days overdue", Width: 7},
		{Header: "Reporting", Width: 9},
		{Header: "Reporting cycle", Width: 20},
	}
}

// compliance lists every member's application against its call's window and its reporting
// obligation as of ds.AsOf, one row per member (streamed: a row per member can be many).
func (b *annualBuild) compliance() error {
	ds := b.ds
	asOf := "not set"
	if !ds.AsOf.IsZero() {
		asOf = ds.AsOf.Format("2006-01-02")
	}
	r := ds.Rules
	t := &tableSpec{
		Sheet: sheetCompliance,
		Table: "tblCompliance",
		Title: fmt.Sprintf("Compliance: application window and progress reports, as of %s", asOf),
		Notes: []string{
			fmt.Sprintf("Application: the date a member applied against its call's window (default window %s; calls from the rules: %s). unknown = no application date in the register, so nothing was checked; exempt = a cohort before the window rule that no call lists (not in force).", orUnknown(r.DefaultWindow), orUnknown(r.Source)),
			fmt.Sprintf("Reporting: a progress report every %d years, or by a network-wide cycle's due date. unknown = the register holds no report at all, so no due date can be counted (not \"not overdue\"); none on record = no report from this member; not a member = withdrawn, or not yet joined, on that date.", r.ReportEveryYears),
		},
		Columns: complianceColumns(),
		Measure: true,
	}
	rows := func(yield func([]cell, error) bool) {
		if ds.Compliance == nil {
			return
		}
		buf := make([]cell, len(t.Columns))
		for jr, err := range ds.Compliance {
			if err != nil {
				yield(nil, err)
				return
			}
			clear(buf)
			if w := jr.Window; w != nil {
				buf[0], buf[1], buf[2], buf[3] = textCell(w.City), textCell(w.Country), textCell(w.ISO3), idCell(int64(w.YearJoined))
				buf[4], buf[5] = dateOrText(w.AppliedOn, textUnknown), yearCell(w.CallYear)
				if !w.Opens.IsZero() {
					buf[6] = dateCell(w.Opens)
				}
				if !w.Closes.IsZero() {
					buf[7] = dateCell(w.Closes)
				}
				buf[8] = textCell(string(w.Status))
				switch w.Status {
				case queries.WindowOutside:
					buf[9] = intCell(w.DaysOutside)
				case queries.WindowInside:
					buf[9] = intCell(0)
				case queries.WindowUnknown:
					buf[9] = textCell(textUnknown)
				case queries.WindowExempt:
					buf[9] = textCell("not in force")
				}
			}
			if rr := jr.Reporting; rr != nil {
				if jr.Window == nil {
					buf[0], buf[1], buf[2], buf[3] = textCell(rr.City), textCell(rr.Country), textCell(rr.ISO3), idCell(int64(rr.YearJoined))
				}
				unknown := rr.Status == queries.ReportUnknown
				switch {
				case rr.LastReport != nil:
					buf[10] = dateCell(*rr.LastReport)
				case unknown:
					buf[10] = textCell(textUnknown)
				default:
					buf[10] = textCell("none on record")
				}
				buf[11] = dateOrText(rr.NextDue, textUnknown)
				switch rr.Status {
				case queries.ReportOverdue:
					buf[12] = intCell(rr.DaysOverdue)
				case queries.ReportOK:
					buf[12] = intCell(0)
				default:
					buf[12] = textCell(textUnknown)
				}
				buf[13] = textCell(string(rr.Status))
				switch {
				case unknown:
					buf[14] = textCell(textUnknown)
				case rr.Cycle != "":
					buf[14] = textCell(rr.Cycle)
				default:
					buf[14] = textCell(fmt.Sprintf("every %d years", r.ReportEveryYears))
				}
			} else if jr.Window != nil {
				// No obligation on that date: withdrawn, or not yet joined.
				buf[13] = textCell("not a member")
			}
			if !yield(buf, nil) {
				return
			}
		}
	}
	n := ds.ComplianceSummary.Rows
	names, err := streamTable(b.ctx, b.f, b.st, t, n, b.opts.RowsPerSheet, rows)
	if err != nil {
		return err
	}
	b.complianceSheets, b.complianceRows = names, n
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// overLimit is whether a cohort went over the quota: "no limit" for a cohort before the limit
// was in force (not "no": nothing was checked).
func overLimit(q queries.QuotaRow) cell {
	if !q.Applies {
		return textCell("no limit")
	}
	return yesNo(q.Breach)
}

// dateOrText is a date, or text ("unknown") when t is nil.
func dateOrText(t *time.Time, text string) cell {
	if t == nil {
		return textCell(text)
	}
	return dateCell(*t)
}
