package delegation

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"gnlc/queries"
	"gnlc/reports/internal/xlsx"
)

// obligationsSheet is what the Obligations sheet shows, gathered before it is drawn: the sheet
// is drawn twice (measured, then written; see stream.go) and both passes must agree.
type obligationsSheet struct {
	d       *delegationDraw
	horizon time.Time // the end of the "due within a year" window
	// due are the reports due within a year, soonest first; overdue the overdue ones, most
	// overdue first.
	due, overdue []queries.ReportingRow
	// known and unknown count the member cities whose reporting status is known or not.
	known, unknown int64
	cycleRule      string // the cycle shown for a report with no cycle of its own
}

// obligationList is one list of the sheet, drawn by obligationsPass.section.
type obligationList struct {
	title, table, empty string // empty is the note written instead of an empty table
	headers             []string
	rows                []queries.ReportingRow
	cells               func([]streamCell, *queries.ReportingRow) []streamCell
}

// obligations: reports due within a year, overdue reports, and the next call for applications.
// Both lists may hold every city of the country, so the sheet is streamed (see
// stream.go); each non-empty list is an Excel table.
func (d *delegationDraw) obligations() error {
	o := d.newObligationsSheet()
	return d.streamSheet(delegationSheets(d.cat)[3], 0, o.draw)
}

// newObligationsSheet sorts the members' reporting rows into the due and overdue lists.
func (d *delegationDraw) newObligationsSheet() *obligationsSheet {
	ds := d.ds
	o := &obligationsSheet{
		d:         d,
		horizon:   ds.AsOf.AddDate(1, 0, 0),
		cycleRule: d.cat.Format("delegation.obligations.cycle_rule", "n", d.cat.Int(int64(ds.Rules.ReportEveryYears))),
	}
	for _, r := range d.j.reporting {
		if !r.ok {
			continue
		}
		rep := r.row
		if rep.Status != queries.ReportUnknown {
			o.known++
		}
		switch {
		case rep.Status == queries.ReportUnknown:
			o.unknown++
		case rep.Status == queries.ReportOverdue:
			o.overdue = append(o.overdue, rep)
		case rep.NextDue != nil && !rep.NextDue.Before(dayOf(ds.AsOf)) && !rep.NextDue.After(o.horizon):
			o.due = append(o.due, rep)
		}
	}
	slices.SortStableFunc(o.due, func(a, b queries.ReportingRow) int { return a.NextDue.Compare(*b.NextDue) })
	slices.SortStableFunc(o.overdue, func(a, b queries.ReportingRow) int { return cmp.Compare(b.DaysOverdue, a.DaysOverdue) })
	return o
}

// emptyNotes are what an empty due list and an empty overdue list say: "none" only when every
// due date is known. With some unknown, they speak of the cities with a known due date; with
// none known, of the unknown ones only (never "no overdue report" when nothing could be checked).
func (o *obligationsSheet) emptyNotes() (noneDue, noneOverdue string) {
	cat := o.d.cat
	switch {
	case o.unknown > 0 && o.known == 0:
		key := "delegation.obligations.all_unknown.many"
		if o.unknown == 1 {
			key = "delegation.obligations.all_unknown.one"
		}
		s := cat.Format(key, "n", cat.Int(o.unknown))
		return s, s
	case o.unknown > 0:
		return cat.T("delegation.obligations.none_due_known"), cat.T("delegation.obligations.none_overdue_known")
	}
	return cat.T("delegation.obligations.none_due"), cat.T("delegation.obligations.none_overdue")
}

// lists are the sheet's two lists, due then overdue.
func (o *obligationsSheet) lists() [2]obligationList {
	cat := o.d.cat
	noneDue, noneOverdue := o.emptyNotes()
	return [2]obligationList{{
		title: cat.Format("delegation.obligations.due_title", "date", cat.Date(o.horizon)), table: cat.T("delegation.table.due"),
		empty:   noneDue,
		headers: []string{cat.T("delegation.obligations.city"), cat.T("delegation.obligations.due_date"), cat.T("delegation.obligations.cycle")},
		rows:    o.due, cells: o.dueRow,
	}, {
		title: cat.T("delegation.obligations.overdue_title"), table: cat.T("delegation.table.overdue"),
		empty:   noneOverdue,
		headers: []string{cat.T("delegation.obligations.city"), cat.T("delegation.obligations.due_date"), cat.T("delegation.obligations.days_overdue")},
		rows:    o.overdue, cells: o.overdueRow,
	}}
}

// dueRow is a due report's row: city, due date, and its cycle (the rule's when it has none).
func (o *obligationsSheet) dueRow(buf []streamCell, rep *queries.ReportingRow) []streamCell {
	d := o.d
	cycle := rep.Cycle
	if cycle == "" {
		cycle = o.cycleRule
	}
	return append(buf[:0], d.own(xlsx.Text(rep.City)), d.own(d.date(*rep.NextDue)), d.own(xlsx.Text(cycle)))
}

