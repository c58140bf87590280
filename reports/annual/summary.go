package annual

import (
	"fmt"
	"strconv"
	"strings"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
)

// Summary rows of the headline table, in order; tests find figures by these labels.
const (
	figCities       = "Member cities"
	figCountries    = "Member countries"
	figNewCities    = "New cities in the cohort"
	figNewCountries = "Countries of the new cities"
	figFirstTime    = "First-time countries"
	figPeople       = "People reached"
	figPopUnknown   = "Named members with unknown population"
	figCoverage     = "Coverage (named cities / cities as published)"
)

// The Summary's layout: the headline table's header row, under a title, a lead sentence, two
// notes and the row naming its two sides; the cohort by region and the small growth chart side
// by side below it, then the rules.
const (
	summaryTop       = 7
	summaryChartCol  = "E" // the small growth chart's left edge, beside the cohort by region
	summaryChartRows = 14  // rows the chart spans: 14 rows of 20 pixels
)

// Texts for the three states of a figure (DESIGN.md: unknown is not zero).
const (
	textNotPublished  = "not published"
	textUnknown       = "unknown"
	textNotApplicable = "n/a"
)

// summary writes the workbook's front page, one A4 page that answers "how did the network
// change this year?": a lead sentence; the year's figures beside the previous cohort's (not the
// calendar year before, which may have had no admission round), with the change, as published
// and for the named members; the cohort by region beside a small growth chart; the rules' state.
func (b *annualBuild) summary() error {
	ds := b.ds
	sw := xlsx.NewSheetWriter(b.f, b.st, sheetSummary)
	if err := sw.Put(1, 1, xlsx.Text(fmt.Sprintf("UNESCO Global Network of Learning Cities: annual report %d", ds.Year)), b.st.Title); err != nil {
		return err
	}
	if err := sw.Put(1, 2, xlsx.Text(leadSentence(ds)), b.st.Bold); err != nil {
		return err
	}
	for i, n := range []string{comparedNote(ds), runNote(ds)} {
		if err := sw.Put(1, 3+i, xlsx.Text(n), b.st.Note); err != nil {
			return err
		}
	}
	if err := b.sides(summaryTop - 1); err != nil {
		return err
	}
	h := headlineTable{cur: ds.Headline, prev: ds.PreviousHeadline}
	headline := h.rows()
	if err := sw.Table("tblHeadline", 1, summaryTop, h.head(ds.Year), headline); err != nil {
		return err
	}
	next := summaryTop + len(headline) + 2
	regionsEnd, err := b.cohortByRegion(sw, next)
	if err != nil {
		return err
	}
	if len(b.ds.Growth) > 0 || len(b.ds.Reconciliation) > 0 {
		if err := addGrowthChart(b.f, sheetSummary, fmt.Sprintf("%s%d", summaryChartCol, next), b.growthRows, 470, 20*summaryChartRows); err != nil {
			return err
		}
	}
	return b.rulesAndQuality(sw, max(regionsEnd, next+summaryChartRows)+2)
}

// sides writes, over the headline table's header, which columns are UNESCO's figures and which
// the register's.
func (b *annualBuild) sides(row int) error {
	for _, side := range []struct {
		from, to, text string
	}{{"B", "E", "As published (UNESCO)"}, {"F", "I", "Named members (the register)"}} {
		from, to := fmt.Sprintf("%s%d", side.from, row), fmt.Sprintf("%s%d", side.to, row)
		if err := xlsx.SafeText(b.f, sheetSummary, from, side.text, b.st.HeaderCenter); err != nil {
			return err
		}
		if err := b.f.MergeCell(sheetSummary, from, to); err != nil {
			return fmt.Errorf("merge %s:%s: %w", from, to, err)
		}
		if err := b.f.SetCellStyle(sheetSummary, from, to, b.st.HeaderCenter); err != nil {
			return fmt.Errorf("style %s:%s: %w", from, to, err)
		}
	}
	return nil
}

