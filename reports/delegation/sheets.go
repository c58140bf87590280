package delegation

// The four sheets of a delegation workbook (Cover, Members, Quota, Obligations): Cover and Quota
// drawn with the shared helpers of reports/internal/xlsx, Members and Obligations, a row per city, streamed
// (stream.go).
//
// Numbers and dates are real numbers and dates, so that they sort and sum and Excel flags no
// "number stored as text". Numbers take built-in formats ("#,##0", "0.0%"), drawn with the
// reader's own separators, as in any workbook; years take "0" (no separator). A date carries the
// language's LCID in its format (locale.Catalog.DateFormat, xlsx.LongDate), so its month name is
// in the workbook's language whatever the reader's system. An unknown or inapplicable value is
// a word ("Inconnue", "Sans objet") right-aligned in its column: never 0, never a bare blank.
// Labels and sentences ("Situation au 30 juin 2025") format their figures through the catalog.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	"delegation.title", "delegation.as_of", "delegation.generated", "delegation.page_of",
	"delegation.cover.region", "delegation.cover.members", "delegation.cover.first_cohort",
	"delegation.cover.latest_cohort", "delegation.cover.people", "delegation.cover.people_unknown",
	"delegation.cover.people_none_known", "delegation.cover.year_unknown",
	"delegation.cover.share", "delegation.cover.rank", "delegation.cover.countries",
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
	"delegation.obligations.city", "delegation.obligations.due_date", "delegation.obligations.due_unknown", "delegation.obligations.cycle",
	"delegation.obligations.cycle_rule", "delegation.obligations.days_overdue",
	"delegation.obligations.none_due", "delegation.obligations.none_overdue", "delegation.obligations.unknown",
	"delegation.obligations.none_due_known", "delegation.obligations.none_overdue_known",
	"delegation.obligations.all_unknown.one", "delegation.obligations.all_unknown.many",
	"delegation.obligations.window_title", "delegation.obligations.opens", "delegation.obligations.closes",
	"delegation.obligations.window_title_expected", "delegation.obligations.opens_expected",
	"delegation.obligations.closes_expected", "delegation.obligations.places_left",
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
	ds   *reports.Dataset
	j    *delegationJob
	cat  *locale.Catalog
	f    *excelize.File
	st   *xlsx.Styles
	name string
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
			_ = d.st.Discard()
			return err
		}
	}
	if err := d.st.SetRepeatRows(f); err != nil {
		_ = f.Close()
		_ = d.st.Discard()
		return err
	}
	return xlsx.Save(f, d.st, stage.Write, j.rel)
}

