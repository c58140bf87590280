package annual

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"gnlc/reports/internal/palette"
	"gnlc/reports/internal/xlsx"
)

// Chart size in pixels: wide enough for ten years of labels, and short enough that a chart
// under a dozen rows of table prints on the table's page (a chart cut by a page break gets the
// repeated header printed across it).
const (
	chartWidth  = 720
	chartHeight = 320
)

// Chart text in points: labels of at least 10 points stay readable on paper at 75%.
const (
	chartLabelPt = 10
	chartTitlePt = 12
)

// chartTitle is a chart's or an axis's title, dark, in size pt.
func chartTitle(s string, pt float64) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
		Text: s, Font: &excelize.Font{Size: pt, Bold: pt > chartLabelPt, Color: palette.Hex(palette.Axis)},
	}}}
}

// axis is a chart axis with dark labels of chartLabelPt and a title, if any, of the same size.
func axis(title string) excelize.ChartAxis {
	a := excelize.ChartAxis{Font: excelize.Font{Size: chartLabelPt, Color: palette.Hex(palette.Axis)}}
	if title != "" {
		a.Title = chartTitle(title, chartLabelPt)
	}
	return a
}

// solid fills with one colour ("#1f5f9e").
func solid(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{palette.Hex(color)}}
}

// addGrowthChart draws the member cities by year from the Growth sheet's n data rows (header on
// row 1) at anchor on sheet: the named members as orange columns, the published totals as a
// blue line that leaves a gap where UNESCO published nothing. The Summary draws it small.
func addGrowthChart(f *excelize.File, sheet, anchor string, n int, width, height uint) error {
	const colNamed, colPublished = 6, 9 // Cities (named), Cities (as published)
	first, last := 2, 1+n
	cats := xlsx.SheetRef(sheetGrowth, 1, first, last)
	noVary := false
	// excelize draws a combo chart's axes from its last part: both parts get the same axes.
	xAxis := axis("")
	yAxis := axis("Member cities")
	yAxis.MajorGridLines = true
	yAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "#,##0"}
	legendFont := &excelize.Font{Size: chartLabelPt, Color: palette.Hex(palette.Axis)}
	named := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetGrowth, colNamed, 1, 1),
			Categories: cats,
			Values:     xlsx.SheetRef(sheetGrowth, colNamed, first, last),
			Fill:       solid(palette.Named),
		}},
		Title:        chartTitle("Member cities by year: named members and as published", chartTitlePt),
		Dimension:    excelize.ChartDimension{Width: width, Height: height},
		VaryColors:   &noVary,
		Legend:       excelize.ChartLegend{Position: "bottom", Font: legendFont},
		XAxis:        xAxis,
		YAxis:        yAxis,
		ShowBlanksAs: "gap", // a year with no published total is a gap, not a line across it
	}
	published := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetGrowth, colPublished, 1, 1),
			Categories: cats,
			Values:     xlsx.SheetRef(sheetGrowth, colPublished, first, last),
			Fill:       solid(palette.Published), // a line series' colour is its fill
			Line:       excelize.LineOptions{Width: 2.25},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 6, Fill: solid(palette.Published),
				Border: excelize.LineOptions{Fill: solid(palette.Published)}},
		}},
		XAxis:        xAxis,
		YAxis:        yAxis,
		ShowBlanksAs: "gap",
	}
	if err := f.AddChart(sheet, anchor, named, published); err != nil {
		return fmt.Errorf("add growth chart to %s: %w", sheet, err)
	}
	return nil
}

// addRegionsChart draws the named members by region from the Regions sheet's rows, one per
// region, in the named members' colour, the value of each column over it.
func addRegionsChart(f *excelize.File, regions []string, year int) error {
	n := len(regions)
	noVary := false
	values := axis("Named members")
	values.MajorGridLines = true
	values.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "#,##0"}
	chart := &excelize.Chart{
		// Columns in the table's order, left to right: a bar chart read top down needs its
		// category axis reversed, which moves the value axis, not its title, to the top.
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       xlsx.SheetRef(sheetRegions, 2, 1, 1),
			Categories: xlsx.SheetRef(sheetRegions, 1, 2, 1+n),
			Values:     xlsx.SheetRef(sheetRegions, 2, 2, 1+n),
			Fill:       solid(palette.Named), // the named members' colour, as on the Growth chart
			DataLabel:  excelize.ChartDataLabel{Font: excelize.Font{Size: chartLabelPt, Color: palette.Hex(palette.Axis)}},
		}},
		Title:      chartTitle(fmt.Sprintf("Named members by UNESCO region, %d", year), chartTitlePt),
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		VaryColors: &noVary,
		Legend:     excelize.ChartLegend{Position: "none"},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		XAxis:      axis(""),
		YAxis:      values,
	}
	if err := f.AddChart(sheetRegions, fmt.Sprintf("A%d", n+3), chart); err != nil {
		return fmt.Errorf("add regions chart: %w", err)
	}
	return nil
}