// cohortByRegion writes the report year's new named members by region from row top, with a
// total, and returns the last row written.
func (b *annualBuild) cohortByRegion(sw *xlsx.SheetWriter, top int) (int, error) {
	ds := b.ds
	if err := sw.Put(1, top, xlsx.Text(fmt.Sprintf("The %d cohort by region (%s)", ds.Year, labelNamed)), b.st.Bold); err != nil {
		return 0, err
	}
	countries := map[string]map[string]bool{}
	for _, m := range b.cohort {
		if countries[m.Region] == nil {
			countries[m.Region] = map[string]bool{}
		}
		countries[m.Region][m.ISO3] = true
	}
	var rows [][]xlsx.Cell
	var cities, nations int64
	for _, r := range ds.Regions {
		n := int64(len(countries[r.Region]))
		rows = append(rows, []xlsx.Cell{xlsx.Text(r.Region), xlsx.Int(r.NewInLatest), xlsx.Int(n)})
		cities += r.NewInLatest
		nations += n
	}
	rows = append(rows, []xlsx.Cell{xlsx.BoldText("All regions"), xlsx.Int(cities).Bold(), xlsx.Int(nations).Bold()})
	if err := sw.Table("tblCohortRegions", 1, top+1, []string{"Region", "New cities", "Countries"}, rows); err != nil {
		return 0, err
	}
	return top + 1 + len(rows), nil
}

// leadSentence says in one sentence how the network changed in the year, from the published
// figures where UNESCO gave them and the named members' otherwise.
func leadSentence(ds *reports.Dataset) string {
	h, prev := ds.Headline, ds.PreviousHeadline
	f, whose := h.Published, labelPublished
	if f.NewCities == nil || f.Cities == nil {
		f, whose = h.Named, labelNamed
	}
	if f.NewCities == nil || f.Cities == nil {
		return fmt.Sprintf("%d: no figures.", ds.Year)
	}
	s := fmt.Sprintf("In %d, %s new member %s", ds.Year, groupDigits(*f.NewCities), plural(*f.NewCities, "city", "cities"))
	if f.NewCountries != nil {
		s += fmt.Sprintf(" from %s %s", groupDigits(*f.NewCountries), plural(*f.NewCountries, "country", "countries"))
	}
	if f.FirstTimeCountries != nil && *f.FirstTimeCountries > 0 {
		s += fmt.Sprintf(" (%s new to the network)", groupDigits(*f.FirstTimeCountries))
	}
	s += fmt.Sprintf(": %s member cities", groupDigits(*f.Cities))
	if f.Countries != nil {
		s += fmt.Sprintf(" in %s countries", groupDigits(*f.Countries))
	}
	pf := prev.Published
	if whose == labelNamed {
		pf = prev.Named
	}
	if prev.Year != 0 && pf.Cities != nil && *pf.Cities > 0 {
		d := *f.Cities - *pf.Cities
		s += fmt.Sprintf(", %+d (%+.1f%%) on %d", d, 100*float64(d)/float64(*pf.Cities), prev.Year)
	}
	return s + " (" + whose + ")."
}

// plural is one or many, by n.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// runNote says which gnlc wrote the workbook, when, and the compliance date.
func runNote(ds *reports.Dataset) string {
	run := fmt.Sprintf("Written by gnlc %s at %s UTC", orUnknown(ds.Version), ds.GeneratedAt.UTC().Format("2006-01-02 15:04"))
	if !ds.AsOf.IsZero() {
		run += "; compliance as of " + ds.AsOf.Format("2006-01-02")
	}
	return run + "."
}

// comparedNote says which cohort the headline compares the year with: the previous one, which
// may not be the calendar year before, or none.
func comparedNote(ds *reports.Dataset) string {
	prev := ds.PreviousHeadline
	switch {
	case prev.Year == 0:
		return fmt.Sprintf("The %d cohort is the first in the data: no earlier cohort to compare with.", ds.Year)
	case prev.Year != ds.Year-1:
		return fmt.Sprintf("The %d cohort beside the previous cohort, %d (no admission round in between): change in number and in %% of the %d figure.", ds.Year, prev.Year, prev.Year)
	}
	return fmt.Sprintf("The %d cohort beside the previous cohort, %d: change in number and in %% of the %d figure.", ds.Year, prev.Year, prev.Year)
}

// headlineTable is the Summary's headline: the year's figures beside the previous cohort's
// (prev.Year is 0 when there is none), as published and for the named members.
type headlineTable struct {
	cur, prev queries.Headline
}

// head is the table's header row for the report year.
func (h headlineTable) head(year int) []string {
	y, p := strconv.Itoa(year), strconv.Itoa(h.prev.Year)
	if h.prev.Year == 0 {
		p = "no earlier cohort"
	}
	// The row above names the sides too; each header says its side, as a table's column names
	// are read alone (structured references, pandas).
	return []string{"Figure", "Published " + y, "Published " + p, "Published change", "Published change %",
		"Named " + y, "Named " + p, "Named change", "Named change %"}
}

