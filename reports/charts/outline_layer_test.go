package charts

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/palette"
	"gnlc/reports/internal/reportstest"
	"gnlc/reports/locale"
)

// TestMapSlide_layersMatchWhole: a map drawn in layers (the outline once, the rest on the
// stand-in box) is byte for byte the map ECharts draws whole, in every language, so the points
// sit where the outline puts their countries. A large register's points are a layer of their
// own, drawn once: that map differs from the whole only in its hover classes, of no use on a
// slide.
func TestMapSlide_layersMatchWhole(t *testing.T) {
	t.Parallel()
	large := defaultDataset(t)
	var ms []queries.Member
	for i := range 2 * pointsLayerMin { // in 3,600 places 2° apart: 20 rows of 180
		lat, lon := -19.5+2*float64(i/180%20), -179.5+2*float64(i%180)
		ms = append(ms, queries.Member{City: "City " + strconv.Itoa(i), Country: "Greece", ISO3: "GRC", YearJoined: 2024, Status: "active", Lat: &lat, Lon: &lon})
	}
	large.Members, large.MemberCount = reportstest.SeqMembers(ms), int64(len(ms))
	for _, tt := range []struct {
		name   string
		ds     *reports.Dataset
		layers int  // drawings besides the slides': the outline, the points
		exact  bool // byte for byte; else but for hover classes
	}{
		{"default register", defaultDataset(t), 1, true},
		{"large register", large, 2, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testLayersMatchWhole(t, tt.ds, tt.layers, tt.exact)
		})
	}
}

// hoverClasses are what ECharts writes for hover styles: the classes and their rules.
var hoverClasses = regexp.MustCompile(` class="zr\d+-cls-\d+"|(?s)<style.*</style>|\n`)

func testLayersMatchWhole(t *testing.T, ds *reports.Dataset, layers int, exact bool) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := collectRegister(t.Context(), ds, a.centroids)
	if err != nil {
		t.Fatal(err)
	}
	var jobs []svgJob
	for _, lang := range locale.Languages {
		_, _, langJobs, err := renderLang(t.Context(), ds, lang, reg, a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range langJobs {
			if strings.HasSuffix(j.path, "/map.svg") {
				jobs = append(jobs, j)
			}
		}
	}
	if len(jobs) != len(locale.Languages) {
		t.Fatalf("%d map slides, want one per language", len(jobs))
	}
	plan, err := planDrawings(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(plan.options) - len(jobs); n != layers {
		t.Errorf("the plan draws %d layers for %d languages, want %d", n, len(jobs), layers)
	}
	files := make([]File, len(jobs))
	for i, j := range jobs {
		files[i].Path = j.path
	}
	srcs := newEngineSources(a)
	if err := drawSVGs(t.Context(), srcs, jobs, files, slideCache{}); err != nil {
		t.Fatal(err)
	}
	src, err := srcs.wait()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newSVGRenderer(src)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := range jobs {
		whole, err := r.render(j.option)
		if err != nil {
			t.Fatal(err)
		}
		want, err := accessibleSVG(whole, j.slide)
		if err != nil {
			t.Fatal(err)
		}
		got := files[i].Data
		if !exact {
			got, want = hoverClasses.ReplaceAll(got, nil), hoverClasses.ReplaceAll(want, nil)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the layered slide (%d bytes) differs from the map drawn whole (%d bytes)", j.path, len(files[i].Data), len(want))
		}
		// Members at their country's centre are hollow, as the legend and the page draw them.
		if !bytes.Contains(files[i].Data, []byte(`fill="#fff" fill-opacity="0.8" stroke="`+palette.Named+`"`)) {
			t.Errorf("%s: the points at a country's centre are not drawn hollow", j.path)
		}
		if bytes.Contains(files[i].Data, []byte(boxFill)) {
			t.Errorf("%s: the stand-in rectangle is on the slide", j.path)
		}
	}
}

func TestSplitOutline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, option string
		split        bool
	}{
		{"no geo", `{"title":{"text":"x"},"series":[]}`, false},
		{"another map", `{"geo":{"map":"elsewhere"}}`, false},
		{"world map", `{"title":{"text":"x"},"geo":{"map":"gnlc-world","top":70,"itemStyle":{"areaColor":"#eee"}},"series":[{"type":"scatter"}]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outline, rest, ok, err := splitOutline([]byte(tc.option))
			if err != nil || ok != tc.split {
				t.Fatalf("split = %v, %v; want %v", ok, err, tc.split)
			}
			if !ok {
				return
			}
			var o, r map[string]any
			if err := json.Unmarshal(outline, &o); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(rest, &r); err != nil {
				t.Fatal(err)
			}
			if len(o) != 2 || o["geo"].(map[string]any)["top"] != 70.0 || o["geo"].(map[string]any)["map"] != worldMap {
				t.Errorf("outline option %s: want the geo component alone, as the chart's", outline)
			}
			g := r["geo"].(map[string]any)
			if g["map"] != boxMap || g["top"] != 70.0 || g["itemStyle"].(map[string]any)["areaColor"] != boxFill || r["title"] == nil || r["series"] == nil {
				t.Errorf("rest %s: want the chart on the box map, laid out as the outline", rest)
			}
		})
	}
	if _, _, _, err := splitOutline([]byte(`{`)); err == nil {
		t.Error("a broken option split without error")
	}
}

func TestSpliceOutline(t *testing.T) {
	t.Parallel()
	shapes := `<path d="M1 1L2 2Z" fill="#e4eaf0"></path>` + "\n"
	box := `<path d="M0 0L9 9Z" fill="` + boxFill + `" class="zr7-cls-3"></path>`
	for _, tc := range []struct {
		name, svg, want string
	}{
		{"in place, with the rectangle's class", `<svg><rect/>` + box + `<path d="M5 5"></path></svg>`,
			`<svg><rect/><path d="M1 1L2 2Z" fill="#e4eaf0" class="zr7-cls-3"></path><path d="M5 5"></path></svg>`},
		{"no rectangle", `<svg><rect/></svg>`, ""},
		{"two rectangles", `<svg>` + box + box + `</svg>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := spliceOutline(tc.svg, shapes, "")
			if tc.want == "" {
				if err == nil {
					t.Fatalf("spliced %q without error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v\nwant %q", got, err, tc.want)
			}
		})
	}
	if _, err := outlineShapes(`<svg><rect/></svg>`); err == nil {
		t.Error("an outline with no shape gave no error")
	}
}
