package charts

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"gnlc/reports"
	"gnlc/reports/locale"
)

// TestChartAssets_embedded: the vendored files match SHA256SUMS, ECharts is the pinned version,
// and everything inlined is safe inside <script>.
func TestChartAssets_embedded(t *testing.T) {
	t.Parallel()
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	if len(a.echarts) < 500_000 || len(a.locales["fr"]) < 1000 || len(a.locales["es"]) < 1000 {
		t.Errorf("assets look truncated: echarts %d bytes, fr %d, es %d", len(a.echarts), len(a.locales["fr"]), len(a.locales["es"]))
	}
	for name, lic := range a.licenses {
		if len(lic) < 100 {
			t.Errorf("licence %s is %d bytes", name, len(lic))
		}
	}
	if !strings.Contains(string(a.licenses["LICENSE-echarts"]), "Apache License") {
		t.Error("LICENSE-echarts is not the Apache License")
	}
	if strings.ContainsAny(a.world, "<>&") {
		t.Error("the world outline holds a raw <, > or & after escaping")
	}
}

// manifestFS builds an assets tree with a manifest that matches files, so a test changes one
// thing at a time.
func manifestFS(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		sum := sha256.Sum256([]byte(files[name]))
		lines = append(lines, hex.EncodeToString(sum[:])+"  "+name)
		fsys["assets/"+name] = &fstest.MapFile{Data: []byte(files[name])}
	}
	fsys["assets/SHA256SUMS"] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n") + "\n")}
	return fsys
}

