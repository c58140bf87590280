package annual

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"gnlc/reports/internal/xlsx"
)

// regions summarizes the named members by UNESCO region, with a bar chart.
func (b *annualBuild) regions() error {
	ds := b.ds
	t := &xlsx.TableSpec{
		Sheet: sheetRegions,
		Table: "tblRegions",
		Title: fmt.Sprintf("Regions: %s by UNESCO region", labelNamed),
		Notes: []string{fmt.Sprintf("Active named members at the end of %d; a country's region comes from the reference table of countries.", ds.Year)},
		Columns: []xlsx.Column{
			{Header: "Region"},
			{Header: "Named members"},
			{Header: "Countries"},
			{Header: "Share of named members"},
			{Header: "First member in"},
			{Header: fmt.Sprintf("New in %d", ds.Year)},
		},
	}
	rows := make([][]xlsx.Cell, len(ds.Regions))
	for i, r := range ds.Regions {
		rows[i] = []xlsx.Cell{
			xlsx.Text(r.Region), xlsx.Int(r.Members), xlsx.Int(r.Countries),
			xlsx.Percent(r.Share), xlsx.OptYear(r.FirstYear), xlsx.Int(r.NewInLatest),
		}
	}
	if _, err := xlsx.WriteTable(b.f, b.st, t, rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	top := t.HeaderRow()
	first, last := top+1, top+len(rows)
	noVary := false // one colour: the bars are the same measure
	chart := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetRegions, 2, top, top),
			Categories: xlsx.SheetRef(sheetRegions, 1, first, last),
			Values:     xlsx.SheetRef(sheetRegions, 2, first, last),
			DataLabel:  excelize.ChartDataLabel{},
		}},
		Title:      chartTitle(fmt.Sprintf("Named members by UNESCO region, %d", ds.Year)),
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		VaryColors: &noVary,
		Legend:     excelize.ChartLegend{Position: "none"},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		// For a bar chart the category axis is vertical: XAxis holds the regions.
		XAxis: excelize.ChartAxis{Title: chartTitle("Region"), ReverseOrder: true},
		YAxis: excelize.ChartAxis{Title: chartTitle("Named members"), MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
	}
	if err := b.f.AddChart(sheetRegions, fmt.Sprintf("H%d", top), chart); err != nil {
		return fmt.Errorf("add regions chart: %w", err)
	}
	return nil
}

// countries ranks the member countries, with each cohort's new cities in a column per year.
func (b *annualBuild) countries() error {
	ds := b.ds
	var years []int
	perCountry := map[string]map[int]int64{}
	for _, c := range ds.Cohorts {
		years = append(years, c.Year)
		if perCountry[c.ISO3] == nil {
			perCountry[c.ISO3] = map[int]int64{}
		}
		perCountry[c.ISO3][c.Year] += c.NewCities
	}
	slices.Sort(years)
	years = slices.Compact(years)

	cols := []xlsx.Column{
		{Header: "Rank"}, {Header: "Country"}, {Header: "ISO3"}, {Header: "ISO2"}, {Header: "Region"},
		{Header: "Language"}, {Header: "Named members"}, {Header: "Share of named members"},
		{Header: "First member in"}, {Header: "Latest member in"},
		{Header: "People in named members"}, {Header: "Members, population unknown"},
	}
	for _, y := range years {
		cols = append(cols, xlsx.Column{Header: fmt.Sprintf("New in %d", y)})
	}
	t := &xlsx.TableSpec{
		Sheet: sheetCountries,
		Table: "tblCountries",
		Title: fmt.Sprintf("Countries: member countries ranked by %s", labelNamed),
		Notes: []string{
			"People in named members: the sum of the known populations of active named members; members whose population is unknown are counted apart (\"unknown\" when no population is known).",
			noteGeoNames,
		},
		Columns: cols,
	}
	rows := make([][]xlsx.Cell, len(ds.Countries))
	for i, c := range ds.Countries {
		r := []xlsx.Cell{
			xlsx.ID(int64(c.Rank)), xlsx.Text(c.NameEN), xlsx.Text(c.ISO3), xlsx.Text(c.ISO2), xlsx.Text(c.Region),
			xlsx.Text(c.Language), xlsx.Int(c.Members), xlsx.Percent(c.Share),
			xlsx.Year(c.FirstYear), xlsx.Year(c.LatestYear),
			xlsx.IntOrText(c.PeopleReached, textUnknown), xlsx.Int(c.PopulationUnknown),
		}
		for _, y := range years {
			// No new city named that year is none (0), not unknown: the register is the count.
			r = append(r, xlsx.Int(perCountry[c.ISO3][y]))
		}
		rows[i] = r
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}