// overdueRow is an overdue report's row: city, due date (when known), days overdue.
func (o *obligationsSheet) overdueRow(buf []streamCell, rep *queries.ReportingRow) []streamCell {
	d := o.d
	dueOn := d.word("delegation.obligations.due_unknown")
	if rep.NextDue != nil {
		dueOn = d.date(*rep.NextDue)
	}
	return append(buf[:0], d.own(xlsx.Text(rep.City)), d.own(dueOn), d.own(xlsx.Int(rep.DaysOverdue)))
}

// draw is one pass over the sheet (streamSheet calls it twice): the heading, both lists, the
// count of unknown statuses, and the next call.
func (o *obligationsSheet) draw(p *sheetPass) error {
	d, cat := o.d, o.d.cat
	for i, line := range []streamCell{
		loose(d.name, d.st.Title),
		loose(d.asOf(), d.st.Note),
		loose(cat.Format("delegation.obligations.rule", "n", cat.Int(int64(d.ds.Rules.ReportEveryYears))), d.st.Note),
	} {
		if err := p.row(1+i, line); err != nil {
			return err
		}
	}
	w := &obligationsPass{o: o, p: p, r: 5}
	for _, l := range o.lists() {
		if err := w.section(&l); err != nil {
			return err
		}
	}
	if o.unknown > 0 {
		// Said outright, so that "no report due" is not read as "all up to date".
		if err := w.fact(w.r, cat.T("delegation.obligations.unknown"), xlsx.Int(o.unknown)); err != nil {
			return err
		}
		w.r += 2
	}
	return w.nextCall()
}

// obligationsPass writes the sheet's sections one below the other within one sheetPass.
type obligationsPass struct {
	o   *obligationsSheet
	p   *sheetPass
	r   int          // the next row to write
	buf []streamCell // reused for every list row
}

// section writes a list's title, then the list as a table, or a note when it is empty.
func (w *obligationsPass) section(l *obligationList) error {
	d, p := w.o.d, w.p
	if err := p.row(w.r, loose(l.title, d.st.Bold)); err != nil {
		return err
	}
	w.r++
	if len(l.rows) == 0 {
		if err := p.row(w.r, loose(l.empty, d.st.Note)); err != nil {
			return err
		}
		w.r += 2
		return nil
	}
	if err := p.header(w.r, l.headers); err != nil {
		return err
	}
	for i := range l.rows {
		w.buf = l.cells(w.buf, &l.rows[i])
		if err := p.row(w.r+1+i, w.buf...); err != nil {
			return err
		}
	}
	p.table(l.table, w.r, l.headers, len(l.rows))
	w.r += len(l.rows) + 2
	return nil
}

// fact writes a bold label and a value, both counted for widths, as labelValue writes.
func (w *obligationsPass) fact(row int, label string, value xlsx.Cell) error {
	d := w.o.d
	return w.p.row(row, d.own(xlsx.BoldText(label)), d.own(value))
}

// nextCall writes the next call for applications, its opening and closing dates on two lines
// (two real dates, where a "1 March–30 April" range would be text), and the places left in its
// cohort. A window the rules project is labelled so in its title, its lines and a note: a
// delegation must not plan on dates UNESCO has not announced.
func (w *obligationsPass) nextCall() error {
	d, cat, r := w.o.d, w.o.d.cat, w.r
	call, next := d.ds.NextCall, d.j.next
	title, opens, closes := "delegation.obligations.window_title", "delegation.obligations.opens", "delegation.obligations.closes"
	if call.Expected {
		title, opens, closes = "delegation.obligations.window_title_expected", "delegation.obligations.opens_expected", "delegation.obligations.closes_expected"
	}
	if err := w.p.row(r, loose(cat.T(title), d.st.Bold)); err != nil {
		return err
	}
	for i, f := range []struct {
		label string
		value xlsx.Cell
	}{
		{cat.Format(opens, "year", strconv.Itoa(call.Cohort)), d.date(call.Opens)},
		{cat.T(closes), d.date(call.Closes)},
		{cat.Format("delegation.obligations.places_left", "year", strconv.Itoa(next.Year)), xlsx.Int(next.Remaining)},
	} {
		if err := w.fact(r+1+i, f.label, f.value); err != nil {
			return err
		}
	}
	if !call.Expected {
		return nil
	}
	return w.p.row(r+4, loose(cat.T("delegation.obligations.expected_note"), d.st.Note))
}

// dayOf is t's calendar date (in t's own zone) at midnight UTC, to compare days.
func dayOf(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}
