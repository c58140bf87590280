package delegation

// The four sheets of a delegation workbook (Cover, Members, Quota, Obligations): Cover and Quota
// drawn with the shared helpers of reports/internal/xlsx, Members and Obligations, a row per city, streamed
// (stream.go).
//
// Numbers and dates are written as text formatted by the workbook's locale.Catalog ("1 234 567",
// "14 février 2024"), not as numbers with an Excel format: Excel and LibreOffice draw "#,##0" and
// date formats with the separators and month names of the reader's own system, so a French
// delegation's workbook opened on an English system would show "1,234,567" and "2024-02-14".
// The price is that those columns sort as text; the analysts' annual workbook keeps typed
// cells for sorting and sums. Years stay numbers (no separator in any language).

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
	"gnlc/reports/locale"
)

// delegationKeys are the catalog keys the delegation workbook uses; the run checks them all
// before writing (a missing translation is an error, not a "⟦key⟧" label).
var delegationKeys = []string{
	"network.name",
	"delegation.sheet.cover", "delegation.sheet.members", "delegation.sheet.quota", "delegation.sheet.obligations",
	// Excel table names: letters and underscores, no space (Excel's rule for names).
	"delegation.table.members", "delegation.table.quota", "delegation.table.due", "delegation.table.overdue",
	"delegation.title", "delegation.as_of", "delegation.generated",
	"delegation.cover.region", "delegation.cover.members", "delegation.cover.first_cohort",
	"delegation.cover.latest_cohort", "delegation.cover.people", "delegation.cover.people_unknown",
	"delegation.cover.people_none_known", "delegation.cover.year_unknown",
	"delegation.cover.share", "delegation.cover.rank", "delegation.cover.rank_value",
	"delegation.cover.note_named", "delegation.cover.note_population",
	"delegation.members.city", "delegation.members.year_joined", "delegation.members.population",
	"delegation.members.status", "delegation.members.last_report", "delegation.members.next_due",
	"delegation.members.days_overdue", "delegation.members.active", "delegation.members.withdrawn",
	"delegation.members.due_unknown", "delegation.members.population_unknown",
	"delegation.members.withdrawn_unknown", "delegation.members.no_report", "delegation.members.last_unknown",
	"delegation.members.not_due",
	"delegation.quota.title", "delegation.quota.effective", "delegation.quota.cohort",
	"delegation.quota.new_cities", "delegation.quota.limit", "delegation.quota.status",
	"delegation.quota.within", "delegation.quota.over", "delegation.quota.not_in_force", "delegation.quota.no_limit",
	"delegation.quota.next_title", "delegation.quota.next_title_expected", "delegation.quota.used", "delegation.quota.left",
	"delegation.obligations.rule", "delegation.obligations.due_title", "delegation.obligations.overdue_title",
	"delegation.obligations.city", "delegation.obligations.due_date", "delegation.obligations.cycle",
	"delegation.obligations.cycle_rule", "delegation.obligations.days_overdue",
	"delegation.obligations.none_due", "delegation.obligations.none_overdue", "delegation.obligations.unknown",
	"delegation.obligations.none_due_known", "delegation.obligations.none_overdue_known",
	"delegation.obligations.all_unknown.one", "delegation.obligations.all_unknown.many",
	"delegation.obligations.window_title", "delegation.obligations.window", "delegation.obligations.places_left",
	"delegation.obligations.window_title_expected", "delegation.obligations.window_expected",
	"delegation.obligations.expected_note",
}

// delegationSheets are the sheet names of a workbook in its language, in order.
func delegationSheets(cat *locale.Catalog) [4]string {
	return [4]string{
		cat.T("delegation.sheet.cover"), cat.T("delegation.sheet.members"),
		cat.T("delegation.sheet.quota"), cat.T("delegation.sheet.obligations"),
	}
}

// delegationDraw holds what every sheet of one workbook uses.
type delegationDraw struct {
	ds    *reports.Dataset
	j     *delegationJob
	cat   *locale.Catalog
	f     *excelize.File
	st    *xlsx.Styles
	right int // right-aligned text: formatted numbers and dates
	name  string
}

