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
	figNewCountries = "New countries in the cohort"
	figPeople       = "People reached"
	figPopUnknown   = "Named members with unknown population"
	figCoverage     = "Coverage (named cities / cities as published)"
)

// summaryTop is the header row of the headline table: after the title and four notes.
const summaryTop = 7

// Texts for the three states of a figure (DESIGN.md: unknown is not zero).
const (
	textNotPublished  = "not published"
	textUnknown       = "unknown"
	textNotApplicable = "n/a"
)

// summary writes the headline figures for the year beside those of the previous cohort (not
// the calendar year before, which may have had no admission round), with the change, as
// published and for the named members; then the rules' state and the data-quality findings.
func (b *annualBuild) summary() error {
	ds := b.ds
	sw := xlsx.NewSheetWriter(b.f, b.st, sheetSummary)
	if err := sw.Title(fmt.Sprintf("UNESCO Global Network of Learning Cities: annual report %d", ds.Year),
		noteSources, noteGeoNames, runNote(ds), comparedNote(ds)); err != nil {
		return err
	}
	h := headlineTable{cur: ds.Headline, prev: ds.PreviousHeadline}
	headline := h.rows()
	if err := sw.Table("tblHeadline", 1, summaryTop, h.head(ds.Year), headline); err != nil {
		return err
	}
	return b.rulesAndQuality(sw, summaryTop+len(headline)+3)
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
	return []string{
		"Figure",
		y + " " + labelPublished, p + " " + labelPublished, "Change (" + labelPublished + ")", "Change % (" + labelPublished + ")",
		y + " " + labelNamed, p + " " + labelNamed, "Change (" + labelNamed + ")", "Change % (" + labelNamed + ")",
	}
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

// rulesAndQuality writes, from row top, the rules' state, the data-quality findings and where
// the long tables are, then fits the sheet's columns.
func (b *annualBuild) rulesAndQuality(sw *xlsx.SheetWriter, top int) error {
	if err := sw.Put(1, top-1, xlsx.Text("Rules and their state"), b.st.Bold); err != nil {
		return err
	}
	rules := b.ruleRows()
	if err := sw.Table("tblRules", 1, top, []string{"Rule", "Setting", "In force from", "Checked", "Broken", "Unknown", "Exempt"}, rules); err != nil {
		return err
	}

	top += len(rules) + 3
	if err := sw.Put(1, top-1, xlsx.Text("Data quality"), b.st.Bold); err != nil {
		return err
	}
	quality := make([][]xlsx.Cell, len(b.ds.Quality))
	for i, q := range b.ds.Quality {
		quality[i] = []xlsx.Cell{xlsx.Text(q.Check), xlsx.Text(q.Detail), xlsx.Int(q.Count)}
	}
	if err := sw.Table("tblQuality", 1, top, []string{"Check", "Detail", "Count"}, quality); err != nil {
		return err
	}

	top += max(len(quality), 1) + 2
	for i, n := range b.splitNotes() {
		if err := sw.Put(1, top+i, xlsx.Text(n), b.st.Note); err != nil {
			return err
		}
	}
	return sw.Fit()
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
		{xlsx.Text("Applications within the call's window"), xlsx.Text(orUnknown(r.DefaultWindow)),
			xlsx.Cell{}, xlsx.Int(c.Window), xlsx.Int(c.WindowOutside), xlsx.Int(c.WindowUnknown), xlsx.Int(c.WindowExempt)},
		{xlsx.Text("Progress report every N years"), xlsx.Int(int64(r.ReportEveryYears)),
			xlsx.Cell{}, xlsx.Int(c.Reporting), xlsx.Int(c.ReportingOverdue), xlsx.Int(c.ReportingUnknown), xlsx.Int(0)},
		{xlsx.Text("Rules from"), xlsx.Text(orUnknown(r.Source)), xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}},
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
