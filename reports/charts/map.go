package charts

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"gnlc/reports/internal/palette"
)

// mapTableMax is the most members the map's data table lists one by one; above it the table
// counts them by country, so a large register still gives a readable page.
const mapTableMax = 2000

// mapGrid is the size, in degrees, of the squares whose cities the map draws as one point
// when the register has more than mapTableMax members: the page's inline option then holds
// at most one point per square (16,200 of them), not one per member, so a register of a
// million cities still gives a page a browser opens and a bounded memory. On a slide a degree
// is about 5 px and a point 7 px across: 2° squares keep the points apart, where 1° ones
// overlapped into a blot and took goja four times as long to draw.
const mapGrid = 2.0

// mapPoint is one city on the map. The tooltip (the page's script) reads name, country and
// value[2], the year joined. The fields are in the order encoding/json writes an option's
// keys (sorted), as the points are encoded apart from the option (mapDraw.option).
type mapPoint struct {
	Centroid bool       `json:"centroid,omitempty"`
	Country  string     `json:"country"`
	Name     string     `json:"name"`
	Value    [3]float64 `json:"value"` // lon, lat, year joined
}

// mapChart draws the active members on a world outline: at their coordinates, else at their
// country's centre (a separate, hollow series, so the approximation shows).
//
// The catalog is read in a fixed order (a missing key is reported in the order met), so the
// steps below run in the order the page reads: points, option, table, notes.
func mapChart(in *input) (*view, error) {
	tr, cat := in.tr, in.tr.cat
	title := tr.T("charts.map.title")
	id := in.id(Map)
	m := &mapDraw{in: in, large: in.reg.large()}
	if !m.large {
		m.order = mapOrder(in)
	}
	s := m.place()
	var notes []string
	if m.large {
		notes = append(notes, tr.F("charts.map.merged", "max", cat.Int(mapTableMax), "grid", cat.Int(int64(mapGrid))))
	}
	option, err := m.option(id, title, s)
	if err != nil {
		return nil, err
	}

	table := table{Summary: tr.T("charts.data_table"), Caption: title}
	if !m.large {
		m.memberTable(&table)
	} else {
		m.countryTable(&table)
		notes = append(notes, tr.F("charts.map.by_country", "max", cat.Int(mapTableMax)))
	}
	notes = append(notes, tr.T("charts.map.disclaimer"), tr.T("charts.map.credits"))
	return &view{
		Kind: Map, ID: id, Lang: in.lang, Title: title, Height: 560,
		Description: tr.F("charts.map.description",
			"cities", cat.Int(in.reg.active), "countries", cat.Int(int64(s.countries)),
			"centroid", cat.Int(s.nCentroid), "missing", cat.Int(s.nMissing)),
		Notes:  notes,
		Table:  table,
		Option: option,
		Labels: map[string]string{"year": tr.T("charts.map.tooltip_year"), "centroid": tr.T("charts.map.centroid")},
	}, nil
}

// mapDraw is one map being drawn: whether the register is large (above mapTableMax), which
// merges nearby points and counts the table by country, and else the members in the table's
// order.
type mapDraw struct {
	in    *input
	order []int32 // indexes into in.reg.members
	large bool
}

// mapSeries are the map's two series and what its description counts.
type mapSeries struct {
	located, centroid   []mapPoint
	countries           int   // countries with a member
	nCentroid, nMissing int64 // members drawn at their country's centre, and not drawn
}

// mapOrder is the members' order for the table: in the language's order of country names,
// then cities. The points follow the same order, so the output does not depend on the
// register's. An order of indexes, not a sorted copy: the register may hold a million members.
func mapOrder(in *input) []int32 {
	all := in.reg.members
	order := make([]int32, len(all))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &all[i], &all[j]
		return cmp.Or(in.coll.CompareString(in.country(a.ISO3, a.Country), in.country(b.ISO3, b.Country)),
			cmp.Compare(a.ISO3, b.ISO3), in.coll.CompareString(a.City, b.City), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year))
	})
	return order
}

// place puts each member in its series: a small register's one by one, in the table's order;
// a large one's as the register merged them, one point per square (register.points).
func (m *mapDraw) place() *mapSeries {
	reg := m.in.reg
	s := &mapSeries{countries: len(reg.countries)}
	for _, c := range reg.countries {
		s.nCentroid += c.placed[atCentroid]
		s.nMissing += c.placed[notPlaced]
	}
	add := func(mb *member, merged int64) {
		p := mapPoint{Name: mb.City, Value: [3]float64{mb.Lon, mb.Lat, float64(mb.Year)}, Country: m.in.country(mb.ISO3, mb.Country)}
		if merged > 0 {
			p.Name = m.mergedName(mb.City, merged)
		}
		switch mb.Placed {
		case atCoordinates:
			s.located = append(s.located, p)
		case atCentroid:
			p.Centroid = true
			s.centroid = append(s.centroid, p)
		}
	}
	if m.large {
		for _, p := range reg.points {
			add(&p.first, p.n-1)
		}
		return s
	}
	for _, i := range m.order {
		add(&reg.members[i], 0)
	}
	return s
}

// mergedName names a merged point after its first city and the number of the others.
func (m *mapDraw) mergedName(city string, n int64) string {
	return m.in.tr.F("charts.map.merged_point", "city", city, "more", m.in.tr.cat.Int(n))
}

