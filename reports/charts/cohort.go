package charts

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gnlc/reports/internal/palette"
)

// cohortRow is one country of the report year's cohort, named in the chart's language.
type cohortRow struct {
	Country   string
	ISO3      string
	NewCities int64
}

// cohortChart draws the report year's cohort: new cities per country, largest first, with the
// quota as a vertical line when the rule is in force for that cohort.
//
// The catalog is read in a fixed order (a missing key is reported in the order met): title,
// option, table, description.
func cohortChart(in *input) (*view, error) {
	tr, cat := in.tr, in.tr.cat
	c := newCohortDraw(in)
	c.title = tr.F("charts.cohort.title", "year", c.year)
	c.id = in.id(Cohort)
	option, err := c.option(c.rows)
	if err != nil {
		return nil, err
	}
	// A slide holds about fifteen bars: the largest countries, then the others as one.
	var slideOption template.JS
	if len(c.rows) > slideCohortBars {
		if slideOption, err = c.option(c.slideRows()); err != nil {
			return nil, err
		}
	}
	table := c.table()
	desc := tr.F("charts.cohort.description", "cities", cat.Int(c.cities), "year", c.year, "countries", cat.Int(int64(len(c.rows))))
	if c.quota {
		desc += " " + tr.F("charts.cohort.quota_sentence", "limit", cat.Int(c.limit))
	}
	var notes []string
	if len(c.rows) == 0 {
		notes = append(notes, tr.F("charts.cohort.empty", "year", c.year))
	}
	return &view{
		Kind: Cohort, ID: c.id, Lang: in.lang, Title: c.title, Description: desc,
		Height:      max(360, 120+26*len(c.rows)),
		Notes:       notes,
		Table:       table,
		Option:      option,
		SlideOption: slideOption,
	}, nil
}

// slideCohortBars is how many bars a 1080-pixel slide holds at labels of 24 pixels.
const slideCohortBars = 15

// slideRows are the cohort's largest countries and, as one last bar, the others.
func (c *cohortDraw) slideRows() []cohortRow {
	top := slices.Clone(c.rows[:slideCohortBars-1])
	rest := c.rows[slideCohortBars-1:]
	var n int64
	for _, r := range rest {
		n += r.NewCities
	}
	others := c.in.tr.F("charts.cohort.others", "count", c.in.tr.cat.Int(int64(len(rest))))
	return append(top, cohortRow{Country: others, NewCities: n})
}

// cohortDraw is the cohort chart being drawn in one language.
type cohortDraw struct {
	in        *input
	year      string      // the report year, as the titles write it
	rows      []cohortRow // largest first
	cities    int64       // new cities of the cohort
	limit     int64       // the quota of new cities per country
	quota     bool        // the quota is in force for this cohort: drawn, and a column of the table
	title, id string
}

// newCohortDraw gathers the report year's cohort, largest first, then in the language's order
// of country names.
func newCohortDraw(in *input) *cohortDraw {
	ds := in.ds
	c := &cohortDraw{in: in, year: strconv.Itoa(ds.Year), limit: int64(ds.Rules.QuotaLimit)}
	for _, r := range ds.Cohorts {
		if r.Year != ds.Year {
			continue
		}
		c.rows = append(c.rows, cohortRow{Country: in.country(r.ISO3, r.Country), ISO3: r.ISO3, NewCities: r.NewCities})
		c.cities += r.NewCities
	}
	slices.SortFunc(c.rows, func(a, b cohortRow) int {
		return cmp.Or(cmp.Compare(b.NewCities, a.NewCities), in.coll.CompareString(a.Country, b.Country), cmp.Compare(a.ISO3, b.ISO3))
	})
	c.quota = c.limit > 0 && ds.Year >= ds.Rules.QuotaEffectiveFrom
	return c
}

// option is the chart's ECharts option: one horizontal bar per country, those above the quota
// in red.
func (c *cohortDraw) option(rows []cohortRow) (template.JS, error) {
	tr := c.in.tr
	series := tr.T("charts.cohort.series")
	names := make([]string, len(rows))
	data := make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = r.Country
		data[i] = opts.BarData{Value: r.NewCities}
		switch {
		case r.ISO3 == "": // the others, on a slide: several countries, no quota to compare
			data[i].ItemStyle = &opts.ItemStyle{Color: palette.Other}
		case c.quota && r.NewCities > c.limit:
			data[i].ItemStyle = &opts.ItemStyle{Color: palette.OverQuota} // above the quota
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globalOpts(c.id, c.title, tr.T("charts.cohort.subtitle"), "gnlc-cohort-"+c.in.lang)...)
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "20", Right: "60", Top: "80", Bottom: "30", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1, Max: axisMax(rows, c.limit, c.quota)}),
		// Largest first, at the top; every country named, none skipped for room.
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}),
	)
	bar.SetXAxis(names).AddSeries(series, data, c.seriesOpts()...)
	bar.XYReversal()
	option, err := optionJS(bar)
	if err != nil {
		return "", err
	}
	// Narrow: long country names wrap at a word, and the value axis has fewer ticks.
	return withMedia(option,
		rule{maxWidth: 700, option: map[string]any{"title": narrowSubtitle(540)}},
		rule{maxWidth: 420, option: map[string]any{
			"title": narrowSubtitle(300),
			"xAxis": []any{map[string]any{"splitNumber": 2}},
			"yAxis": []any{map[string]any{"axisLabel": map[string]any{"width": 110, "overflow": "break"}}},
		}},
	)
}

// seriesOpts style the bars and, when the quota is in force, draw it as a dashed line.
func (c *cohortDraw) seriesOpts() []charts.SeriesOpts {
	so := []charts.SeriesOpts{
		charts.WithItemStyleOpts(opts.ItemStyle{Color: palette.Named}), // the named members' colour
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}),
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "22" }),
	}
	if !c.quota {
		return so
	}
	return append(so,
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: c.in.tr.F("charts.cohort.quota", "limit", c.in.tr.cat.Int(c.limit)), XAxis: c.limit}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: palette.OverQuota, Width: 2, Type: "dashed"},
			// The category axis is inverted, so the line starts at the top: the label goes
			// there, clear of the value axis.
			Label: &opts.Label{Show: opts.Bool(true), Position: "start", Formatter: "{b}", Color: palette.OverQuota},
		}))
}

// table is the chart's figures, a row per country, with whether it is over the quota when the
// quota is in force.
func (c *cohortDraw) table() table {
	tr, cat := c.in.tr, c.in.tr.cat
	t := table{
		Summary: tr.T("charts.data_table"),
		Caption: c.title,
		Head:    []string{tr.T("charts.col.country"), tr.T("charts.col.new_cities")},
	}
	if c.quota {
		t.Head = append(t.Head, tr.T("charts.col.over_quota"))
	}
	for _, r := range c.rows {
		row := []cell{str(r.Country), num(cat.Int(r.NewCities))}
		if c.quota {
			row = append(row, str(tr.T(map[bool]string{true: "charts.yes", false: "charts.no"}[r.NewCities > c.limit])))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
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
