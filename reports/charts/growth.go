package charts

import (
	"html/template"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gnlc/reports"
	"gnlc/reports/internal/palette"
	"gnlc/reports/locale"
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

// growthChart draws the network's growth by year: member cities and countries as lines, each
// as UNESCO published it beside what the register names; the table adds the new cities.
//
// The catalog is read in a fixed order (a missing key is reported in the order met): series
// names, option, table, description.
func growthChart(in *input) (*view, error) {
	tr := in.tr
	g := &growthDraw{in: in, years: growthYears(in.ds)}
	g.names = growthNames{
		tr.T("charts.growth.new_published"), tr.T("charts.growth.new_named"),
		tr.T("charts.growth.total_published"), tr.T("charts.growth.total_named"),
		tr.T("charts.growth.countries_published"), tr.T("charts.growth.countries_named"),
	}
	g.title = tr.T("charts.growth.title")
	g.id = in.id(Growth)
	option, err := g.option()
	if err != nil {
		return nil, err
	}
	table := g.table()
	desc := growthDescription(tr, in.ds, g.years)
	return &view{
		Kind: Growth, ID: g.id, Lang: in.lang, Title: g.title, Description: desc, Height: 520,
		Notes:  []string{tr.T("charts.note.published_named")},
		Table:  table,
		Option: option,
	}, nil
}

// growthNames are the six series' names, shared by the legend and the table's head.
type growthNames struct{ newPub, newNamed, totPub, totNamed, cPub, cNamed string }

// growthDraw is the growth chart being drawn in one language.
type growthDraw struct {
	in        *input
	years     []growthYear
	names     growthNames
	title, id string
}

// The growth chart's colours: one per source, bars and lines alike.
const growthPublished, growthNamed = palette.Published, palette.Named

// option is the chart's ECharts option: member cities on the left axis and member countries on
// their own axis at the right (dashed), each as UNESCO published it and as the register names
// it. The new cities per year stay in the table; the cohort chart draws the latest.
func (g *growthDraw) option() (template.JS, error) {
	tr, names := g.in.tr, g.names
	x := make([]string, len(g.years))
	var pubTotal, namedTotal, pubCountries, namedCountries []opts.LineData
	for i, y := range g.years {
		x[i] = strconv.Itoa(y.Year)
		pubTotal = append(pubTotal, opts.LineData{Value: value(y.PubTotal)})
		namedTotal = append(namedTotal, opts.LineData{Value: y.NamedTotal})
		pubCountries = append(pubCountries, opts.LineData{Value: value(y.PubCountries)})
		namedCountries = append(namedCountries, opts.LineData{Value: y.NamedCount})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(globalOpts(g.id, g.title, tr.T("charts.growth.subtitle"), "gnlc-growth-"+g.in.lang)...)
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Top: "90", Bottom: "80", Left: "20", Right: "30", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1, Name: tr.T("charts.growth.axis_cities"), NameLocation: "end"}),
	)
	line.ExtendYAxis(opts.YAxis{Type: "value", MinInterval: 1, Name: tr.T("charts.growth.axis_countries"), NameLocation: "end",
		Position: "right", SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	line.SetXAxis(x).
		AddSeries(names.totPub, pubTotal, growthLineOpts(growthPublished, "solid", 0)...).
		AddSeries(names.totNamed, namedTotal, growthLineOpts(growthNamed, "solid", 0)...).
		AddSeries(names.cPub, pubCountries, growthLineOpts(growthPublished, "dashed", 1)...).
		AddSeries(names.cNamed, namedCountries, growthLineOpts(growthNamed, "dashed", 1)...)
	option, err := optionJS(line)
	if err != nil {
		return "", err
	}
	// Each axis's name sits over its own axis, inside the chart: the left one starts there, the
	// right one ends there (centred, a long name runs off the chart's edge).
	if option, err = patchOption(option, func(o map[string]any) {
		if axes, ok := o["yAxis"].([]any); ok && len(axes) == 2 {
			for i, align := range []string{"left", "right"} {
				if a, ok := axes[i].(map[string]any); ok {
					a["nameTextStyle"] = merge(a["nameTextStyle"], map[string]any{"align": align})
				}
			}
		}
	}); err != nil {
		return "", err
	}
	// Narrow: the subtitle wraps, the legend takes two lines more.
	return withMedia(option,
		rule{maxWidth: 700, option: map[string]any{"title": narrowSubtitle(540), "grid": map[string]any{"top": 100, "bottom": 110}}},
		rule{maxWidth: 420, option: map[string]any{"title": narrowSubtitle(300), "grid": map[string]any{"top": 110, "bottom": 130}}},
	)
}

// growthLineOpts style a line on axis (0 cities, 1 countries). A year with nothing published
// (2019, 2021, 2023) is a gap: a line across it would draw a figure nobody published.
func growthLineOpts(color, dash string, axis int) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true), Symbol: "circle", YAxisIndex: axis}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2, Type: dash}),
	}
}

// table is the chart's figures, a row per year. A missing figure says what it is, in words:
// "not published" (UNESCO gave none), never "—".
func (g *growthDraw) table() table {
	tr, cat, names := g.in.tr, g.in.tr.cat, g.names
	notPublished := tr.T("charts.not_published")
	t := table{
		Summary: tr.T("charts.data_table"),
		Caption: g.title,
		Head:    []string{tr.T("charts.col.year"), names.newPub, names.newNamed, names.totPub, names.totNamed, names.cPub, names.cNamed, tr.T("charts.col.coverage")},
	}
	for _, y := range g.years {
		var cov string
		switch {
		case y.Coverage != nil:
			cov = cat.Percent(*y.Coverage)
		case y.PubNew == nil:
			cov = notPublished
		default: // 0 new cities published: no cohort to cover
			cov = tr.T("charts.coverage_none")
		}
		t.Rows = append(t.Rows, []cell{
			str(strconv.Itoa(y.Year)), num(intOr(cat, y.PubNew, notPublished)), num(cat.Int(y.NamedNew)),
			num(intOr(cat, y.PubTotal, notPublished)), num(cat.Int(y.NamedTotal)),
			num(intOr(cat, y.PubCountries, notPublished)), num(cat.Int(y.NamedCount)), num(cov),
		})
	}
	return t
}

// intOr is *n formatted, or none when n is nil.
func intOr(cat *locale.Catalog, n *int64, none string) string {
	if n == nil {
		return none
	}
	return cat.Int(*n)
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
