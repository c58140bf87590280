package annual

import (
	"fmt"
	"strconv"
	"strings"

	"gnlc/queries"
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
	run := fmt.Sprintf("Written by gnlc %s at %s UTC", orUnknown(ds.Version), ds.GeneratedAt.UTC().Format("2006-01-02 15:04"))
	if !ds.AsOf.IsZero() {
		run += "; compliance as of " + ds.AsOf.Format("2006-01-02")
	}
	cur, prev := ds.Headline, ds.PreviousHeadline
	compared := fmt.Sprintf("The %d cohort beside the previous cohort, %d: change in number and in %% of the %d figure.", ds.Year, prev.Year, prev.Year)
	if prev.Year == 0 {
		compared = fmt.Sprintf("The %d cohort is the first in the data: no earlier cohort to compare with.", ds.Year)
	} else if prev.Year != ds.Year-1 {
		compared = fmt.Sprintf("The %d cohort beside the previous cohort, %d (no admission round in between): change in number and in %% of the %d figure.", ds.Year, prev.Year, prev.Year)
	}
	if err := sw.Title(fmt.Sprintf("UNESCO Global Network of Learning Cities: annual report %d", ds.Year),
		noteSources, noteGeoNames, run+".", compared); err != nil {
		return err
	}

	y, p := strconv.Itoa(ds.Year), strconv.Itoa(prev.Year)
	if prev.Year == 0 {
		p = "no earlier cohort"
	}
	// side is one source of figures (published or named) for the year and the previous cohort:
	// the two values and their change, each "not published" or "unknown" when it is.
	side := func(now, before *int64, missing string) []xlsx.Cell {
		val := func(v *int64) xlsx.Cell { return xlsx.IntOrText(v, missing) }
		if prev.Year == 0 {
			return []xlsx.Cell{val(now), xlsx.RightText(textNotApplicable), xlsx.RightText(textNotApplicable), xlsx.RightText(textNotApplicable)}
		}
		out := []xlsx.Cell{val(now), val(before), xlsx.RightText(textUnknown), xlsx.RightText(textUnknown)}
		if now != nil && before != nil {
			out[2] = xlsx.Change(*now - *before)
			out[3] = xlsx.RightText(textNotApplicable) // no relative change from 0
			if *before != 0 {
				out[3] = xlsx.ChangePercent(float64(*now-*before) / float64(*before))
			}
		}
		return out
	}
	figures := func(label string, get func(queries.Figures) *int64) []xlsx.Cell {
		row := []xlsx.Cell{xlsx.Text(label)}
		row = append(row, side(get(cur.Published), get(prev.Published), textNotPublished)...)
		return append(row, side(get(cur.Named), get(prev.Named), textUnknown)...)
	}
	na := xlsx.RightText(textNotApplicable)
	popUnknown := []xlsx.Cell{xlsx.Text(figPopUnknown), na, na, na, na}
	popUnknown = append(popUnknown, side(&cur.PopulationUnknown, &prev.PopulationUnknown, textUnknown)...)
	coverage := []xlsx.Cell{xlsx.Text(figCoverage), na, na, na, na, xlsx.PercentOrText(cur.Coverage, textUnknown), na, na, na}
	if prev.Year != 0 {
		coverage[6] = xlsx.PercentOrText(prev.Coverage, textUnknown)
		if cur.Coverage != nil && prev.Coverage != nil {
			coverage[7] = xlsx.ChangePoints((*cur.Coverage - *prev.Coverage) * 100)
		}
	}
	headline := [][]xlsx.Cell{
		figures(figCities, func(f queries.Figures) *int64 { return f.Cities }),
		figures(figCountries, func(f queries.Figures) *int64 { return f.Countries }),
		figures(figNewCities, func(f queries.Figures) *int64 { return f.NewCities }),
		figures(figNewCountries, func(f queries.Figures) *int64 { return f.NewCountries }),
		figures(figPeople, func(f queries.Figures) *int64 { return f.PeopleReached }),
		popUnknown,
		coverage,
	}
	top := summaryTop
	if err := sw.Table("tblHeadline", 1, top, []string{
		"Figure",
		y + " " + labelPublished, p + " " + labelPublished, "Change (" + labelPublished + ")", "Change % (" + labelPublished + ")",
		y + " " + labelNamed, p + " " + labelNamed, "Change (" + labelNamed + ")", "Change % (" + labelNamed + ")",
	}, headline); err != nil {
		return err
	}

	top += len(headline) + 3
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
	quality := make([][]xlsx.Cell, len(ds.Quality))
	for i, q := range ds.Quality {
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