func newDelegationDraw(ds *reports.Dataset, j *delegationJob, f *excelize.File) (*delegationDraw, error) {
	st, err := xlsx.NewStyles(f)
	if err != nil {
		return nil, err
	}
	if err := st.Localize(f, j.cat.DateFormat()); err != nil {
		return nil, err
	}
	d := &delegationDraw{ds: ds, j: j, cat: j.cat, f: f, st: st, name: j.country.Name(j.lang)}
	sheets := delegationSheets(d.cat)
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return nil, fmt.Errorf("name sheet %s: %w", sheets[0], err)
	}
	for _, s := range sheets[1:] {
		if _, err := f.NewSheet(s); err != nil {
			return nil, fmt.Errorf("create sheet %s: %w", s, err)
		}
	}
	// Delegations print these: A4 landscape, one page wide, as the annual workbook, with the
	// country over every page and the page numbers in the workbook's language. Set now, before a
	// stream writer writes a sheet's properties.
	for _, s := range sheets {
		if err := xlsx.SetPrint(f, s, d.page()); err != nil {
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

// page is how every sheet of the workbook prints: the country and the workbook's title over each
// page; the sheet, "page X sur Y" and the run below.
func (d *delegationDraw) page() xlsx.Page {
	return xlsx.Page{
		Header: d.name + " — " + d.cat.T("delegation.title"),
		PageOf: d.cat.T("delegation.page_of"),
		Footer: strings.TrimSpace("gnlc "+d.ds.Version) + " · " + d.cat.Date(d.ds.GeneratedAt),
	}
}

// labelValue writes a bold label and, to its right, a value in the style of its kind: numbers
// and dates as such, a word standing for one right-aligned, words (a region's name) as text.
func labelValue(sw *xlsx.SheetWriter, row int, label string, value xlsx.Cell) error {
	if err := sw.Set(1, row, xlsx.BoldText(label)); err != nil {
		return err
	}
	return sw.Set(2, row, value)
}

// date is t as a real date, drawn in the workbook's language.
func (d *delegationDraw) date(t time.Time) xlsx.Cell { return xlsx.LongDate(t, d.cat.Date(t)) }

// word is the message key as a right-aligned text cell: "Unknown", "None" standing where a
// number or a date would be.
func (d *delegationDraw) word(key string) xlsx.Cell { return xlsx.RightText(d.cat.T(key)) }

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
		key   string
		value xlsx.Cell
	}
	lines := []line{
		{"delegation.cover.region", xlsx.Text(cat.Region(c.Region))},
		{"delegation.cover.members", xlsx.Int(c.Members)},
		{"delegation.cover.first_cohort", d.year(c.FirstYear)},
		{"delegation.cover.latest_cohort", d.year(c.LatestYear)},
		// Unknown when no population is known: never 0 people.
		{"delegation.cover.people", xlsx.IntOrText(c.PeopleReached, cat.T("delegation.cover.people_none_known"))},
	}
	if c.PopulationUnknown > 0 {
		lines = append(lines, line{"delegation.cover.people_unknown", xlsx.Int(c.PopulationUnknown)})
	}
	// The rank and the count it is out of, as two numbers rather than a "3 of 73" sentence.
	lines = append(lines,
		line{"delegation.cover.share", xlsx.Share(c.Share)},
		line{"delegation.cover.rank", xlsx.Int(int64(c.Rank))},
		line{"delegation.cover.countries", xlsx.Int(int64(d.j.ranked))},
	)
	r := 5
	for _, l := range lines {
		if err := labelValue(sw, r, cat.T(l.key), l.value); err != nil {
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
		return d.word("delegation.cover.year_unknown")
	}
	return xlsx.ID(int64(y))
}

// memberCells fills buf with m's cells on the Members sheet, in column order. A missing value
// says which of "none" and "unknown" it is: "None on record" (no report from this city),
// "Unknown" (the register tracks no report, or no population), "Not applicable" (withdrawn: no
// report owed). Days overdue stay blank when the report is not overdue: the next report's cell
// beside it says why.
func (d *delegationDraw) memberCells(buf []streamCell, w *memberWords, m *queries.Member, r *memberReport) []streamCell {
	status := w.active
	if m.Status == "withdrawn" {
		status = w.withdrawnUnknown
		if m.LeftYear != nil {
			status = d.cat.Format("delegation.members.withdrawn", "year", strconv.Itoa(*m.LeftYear))
		}
	}
	// No obligation on the date: a withdrawn member owes nothing; any other is not known to.
	last, next, overdue := w.noReport, w.dueUnknown, xlsx.Cell{}
	if m.Status == "withdrawn" {
		next = w.notDue
	}
	if m.LastReportOn != nil {
		last = d.date(*m.LastReportOn)
	}
	if r.ok {
		rep := &r.row
		switch {
		case rep.LastReport != nil:
			last = d.date(*rep.LastReport)
		case rep.Status == queries.ReportUnknown && m.LastReportOn == nil:
			last = w.lastUnknown
		}
		next = w.dueUnknown
		if rep.NextDue != nil {
			next = d.date(*rep.NextDue)
		}
		if rep.Status == queries.ReportOverdue {
			overdue = xlsx.Int(rep.DaysOverdue)
		}
	}
	return append(buf[:0],
		d.own(xlsx.Text(m.City)), d.own(xlsx.ID(int64(m.YearJoined))),
		d.own(xlsx.IntOrText(m.Population, w.populationUnknown)),
		d.own(xlsx.Centered(status)), d.own(last), d.own(next), d.own(overdue),
	)
}

// memberWords are the words of the Members sheet's cells, looked up once per workbook rather
// than once per member.
type memberWords struct {
	active, withdrawnUnknown, populationUnknown string
	noReport, dueUnknown, notDue, lastUnknown   xlsx.Cell
}

func (d *delegationDraw) memberWords() *memberWords {
	return &memberWords{
		active:            d.cat.T("delegation.members.active"),
		withdrawnUnknown:  d.cat.T("delegation.members.withdrawn_unknown"),
		populationUnknown: d.cat.T("delegation.members.population_unknown"),
		noReport:          d.word("delegation.members.no_report"),
		dueUnknown:        d.word("delegation.members.due_unknown"),
		notDue:            d.word("delegation.members.not_due"),
		lastUnknown:       d.word("delegation.members.last_unknown"),
	}
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
	members, words := d.j.members, d.memberWords()
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
			buf = d.memberCells(buf, words, &members[i], &d.j.reporting[i])
			if err := p.row(top+1+i, buf...); err != nil {
				return err
			}
		}
		p.table(cat.T("delegation.table.members"), top, headers, len(members))
		return nil
	})
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
		Page: d.page(),
	}
	quota := slices.SortedFunc(slices.Values(d.j.quota), func(a, b queries.QuotaRow) int { return cmp.Compare(a.Year, b.Year) })
	rows := make([][]xlsx.Cell, 0, len(quota))
	for _, q := range quota {
		limit, status := d.word("delegation.quota.no_limit"), cat.T("delegation.quota.not_in_force")
		if q.Applies {
			limit, status = xlsx.Int(q.Limit), cat.T("delegation.quota.within")
			if q.Breach {
				status = cat.T("delegation.quota.over")
			}
		}
		rows = append(rows, []xlsx.Cell{xlsx.ID(int64(q.Year)), xlsx.Int(q.NewCities), limit, xlsx.Centered(status)}) // a state, centred: never against the limit beside it
	}
	sw, err := xlsx.WriteTable(d.f, d.st, t, rows)
	if err != nil {
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
	for i, lv := range []struct {
		key string
		n   int64
	}{
		{"delegation.quota.limit", next.Limit},
		{"delegation.quota.used", next.Used},
		{"delegation.quota.left", next.Remaining},
	} {
		if err := labelValue(sw, r+1+i, cat.T(lv.key), xlsx.Int(lv.n)); err != nil {
			return err
		}
	}
	if err := xlsx.SetDimension(d.f, t.Sheet, len(t.Columns), r+3); err != nil {
		return err
	}
	return sw.Fit()
}