// rows are the headline's rows, in the order of the fig* labels.
func (h headlineTable) rows() [][]xlsx.Cell {
	na := xlsx.RightText(textNotApplicable)
	popUnknown := []xlsx.Cell{xlsx.Text(figPopUnknown), na, na, na, na}
	popUnknown = append(popUnknown, h.side(&h.cur.PopulationUnknown, &h.prev.PopulationUnknown, textUnknown)...)
	coverage := []xlsx.Cell{xlsx.Text(figCoverage), na, na, na, na, xlsx.PercentOrText(h.cur.Coverage, textUnknown), na, na, na}
	if h.prev.Year != 0 {
		coverage[6] = xlsx.PercentOrText(h.prev.Coverage, textUnknown)
		if h.cur.Coverage != nil && h.prev.Coverage != nil {
			coverage[7] = xlsx.ChangePoints((*h.cur.Coverage - *h.prev.Coverage) * 100)
		}
	}
	return [][]xlsx.Cell{
		h.figures(figCities, func(f queries.Figures) *int64 { return f.Cities }),
		h.figures(figCountries, func(f queries.Figures) *int64 { return f.Countries }),
		h.figures(figNewCities, func(f queries.Figures) *int64 { return f.NewCities }),
		h.figures(figNewCountries, func(f queries.Figures) *int64 { return f.NewCountries }),
		h.figures(figFirstTime, func(f queries.Figures) *int64 { return f.FirstTimeCountries }),
		h.figures(figPeople, func(f queries.Figures) *int64 { return f.PeopleReached }),
		popUnknown,
		coverage,
	}
}

// figures is one figure's row: its label, then the published side, then the named side.
func (h headlineTable) figures(label string, get func(queries.Figures) *int64) []xlsx.Cell {
	row := []xlsx.Cell{xlsx.Text(label)}
	row = append(row, h.side(get(h.cur.Published), get(h.prev.Published), textNotPublished)...)
	return append(row, h.side(get(h.cur.Named), get(h.prev.Named), textUnknown)...)
}

// side is one source of figures (published or named) for the year and the previous cohort:
// the two values and their change, each "not published" or "unknown" (missing) when it is.
func (h headlineTable) side(now, before *int64, missing string) []xlsx.Cell {
	if h.prev.Year == 0 {
		return []xlsx.Cell{xlsx.IntOrText(now, missing), xlsx.RightText(textNotApplicable), xlsx.RightText(textNotApplicable), xlsx.RightText(textNotApplicable)}
	}
	out := []xlsx.Cell{xlsx.IntOrText(now, missing), xlsx.IntOrText(before, missing), xlsx.RightText(textUnknown), xlsx.RightText(textUnknown)}
	if now != nil && before != nil {
		out[2] = xlsx.Change(*now - *before)
		out[3] = xlsx.RightText(textNotApplicable) // no relative change from 0
		if *before != 0 {
			out[3] = xlsx.ChangePercent(float64(*now-*before) / float64(*before))
		}
	}
	return out
}

// rulesAndQuality writes, from row top, the rules' state, then where the data quality findings
// and the long tables are, and fits the sheet's columns and its page.
func (b *annualBuild) rulesAndQuality(sw *xlsx.SheetWriter, top int) error {
	if err := sw.Put(1, top-1, xlsx.Text("Rules and their state"), b.st.Bold); err != nil {
		return err
	}
	rules := b.ruleRows()
	if err := sw.Table("tblRules", 1, top, []string{"Rule", "Setting", "In force from", "Checked", "Broken", "Unknown", "Exempt"}, rules); err != nil {
		return err
	}
	top += len(rules) + 2
	// The "rows loaded" lines of Data quality count what each file gave, not what a check found.
	var checks, flagged int64
	for _, q := range b.ds.Quality {
		if q.Check != queries.QualityRowsLoaded {
			checks++
			flagged += q.Count
		}
	}
	notes := append([]string{
		fmt.Sprintf("Data quality: %d %s, %s findings; see the sheet %s.", checks, plural(checks, "check", "checks"), groupDigits(flagged), sheetQuality),
	}, b.splitNotes()...)
	notes = append(notes, noteSources, noteGeoNames, "What each sheet holds and what its empty cells mean: the sheet "+sheetNotes+".")
	for i, n := range notes {
		if err := sw.Put(1, top+i, xlsx.Text(n), b.st.Note); err != nil {
			return err
		}
	}
	return b.summaryPage(sw, top+len(notes))
}

