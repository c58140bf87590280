package delegation

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"gnlc/queries"
	"gnlc/reports/internal/xlsx"
)

// obligations: reports due within a year, overdue reports, and the next call for applications.
// Both lists may hold every city of the country, so the sheet is streamed (see
// stream.go); each non-empty list is an Excel table.
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
		return append(buf[:0], d.own(xlsx.Text(rep.City)), d.rightText(cat.Date(*rep.NextDue)), d.own(xlsx.Text(cycle)))
	}
	overdueRow := func(buf []streamCell, rep *queries.ReportingRow) []streamCell {
		dueOn := cat.T("delegation.members.due_unknown")
		if rep.NextDue != nil {
			dueOn = cat.Date(*rep.NextDue)
		}
		return append(buf[:0], d.own(xlsx.Text(rep.City)), d.rightText(dueOn), d.rightText(cat.Int(rep.DaysOverdue)))
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
			return p.row(row, d.own(xlsx.BoldText(label)), d.rightText(value))
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