// option is the map's ECharts option: the world outline and the two series.
func (m *mapDraw) option(id, title string, s *mapSeries) (template.JS, error) {
	tr := m.in.tr
	geo := charts.NewGeo()
	geo.SetGlobalOptions(globalOpts(id, title, tr.T("charts.map.subtitle"), "gnlc-map-"+m.in.lang)...)
	geo.SetGlobalOptions(
		// A plain template: go-echarts would otherwise put its own JavaScript formatter here.
		// The page's script replaces it with one that escapes the data.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithGeoComponentOpts(opts.GeoComponent{
			Map:       worldMap,
			Silent:    opts.Bool(true),
			ItemStyle: &opts.ItemStyle{AreaColor: "#e4eaf0", BorderColor: "#9fb0c0", BorderWidth: 0.5},
		}),
	)
	geo.MultiSeries = append(geo.MultiSeries,
		charts.SingleSeries{Name: tr.T("charts.map.located"), Type: "scatter", CoordSystem: "geo",
			// The named members' colour, as on every chart: filled where the city is, hollow at
			// its country's centre.
			Symbol: "circle", SymbolSize: 7, ItemStyle: &opts.ItemStyle{Color: palette.Named, BorderColor: "#ffffff", BorderWidth: 0.8}},
		charts.SingleSeries{Name: tr.T("charts.map.centroid"), Type: "scatter", CoordSystem: "geo",
			Symbol: "emptyCircle", SymbolSize: 9, ItemStyle: &opts.ItemStyle{Color: palette.Named, BorderWidth: 1.5}},
	)
	geo.Accept(patch{fn: mapLayout})
	option, err := optionJS(geo)
	if err != nil {
		return "", err
	}
	// Narrow: the legend's two entries one above the other, wrapped at a word, and the map
	// above them.
	narrow := func(sub, text int) map[string]any {
		return map[string]any{
			"title":  narrowSubtitle(sub),
			"legend": map[string]any{"type": "plain", "orient": "vertical", "left": 10, "bottom": 0, "textStyle": map[string]any{"width": text, "overflow": "break"}},
			"geo":    map[string]any{"top": 90, "bottom": 70},
		}
	}
	// The points join the option last, encoded once: through go-echarts' templates and regexp
	// and optionJS's round trip, a large register's thousands of points took seconds a language.
	var data [2]json.RawMessage
	for i, pts := range [][]mapPoint{s.located, s.centroid} {
		if data[i], err = json.Marshal(pts); err != nil {
			return "", fmt.Errorf("encode map points: %w", err)
		}
	}
	return patchOption(option, func(o map[string]any) {
		setMedia(o, rule{maxWidth: 700, option: narrow(540, 500)}, rule{maxWidth: 420, option: narrow(300, 280)})
		series, _ := o["series"].([]any)
		for i, sr := range series {
			if sm, ok := sr.(map[string]any); ok && i < len(data) {
				sm["data"] = data[i]
			}
		}
	})
}

// mapLayout sets the layout keys go-echarts' GeoComponent lacks: room for the title and the
// legend, and no zoom or pan, which would catch the host page's scrolling.
func mapLayout(o map[string]any) {
	g := map[string]any{}
	if b, err := json.Marshal(o["geo"]); err == nil {
		_ = json.Unmarshal(b, &g)
	}
	g["roam"], g["top"], g["bottom"], g["left"], g["right"] = false, 70, 40, 10, 10
	o["geo"] = g
}

// memberTable lists every member: city, country, year joined, and where the map draws it.
func (m *mapDraw) memberTable(t *table) {
	tr, all := m.in.tr, m.in.reg.members
	t.Head = []string{tr.T("charts.col.city"), tr.T("charts.col.country"), tr.T("charts.col.year_joined"), tr.T("charts.col.placed")}
	placed := map[placement]string{
		atCoordinates: tr.T("charts.map.placed.coordinates"),
		atCentroid:    tr.T("charts.map.placed.centroid"),
		notPlaced:     tr.T("charts.map.placed.none"),
	}
	for _, i := range m.order {
		mb := &all[i]
		t.Rows = append(t.Rows, []cell{str(mb.City), str(m.in.country(mb.ISO3, mb.Country)), str(strconv.Itoa(mb.Year)), str(placed[mb.Placed])})
	}
}

// countryTable counts a large register's members by country, and by where the map draws
// them: one row per country, in the language's order of country names.
func (m *mapDraw) countryTable(t *table) {
	in, tr, cat := m.in, m.in.tr, m.in.tr.cat
	t.Head = []string{tr.T("charts.col.country"), tr.T("charts.col.members"), tr.T("charts.map.col.located"), tr.T("charts.map.col.centroid"), tr.T("charts.map.col.missing")}
	isos := slices.Collect(maps.Keys(in.reg.countries))
	name := func(iso3 string) string { return in.country(iso3, in.reg.countries[iso3].Name) }
	slices.SortFunc(isos, func(a, b string) int {
		return cmp.Or(in.coll.CompareString(name(a), name(b)), cmp.Compare(a, b))
	})
	for _, iso3 := range isos {
		c := in.reg.countries[iso3]
		t.Rows = append(t.Rows, []cell{str(name(iso3)),
			num(cat.Int(c.total())), num(cat.Int(c.placed[atCoordinates])), num(cat.Int(c.placed[atCentroid])), num(cat.Int(c.placed[notPlaced]))})
	}
}
