package charts

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// cohortRow is one country of the report year's cohort, named in the chart's language.
type cohortRow struct {
	Country   string
	ISO3      string
	NewCities int64
}

// cohortChart draws the report year's cohort: new cities per country, largest first, with the
// quota as a vertical line when the rule is in force for that cohort.
func cohortChart(in *input) (*view, error) {
	tr, ds, cat := in.tr, in.ds, in.tr.cat
	year := strconv.Itoa(ds.Year)
	var rows []cohortRow
	var cities int64
	for _, c := range ds.Cohorts {
		if c.Year != ds.Year {
			continue
		}
		rows = append(rows, cohortRow{Country: in.country(c.ISO3, c.Country), ISO3: c.ISO3, NewCities: c.NewCities})
		cities += c.NewCities
	}
	slices.SortFunc(rows, func(a, b cohortRow) int {
		return cmp.Or(cmp.Compare(b.NewCities, a.NewCities), in.coll.CompareString(a.Country, b.Country), cmp.Compare(a.ISO3, b.ISO3))
	})
	limit := int64(ds.Rules.QuotaLimit)
	quota := limit > 0 && ds.Year >= ds.Rules.QuotaEffectiveFrom

	title := tr.F("charts.cohort.title", "year", year)
	series := tr.T("charts.cohort.series")
	id := in.id(Cohort)
	names := make([]string, len(rows))
	data := make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = r.Country
		data[i] = opts.BarData{Value: r.NewCities}
		if quota && r.NewCities > limit {
			data[i].ItemStyle = &opts.ItemStyle{Color: "#c0392b"} // above the quota
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globalOpts(id, title, tr.T("charts.cohort.subtitle"), "gnlc-cohort-"+in.lang)...)
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "20", Right: "60", Top: "80", Bottom: "30", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1, Max: axisMax(rows, limit, quota)}),
		// Largest first, at the top; every country named, none skipped for room.
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}),
	)
	seriesOpts := []charts.SeriesOpts{
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5f9e"}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "22" }),
	}
	if quota {
		seriesOpts = append(seriesOpts,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: tr.F("charts.cohort.quota", "limit", cat.Int(limit)), XAxis: limit}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: "#c0392b", Width: 2, Type: "dashed"},
				// The category axis is inverted, so the line starts at the top: the label goes
				// there, clear of the value axis.
				Label: &opts.Label{Show: opts.Bool(true), Position: "start", Formatter: "{b}", Color: "#c0392b"},
			}))
	}
	bar.SetXAxis(names).AddSeries(series, data, seriesOpts...)
	bar.XYReversal()
	option, err := optionJS(bar)
	if err != nil {
		return nil, err
	}

	table := table{
		Summary: tr.T("charts.data_table"),
		Caption: title,
		Head:    []string{tr.T("charts.col.country"), tr.T("charts.col.new_cities")},
	}
	if quota {
		table.Head = append(table.Head, tr.T("charts.col.over_quota"))
	}
	for _, r := range rows {
		row := []cell{str(r.Country), num(cat.Int(r.NewCities))}
		if quota {
			row = append(row, str(tr.T(map[bool]string{true: "charts.yes", false: "charts.no"}[r.NewCities > limit])))
		}
		table.Rows = append(table.Rows, row)
	}
	desc := tr.F("charts.cohort.description", "cities", cat.Int(cities), "year", year, "countries", cat.Int(int64(len(rows))))
	if quota {
		desc += " " + tr.F("charts.cohort.quota_sentence", "limit", cat.Int(limit))
	}
	var notes []string
	if len(rows) == 0 {
		notes = append(notes, tr.F("charts.cohort.empty", "year", year))
	}
	return &view{
		Kind: Cohort, ID: id, Lang: in.lang, Title: title, Description: desc,
		Height: max(360, 120+26*len(rows)),
		Notes:  notes,
		Table:  table,
		Option: option,
	}, nil
}

// axisMax leaves room right of the quota line for its label, and of the longest bar for its
// value; nil lets ECharts choose.
func axisMax(rows []cohortRow, limit int64, quota bool) any {
	var top int64
	for _, r := range rows {
		top = max(top, r.NewCities)
	}
	if quota {
		top = max(top, limit)
	}
	if top == 0 {
		return nil
	}
	return top + 1
}
