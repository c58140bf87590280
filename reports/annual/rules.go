package annual

import (
	"context"
	"fmt"
	"iter"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
)

// quota shows each country's new cities per cohort against the limit.
func (b *annualBuild) quota() error {
	ds := b.ds
	r := ds.Rules
	t := b.dataSheet(sheetQuota, "tblQuota",
		fmt.Sprintf("Quota: new cities per country and cohort (%s)", labelNamed),
		[]string{
			fmt.Sprintf("Rule: at most %d new member cities per country per cohort, in force from %d (rules: %s).", r.QuotaLimit, r.QuotaEffectiveFrom, orUnknown(r.Source)),
			"\"Over the limit\" is yes or no for cohorts the limit applied to, \"no limit\" before it was in force. Counts are of named members.",
		},
		[]xlsx.Column{
			{Header: "Cohort"}, {Header: "Country"}, {Header: "ISO3"}, {Header: "New cities"},
			{Header: "Limit"}, {Header: "Limit in force"}, {Header: "Over the limit"},
		})
	rows := make([][]xlsx.Cell, len(ds.Quota))
	for i, q := range ds.Quota {
		rows[i] = []xlsx.Cell{
			xlsx.ID(int64(q.Year)), xlsx.Text(q.Country), xlsx.Text(q.ISO3), xlsx.Int(q.NewCities),
			limitCell(q), xlsx.YesNo(q.Applies), overLimit(q),
		}
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}

// nextCall shows the places each country has left in the cohort the next window feeds (the
// delegation workbooks read the same rows); each row says whether that window was announced or
// is expected.
func (b *annualBuild) nextCall() error {
	ds := b.ds
	call := ds.NextCall
	t := b.dataSheet(sheetNextCall, "tblQuotaNext",
		fmt.Sprintf("Next call: places left per country in the %d cohort", call.Cohort),
		[]string{nextWindowNote(ds)},
		[]xlsx.Column{
			{Header: "Country"}, {Header: "ISO3"}, {Header: "Next cohort"}, {Header: "Window opens"},
			{Header: "Window closes"}, {Header: "Window"}, {Header: "Places used"}, {Header: "Limit"},
			{Header: "Limit in force"}, {Header: "Places left"},
		})
	rows := make([][]xlsx.Cell, len(ds.NextCallQuota))
	for i, q := range ds.NextCallQuota {
		rows[i] = []xlsx.Cell{
			xlsx.Text(q.Country), xlsx.Text(q.ISO3), xlsx.ID(int64(q.Year)),
			xlsx.Date(call.Opens), xlsx.Date(call.Closes), xlsx.Centered(windowState(call)),
			xlsx.Int(q.Used), xlsx.Int(q.Limit), xlsx.YesNo(q.Applies), xlsx.Int(q.Remaining),
		}
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
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
func nextWindowNote(ds *reports.Dataset) string {
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
		return fmt.Sprintf("Next application window on %s: %s, expected (projected from the rules: UNESCO has not announced it), feeding the %d cohort. Places left are in that cohort.", asOf, span, w.Cohort)
	}
	return fmt.Sprintf("Next application window on %s: %s, as UNESCO announced it, feeding the %d cohort. Places left are in that cohort.", asOf, span, w.Cohort)
}

// complianceColumns are the Compliance sheet's columns.
func complianceColumns() []xlsx.Column {
	return []xlsx.Column{
		{Header: "City", Width: 28, Align: xlsx.AlignLeft},
		{Header: "Country", Width: 28, Align: xlsx.AlignLeft},
		{Header: "ISO3", Width: 5, Align: xlsx.AlignLeft},
		{Header: "Year joined", Width: 6, Align: xlsx.AlignRight},
		{Header: "Applied on", Width: 10, Align: xlsx.AlignRight},
		{Header: "Call", Width: 5, Align: xlsx.AlignRight},
		{Header: "Window opens", Width: 10, Align: xlsx.AlignRight},
		{Header: "Window closes", Width: 10, Align: xlsx.AlignRight},
		{Header: "Application", Width: 9, Align: xlsx.AlignCenter},
		{Header: "Days outside", Width: 7, Align: xlsx.AlignRight},
		{Header: "Last report", Width: 10, Align: xlsx.AlignRight},
		{Header: "Next report due", Width: 10, Align: xlsx.AlignRight},
		{Header: "Days overdue", Width: 7, Align: xlsx.AlignRight},
		{Header: "Reporting", Width: 9, Align: xlsx.AlignCenter},
		{Header: "Reporting cycle", Width: 20, Align: xlsx.AlignLeft},
	}
}

// compliance lists every member's application against its call's window and its reporting
// obligation as of ds.AsOf, one row per member (streamed: a row per member can be many).
func (b *annualBuild) compliance(ctx context.Context, t *xlsx.TableSpec) error {
	ds := b.ds
	n := ds.ComplianceSummary.Rows
	names, err := xlsx.Stream{Spec: t, Rows: n, PerSheet: b.opts.RowsPerSheet}.Write(ctx, b.f, b.st, complianceCells(ds, len(t.Columns)))
	if err != nil {
		return err
	}
	b.complianceSheets, b.complianceRows = names, n
	return nil
}

// complianceSpec is the Compliance table: its title, its notes on what each state means, and
// its columns.
func (b *annualBuild) complianceSpec() *xlsx.TableSpec {
	ds := b.ds
	asOf := "not set"
	if !ds.AsOf.IsZero() {
		asOf = ds.AsOf.Format("2006-01-02")
	}
	r := ds.Rules
	t := b.dataSheet(sheetCompliance, "tblCompliance",
		fmt.Sprintf("Compliance: application window and progress reports, as of %s", asOf),
		[]string{
			fmt.Sprintf("Application: the date a member applied against its call's window (default window %s; calls from the rules: %s). unknown = no application date in the register, so nothing was checked (Applied on and Days outside empty); exempt = a cohort before the window rule that no call lists (not in force; Days outside empty).", orUnknown(r.DefaultWindow), orUnknown(r.Source)),
			fmt.Sprintf("Reporting: a progress report every %d years, or by a network-wide cycle's due date. unknown = the register holds no report at all, so no due date can be counted (not \"not overdue\"; dates and days empty); an empty Last report on an ok or overdue row: no report from this member on record; not a member = withdrawn, or not yet joined, on that date.", r.ReportEveryYears),
		},
		complianceColumns())
	t.Measure = true
	return t
}

// complianceCells yields ds.Compliance as rows of ncols cells, in one slice reused from row to
// row, as xlsx.Stream allows. Each call of the sequence reads ds.Compliance anew: the stream
// may read it twice.
func complianceCells(ds *reports.Dataset, ncols int) iter.Seq2[[]xlsx.Cell, error] {
	every := ds.Rules.ReportEveryYears
	return func(yield func([]xlsx.Cell, error) bool) {
		if ds.Compliance == nil {
			return
		}
		buf := make([]xlsx.Cell, ncols)
		for jr, err := range ds.Compliance {
			if err != nil {
				yield(nil, err)
				return
			}
			clear(buf)
			if w := jr.Window; w != nil {
				windowCells(buf, w)
			}
			if rr := jr.Reporting; rr != nil {
				if jr.Window == nil {
					buf[0], buf[1], buf[2], buf[3] = xlsx.Text(rr.City), xlsx.Text(rr.Country), xlsx.Text(rr.ISO3), xlsx.ID(int64(rr.YearJoined))
				}
				reportingCells(buf, rr, every)
			} else if jr.Window != nil {
				// No obligation on that date: withdrawn, or not yet joined.
				buf[13] = xlsx.Centered("not a member")
			}
			if !yield(buf, nil) {
				return
			}
		}
	}
}

// windowCells fills the member's and the application's columns (0 to 9) of a Compliance row.
func windowCells(buf []xlsx.Cell, w *queries.WindowRow) {
	buf[0], buf[1], buf[2], buf[3] = xlsx.Text(w.City), xlsx.Text(w.Country), xlsx.Text(w.ISO3), xlsx.ID(int64(w.YearJoined))
	buf[4], buf[5] = xlsx.OptDate(w.AppliedOn), xlsx.Year(w.CallYear)
	if !w.Opens.IsZero() {
		buf[6] = xlsx.Date(w.Opens)
	}
	if !w.Closes.IsZero() {
		buf[7] = xlsx.Date(w.Closes)
	}
	buf[8] = xlsx.Centered(string(w.Status))
	// Days outside for a checked application only; the state says why the others have none.
	switch w.Status {
	case queries.WindowOutside:
		buf[9] = xlsx.Int(w.DaysOutside)
	case queries.WindowInside:
		buf[9] = xlsx.Int(0)
	}
}

// reportingCells fills the reporting columns (10 to 14) of a Compliance row; everyYears is the
// rule's cycle, shown for a member with no cycle of its own.
func reportingCells(buf []xlsx.Cell, rr *queries.ReportingRow, everyYears int) {
	unknown := rr.Status == queries.ReportUnknown
	// Dates and days are numbers or nothing: the Reporting state says which nothing it is.
	buf[10], buf[11] = xlsx.OptDate(rr.LastReport), xlsx.OptDate(rr.NextDue)
	switch rr.Status {
	case queries.ReportOverdue:
		buf[12] = xlsx.Int(rr.DaysOverdue)
	case queries.ReportOK:
		buf[12] = xlsx.Int(0)
	}
	buf[13] = xlsx.Centered(string(rr.Status))
	switch {
	case unknown:
		buf[14] = xlsx.Text(textUnknown)
	case rr.Cycle != "":
		buf[14] = xlsx.Text(rr.Cycle)
	default:
		buf[14] = xlsx.Text(fmt.Sprintf("every %d years", everyYears))
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// overLimit is whether a cohort went over the quota: "no limit" for a cohort before the limit
// was in force (not "no": nothing was checked).
func overLimit(q queries.QuotaRow) xlsx.Cell {
	if !q.Applies {
		return xlsx.Text("no limit")
	}
	return xlsx.YesNo(q.Breach)
}

// limitCell is the limit a cohort was held to, empty before the limit was in force: a limit
// shown beside "no limit" would read as broken.
func limitCell(q queries.QuotaRow) xlsx.Cell {
	if !q.Applies {
		return xlsx.Cell{}
	}
	return xlsx.Int(q.Limit)
}
