package charts

import (
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gnlc/reports/internal/palette"
)

// regionColor gives each of UNESCO's five regions one colour in both halves of the chart, the
// workbook's too; a region outside the five gets grey.
func regionColor(region string) string { return palette.Region(region) }

// regionsChart draws the named members' share by region (a pie, left) beside the new members of
// the report year's cohort by region (bars, right), in one option so one snippet holds both.
func regionsChart(in *input) (*view, error) {
	tr, ds, cat := in.tr, in.ds, in.tr.cat
	year := strconv.Itoa(ds.Year)
	title := tr.T("charts.regions.title")
	shareName := tr.T("charts.regions.share")
	newName := tr.F("charts.regions.new", "year", year)
	id := in.id(Regions)

	var total, totalNew int64
	names := make([]string, len(ds.Regions))
	var pie []opts.PieData
	var bars []opts.BarData
	for i, r := range ds.Regions {
		names[i] = cat.Region(r.Region)
		total += r.Members
		totalNew += r.NewInLatest
		// The label's numbers are formatted here, in the chart's language; {b} is the name.
		pie = append(pie, opts.PieData{Name: names[i], Value: r.Members,
			ItemStyle: &opts.ItemStyle{Color: regionColor(r.Region)},
			Label:     &opts.Label{Show: opts.Bool(true), LineHeight: 16, Formatter: "{b}\n" + cat.Int(r.Members) + " (" + cat.Percent(r.Share) + ")"}})
		bars = append(bars, opts.BarData{Name: names[i], Value: r.NewInLatest,
			ItemStyle: &opts.ItemStyle{Color: regionColor(r.Region)}})
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(globalOpts(id, title, tr.F("charts.regions.subtitle", "year", year), "gnlc-regions-"+in.lang)...)
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// The bars take the right half; containLabel keeps long region names inside it.
		charts.WithGridOpts(opts.Grid{Left: "56%", Right: "40", Top: "100", Bottom: "30", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1, Name: newName, NameLocation: "middle", NameGap: 28}),
		// The category axis lists regions top to bottom in the table's order.
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	bar.SetXAxis(names).
		AddSeries(newName, bars, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	bar.MultiSeries = append(bar.MultiSeries, charts.SingleSeries{
		Name: shareName, Type: "pie", Data: pie,
		Center: []string{"27%", "57%"}, Radius: "52%",
	})
	option, err := optionJS(bar)
	if err != nil {
		return nil, err
	}
	// Narrow: the pie on top, the bars below it, labels wrapped at a word.
	narrowPie := func(center string, radius string, labelWidth int) map[string]any {
		return map[string]any{"center": []any{"50%", center}, "radius": radius,
			"label": map[string]any{"overflow": "break", "width": labelWidth, "fontSize": 11, "lineHeight": 13}}
	}
	if option, err = withMedia(option,
		rule{maxWidth: 700, option: map[string]any{
			"title":  narrowSubtitle(540),
			"grid":   map[string]any{"left": 10, "right": 40, "top": "62%", "bottom": 40, "containLabel": true},
			"xAxis":  []any{map[string]any{"splitNumber": 3}},
			"series": []any{map[string]any{}, narrowPie("38%", "22%", 110)},
		}},
		rule{maxWidth: 420, option: map[string]any{
			"title":  narrowSubtitle(300),
			"series": []any{map[string]any{}, narrowPie("40%", "18%", 80)},
		}},
	); err != nil {
		return nil, err
	}

	table := table{
		Summary: tr.T("charts.data_table"),
		Caption: title,
		Head:    []string{tr.T("charts.col.region"), tr.T("charts.col.members"), tr.T("charts.col.share"), tr.F("charts.col.new_in", "year", year)},
	}
	for i, r := range ds.Regions {
		table.Rows = append(table.Rows, []cell{str(names[i]), num(cat.Int(r.Members)), num(cat.Percent(r.Share)), num(cat.Int(r.NewInLatest))})
	}
	return &view{
		Kind: Regions, ID: id, Lang: in.lang, Title: title, Height: 480,
		Description: tr.F("charts.regions.description", "members", cat.Int(total), "new", cat.Int(totalNew), "year", year),
		Table:       table,
		Option:      option,
	}, nil
}
