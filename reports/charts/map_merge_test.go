package charts

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

func TestECMapMerger(t *testing.T) {
	t.Parallel()
	pt := func(name string, lon, lat float64) mapPoint {
		return mapPoint{Name: name, Value: [3]float64{lon, lat, 2020}, Country: "X"}
	}
	more := func(city string, n int64) string { return city + " +" + strconv.FormatInt(n, 10) }
	in := []mapPoint{
		pt("a", 2.1, 48.9), pt("b", 2.9, 48.1), // one square: [2,3)×[48,49)
		pt("c", -0.5, 48.5), // west of the meridian: its own square
		pt("d", 2.5, 48.5),  // back in a's square
		pt("e", 3.0, 48.5),  // on the next square's edge
	}
	tests := []struct {
		name  string
		merge bool
		want  []mapPoint
	}{
		{"small register: every point", false, in},
		{"large register: one point per square, first one named", true, []mapPoint{
			pt("a +2", 2.1, 48.9), pt("c", -0.5, 48.5), pt("e", 3.0, 48.5),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := newMapMerger(tt.merge)
			for _, p := range in {
				g.add(p)
			}
			if diff := cmp.Diff(tt.want, g.points(more)); diff != "" {
				t.Errorf("points (-want +got):\n%s", diff)
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
		"so the map draws the cities within the same 1° square as one point",
		// "City 0" < "City 1" < "City 10"...: City 0 comes first in the table's order.
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
