package reports

import (
	"fmt"
	"strings"

	"gnlc/queries"
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

// summaryTop is the header row of the headline table: after the title and three notes.
const summaryTop = 6

// summary writes the headline figures for the year and the one before, as published and for
// the named members, then the rules' state and the data-quality findings.
func (b *annualBuild) summary() error {
	ds := b.ds
	sw := newSheetWriter(b.f, b.st, sheetSummary)
	run := fmt.Sprintf("Written by gnlc %s at %s UTC", orUnknown(ds.Version), ds.GeneratedAt.UTC().Format("2006-01-02 15:04"))
	if !ds.AsOf.IsZero() {
		run += "; compliance as of " + ds.AsOf.Format("2006-01-02")
	}
	if err := sw.title(fmt.Sprintf("UNESCO Global Network of Learning Cities: annual report %d", ds.Year),
		noteSources, noteGeoNames, run+"."); err != nil {
		return err
	}

	y, p := ds.Year, ds.Year-1
	cur, prev := ds.Headline, ds.PreviousHeadline
	figures := func(label string, get func(queries.Figures) *int64) []cell {
		return []cell{textCell(label), optIntCell(get(cur.Published)), optIntCell(get(cur.Named)),
			optIntCell(get(prev.Published)), optIntCell(get(prev.Named))}
	}
	headline := [][]cell{
		figures(figCities, func(f queries.Figures) *int64 { return f.Cities }),
		figures(figCountries, func(f queries.Figures) *int64 { return f.Countries }),
		figures(figNewCities, func(f queries.Figures) *int64 { return f.NewCities }),
		figures(figNewCountries, func(f queries.Figures) *int64 { return f.NewCountries }),
		figures(figPeople, func(f queries.Figures) *int64 { return f.PeopleReached }),
		{textCell(figPopUnknown), {}, intCell(cur.PopulationUnknown), {}, intCell(prev.PopulationUnknown)},
		{textCell(figCoverage), {}, optPercentCell(cur.Coverage), {}, optPercentCell(prev.Coverage)},
	}
	top := summaryTop
	if err := sw.table("tblHeadline", 1, top, []string{
		"Figure",
		fmt.Sprintf("%d %s", y, labelPublished), fmt.Sprintf("%d %s", y, labelNamed),
		fmt.Sprintf("%d %s", p, labelPublished), fmt.Sprintf("%d %s", p, labelNamed),
	}, headline); err != nil {
		return err
	}

	top += len(headline) + 3
	if err := sw.put(1, top-1, textCell("Rules and their state"), b.st.Bold); err != nil {
		return err
	}
	rules := b.ruleRows()
	if err := sw.table("tblRules", 1, top, []string{"Rule", "Setting", "In force from", "Checked", "Broken", "Unknown", "Exempt"}, rules); err != nil {
		return err
	}

	top += len(rules) + 3
	if err := sw.put(1, top-1, textCell("Data quality"), b.st.Bold); err != nil {
		return err
	}
	quality := make([][]cell, len(ds.Quality))
	for i, q := range ds.Quality {
		quality[i] = []cell{textCell(q.Check), textCell(q.Detail), intCell(q.Count)}
	}
	if err := sw.table("tblQuality", 1, top, []string{"Check", "Detail", "Count"}, quality); err != nil {
		return err
	}

	top += max(len(quality), 1) + 2
	for i, n := range b.splitNotes() {
		if err := sw.put(1, top+i, textCell(n), b.st.Note); err != nil {
			return err
		}
	}
	return sw.fit()
}

// ruleRows is each rule's setting and what checking it found.
func (b *annualBuild) ruleRows() [][]cell {
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
	return [][]cell{
		{textCell(fmt.Sprintf("New cities per country in the %d cohort, at most", ds.Year)), intCell(int64(r.QuotaLimit)),
			yearCell(r.QuotaEffectiveFrom), intCell(quotaChecked), intCell(quotaBroken), intCell(0), intCell(0)},
		{textCell("Applications within the call's window"), textCell(orUnknown(r.DefaultWindow)),
			cell{}, intCell(c.Window), intCell(c.WindowOutside), intCell(c.WindowUnknown), intCell(c.WindowExempt)},
		{textCell("Progress report every N years"), intCell(int64(r.ReportEveryYears)),
			cell{}, intCell(c.Reporting), intCell(c.ReportingOverdue), intCell(c.ReportingUnknown), intCell(0)},
		{textCell("Rules from"), textCell(orUnknown(r.Source)), cell{}, cell{}, cell{}, cell{}, cell{}},
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