func goodAssetFiles() map[string]string {
	return map[string]string{
		"echarts.min.js":      `!function(){t.version="` + EChartsVersion + `"}();`,
		"langFR.js":           `echarts.registerLocale('FR', {});`,
		"langES.js":           `echarts.registerLocale('ES', {});`,
		"world.geo.json":      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"FRA"},"geometry":{"type":"MultiPolygon","coordinates":[]}}]}`,
		"centroids.csv":       "iso3,lon,lat\nFRA,2.45,46.62\n",
		"LICENSE-echarts":     "Apache License",
		"NOTICE-echarts":      "notice",
		"LICENSE-d3":          "d3",
		"LICENSE-world-atlas": "isc",
	}
}

func TestChartAssets_rejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fsys    func(t *testing.T) fs.FS
		wantMsg string
	}{
		{"good", func(t *testing.T) fs.FS { return manifestFS(t, goodAssetFiles()) }, ""},
		{"file changed after the manifest", func(t *testing.T) fs.FS {
			fsys := manifestFS(t, goodAssetFiles())
			fsys["assets/langFR.js"] = &fstest.MapFile{Data: []byte("alert(1)")}
			return fsys
		}, "langFR.js does not match SHA256SUMS"},
		{"file not in the manifest", func(t *testing.T) fs.FS {
			fsys := manifestFS(t, goodAssetFiles())
			fsys["assets/extra.js"] = &fstest.MapFile{Data: []byte("x")}
			return fsys
		}, "extra.js is not listed"},
		{"file missing", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			delete(files, "NOTICE-echarts")
			return manifestFS(t, files)
		}, "NOTICE-echarts is missing"},
		{"bad manifest line", func(t *testing.T) fs.FS {
			fsys := manifestFS(t, goodAssetFiles())
			fsys["assets/SHA256SUMS"] = &fstest.MapFile{Data: []byte("abc echarts.min.js\n")}
			return fsys
		}, "SHA256SUMS line 1"},
		{"other ECharts version", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			files["echarts.min.js"] = `t.version="4.9.0"`
			return manifestFS(t, files)
		}, "not version " + EChartsVersion},
		{"script that closes the element", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			files["langES.js"] = `var s = "</SCRIPT>";`
			return manifestFS(t, files)
		}, `langES.js cannot be inlined: it contains "</SCRIPT"`},
		{"script with an HTML comment opener", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			files["echarts.min.js"] += `/* <!-- */`
			return manifestFS(t, files)
		}, `echarts.min.js cannot be inlined: it contains "<!--"`},
		{"outline not a feature collection", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			files["world.geo.json"] = `{"type":"Feature"}`
			return manifestFS(t, files)
		}, "world.geo.json is not a FeatureCollection"},
		{"centroid out of range", func(t *testing.T) fs.FS {
			files := goodAssetFiles()
			files["centroids.csv"] = "iso3,lon,lat\nFRA,200,46\n"
			return manifestFS(t, files)
		}, "bad row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := loadAssetsFS(tt.fsys(t))
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrAssets) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %v, want ErrAssets mentioning %q", err, tt.wantMsg)
			}
		})
	}
}

// TestChartAssets_centroids: the centroid table puts a country's point inside the country, also
// for countries that cross the antimeridian or have far-away territories.
func TestChartAssets_centroids(t *testing.T) {
	t.Parallel()
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	// Bounding boxes of each country's mainland (lon min, max, lat min, max), from an atlas.
	boxes := map[string][4]float64{
		"FRA": {-5, 8, 42, 51.5}, // not pulled towards French Guiana
		"KOR": {125.5, 130, 33, 39},
		"RUS": {30, 180, 45, 78},    // crosses the antimeridian
		"FJI": {176, 180, -20, -15}, // likewise
		"USA": {-125, -66, 24, 50},  // not pulled towards Alaska and Hawaii
		"SAU": {34, 56, 16, 33},
		"BHR": {50.3, 50.8, 25.7, 26.4}, // a small state, only in the 50m data
		"CMR": {8, 17, 1.5, 13.5},
	}
	for iso3, b := range boxes {
		c, ok := a.centroids[iso3]
		if !ok {
			t.Errorf("%s has no centroid", iso3)
			continue
		}
		if c[0] < b[0] || c[0] > b[1] || c[1] < b[2] || c[1] > b[3] {
			t.Errorf("%s centroid %v lies outside lon %v..%v, lat %v..%v", iso3, c, b[0], b[1], b[2], b[3])
		}
	}
	// Every country of the default register has a centroid, so every member can be placed.
	ds := defaultDataset(t)
	for m, err := range ds.Members {
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := a.centroids[m.ISO3]; !ok {
			t.Errorf("member %s: country %s has no centroid", m.City, m.ISO3)
		}
	}
}

func TestParseCentroids(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     map[string][2]float64
		wantErr  bool
	}{
		{"rows", "iso3,lon,lat\nFRA,2.45,46.62\nFJI,177.97,-17.82\n", map[string][2]float64{"FRA": {2.45, 46.62}, "FJI": {177.97, -17.82}}, false},
		{"header only", "iso3,lon,lat\n", map[string][2]float64{}, false},
		{"wrong header", "code,x,y\nFRA,1,2\n", nil, true},
		{"latitude out of range", "iso3,lon,lat\nFRA,2,95\n", nil, true},
		{"not a number", "iso3,lon,lat\nFRA,east,46\n", nil, true},
		{"NaN, found by FuzzParseCentroids", "iso3,lon,lat\nFRA,NaN,1\n", nil, true},
		{"short code", "iso3,lon,lat\nFR,2,46\n", nil, true},
		{"missing field", "iso3,lon,lat\nFRA,2\n", nil, true},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseCentroids(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error: %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrAssets) {
				t.Errorf("error %v does not wrap ErrAssets", err)
			}
			if !tt.wantErr && !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzParseCentroids: any input gives a table or an error, never a panic, and every row kept is
// a plausible point.
func FuzzParseCentroids(f *testing.F) {
	f.Add("iso3,lon,lat\nFRA,2.45,46.62\n")
	f.Add("iso3,lon,lat\nRUS,99.73,61.7\n\"A\"\"B\",1,2\n")
	f.Add("iso3,lon,lat\nFRA,NaN,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := parseCentroids(strings.NewReader(in))
		if err != nil {
			return
		}
		for k, c := range got {
			if len(k) != 3 || !(c[0] >= -180 && c[0] <= 180 && c[1] >= -90 && c[1] <= 90) {
				t.Errorf("kept %q → %v", k, c)
			}
		}
	})
}

// FuzzChartMapCityName: whatever a member's name, the map snippet keeps its scripts closed, and
// the option gives the name back exactly.
func FuzzChartMapCityName(f *testing.F) {
	for _, s := range []string{"Larissa", "</script><script>alert(1)</script>", "<!--<script>", "\u2028\u2029", "a\"b'c\\d", "]]>", "{b}|x"} {
		f.Add(s)
	}
	// Small stand-ins for the inlined scripts keep each run fast; the property is about the data.
	assets := &assets{echarts: "/* echarts */", locales: map[string]string{}, world: `{"type":"FeatureCollection","features":[]}`}
	cat, err := locale.Load("en")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, city string) {
		if !utf8.ValidString(city) || badText(city) != "" || city == "" {
			return // refused before any chart is drawn (validate.go): nothing to render
		}
		ds := &reports.Dataset{Year: 2024}
		reg := newRegister()
		reg.add(member{City: city, Country: "Greece", ISO3: "GRC", Year: 2024, Lon: 22.4, Lat: 39.6, Placed: atCoordinates})
		reg.finish()
		in := &input{ds: ds, lang: "en", tr: &text{cat: cat}, names: map[string]string{}, reg: reg}
		v, err := mapChart(in)
		if err != nil {
			t.Fatal(err)
		}
		v.attach(assets, in.tr)
		page, err := execute("embed", v)
		if err != nil {
			t.Fatal(err)
		}
		s := string(page)
		if n, m := strings.Count(strings.ToLower(s), "<script"), strings.Count(strings.ToLower(s), "</script"); n != 3 || m != 3 {
			t.Fatalf("%d <script and %d </script, want 3 of each", n, m)
		}
		o := optionOf(t, s)
		got := o["series"].([]any)[0].(map[string]any)["data"].([]any)[0].(map[string]any)["name"]
		if got != city {
			t.Fatalf("option gives back %q, want %q", got, city)
		}
	})
}
