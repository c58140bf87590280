package annual

import (
	"fmt"
	"slices"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
)

// growth writes the network's growth by year, named members beside the published totals,
// with a column (named) and line (as published) chart of member cities.
func (b *annualBuild) growth() error {
	t := b.growthSpec()
	rows := growthRows(b.ds, len(t.Columns))
	b.growthRows = len(rows)
	if _, err := xlsx.WriteTable(b.f, b.st, t, rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil // nothing to plot
	}
	// Below the table, not beside it: a chart beside a table widens the printed page.
	return addGrowthChart(b.f, sheetGrowth, fmt.Sprintf("A%d", len(rows)+3), len(rows), chartWidth, chartHeight)
}

// growthSpec is the Growth table: the named members' columns, then the published ones.
func (b *annualBuild) growthSpec() *xlsx.TableSpec {
	return b.dataSheet(sheetGrowth, "tblGrowth",
		fmt.Sprintf("Growth: member cities by year, %s and %s", labelNamed, labelPublished),
		[]string{noteSources + " Named members are counted when active at the year's end.",
			"An empty cell in an \"as published\" column: UNESCO published no such figure that year (not published, not zero); the chart leaves a gap."},
		[]xlsx.Column{
			{Header: "Year"},
			{Header: "New cities (named)"},
			{Header: "New countries (named)"},
			{Header: "First-time countries (named)"},
			{Header: "Withdrawals (named)"},
			{Header: "Cities (named)"},
			{Header: "Countries (named)"},
			{Header: "New cities (as published)"},
			{Header: "Cities (as published)"},
			{Header: "Countries (as published)"},
		})
}

// growthRows are the Growth table's rows of ncols cells, one per year that either the named
// members' growth or the published figures have, in order; the other's cells stay empty.
func growthRows(ds *reports.Dataset, ncols int) [][]xlsx.Cell {
	byYear := map[int]*queries.GrowthRow{}
	pub := map[int]*queries.ReconciliationRow{}
	var years []int
	for i := range ds.Growth {
		byYear[ds.Growth[i].Year] = &ds.Growth[i]
		years = append(years, ds.Growth[i].Year)
	}
	for i := range ds.Reconciliation {
		r := &ds.Reconciliation[i]
		pub[r.Year] = r
		if byYear[r.Year] == nil {
			years = append(years, r.Year)
		}
	}
	slices.Sort(years)
	years = slices.Compact(years)

	rows := make([][]xlsx.Cell, len(years))
	for i, y := range years {
		r := make([]xlsx.Cell, ncols)
		r[0] = xlsx.ID(int64(y))
		if g := byYear[y]; g != nil {
			r[1], r[2], r[3], r[4] = xlsx.Int(g.NewCities), xlsx.Int(g.NewCountries), xlsx.Int(g.FirstTimeCountries), xlsx.Int(g.Left)
			r[5], r[6] = xlsx.Int(g.TotalCities), xlsx.Int(g.TotalCountries)
		}
		if p := pub[y]; p != nil {
			r[7], r[8], r[9] = xlsx.OptInt(p.PublishedNew), xlsx.OptInt(p.PublishedTotal), xlsx.OptInt(p.PublishedTotalCountries)
		}
		rows[i] = r
	}
	return rows
}

// reconciliation sets published and named figures side by side per year.
func (b *annualBuild) reconciliation() error {
	t := b.dataSheet(sheetReconciliation, "tblReconciliation",
		fmt.Sprintf("Reconciliation: %s against %s, by year", labelPublished, labelNamed),
		[]string{
			"Coverage: named new cities divided by the new cities as published; empty when none were published. Totals only reconcile with withdrawals, which the published figures do not itemize.",
			"An empty \"as published\" cell: UNESCO published no such figure that year (not zero). \"Named more than published\" = yes means the register names more new cities than were announced: check the register; \"not published\": nothing to compare with.",
		},
		[]xlsx.Column{
			{Header: "Year"},
			{Header: "New cities (as published)"},
			{Header: "New cities (named)"},
			{Header: "New countries (as published)"},
			{Header: "New countries (named)"},
			{Header: "Cities (as published)"},
			{Header: "Cities (named)"},
			{Header: "Countries (as published)"},
			{Header: "Countries (named)"},
			{Header: "Coverage of new cities"},
			{Header: "Named more than published"},
		})
	rs := slices.Clone(b.ds.Reconciliation)
	slices.SortFunc(rs, func(a, b queries.ReconciliationRow) int { return a.Year - b.Year })
	rows := make([][]xlsx.Cell, len(rs))
	for i, r := range rs {
		rows[i] = []xlsx.Cell{
			xlsx.ID(int64(r.Year)),
			xlsx.OptInt(r.PublishedNew), xlsx.Int(r.NamedNew),
			xlsx.OptInt(r.PublishedNewCountries), xlsx.Int(r.NamedNewCountries),
			xlsx.OptInt(r.PublishedTotal), xlsx.Int(r.NamedTotal),
			xlsx.OptInt(r.PublishedTotalCountries), xlsx.Int(r.NamedTotalCountries),
			coverageCell(r), xlsx.OptYesNo(r.OverNamed, textNotPublished),
		}
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}

// coverageCell is the share of the published new cities that the register names, empty when
// none were published (the notes say so): a number or nothing, for the machines that read it.
func coverageCell(r queries.ReconciliationRow) xlsx.Cell {
	if r.Coverage == nil {
		return xlsx.Cell{}
	}
	return xlsx.Percent(*r.Coverage)
}
