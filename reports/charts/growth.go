package charts

import (
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gnlc/reports"
)

// growthYear is one year of the growth chart: what UNESCO published beside what the register
// names. Published figures are nil where nothing was published.
type growthYear struct {
	Year                             int
	PubNew, PubTotal, PubCountries   *int64
	NamedNew, NamedTotal, NamedCount int64
	Coverage                         *float64
}

// growthYears joins the named members' growth and the reconciliation by year.
func growthYears(ds *reports.Dataset) []growthYear {
	byYear := map[int]*growthYear{}
	get := func(y int) *growthYear {
		if byYear[y] == nil {
			byYear[y] = &growthYear{Year: y}
		}
		return byYear[y]
	}
	for _, r := range ds.Reconciliation {
		g := get(r.Year)
		g.PubNew, g.PubTotal, g.PubCountries, g.Coverage = r.PublishedNew, r.PublishedTotal, r.PublishedTotalCountries, r.Coverage
		g.NamedNew, g.NamedTotal, g.NamedCount = r.NamedNew, r.NamedTotal, r.NamedTotalCountries
	}
	// The growth view is the named members' own series; it wins where both have the year.
	for _, r := range ds.Growth {
		g := get(r.Year)
		g.NamedNew, g.NamedTotal, g.NamedCount = r.NewCities, r.TotalCities, r.TotalCountries
	}
	out := make([]growthYear, 0, len(byYear))
	for _, g := range byYear {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b growthYear) int { return a.Year - b.Year })
	return out
}

// value is a chart value: the number, or ECharts' "-" for a missing one.
func value(n *int64) any {
	if n == nil {
		return "-"
	}
	return *n
}

func growthChart(in *input) (*view, error) {
	tr, ds := in.tr, in.ds
	years := growthYears(ds)
	x := make([]string, len(years))
	var pubNew, namedNew []opts.BarData
	var pubTotal, namedTotal, pubCountries, namedCountries []opts.LineData
	for i, g := range years {
		x[i] = strconv.Itoa(g.Year)
		pubNew = append(pubNew, opts.BarData{Value: value(g.PubNew)})
		namedNew = append(namedNew, opts.BarData{Value: g.NamedNew})
		pubTotal = append(pubTotal, opts.LineData{Value: value(g.PubTotal)})
		namedTotal = append(namedTotal, opts.LineData{Value: g.NamedTotal})
		pubCountries = append(pubCountries, opts.LineData{Value: value(g.PubCountries)})
		namedCountries = append(namedCountries, opts.LineData{Value: g.NamedCount})
	}
	names := struct{ newPub, newNamed, totPub, totNamed, cPub, cNamed string }{
		tr.T("charts.growth.new_published"), tr.T("charts.growth.new_named"),
		tr.T("charts.growth.total_published"), tr.T("charts.growth.total_named"),
		tr.T("charts.growth.countries_published"), tr.T("charts.growth.countries_named"),
	}
	const published, named = "#1f5f9e", "#e39b2d" // one colour per source, bars and lines alike
	title := tr.T("charts.growth.title")
	id := in.id(Growth)

	bar := charts.NewBar()
	bar.SetGlobalOptions(globalOpts(id, title, tr.T("charts.growth.subtitle"), "gnlc-growth-"+in.lang)...)
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		// Six series: a plain legend wraps onto two lines rather than hiding some behind arrows.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "80", Bottom: "90", Left: "50", Right: "30"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	bar.SetXAxis(x).
		AddSeries(names.newPub, pubNew, charts.WithItemStyleOpts(opts.ItemStyle{Color: published})).
		AddSeries(names.newNamed, namedNew, charts.WithItemStyleOpts(opts.ItemStyle{Color: named}))
	line := charts.NewLine()
	// connectNulls: a year with nothing published (2021, the rolling admissions) does not cut
	// the line of totals.
	lineOpts := func(color, dash string) []charts.SeriesOpts {
		return []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), ShowSymbol: opts.Bool(true), Symbol: "circle"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2, Type: dash}),
		}
	}
	line.SetXAxis(x).
		AddSeries(names.totPub, pubTotal, lineOpts(published, "solid")...).
		AddSeries(names.totNamed, namedTotal, lineOpts(named, "solid")...).
		AddSeries(names.cPub, pubCountries, lineOpts(published, "dashed")...).
		AddSeries(names.cNamed, namedCountries, lineOpts(named, "dashed")...)
	bar.Overlap(line)
	option, err := optionJS(bar)
	if err != nil {
		return nil, err
	}

	// A missing figure says what it is, in words: "not published" (UNESCO gave none), never "—".
	notPublished := tr.T("charts.not_published")
	opt := func(n *int64) string {
		if n == nil {
			return notPublished
		}
		return in.tr.cat.Int(*n)
	}
	table := table{
		Summary: tr.T("charts.data_table"),
		Caption: title,
		Head:    []string{tr.T("charts.col.year"), names.newPub, names.newNamed, names.totPub, names.totNamed, names.cPub, names.cNamed, tr.T("charts.col.coverage")},
	}
	for _, g := range years {
		var cov string
		switch {
		case g.Coverage != nil:
			cov = in.tr.cat.Percent(*g.Coverage)
		case g.PubNew == nil:
			cov = notPublished
		default: // 0 new cities published: no cohort to cover
			cov = tr.T("charts.coverage_none")
		}
		table.Rows = append(table.Rows, []cell{
			str(strconv.Itoa(g.Year)), num(opt(g.PubNew)), num(in.tr.cat.Int(g.NamedNew)),
			num(opt(g.PubTotal)), num(in.tr.cat.Int(g.NamedTotal)),
			num(opt(g.PubCountries)), num(in.tr.cat.Int(g.NamedCount)), num(cov),
		})
	}
	desc := growthDescription(tr, ds, years)
	return &view{
		Kind: Growth, ID: id, Lang: in.lang, Title: title, Description: desc, Height: 520,
		Notes:  []string{tr.T("charts.note.published_named")},
		Table:  table,
		Option: option,
	}, nil
}