// writeDelegation draws j's workbook and writes it as j.rel in stage.
func writeDelegation(ds *reports.Dataset, j *delegationJob, stage *atomicfile.Staging) error {
	f := excelize.NewFile()
	d, err := newDelegationDraw(ds, j, f)
	if err != nil {
		_ = f.Close()
		return err
	}
	for _, draw := range []func() error{d.cover, d.members, d.quota, d.obligations} {
		if err := draw(); err != nil {
			_ = f.Close()
			return err
		}
	}
	return xlsx.Save(f, stage.Write, j.rel)
}

func newDelegationDraw(ds *reports.Dataset, j *delegationJob, f *excelize.File) (*delegationDraw, error) {
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return nil, err
	}
	right, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}})
	if err != nil {
		return nil, fmt.Errorf("create style: %w", err)
	}
	d := &delegationDraw{ds: ds, j: j, cat: j.cat, f: f, st: st, right: right, name: j.country.Name(j.lang)}
	sheets := delegationSheets(d.cat)
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return nil, fmt.Errorf("name sheet %s: %w", sheets[0], err)
	}
	for _, s := range sheets[1:] {
		if _, err := f.NewSheet(s); err != nil {
			return nil, fmt.Errorf("create sheet %s: %w", s, err)
		}
	}
	// Delegations print these: one page wide, landscape, as the annual workbook. Set now, before
	// a stream writer writes a sheet's properties.
	for _, s := range sheets {
		if err := xlsx.PrintLayout(f, s); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    d.name + " — " + d.cat.T("delegation.title"),
		Subject:  d.cat.T("network.name"),
		Creator:  "gnlc " + ds.Version,
		Created:  ds.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Modified: ds.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Language: j.lang,
	}); err != nil {
		return nil, fmt.Errorf("set document properties: %w", err)
	}
	return d, nil
}

// labelValue writes a bold label and, to its right, a value: numbers, dates and formatted
// figures right-aligned, words (a region's name) as text is.
func (d *delegationDraw) labelValue(sw *xlsx.SheetWriter, row int, label string, value xlsx.Cell, words bool) error {
	if err := sw.Set(1, row, xlsx.BoldText(label)); err != nil {
		return err
	}
	if words {
		return sw.Set(2, row, value)
	}
	sw.Widen(2, value)
	return sw.Put(2, row, value, d.right)
}

func (d *delegationDraw) asOf() string {
	return d.cat.Format("delegation.as_of", "date", d.cat.Date(d.ds.AsOf))
}

// cover: who the country is in the network.
func (d *delegationDraw) cover() error {
	c, cat := d.j.country, d.cat
	sheet := delegationSheets(cat)[0]
	sw := xlsx.NewSheetWriter(d.f, d.st, sheet)
	if err := sw.Title(d.name, cat.T("network.name")+" — "+cat.T("delegation.title"), d.asOf()); err != nil {
		return err
	}
	type line struct {
		label string
		value xlsx.Cell
		words bool // left-aligned text, not a figure
	}
	lines := []line{
		{cat.T("delegation.cover.region"), xlsx.Text(cat.Region(c.Region)), true},
		{cat.T("delegation.cover.members"), xlsx.Text(cat.Int(c.Members)), false},
		{cat.T("delegation.cover.first_cohort"), d.year(c.FirstYear), false},
		{cat.T("delegation.cover.latest_cohort"), d.year(c.LatestYear), false},
		{cat.T("delegation.cover.people"), xlsx.Text(d.people(c.PeopleReached)), false},
	}
	if c.PopulationUnknown > 0 {
		lines = append(lines, line{cat.T("delegation.cover.people_unknown"), xlsx.Text(cat.Int(c.PopulationUnknown)), false})
	}
	lines = append(lines,
		line{cat.T("delegation.cover.share"), xlsx.Text(cat.Percent(c.Share)), false},
		line{cat.T("delegation.cover.rank"), xlsx.Text(cat.Format("delegation.cover.rank_value",
			"rank", cat.Int(int64(c.Rank)), "count", cat.Int(int64(d.j.ranked)))), false},
	)
	r := 5
	for _, l := range lines {
		if err := d.labelValue(sw, r, l.label, l.value, l.words); err != nil {
			return err
		}
		r++
	}
	r++
	notes := []string{
		cat.T("delegation.cover.note_named"),
		cat.T("delegation.cover.note_population"),
		cat.Format("delegation.generated", "date", cat.Date(d.ds.GeneratedAt), "version", d.ds.Version),
	}
	for _, n := range notes {
		if err := sw.Put(1, r, xlsx.Text(n), d.st.Note); err != nil {
			return err
		}
		r++
	}
	if err := xlsx.SetDimension(d.f, sheet, 2, r-1); err != nil {
		return err
	}
	return sw.Fit()
}

