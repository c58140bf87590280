package charts

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// mapTableMax is the most members the map's data table lists one by one; above it the table
// counts them by country, so a large register still gives a readable page.
const mapTableMax = 2000

// mapGrid is the size, in degrees, of the squares whose cities the map draws as one point
// when the register has more than mapTableMax members: the page's inline option then holds
// at most one point per square (64,800 of them), not one per member, so a
// register of a million cities still gives a page a browser opens and a bounded memory.
const mapGrid = 1.0

// mapPoint is one city on the map. The tooltip (the page's script) reads name, country and
// value[2], the year joined.
type mapPoint struct {
	Name     string     `json:"name"`
	Value    [3]float64 `json:"value"` // lon, lat, year joined
	Country  string     `json:"country"`
	Centroid bool       `json:"centroid,omitempty"`
}

// mapChart draws the active members on a world outline: at their coordinates, else at their
// country's centre (a separate, hollow series, so the approximation shows).
func mapChart(in *input) (*view, error) {
	tr, cat := in.tr, in.tr.cat
	title := tr.T("charts.map.title")
	id := in.id(Map)
	var nCentroid, nMissing int64
	// In the language's order of country names, then cities, for the table; the points follow
	// the same order, so the output does not depend on the register's. An order of indexes,
	// not a sorted copy: the register may hold a million members.
	all := in.members
	order := make([]int32, len(all))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &all[i], &all[j]
		return cmp.Or(in.coll.CompareString(in.country(a.ISO3, a.Country), in.country(b.ISO3, b.Country)),
			cmp.Compare(a.ISO3, b.ISO3), in.coll.CompareString(a.City, b.City), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year))
	})
	// A large register's points are merged as they come (mapMerger), so the map never
	// holds one point per member.
	var notes []string
	large := len(all) > mapTableMax
	located, centroid := newMapMerger(large), newMapMerger(large)
	countries := map[string]bool{}
	for _, i := range order {
		m := &all[i]
		countries[m.ISO3] = true
		p := mapPoint{Name: m.City, Value: [3]float64{m.Lon, m.Lat, float64(m.Year)}, Country: in.country(m.ISO3, m.Country)}
		switch m.Placed {
		case atCoordinates:
			located.add(p)
		case atCentroid:
			p.Centroid = true
			centroid.add(p)
			nCentroid++
		default:
			nMissing++
		}
	}
	if large {
		notes = append(notes, tr.F("charts.map.merged", "max", cat.Int(mapTableMax), "grid", cat.Int(int64(mapGrid))))
	}
	more := func(city string, n int64) string {
		return tr.F("charts.map.merged_point", "city", city, "more", cat.Int(n))
	}

	geo := charts.NewGeo()
	geo.SetGlobalOptions(globalOpts(id, title, tr.T("charts.map.subtitle"), "gnlc-map-"+in.lang)...)
	geo.SetGlobalOptions(
		// A plain template: go-echarts would otherwise put its own JavaScript formatter here.
		// The page's script replaces it with one that escapes the data.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}"}),
		charts.WithGeoComponentOpts(opts.GeoComponent{
			Map:       "gnlc-world",
			Silent:    opts.Bool(true),
			ItemStyle: &opts.ItemStyle{AreaColor: "#e4eaf0", BorderColor: "#9fb0c0", BorderWidth: 0.5},
		}),
	)
	geo.MultiSeries = append(geo.MultiSeries,
		charts.SingleSeries{Name: tr.T("charts.map.located"), Type: "scatter", CoordSystem: "geo", Data: located.points(more),
			Symbol: "circle", SymbolSize: 7, ItemStyle: &opts.ItemStyle{Color: "#c0392b", BorderColor: "#ffffff", BorderWidth: 0.8}},
		charts.SingleSeries{Name: tr.T("charts.map.centroid"), Type: "scatter", CoordSystem: "geo", Data: centroid.points(more),
			Symbol: "emptyCircle", SymbolSize: 9, ItemStyle: &opts.ItemStyle{Color: "#1f5f9e", BorderWidth: 1.5}},
	)
	geo.Accept(patch{fn: func(o map[string]any) {
		// Layout keys go-echarts' GeoComponent lacks: room for the title and the legend, and no
		// zoom or pan, which would catch the host page's scrolling.
		g := map[string]any{}
		if b, err := json.Marshal(o["geo"]); err == nil {
			_ = json.Unmarshal(b, &g)
		}
		g["roam"], g["top"], g["bottom"], g["left"], g["right"] = false, 70, 40, 10, 10
		o["geo"] = g
	}})
	option, err := optionJS(geo)
	if err != nil {
		return nil, err
	}

	table := table{Summary: tr.T("charts.data_table"), Caption: title}
	if !large {
		table.Head = []string{tr.T("charts.col.city"), tr.T("charts.col.country"), tr.T("charts.col.year_joined"), tr.T("charts.col.placed")}
		placed := map[placement]string{
			atCoordinates: tr.T("charts.map.placed.coordinates"),
			atCentroid:    tr.T("charts.map.placed.centroid"),
			notPlaced:     tr.T("charts.map.placed.none"),
		}
		for _, i := range order {
			m := &all[i]
			table.Rows = append(table.Rows, []cell{str(m.City), str(in.country(m.ISO3, m.Country)), str(strconv.Itoa(m.Year)), str(placed[m.Placed])})
		}
	} else {
		table.Head = []string{tr.T("charts.col.country"), tr.T("charts.col.members"), tr.T("charts.map.col.located"), tr.T("charts.map.col.centroid"), tr.T("charts.map.col.missing")}
		notes = append(notes, tr.F("charts.map.by_country", "max", cat.Int(mapTableMax)))
		var counts [3]int64
		flush := func(m *member) {
			table.Rows = append(table.Rows, []cell{str(in.country(m.ISO3, m.Country)),
				num(cat.Int(counts[0] + counts[1] + counts[2])), num(cat.Int(counts[0])), num(cat.Int(counts[1])), num(cat.Int(counts[2]))})
			counts = [3]int64{}
		}
		for k, i := range order { // grouped by country
			m := &all[i]
			counts[m.Placed]++
			if k+1 == len(order) || all[order[k+1]].ISO3 != m.ISO3 {
				flush(m)
			}
		}
	}
	notes = append(notes, tr.T("charts.map.disclaimer"), tr.T("charts.map.credits"))
	return &view{
		Kind: Map, ID: id, Lang: in.lang, Title: title, Height: 560,
		Description: tr.F("charts.map.description",
			"cities", cat.Int(int64(len(all))), "countries", cat.Int(int64(len(countries))),
			"centroid", cat.Int(nCentroid), "missing", cat.Int(nMissing)),
		Notes:  notes,
		Table:  table,
		Option: option,
		Labels: map[string]string{"year": tr.T("charts.map.tooltip_year"), "centroid": tr.T("charts.map.centroid")},
	}, nil
}

// mapMerger collects one series' points. When merging, the points within one mapGrid
// square are drawn as one: the first (in the table's order), named after it with the number of
// the others; the order of first appearance is kept, so the output stays stable.
type mapMerger struct {
	merge bool
	out   []mapPoint
	extra []int64        // by index in out: points merged into it
	first map[[2]int]int // square → index in out
}

func newMapMerger(merge bool) *mapMerger {
	return &mapMerger{merge: merge, first: map[[2]int]int{}}
}

func (g *mapMerger) add(p mapPoint) {
	if g.merge {
		k := [2]int{int(math.Floor(p.Value[0] / mapGrid)), int(math.Floor(p.Value[1] / mapGrid))}
		if i, ok := g.first[k]; ok {
			g.extra[i]++
			return
		}
		g.first[k] = len(g.out)
	}
	g.out = append(g.out, p)
	g.extra = append(g.extra, 0)
}

// points returns the series' points, a merged one named by more(city, others).
func (g *mapMerger) points(more func(city string, n int64) string) []mapPoint {
	for i := range g.out {
		if g.extra[i] > 0 {
			g.out[i].Name = more(g.out[i].Name, g.extra[i])
		}
	}
	return g.out
}