// summaryPage sets the Summary's column widths and row heights, and prints it on one A4 page.
func (b *annualBuild) summaryPage(sw *xlsx.SheetWriter, lastRow int) error {
	sw.SetWidth(1, 40)
	sw.SetWidth(2, 17) // the rules' settings: "1 March–30 April"
	for col := 3; col <= 9; col++ {
		sw.SetWidth(col, 13)
	}
	if err := sw.Fit(); err != nil {
		return err
	}
	if err := xlsx.SetDimension(b.f, sheetSummary, 9, lastRow); err != nil {
		return err
	}
	p := b.page(fmt.Sprintf("GNLC annual report %d", b.ds.Year))
	p.OnePage = true
	return xlsx.SetPrint(b.f, sheetSummary, p)
}

// quality writes the data-quality findings: each check, what it found, how many rows.
func (b *annualBuild) quality() error {
	t := b.dataSheet(sheetQuality, "tblQuality", "Data quality: checks on the register and what they found",
		[]string{"Each check counts the rows it flags; 0 means it found none. The \"rows loaded\" lines are not checks: they count each input file's rows."},
		[]xlsx.Column{{Header: "Check"}, {Header: "Detail"}, {Header: "Count"}})
	rows := make([][]xlsx.Cell, len(b.ds.Quality))
	for i, q := range b.ds.Quality {
		rows[i] = []xlsx.Cell{xlsx.Text(q.Check), xlsx.Text(q.Detail), xlsx.Int(q.Count)}
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}

// ruleRows is each rule's setting and what checking it found.
func (b *annualBuild) ruleRows() [][]xlsx.Cell {
	ds := b.ds
	r := ds.Rules
	var quotaChecked, quotaBroken int64
	for _, q := range ds.Quota {
		if q.Year == ds.Year {
			quotaChecked++
			if q.Breach {
				quotaBroken++
			}
		}
	}
	c := ds.ComplianceSummary
	return [][]xlsx.Cell{
		{xlsx.Text(fmt.Sprintf("New cities per country in the %d cohort, at most", ds.Year)), xlsx.Int(int64(r.QuotaLimit)),
			xlsx.Year(r.QuotaEffectiveFrom), xlsx.Int(quotaChecked), xlsx.Int(quotaBroken), xlsx.Int(0), xlsx.Int(0)},
		{xlsx.Text("Applications within the call's window"), xlsx.RightText(orUnknown(r.DefaultWindow)),
			xlsx.Cell{}, xlsx.Int(c.Window), xlsx.Int(c.WindowOutside), xlsx.Int(c.WindowUnknown), xlsx.Int(c.WindowExempt)},
		{xlsx.Text("Years between progress reports"), xlsx.Int(int64(r.ReportEveryYears)),
			xlsx.Cell{}, xlsx.Int(c.Reporting), xlsx.Int(c.ReportingOverdue), xlsx.Int(c.ReportingUnknown), xlsx.Int(0)},
		{xlsx.Text("Rules from"), xlsx.RightText(orUnknown(r.Source)), xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}},
	}
}

// splitNotes says where the register and the compliance list are, and whether a sheet could
// not hold them.
func (b *annualBuild) splitNotes() []string {
	var notes []string
	say := func(what string, n int64, sheets []string) {
		if len(sheets) <= 1 {
			notes = append(notes, fmt.Sprintf("%s: %s rows on sheet %s.", what, groupDigits(n), sheetSummaryName(sheets)))
			return
		}
		notes = append(notes, fmt.Sprintf("%s: %s rows, more than one sheet holds, split over sheets %s.",
			what, groupDigits(n), strings.Join(sheets, ", ")))
	}
	say("Members (the register)", b.ds.MemberCount, b.memberSheets)
	say(cohortSheet(b.ds.Year), int64(len(b.cohort)), b.cohortSheets)
	say("Compliance", b.complianceRows, b.complianceSheets)
	return notes
}

func sheetSummaryName(sheets []string) string {
	if len(sheets) == 0 {
		return "(none)"
	}
	return sheets[0]
}
