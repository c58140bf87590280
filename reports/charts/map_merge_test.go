package charts

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
)

// TestRegister_squares: the register merges members per series and square into one point,
// named after the first member by country code, city and year, whatever the register's order.
func TestRegister_squares(t *testing.T) {
	t.Parallel()
	// Coordinates in squares: a square is [2,3)×[24,25) times mapGrid degrees.
	at := func(city string, lon, lat float64) member {
		return member{City: city, Country: "X", ISO3: "XXX", Year: 2020, Lon: lon * mapGrid, Lat: lat * mapGrid, Placed: atCoordinates}
	}
	in := []member{
		at("d", 2.5, 24.5), // a square [2,3)×[24,25), with a and b
		at("a", 2.1, 24.9), at("b", 2.9, 24.1),
		at("c", -0.5, 24.5), // west of the meridian: its own square
		at("e", 3.0, 24.5),  // on the next square's edge
		{City: "f", Country: "X", ISO3: "XXX", Year: 2020, Lon: 2.5 * mapGrid, Lat: 24.5 * mapGrid, Placed: atCentroid}, // hollow: not merged with a
		{City: "g", Country: "X", ISO3: "XXX", Year: 2020, Placed: notPlaced},
	}
	type pt struct {
		City string
		N    int64
	}
	want := []pt{{"a", 3}, {"c", 1}, {"e", 1}, {"f", 1}}
	tests := []struct {
		name  string
		order []member
	}{
		{"register order", in},
		{"reversed", slices.Clone(in)},
	}
	slices.Reverse(tests[1].order)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRegister()
			for _, m := range tt.order {
				r.add(m)
			}
			r.finish()
			var got []pt
			for _, p := range r.points {
				got = append(got, pt{p.first.City, p.n})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("points (-want +got):\n%s", diff)
			}
			if c := r.countries["XXX"]; c == nil || c.placed != [3]int64{5, 1, 1} {
				t.Errorf("country counts %+v, want 5 located, 1 at the centre, 1 not placed", c)
			}
		})
	}
}

// TestRender_mapMerged: above mapTableMax members the map draws one point per square,
// says so, and names the point after its first city with the number of the others.
func TestRender_mapMerged(t *testing.T) {
	t.Parallel()
	ds := defaultDataset(t)
	var ms []queries.Member
	for i := range mapTableMax + 1 {
		lat, lon := 37.5+float64(i%10)/100, 23.5
		ms = append(ms, queries.Member{City: "City " + strconv.Itoa(i), Country: "Greece", ISO3: "GRC", YearJoined: 2024, Status: "active", Lat: &lat, Lon: &lon})
	}
	ds.Members, ds.MemberCount = reportstest.SeqMembers(ms), int64(len(ms))
	files := renderT(t, ds, Options{Langs: []string{"en"}})
	page := fileOf(t, files, "en/map.html")
	for _, want := range []string{
		"so the map draws the cities within the same 2° square as one point",
		// "City 0" < "City 1" < "City 10"...: City 0 comes first by city.
		`"name":"City 0 and 2,000 other cities nearby"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("map page lacks %q", want)
		}
	}
	// "City location" is the series' name; the points are "City <n>".
	if n := len(regexp.MustCompile(`"name":"City [0-9]`).FindAllString(page, -1)); n != 1 {
		t.Errorf("map page has %d city points, want 1", n)
	}
}