// year is a cohort year as a number, or "Unknown" (0).
func (d *delegationDraw) year(y int) xlsx.Cell {
	if y <= 0 {
		return xlsx.Text(d.cat.T("delegation.cover.year_unknown"))
	}
	return xlsx.ID(int64(y))
}

// people is the people reached, or "Unknown (no population known)": never 0 people.
func (d *delegationDraw) people(n *int64) string {
	if n == nil {
		return d.cat.T("delegation.cover.people_none_known")
	}
	return d.cat.Int(*n)
}

// memberCells fills buf with m's cells on the Members sheet, in column order. Formatted figures
// and dates (population, last report, next report due, days overdue) are right-aligned: they
// read best so, as numbers do. A missing value says which of "none" and "unknown" it is:
// "None on record" (no report from this city), "Unknown" (the register tracks no report, or no
// population), "Not applicable" (withdrawn: no report owed).
func (d *delegationDraw) memberCells(buf []streamCell, m *queries.Member) []streamCell {
	cat := d.cat
	pop := cat.T("delegation.members.population_unknown")
	if m.Population != nil {
		pop = cat.Int(*m.Population)
	}
	status := cat.T("delegation.members.active")
	if m.Status == "withdrawn" {
		status = cat.T("delegation.members.withdrawn_unknown")
		if m.LeftYear != nil {
			status = cat.Format("delegation.members.withdrawn", "year", strconv.Itoa(*m.LeftYear))
		}
	}
	// No obligation on the date: a withdrawn member owes nothing; any other is not known to.
	last, next, overdue := cat.T("delegation.members.no_report"), cat.T("delegation.members.due_unknown"), ""
	if m.Status == "withdrawn" {
		next = cat.T("delegation.members.not_due")
	}
	if m.LastReportOn != nil {
		last = cat.Date(*m.LastReportOn)
	}
	if rep, ok := d.j.reporting[m.City]; ok {
		switch {
		case rep.LastReport != nil:
			last = cat.Date(*rep.LastReport)
		case rep.Status == queries.ReportUnknown && m.LastReportOn == nil:
			last = cat.T("delegation.members.last_unknown")
		}
		switch {
		case rep.NextDue != nil:
			next = cat.Date(*rep.NextDue)
		default:
			next = cat.T("delegation.members.due_unknown")
		}
		if rep.Status == queries.ReportOverdue {
			overdue = cat.Int(rep.DaysOverdue)
		}
	}
	return append(buf[:0],
		d.own(xlsx.Text(m.City)), d.own(xlsx.ID(int64(m.YearJoined))), d.rightText(pop), d.own(xlsx.Text(status)),
		d.rightText(last), d.rightText(next), d.rightText(overdue),
	)
}

// members: the country's cities and where each stands with its reports, one row per city under
// a title, the as-of date and a frozen header, as an Excel table (named in the workbook's language). Streamed: see
// stream.go.
func (d *delegationDraw) members() error {
	cat := d.cat
	headers := []string{
		cat.T("delegation.members.city"),
		cat.T("delegation.members.year_joined"),
		cat.T("delegation.members.population"),
		cat.T("delegation.members.status"),
		cat.T("delegation.members.last_report"),
		cat.T("delegation.members.next_due"),
		cat.T("delegation.members.days_overdue"),
	}
	const top = 3 // under the title and the as-of date
	members := d.j.members
	var buf []streamCell
	return d.streamSheet(delegationSheets(cat)[1], top+1, func(p *sheetPass) error {
		if err := p.row(1, loose(d.name, d.st.Title)); err != nil {
			return err
		}
		if err := p.row(2, loose(d.asOf(), d.st.Note)); err != nil {
			return err
		}
		if err := p.header(top, headers); err != nil {
			return err
		}
		for i := range members {
			buf = d.memberCells(buf, &members[i])
			if err := p.row(top+1+i, buf...); err != nil {
				return err
			}
		}
		p.table(cat.T("delegation.table.members"), top, headers, len(members))
		return nil
	})
}

