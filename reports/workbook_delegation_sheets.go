package reports

// The four sheets of a delegation workbook (Cover, Members, Quota, Obligations): Cover and Quota
// drawn with the shared helpers of xlsx.go, Members and Obligations, a row per city, streamed
// (workbook_delegation_stream.go).
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
	"time"

	"github.com/xuri/excelize/v2"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
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
	ds    *Dataset
	j     *delegationJob
	cat   *locale.Catalog
	f     *excelize.File
	st    *styles
	right int // right-aligned text: formatted numbers and dates
	name  string
}

// writeDelegation draws j's workbook and writes it as j.rel in stage.
func writeDelegation(ds *Dataset, j *delegationJob, stage *atomicfile.Staging) error {
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
	return saveWorkbook(f, stage.Write, j.rel)
}

func newDelegationDraw(ds *Dataset, j *delegationJob, f *excelize.File) (*delegationDraw, error) {
	st, err := newStyles(f)
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
		if err := printLayout(f, s); err != nil {
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
func (d *delegationDraw) labelValue(sw *sheetWriter, row int, label string, value cell, words bool) error {
	if err := sw.set(1, row, boldText(label)); err != nil {
		return err
	}
	if words {
		return sw.set(2, row, value)
	}
	sw.w.see(1, value)
	return sw.put(2, row, value, d.right)
}

func (d *delegationDraw) asOf() string {
	return d.cat.Format("delegation.as_of", "date", d.cat.Date(d.ds.AsOf))
}

// cover: who the country is in the network.
func (d *delegationDraw) cover() error {
	c, cat := d.j.country, d.cat
	sheet := delegationSheets(cat)[0]
	sw := newSheetWriter(d.f, d.st, sheet)
	if err := sw.title(d.name, cat.T("network.name")+" — "+cat.T("delegation.title"), d.asOf()); err != nil {
		return err
	}
	type line struct {
		label string
		value cell
		words bool // left-aligned text, not a figure
	}
	lines := []line{
		{cat.T("delegation.cover.region"), textCell(cat.Region(c.Region)), true},
		{cat.T("delegation.cover.members"), textCell(cat.Int(c.Members)), false},
		{cat.T("delegation.cover.first_cohort"), d.year(c.FirstYear), false},
		{cat.T("delegation.cover.latest_cohort"), d.year(c.LatestYear), false},
		{cat.T("delegation.cover.people"), textCell(d.people(c.PeopleReached)), false},
	}
	if c.PopulationUnknown > 0 {
		lines = append(lines, line{cat.T("delegation.cover.people_unknown"), textCell(cat.Int(c.PopulationUnknown)), false})
	}
	lines = append(lines,
		line{cat.T("delegation.cover.share"), textCell(cat.Percent(c.Share)), false},
		line{cat.T("delegation.cover.rank"), textCell(cat.Format("delegation.cover.rank_value",
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
		if err := sw.put(1, r, textCell(n), d.st.Note); err != nil {
			return err
		}
		r++
	}
	if err := setDimension(d.f, sheet, 2, r-1); err != nil {
		return err
	}
	return sw.fit()
}

// year is a cohort year as a number, or "Unknown" (0).
func (d *delegationDraw) year(y int) cell {
	if y <= 0 {
		return textCell(d.cat.T("delegation.cover.year_unknown"))
	}
	return idCell(int64(y))
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
		d.own(textCell(m.City)), d.own(idCell(int64(m.YearJoined))), d.rightText(pop), d.own(textCell(status)),
		d.rightText(last), d.rightText(next), d.rightText(overdue),
	)
}

// members: the country's cities and where each stands with its reports, one row per city under
// a title, the as-of date and a frozen header, as an Excel table (named in the workbook's language). Streamed: see
// workbook_delegation_stream.go.
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
	t := &tableSpec{
		Sheet: delegationSheets(cat)[2],
		Table: cat.T("delegation.table.quota"),
		Title: cat.T("delegation.quota.title"),
		Notes: []string{d.name + " — " + cat.Format("delegation.quota.effective",
			"limit", cat.Int(int64(rules.QuotaLimit)), "year", strconv.Itoa(rules.QuotaEffectiveFrom))},
		Columns: []column{
			{Header: cat.T("delegation.quota.cohort")},
			{Header: cat.T("delegation.quota.new_cities")},
			{Header: cat.T("delegation.quota.limit")},
			{Header: cat.T("delegation.quota.status")},
		},
	}
	quota := slices.SortedFunc(slices.Values(d.j.quota), func(a, b queries.QuotaRow) int { return cmp.Compare(a.Year, b.Year) })
	rows := make([][]cell, 0, len(quota))
	for _, q := range quota {
		limit, status := cat.T("delegation.quota.no_limit"), cat.T("delegation.quota.not_in_force")
		if q.Applies {
			limit, status = cat.Int(q.Limit), cat.T("delegation.quota.within")
			if q.Breach {
				status = cat.T("delegation.quota.over")
			}
		}
		rows = append(rows, []cell{idCell(int64(q.Year)), textCell(cat.Int(q.NewCities)), textCell(limit), textCell(status)})
	}
	sw, err := writeTable(d.f, d.st, t, rows)
	if err != nil {
		return err
	}
	if err := d.alignRight(t.Sheet, t.headerRow()+1, len(rows), 2, 3); err != nil {
		return err
	}
	// The cohort the next application window feeds, as on the Obligations sheet.
	next := d.j.next
	r := t.headerRow() + max(len(rows), 1) + 2
	title := "delegation.quota.next_title"
	if d.ds.NextCall.Expected {
		title = "delegation.quota.next_title_expected"
	}
	if err := sw.put(1, r, textCell(cat.Format(title, "year", strconv.Itoa(next.Year))), d.st.Bold); err != nil {
		return err
	}
	for i, lv := range [][2]string{
		{cat.T("delegation.quota.limit"), cat.Int(next.Limit)},
		{cat.T("delegation.quota.used"), cat.Int(next.Used)},
		{cat.T("delegation.quota.left"), cat.Int(next.Remaining)},
	} {
		if err := d.labelValue(sw, r+1+i, lv[0], textCell(lv[1]), false); err != nil {
			return err
		}
	}
	if err := setDimension(d.f, t.Sheet, len(t.Columns), r+3); err != nil {
		return err
	}
	return sw.fit()
}

// obligations: reports due within a year, overdue reports, and the next call for applications.
// Both lists may hold every city of the country, so the sheet is streamed (see
// workbook_delegation_stream.go); each non-empty list is an Excel table.
func (d *delegationDraw) obligations() error {
	cat, ds := d.cat, d.ds
	horizon := ds.AsOf.AddDate(1, 0, 0)
	var due, overdue []queries.ReportingRow
	var known, unknown int64
	for _, m := range d.j.members {
		rep, ok := d.j.reporting[m.City]
		if !ok {
			continue
		}
		if rep.Status != queries.ReportUnknown {
			known++
		}
		switch {
		case rep.Status == queries.ReportUnknown:
			unknown++
		case rep.Status == queries.ReportOverdue:
			overdue = append(overdue, rep)
		case rep.NextDue != nil && !rep.NextDue.Before(dayOf(ds.AsOf)) && !rep.NextDue.After(horizon):
			due = append(due, rep)
		}
	}
	slices.SortStableFunc(due, func(a, b queries.ReportingRow) int { return a.NextDue.Compare(*b.NextDue) })
	slices.SortStableFunc(overdue, func(a, b queries.ReportingRow) int { return cmp.Compare(b.DaysOverdue, a.DaysOverdue) })

	cycleRule := cat.Format("delegation.obligations.cycle_rule", "n", cat.Int(int64(ds.Rules.ReportEveryYears)))
	dueRow := func(buf []streamCell, rep *queries.ReportingRow) []streamCell {
		cycle := rep.Cycle
		if cycle == "" {
			cycle = cycleRule
		}
		return append(buf[:0], d.own(textCell(rep.City)), d.rightText(cat.Date(*rep.NextDue)), d.own(textCell(cycle)))
	}
	overdueRow := func(buf []streamCell, rep *queries.ReportingRow) []streamCell {
		dueOn := cat.T("delegation.members.due_unknown")
		if rep.NextDue != nil {
			dueOn = cat.Date(*rep.NextDue)
		}
		return append(buf[:0], d.own(textCell(rep.City)), d.rightText(dueOn), d.rightText(cat.Int(rep.DaysOverdue)))
	}
	call, next := ds.NextCall, d.j.next
	// What an empty list says: "none" only when every due date is known. With some unknown, it
	// speaks of the cities with a known due date; with none known, of the unknown ones only
	// (never "no overdue report" when nothing could be checked).
	noneDue, noneOverdue := cat.T("delegation.obligations.none_due"), cat.T("delegation.obligations.none_overdue")
	switch {
	case unknown > 0 && known == 0:
		key := "delegation.obligations.all_unknown.many"
		if unknown == 1 {
			key = "delegation.obligations.all_unknown.one"
		}
		noneDue = cat.Format(key, "n", cat.Int(unknown))
		noneOverdue = noneDue
	case unknown > 0:
		noneDue, noneOverdue = cat.T("delegation.obligations.none_due_known"), cat.T("delegation.obligations.none_overdue_known")
	}

	var buf []streamCell
	return d.streamSheet(delegationSheets(cat)[3], 0, func(p *sheetPass) error {
		for i, line := range []streamCell{
			loose(d.name, d.st.Title),
			loose(d.asOf(), d.st.Note),
			loose(cat.Format("delegation.obligations.rule", "n", cat.Int(int64(ds.Rules.ReportEveryYears))), d.st.Note),
		} {
			if err := p.row(1+i, line); err != nil {
				return err
			}
		}
		r := 5
		// section writes a list's title, then the list as a table, or a note when it is empty.
		section := func(title, table, empty string, headers []string, rows []queries.ReportingRow,
			cells func([]streamCell, *queries.ReportingRow) []streamCell) error {
			if err := p.row(r, loose(title, d.st.Bold)); err != nil {
				return err
			}
			r++
			if len(rows) == 0 {
				if err := p.row(r, loose(empty, d.st.Note)); err != nil {
					return err
				}
				r += 2
				return nil
			}
			if err := p.header(r, headers); err != nil {
				return err
			}
			for i := range rows {
				buf = cells(buf, &rows[i])
				if err := p.row(r+1+i, buf...); err != nil {
					return err
				}
			}
			p.table(table, r, headers, len(rows))
			r += len(rows) + 2
			return nil
		}
		if err := section(
			cat.Format("delegation.obligations.due_title", "date", cat.Date(horizon)), cat.T("delegation.table.due"),
			noneDue,
			[]string{cat.T("delegation.obligations.city"), cat.T("delegation.obligations.due_date"), cat.T("delegation.obligations.cycle")},
			due, dueRow,
		); err != nil {
			return err
		}
		if err := section(
			cat.T("delegation.obligations.overdue_title"), cat.T("delegation.table.overdue"),
			noneOverdue,
			[]string{cat.T("delegation.obligations.city"), cat.T("delegation.obligations.due_date"), cat.T("delegation.obligations.days_overdue")},
			overdue, overdueRow,
		); err != nil {
			return err
		}

		// A bold label and a right-aligned value, both counted for widths, as labelValue writes.
		fact := func(row int, label, value string) error {
			return p.row(row, d.own(boldText(label)), d.rightText(value))
		}
		if unknown > 0 {
			// Said outright, so that "no report due" is not read as "all up to date".
			if err := fact(r, cat.T("delegation.obligations.unknown"), cat.Int(unknown)); err != nil {
				return err
			}
			r += 2
		}
		// A window the rules project is labelled so in its title, its line and a note: a
		// delegation must not plan on dates UNESCO has not announced.
		title, window := "delegation.obligations.window_title", "delegation.obligations.window"
		if call.Expected {
			title, window = "delegation.obligations.window_title_expected", "delegation.obligations.window_expected"
		}
		if err := p.row(r, loose(cat.T(title), d.st.Bold)); err != nil {
			return err
		}
		if err := fact(r+1, cat.Format(window, "year", strconv.Itoa(call.Cohort)), cat.DateRange(call.Opens, call.Closes)); err != nil {
			return err
		}
		if err := fact(r+2, cat.Format("delegation.obligations.places_left", "year", strconv.Itoa(next.Year)), cat.Int(next.Remaining)); err != nil {
			return err
		}
		if !call.Expected {
			return nil
		}
		return p.row(r+3, loose(cat.T("delegation.obligations.expected_note"), d.st.Note))
	})
}

// dayOf is t's calendar date (in t's own zone) at midnight UTC, to compare days.
func dayOf(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}