// TestRender_mapLarge: a register above mapTableMax keeps no member, only counts. The map's
// table counts each country's members by where the map draws them, and the map draws one point
// per square, whose names count every member drawn there.
func TestRender_mapLarge(t *testing.T) {
	t.Parallel()
	countries := []struct{ name, iso3 string }{{"Greece", "GRC"}, {"France", "FRA"}, {"Atlantis", "XAT"}} // XAT: no centroid
	var ms []queries.Member
	placed := map[string]*[3]int{} // by country: located, at the centre, not shown
	squares := map[[2]float64]bool{}
	active := 0
	for i := range 3*mapTableMax + 7 {
		c := countries[i%len(countries)]
		m := queries.Member{City: "City " + strconv.Itoa(i), Country: c.name, ISO3: c.iso3, YearJoined: 2015 + i%10, Status: "active"}
		if i%11 == 0 {
			m.Status = "withdrawn"
			ms = append(ms, m)
			continue
		}
		active++
		if placed[c.iso3] == nil {
			placed[c.iso3] = &[3]int{}
		}
		switch {
		case i%4 == 0 && c.iso3 == "XAT":
			placed[c.iso3][2]++
		case i%4 == 0:
			placed[c.iso3][1]++
		default:
			lat, lon := float64(i*7%150)-75.5, float64(i*13%340)-169.5
			m.Lat, m.Lon = &lat, &lon
			squares[[2]float64{math.Floor(lon / mapGrid), math.Floor(lat / mapGrid)}] = true
			placed[c.iso3][0]++
		}
		ms = append(ms, m)
	}
	ds := defaultDataset(t)
	ds.Members, ds.MemberCount = reportstest.SeqMembers(ms), int64(len(ms))

	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := collectRegister(t.Context(), ds, a.centroids)
	if err != nil {
		t.Fatal(err)
	}
	if reg.active != int64(active) || len(reg.members) != 0 {
		t.Errorf("register: %d active, %d members kept; want %d active, none kept", reg.active, len(reg.members), active)
	}

	page := fileOf(t, renderT(t, ds, Options{Langs: []string{"en"}}), "en/map.html")
	want := [][]string{{"Country", "Named members", "At their coordinates", "At the country's centre", "Not shown"}}
	for _, iso3 := range []string{"XAT", "FRA", "GRC"} { // Atlantis, France, Greece
		p := placed[iso3]
		row := []string{map[string]string{"XAT": "Atlantis", "FRA": "France", "GRC": "Greece"}[iso3]}
		for _, n := range []int{p[0] + p[1] + p[2], p[0], p[1], p[2]} {
			row = append(row, groupThousands(n))
		}
		want = append(want, row)
	}
	if diff := cmp.Diff(want, tableOf(page)); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}

	series := optionOf(t, page)["series"].([]any)
	for k, tt := range []struct {
		name           string
		points, cities int
	}{
		{"located", len(squares), placed["GRC"][0] + placed["FRA"][0] + placed["XAT"][0]},
		{"at the centre", 2, placed["GRC"][1] + placed["FRA"][1]}, // one point per country centre
	} {
		data := series[k].(map[string]any)["data"].([]any)
		cities := 0
		for _, p := range data {
			cities++
			if m := regexp.MustCompile(` and ([0-9,]+) other cities nearby$`).FindStringSubmatch(p.(map[string]any)["name"].(string)); m != nil {
				n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
				cities += n
			}
		}
		if len(data) != tt.points || cities != tt.cities {
			t.Errorf("%s: %d points for %d cities, want %d points for %d", tt.name, len(data), cities, tt.points, tt.cities)
		}
	}
}

// groupThousands writes n as the English catalog does: 6,007.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// The charts read ActiveMembers when the Dataset has it, never Members, and keep what they keep
// from Members: the same register, small (every member) or large (squares and counts).
func TestCollectRegister_activeMembers(t *testing.T) {
	t.Parallel()
	for _, n := range []int{40, 2*mapTableMax + 3} {
		var ms []queries.Member
		for i := range n {
			lat, lon := float64(i%150)-75.5, float64(i*7%340)-169.5
			m := queries.Member{City: "City " + strconv.Itoa(i), Country: "France", ISO3: "FRA", YearJoined: 2015 + i%10, Status: "active", Lat: &lat, Lon: &lon}
			if i%5 == 0 {
				m.Status = "withdrawn"
			}
			ms = append(ms, m)
		}
		fromMembers := &reports.Dataset{Members: reportstest.SeqMembers(ms)}
		want, err := collectRegister(t.Context(), fromMembers, nil)
		if err != nil {
			t.Fatal(err)
		}
		var active []queries.Member
		for _, m := range slices.Backward(ms) { // another order
			if m.Status == "active" {
				active = append(active, queries.Member{City: m.City, Country: m.Country, ISO3: m.ISO3, YearJoined: m.YearJoined, Lat: m.Lat, Lon: m.Lon, Status: m.Status})
			}
		}
		fromActive := &reports.Dataset{
			Members: func(func(queries.Member, error) bool) {
				t.Error("the charts read Members although ActiveMembers is set")
			},
			ActiveMembers: reportstest.SeqMembers(active),
		}
		got, err := collectRegister(t.Context(), fromActive, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(register{}, mergedPoint{}, countryCount{}, square{})); diff != "" {
			t.Errorf("%d members: register from ActiveMembers (-from Members +from ActiveMembers):\n%s", n, diff)
		}
	}
}