// growthDescription is the chart's sentence for screen readers. The report year's figures
// as published when UNESCO published them; where it did not, the sentence says so in words and
// falls back to the named members, labelled as such (never "— cities in — countries").
func growthDescription(tr *text, ds *reports.Dataset, years []growthYear) string {
	if len(years) == 0 {
		return tr.T("charts.growth.description_empty")
	}
	unknown := tr.T("charts.unknown")
	opt := func(n *int64) string {
		if n == nil {
			return unknown
		}
		return tr.cat.Int(*n)
	}
	head := ds.Headline
	args := []string{"first", strconv.Itoa(years[0].Year), "last", strconv.Itoa(years[len(years)-1].Year),
		"year", strconv.Itoa(ds.Year), "named", opt(namedAt(head.Named.Cities, years, ds.Year, func(g growthYear) int64 { return g.NamedTotal }))}
	pub := head.Published
	switch {
	case pub.Cities != nil && pub.Countries != nil:
		return tr.F("charts.growth.description", append(args, "cities", tr.cat.Int(*pub.Cities), "countries", tr.cat.Int(*pub.Countries))...)
	case pub.Cities != nil:
		return tr.F("charts.growth.description_cities_only", append(args, "cities", tr.cat.Int(*pub.Cities))...)
	default:
		return tr.F("charts.growth.description_unpublished", append(args, "named_countries", opt(namedAt(head.Named.Countries, years, ds.Year, func(g growthYear) int64 { return g.NamedCount })))...)
	}
}

// namedAt is a named-members figure at the end of year: the headline's (fig) when it has
// one, else the growth series' (of).
func namedAt(fig *int64, years []growthYear, year int, of func(growthYear) int64) *int64 {
	if fig != nil {
		return fig
	}
	for _, g := range years {
		if g.Year == year {
			n := of(g)
			return &n
		}
	}
	return nil
}