// alignRight right-aligns n rows from row top in the given 1-based columns.
func (d *delegationDraw) alignRight(sheet string, top, n int, cols ...int) error {
	if n == 0 {
		return nil
	}
	for _, col := range cols {
		from, err := excelize.CoordinatesToCellName(col, top)
		if err != nil {
			return err
		}
		to, err := excelize.CoordinatesToCellName(col, top+n-1)
		if err != nil {
			return err
		}
		if err := d.f.SetCellStyle(sheet, from, to, d.right); err != nil {
			return fmt.Errorf("style %s!%s:%s: %w", sheet, from, to, err)
		}
	}
	return nil
}

// quota: new cities per cohort against the limit, and the places left in the next cohort.
func (d *delegationDraw) quota() error {
	cat, rules := d.cat, d.ds.Rules
	t := &xlsx.TableSpec{
		Sheet: delegationSheets(cat)[2],
		Table: cat.T("delegation.table.quota"),
		Title: cat.T("delegation.quota.title"),
		Notes: []string{d.name + " — " + cat.Format("delegation.quota.effective",
			"limit", cat.Int(int64(rules.QuotaLimit)), "year", strconv.Itoa(rules.QuotaEffectiveFrom))},
		Columns: []xlsx.Column{
			{Header: cat.T("delegation.quota.cohort")},
			{Header: cat.T("delegation.quota.new_cities")},
			{Header: cat.T("delegation.quota.limit")},
			{Header: cat.T("delegation.quota.status")},
		},
	}
	quota := slices.SortedFunc(slices.Values(d.j.quota), func(a, b queries.QuotaRow) int { return cmp.Compare(a.Year, b.Year) })
	rows := make([][]xlsx.Cell, 0, len(quota))
	for _, q := range quota {
		limit, status := cat.T("delegation.quota.no_limit"), cat.T("delegation.quota.not_in_force")
		if q.Applies {
			limit, status = cat.Int(q.Limit), cat.T("delegation.quota.within")
			if q.Breach {
				status = cat.T("delegation.quota.over")
			}
		}
		rows = append(rows, []xlsx.Cell{xlsx.ID(int64(q.Year)), xlsx.Text(cat.Int(q.NewCities)), xlsx.Text(limit), xlsx.Text(status)})
	}
	sw, err := xlsx.WriteTable(d.f, d.st, t, rows)
	if err != nil {
		return err
	}
	if err := d.alignRight(t.Sheet, t.HeaderRow()+1, len(rows), 2, 3); err != nil {
		return err
	}
	// The cohort the next application window feeds, as on the Obligations sheet.
	next := d.j.next
	r := t.HeaderRow() + max(len(rows), 1) + 2
	title := "delegation.quota.next_title"
	if d.ds.NextCall.Expected {
		title = "delegation.quota.next_title_expected"
	}
	if err := sw.Put(1, r, xlsx.Text(cat.Format(title, "year", strconv.Itoa(next.Year))), d.st.Bold); err != nil {
		return err
	}
	for i, lv := range [][2]string{
		{cat.T("delegation.quota.limit"), cat.Int(next.Limit)},
		{cat.T("delegation.quota.used"), cat.Int(next.Used)},
		{cat.T("delegation.quota.left"), cat.Int(next.Remaining)},
	} {
		if err := d.labelValue(sw, r+1+i, lv[0], xlsx.Text(lv[1]), false); err != nil {
			return err
		}
	}
	if err := xlsx.SetDimension(d.f, t.Sheet, len(t.Columns), r+3); err != nil {
		return err
	}
	return sw.Fit()
}
