package annual

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
)

// Chart size in pixels: wide enough for ten years of labels.
const (
	chartWidth  = 720
	chartHeight = 400
)

// growth writes the network's growth by year, named members beside the published totals,
// with a column (named) and line (as published) chart of member cities.
func (b *annualBuild) growth() error {
	t := growthSpec()
	rows := growthRows(b.ds, len(t.Columns))
	if _, err := xlsx.WriteTable(b.f, b.st, t, rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil // nothing to plot
	}
	return b.growthChart(t.HeaderRow(), len(rows))
}

// growthSpec is the Growth table: the named members' columns, then the published ones.
func growthSpec() *xlsx.TableSpec {
	return &xlsx.TableSpec{
		Sheet: sheetGrowth,
		Table: "tblGrowth",
		Title: fmt.Sprintf("Growth: member cities by year, %s and %s", labelNamed, labelPublished),
		Notes: []string{noteSources + " Named members are counted when active at the year's end." +
			" An empty cell in an \"as published\" column: UNESCO published no such figure that year (not published, not zero); the chart skips it."},
		Columns: []xlsx.Column{
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
		},
	}
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

// growthChart adds the chart of member cities beside the Growth table (its header at row top,
// n rows below): named members as columns, the published totals as a line.
func (b *annualBuild) growthChart(top, n int) error {
	const colNamed, colPublished = 6, 9 // Cities (named), Cities (as published)
	first, last := top+1, top+n
	cats := xlsx.SheetRef(sheetGrowth, 1, first, last)
	// One colour per series: varied colours would suggest the bars are different things.
	noVary := false
	// excelize draws a combo chart's axes from its last part: both parts get the same axes.
	xAxis := excelize.ChartAxis{Title: chartTitle("Year")}
	yAxis := excelize.ChartAxis{Title: chartTitle("Member cities"), MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}}
	named := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetGrowth, colNamed, top, top),
			Categories: cats,
			Values:     xlsx.SheetRef(sheetGrowth, colNamed, first, last),
		}},
		Title:        chartTitle("Member cities by year: named members and as published"),
		Dimension:    excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		VaryColors:   &noVary,
		Legend:       excelize.ChartLegend{Position: "bottom"},
		XAxis:        xAxis,
		YAxis:        yAxis,
		ShowBlanksAs: "span", // read from this first part; the line skips years with no published total
	}
	published := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetGrowth, colPublished, top, top),
			Categories: cats,
			Values:     xlsx.SheetRef(sheetGrowth, colPublished, first, last),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 6},
		}},
		XAxis: xAxis,
		YAxis: yAxis,
		// Years without published totals (2021) are skipped, not drawn as zero.
		ShowBlanksAs: "span",
	}
	anchor := fmt.Sprintf("L%d", top)
	if err := b.f.AddChart(sheetGrowth, anchor, named, published); err != nil {
		return fmt.Errorf("add growth chart: %w", err)
	}
	return nil
}

func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s}}}
}

// reconciliation sets published and named figures side by side per year.
func (b *annualBuild) reconciliation() error {
	t := &xlsx.TableSpec{
		Sheet: sheetReconciliation,
		Table: "tblReconciliation",
		Title: fmt.Sprintf("Reconciliation: %s against %s, by year", labelPublished, labelNamed),
		Notes: []string{
			"Coverage: named new cities divided by the new cities as published. Totals only reconcile with withdrawals, which the published figures do not itemize.",
			"\"Named more than published\" = yes means the register names more new cities than were announced: check the register. \"not published\": UNESCO published no such figure that year, so nothing can be compared (not zero, not \"no\").",
		},
		Columns: []xlsx.Column{
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
		},
	}
	rs := slices.Clone(b.ds.Reconciliation)
	slices.SortFunc(rs, func(a, b queries.ReconciliationRow) int { return a.Year - b.Year })
	rows := make([][]xlsx.Cell, len(rs))
	for i, r := range rs {
		rows[i] = []xlsx.Cell{
			xlsx.ID(int64(r.Year)),
			xlsx.IntOrText(r.PublishedNew, textNotPublished), xlsx.Int(r.NamedNew),
			xlsx.IntOrText(r.PublishedNewCountries, textNotPublished), xlsx.Int(r.NamedNewCountries),
			xlsx.IntOrText(r.PublishedTotal, textNotPublished), xlsx.Int(r.NamedTotal),
			xlsx.IntOrText(r.PublishedTotalCountries, textNotPublished), xlsx.Int(r.NamedTotalCountries),
			coverageCell(r), xlsx.OptYesNo(r.OverNamed, textNotPublished),
		}
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}

// coverageCell is the share of the published new cities that the register names: "not
// published" when no figure was published, "no new cities published" when it was 0.
func coverageCell(r queries.ReconciliationRow) xlsx.Cell {
	switch {
	case r.Coverage != nil:
		return xlsx.Percent(*r.Coverage)
	case r.PublishedNew == nil:
		return xlsx.Text(textNotPublished)
	default:
		return xlsx.Text("no new cities published")
	}
}
