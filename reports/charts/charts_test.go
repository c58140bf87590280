package charts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// fileOf returns the rendered file at path, failing the test when it is missing.
func fileOf(t *testing.T, files []File, path string) string {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return string(f.Data)
		}
	}
	t.Fatalf("no file %s among %d", path, len(files))
	return ""
}

// slideCacheForTests is the slide cache every test shares.
func slideCacheForTests() string { return filepath.Join(os.TempDir(), "gnlc-test-slides") }

// renderT renders ds, its slides read from and kept in one cache folder for every test (a slide
// is a pure function of its cache key; drawing takes seconds): tests about drawing call Render.
func renderT(t *testing.T, ds *reports.Dataset, opts Options) []File {
	t.Helper()
	if opts.SlideCache == "" {
		opts.SlideCache = slideCacheForTests()
	}
	files, err := Render(t.Context(), ds, opts)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var optionRE = regexp.MustCompile(`(?m)^  var option = (.*);$`)

// optionOf decodes the ECharts option of a rendered page.
func optionOf(t *testing.T, page string) map[string]any {
	t.Helper()
	m := optionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("page has no option")
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(m[1]), &o); err != nil {
		t.Fatalf("option is not JSON: %v", err)
	}
	return o
}

// series returns the series of an option by name, with its data as values: a number, "-"
// for a missing one, or the data item itself when it is an object with more than a value.
func series(t *testing.T, o map[string]any) map[string][]any {
	t.Helper()
	out := map[string][]any{}
	for _, s := range o["series"].([]any) {
		sm := s.(map[string]any)
		var vals []any
		data, _ := sm["data"].([]any)
		for _, d := range data {
			if dm, ok := d.(map[string]any); ok {
				if _, isPoint := dm["country"]; !isPoint {
					vals = append(vals, dm["value"])
					continue
				}
			}
			vals = append(vals, d)
		}
		out[sm["name"].(string)] = vals
	}
	return out
}

// outsideScripts is page without the bodies of its script elements (ECharts itself holds
// markup such as "<img src=" in strings), for checks on the HTML around them.
func outsideScripts(page string) string {
	var b strings.Builder
	for {
		i := strings.Index(page, "<script>")
		if i < 0 {
			b.WriteString(page)
			return b.String()
		}
		b.WriteString(page[:i+len("<script>")])
		page = page[i+len("<script>"):]
		if j := strings.Index(page, "</script>"); j >= 0 {
			page = page[j:]
		}
	}
}

var (
	rowRE  = regexp.MustCompile(`<tr>(.*?)</tr>`)
	cellRE = regexp.MustCompile(`<t[dh][^>]*>(.*?)</t[dh]>`)
)

// tableOf returns the data table of a page as text: the header row, then the body rows.
func tableOf(page string) [][]string {
	var rows [][]string
	for _, r := range rowRE.FindAllStringSubmatch(page, -1) {
		var row []string
		for _, c := range cellRE.FindAllStringSubmatch(r[1], -1) {
			row = append(row, html.UnescapeString(c[1]))
		}
		rows = append(rows, row)
	}
	return rows
}

func TestRender_files(t *testing.T) {
	t.Parallel()
	var pages []string
	for _, kind := range Kinds() {
		pages = append(pages, kind+".html", kind+".embed.html", kind+".svg")
	}
	licences := []string{"licenses/LICENSE-echarts", "licenses/NOTICE-echarts", "licenses/LICENSE-d3", "licenses/LICENSE-world-atlas"}
	tests := []struct {
		name  string
		langs []string
		want  []string // languages written
	}{
		{"all by default", nil, []string{"en", "fr", "es"}},
		{"one language", []string{"fr"}, []string{"fr"}},
		{"repeated language once", []string{"es", "es"}, []string{"es"}},
		{"two in the order asked", []string{"es", "en"}, []string{"es", "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := renderT(t, defaultDataset(t), Options{Langs: tt.langs})
			var want []string
			for _, l := range tt.want {
				for _, p := range pages {
					want = append(want, l+"/"+p)
				}
			}
			want = append(append(want, "index.html"), licences...)
			var got []string
			for _, f := range files {
				got = append(got, f.Path)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			// The gallery links every page and snippet written, and nothing else.
			links := regexp.MustCompile(`href="([a-z]{2}/[a-z]+(?:\.embed)?\.html)"`).FindAllStringSubmatch(fileOf(t, files, "index.html"), -1)
			var linked, wantLinked []string
			for _, l := range links {
				linked = append(linked, l[1])
			}
			for _, p := range want[:len(tt.want)*len(pages)] {
				if strings.HasSuffix(p, ".html") {
					wantLinked = append(wantLinked, p)
				}
			}
			if diff := cmp.Diff(wantLinked, linked); diff != "" {
				t.Errorf("gallery links (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWrite_deterministic: two runs on the same data write byte-identical files, so
// element ids are not random.
func TestWrite_deterministic(t *testing.T) {
	t.Parallel()
	dirs := []string{t.TempDir(), t.TempDir()}
	var written [2][]string
	for i, dir := range dirs {
		paths, err := Write(t.Context(), dir, defaultDataset(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				t.Fatal(err)
			}
			written[i] = append(written[i], rel)
		}
	}
	if diff := cmp.Diff(written[0], written[1]); diff != "" {
		t.Fatalf("paths differ between runs (-first +second):\n%s", diff)
	}
	if len(written[0]) != 41 {
		t.Errorf("wrote %d files, want 41 (24 pages and snippets, 12 slides, the gallery, 4 licences)", len(written[0]))
	}
	for _, rel := range written[0] {
		a, errA := os.ReadFile(filepath.Join(dirs[0], rel))
		b, errB := os.ReadFile(filepath.Join(dirs[1], rel))
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs on the same data", rel)
		}
	}
	// Nothing but the published files: no temporary file left behind.
	var all []string
	err := filepath.WalkDir(dirs[0], func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dirs[0], p)
			all = append(all, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(all)
	want := slices.Sorted(slices.Values(written[0]))
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("files on disk (-want +got):\n%s", diff)
	}
}

// TestRender_ids: each chart's element id comes from its kind and language, and no id
// repeats across snippets, so several snippets can share a page.
func TestRender_ids(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	idRE := regexp.MustCompile(`\bid="([^"]+)"`)
	owner := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".embed.html") {
			continue
		}
		lang, file, _ := strings.Cut(f.Path, "/")
		kind := strings.TrimSuffix(file, ".embed.html")
		var ids []string
		for _, m := range idRE.FindAllStringSubmatch(outsideScripts(string(f.Data)), -1) {
			ids = append(ids, m[1])
			if prev, dup := owner[m[1]]; dup {
				t.Errorf("id %q is in both %s and %s", m[1], prev, f.Path)
			}
			owner[m[1]] = f.Path
		}
		want := []string{"gnlc_" + kind + "_" + lang + "-figure", "gnlc_" + kind + "_" + lang}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("%s ids (-want +got):\n%s", f.Path, diff)
		}
		if !strings.Contains(string(f.Data), `document.getElementById("gnlc_`+kind+`_`+lang+`")`) {
			t.Errorf("%s: the script does not address its own element", f.Path)
		}
	}
}

// TestRender_growth checks the growth chart against the published figures
// (announcements.csv) and the named members (README.md).
func TestRender_growth(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{Langs: []string{"en", "fr"}})
	page := fileOf(t, files, "en/growth.html")
	o := optionOf(t, page)
	years := o["xAxis"].([]any)[0].(map[string]any)["data"]
	wantYears := []any{"2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"}
	if diff := cmp.Diff(wantYears, years); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
	// Lines only: the new cities per year are the table's and the cohort chart's.
	want := map[string][]any{
		"Member cities (as published)":     {"-", 115.0, 177.0, 182.0, "-", 229.0, "-", 294.0, 292.0, 356.0, 425.0},
		"Member cities (named members)":    {9.0, 54.0, 62.0, 71.0, 97.0, 139.0, 139.0, 208.0, 208.0, 264.0, 310.0},
		"Member countries (as published)":  {"-", 28.0, 41.0, "-", 53.0, 64.0, "-", 76.0, 76.0, 79.0, 91.0},
		"Member countries (named members)": {9.0, 19.0, 22.0, 23.0, 29.0, 41.0, 41.0, 61.0, 61.0, 64.0, 73.0},
	}
	if diff := cmp.Diff(want, series(t, o)); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	// Cities on the left axis, countries on their own at the right; a year with no published
	// figure is a gap, not a line drawn across it.
	axes := map[string]any{}
	for _, s := range o["series"].([]any) {
		m := s.(map[string]any)
		axes[m["name"].(string)] = m["yAxisIndex"]
		if m["type"] != "line" || m["connectNulls"] != false {
			t.Errorf("series %s: type %v, connectNulls %v; want a line with gaps", m["name"], m["type"], m["connectNulls"])
		}
	}
	wantAxes := map[string]any{"Member cities (as published)": nil, "Member cities (named members)": nil,
		"Member countries (as published)": 1.0, "Member countries (named members)": 1.0}
	if diff := cmp.Diff(wantAxes, axes); diff != "" {
		t.Errorf("y axis of each series (-want +got):\n%s", diff)
	}
	if n := len(o["yAxis"].([]any)); n != 2 {
		t.Errorf("%d y axes, want 2 (cities, countries)", n)
	}

	// The data table, in French number formatting: 2024→2025 is the published 356→425 and 79→91.
	table := tableOf(fileOf(t, files, "fr/growth.html"))
	wantRows := [][]string{
		{"Année", "Nouvelles villes (publiées)", "Nouvelles villes (membres nommés)", "Villes membres (publiées)",
			"Villes membres (membres nommés)", "Pays membres (publiés)", "Pays membres (membres nommés)", "Couverture de la cohorte"},
		{"2024", "64", "56", "356", "264", "79", "64", "87,5\u00a0%"},
		{"2025", "72", "46", "425", "310", "91", "73", "63,9\u00a0%"},
	}
	got := [][]string{table[0], table[10], table[11]}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Errorf("French table (-want +got):\n%s", diff)
	}
	if !strings.Contains(page, `aria-label="Line chart of the network&#39;s growth from 2015 to 2025`) ||
		!strings.Contains(page, "In 2025: 425 cities in 91 countries as published, 310 named members.") {
		t.Errorf("growth description is not the expected text alternative")
	}
}

func TestRender_regions(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{Langs: []string{"es"}})
	o := optionOf(t, fileOf(t, files, "es/regions.html"))
	want := map[string][]any{
		// README.md: named members by region; members.csv: the 2025 cohort by region.
		"Miembros nombrados por región": {32.0, 48.0, 91.0, 90.0, 49.0},
		"Nuevos miembros en 2025":       {3.0, 12.0, 15.0, 6.0, 10.0},
	}
	if diff := cmp.Diff(want, series(t, o)); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	table := tableOf(fileOf(t, files, "es/regions.html"))
	wantTable := [][]string{
		{"Región", "Miembros nombrados", "Proporción", "Nuevos en 2025"},
		{"África", "32", "10,3\u00a0%", "3"},
		{"Estados Árabes", "48", "15,5\u00a0%", "12"},
		{"Asia y el Pacífico", "91", "29,4\u00a0%", "15"},
		{"Europa y América del Norte", "90", "29,0\u00a0%", "6"},
		{"América Latina y el Caribe", "49", "15,8\u00a0%", "10"},
	}
	if diff := cmp.Diff(wantTable, table); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestRender_cohort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		rules     reports.Rules
		wantQuota bool
	}{
		{"quota in force", reports.Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2024}, true},
		{"quota not yet in force", reports.Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2026}, false},
		{"no quota rule", reports.Rules{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds := defaultDataset(t)
			ds.Rules = tt.rules
			files := renderT(t, ds, Options{Langs: []string{"en"}})
			page := fileOf(t, files, "en/cohort.html")
			o := optionOf(t, page)
			s := o["series"].([]any)[0].(map[string]any)
			var sum float64
			for _, d := range s["data"].([]any) {
				sum += d.(map[string]any)["value"].(float64)
			}
			countries := o["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
			// README.md: 46 named members of the 2025 cohort, from 28 countries.
			if sum != 46 || len(countries) != 28 {
				t.Errorf("cohort bars: %v cities in %d countries, want 46 in 28", sum, len(countries))
			}
			// Largest first, then by name: the 3-city countries, China first.
			if countries[0] != "China" || countries[len(countries)-1] != "Zambia" {
				t.Errorf("countries run from %v to %v, want China to Zambia", countries[0], countries[len(countries)-1])
			}
			ml, hasLine := s["markLine"].(map[string]any)
			if hasLine != tt.wantQuota {
				t.Fatalf("quota line present: %v, want %v", hasLine, tt.wantQuota)
			}
			if hasLine {
				line := ml["data"].([]any)[0].(map[string]any)
				if line["xAxis"] != 3.0 || line["name"] != "Quota: 3 per country" {
					t.Errorf("quota line %v, want at 3 named \"Quota: 3 per country\"", line)
				}
			}
			if got := strings.Contains(page, "A line marks the quota of 3 new cities per country and year."); got != tt.wantQuota {
				t.Errorf("description mentions the quota: %v, want %v", got, tt.wantQuota)
			}
		})
	}
}

func TestRender_map(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	o := optionOf(t, fileOf(t, files, "en/map.html"))
	series := o["series"].([]any)
	located := series[0].(map[string]any)["data"].([]any)
	centroid := series[1].(map[string]any)["data"].([]any)
	// README.md: 310 named members, 241 with coordinates; the other 69 are in countries the
	// centroid table knows.
	if len(located) != 241 || len(centroid) != 69 {
		t.Errorf("map points: %d located, %d at a centroid; want 241 and 69", len(located), len(centroid))
	}
	var larissa map[string]any
	for _, p := range located {
		if p.(map[string]any)["name"] == "Larissa" {
			larissa = p.(map[string]any)
		}
	}
	want := map[string]any{"name": "Larissa", "country": "Greece", "value": []any{22.41761, 39.63689, 2015.0}}
	if diff := cmp.Diff(want, larissa); diff != "" {
		t.Errorf("Larissa's point (-want +got):\n%s", diff)
	}
	if g := o["geo"].(map[string]any); g["map"] != "gnlc-world" || g["roam"] != false {
		t.Errorf("geo component %v: want the embedded world outline, no roaming", g)
	}
	disclaimers := map[string]string{
		"en": "The designations employed and the presentation of material on this map do not imply the expression of any opinion whatsoever on the part of UNESCO concerning the legal status of any country, territory, city or area or of its authorities, or concerning the delimitation of its frontiers or boundaries.",
		"fr": "Les appellations employées sur cette carte et la présentation des données qui y figurent n&#39;impliquent de la part de l&#39;UNESCO aucune prise de position",
		"es": "Los términos empleados en este mapa y la presentación de los datos que en él aparecen no implican toma alguna de posición de parte de la UNESCO",
	}
	for lang, d := range disclaimers {
		for _, suffix := range []string{".html", ".embed.html"} {
			if page := fileOf(t, files, lang+"/map"+suffix); !strings.Contains(page, `<p class="gnlc-note">`+d) {
				t.Errorf("%s/map%s lacks UNESCO's disclaimer in its language", lang, suffix)
			}
		}
	}
	table := tableOf(fileOf(t, files, "fr/map.html"))
	if diff := cmp.Diff([]string{"Ville", "Pays", "Année d'adhésion", "Placée à"}, table[0]); diff != "" {
		t.Errorf("map table header (-want +got):\n%s", diff)
	}
	if len(table) != 1+310 {
		t.Errorf("map table has %d rows, want 310 members", len(table)-1)
	}
}

// TestRender_mapByCountry: above mapTableMax members the table counts by country.
func TestRender_mapByCountry(t *testing.T) {
	t.Parallel()
	ds := defaultDataset(t)
	var ms []queries.Member
	for i := range mapTableMax + 1 {
		ms = append(ms, queries.Member{City: "City " + strconv.Itoa(i), Country: "Greece", ISO3: "GRC", YearJoined: 2024, Status: "active"})
	}
	ms = append(ms, queries.Member{City: "Gone", Country: "Greece", ISO3: "GRC", YearJoined: 2016, Status: "withdrawn"})
	ds.Members, ds.MemberCount = reportstest.SeqMembers(ms), int64(len(ms))
	files := renderT(t, ds, Options{Langs: []string{"en"}})
	table := tableOf(fileOf(t, files, "en/map.html"))
	want := [][]string{
		{"Country", "Named members", "At their coordinates", "At the country's centre", "Not shown"},
		{"Greece", "2,001", "0", "2,001", "0"},
	}
	if diff := cmp.Diff(want, table); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

// TestRender_locale: French and Spanish pages load ECharts' own locale; English uses the
// built-in one.
func TestRender_locale(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	for _, tt := range []struct{ lang, register, init string }{
		{"en", "", `locale: "EN"`},
		{"fr", "echarts.registerLocale('FR', localeObj)", `locale: "FR"`},
		{"es", "echarts.registerLocale('ES', localeObj)", `locale: "ES"`},
	} {
		for _, kind := range Kinds() {
			page := fileOf(t, files, tt.lang+"/"+kind+".embed.html")
			if !strings.Contains(page, tt.init) {
				t.Errorf("%s/%s: chart not initialized with %s", tt.lang, kind, tt.init)
			}
			n := strings.Count(page, "echarts.registerLocale(")
			if tt.register == "" && n != 0 || tt.register != "" && (n != 1 || !strings.Contains(page, tt.register)) {
				t.Errorf("%s/%s: %d locale registrations, want %q", tt.lang, kind, n, tt.register)
			}
			if !strings.Contains(page, `<figure class="gnlc-chart" id="gnlc_`+kind+`_`+tt.lang+`-figure" lang="`+tt.lang+`">`) {
				t.Errorf("%s/%s: figure does not declare its language", tt.lang, kind)
			}
		}
	}
}

// TestRender_offline: a page loads nothing: no src or href leaves the file, and ECharts is
// inlined whole.
func TestRender_offline(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	external := regexp.MustCompile(`(?i)<(?:script|link|img|iframe)[^>]+(?:src|href)=`)
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") || f.Path == "index.html" {
			continue
		}
		page := string(f.Data)
		if m := external.FindString(outsideScripts(page)); m != "" {
			t.Errorf("%s loads a resource: %s", f.Path, m)
		}
		if strings.Contains(page, "go-echarts.github.io") || strings.Contains(page, "cdn.") {
			t.Errorf("%s mentions a CDN", f.Path)
		}
		if !strings.Contains(page, `t.version="`+EChartsVersion+`"`) {
			t.Errorf("%s does not inline ECharts %s", f.Path, EChartsVersion)
		}
	}
}

// TestRender_escapesData: names that are markup stay text everywhere: in the option (a
// JavaScript literal inside <script>), the table, and the labels.
func TestRender_escapesData(t *testing.T) {
	t.Parallel()
	evil := `</script><script>alert(1)</script>`
	evil2 := `<img src=x onerror=alert(2)> & "quoted" 'single'`
	ds := defaultDataset(t,
		queries.Member{City: evil, Country: "France", ISO3: "FRA", YearJoined: 2025, Status: "active"},
		queries.Member{City: evil2, Country: "France", ISO3: "FRA", YearJoined: 2025, Status: "active"},
	)
	ds.Countries = append(ds.Countries, queries.CountryRow{ISO3: "ZZZ", NameEN: "<b>Bold</b>land", NameFR: "<b>Bold</b>land", NameES: "<b>Bold</b>land"})
	ds.Cohorts = append(ds.Cohorts, queries.CohortRow{Year: 2025, ISO3: "ZZZ", Country: "<b>Bold</b>land", NewCities: 1})
	files := renderT(t, ds, Options{Langs: []string{"en", "fr"}})
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") || f.Path == "index.html" {
			continue
		}
		page := string(f.Data)
		scripts := 2 // ECharts, the chart's own
		if strings.HasPrefix(f.Path, "fr/") {
			scripts++ // the locale
		}
		if strings.Contains(f.Path, "map") {
			scripts++ // the world outline
		}
		if n, m := strings.Count(page, "<script"), strings.Count(page, "</script"); n != scripts || m != scripts {
			t.Errorf("%s: %d <script and %d </script, want %d of each: data opened or closed a script", f.Path, n, m, scripts)
		}
		for _, raw := range []string{evil, "<img", "<b>Bold"} {
			if strings.Contains(outsideScripts(page), raw) {
				t.Errorf("%s contains %q unescaped", f.Path, raw)
			}
		}
		if opt := optionRE.FindString(page); strings.ContainsAny(opt, "<>&") {
			t.Errorf("%s: the option holds a raw <, > or &", f.Path)
		}
	}
	mapPage := fileOf(t, files, "en/map.html")
	for _, want := range []string{
		`<td>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>`,
		`"name":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"`,
		`<td>&lt;img src=x onerror=alert(2)&gt; &amp; &#34;quoted&#34; &#39;single&#39;</td>`,
	} {
		if !strings.Contains(mapPage, want) {
			t.Errorf("map page lacks %s", want)
		}
	}
	// Decoded, the option gives the names back exactly.
	var names []string
	for _, p := range optionOf(t, mapPage)["series"].([]any)[1].(map[string]any)["data"].([]any) {
		names = append(names, p.(map[string]any)["name"].(string))
	}
	if !slices.Contains(names, evil) || !slices.Contains(names, evil2) {
		t.Errorf("the option does not give the names back as they are")
	}
	if !strings.Contains(fileOf(t, files, "fr/cohort.html"), `<td>&lt;b&gt;Bold&lt;/b&gt;land</td>`) {
		t.Error("cohort table does not show the markup country as text")
	}
}

func TestRender_invalid(t *testing.T) {
	t.Parallel()
	errRead := errors.New("disk on fire")
	tests := []struct {
		name    string
		ds      func(t *testing.T) *reports.Dataset
		opts    Options
		wantErr error
		wantMsg string
	}{
		{"no dataset", func(*testing.T) *reports.Dataset { return nil }, Options{}, reports.ErrInvalidDataset, "no dataset"},
		{"year before the network", func(t *testing.T) *reports.Dataset { ds := defaultDataset(t); ds.Year = 2014; return ds },
			Options{}, reports.ErrInvalidDataset, "year 2014"},
		{"unknown language", func(t *testing.T) *reports.Dataset { return defaultDataset(t) }, Options{Langs: []string{"de"}}, ErrLanguage, `"de"`},
		{"year twice", func(t *testing.T) *reports.Dataset {
			ds := defaultDataset(t)
			ds.Growth = append(slices.Clone(ds.Growth), queries.GrowthRow{Year: 2024})
			return ds
		}, Options{}, reports.ErrInvalidDataset, "growth lists year 2024 twice"},
		{"share above one", func(t *testing.T) *reports.Dataset {
			ds := defaultDataset(t)
			ds.Regions = slices.Clone(ds.Regions)
			ds.Regions[0].Share = 1.5
			return ds
		}, Options{}, reports.ErrInvalidDataset, `region "Africa"`},
		{"name with the chart library's marker", func(t *testing.T) *reports.Dataset {
			return defaultDataset(t, queries.Member{City: "x__f__y", Country: "France", ISO3: "FRA", YearJoined: 2024, Status: "active"})
		}, Options{}, reports.ErrInvalidDataset, `"x__f__y"`},
		{"members announced, none given", func(t *testing.T) *reports.Dataset { ds := defaultDataset(t); ds.Members = nil; return ds },
			Options{}, reports.ErrInvalidDataset, "no member rows"},
		{"register read fails", func(t *testing.T) *reports.Dataset {
			ds := defaultDataset(t)
			ds.Members = func(yield func(queries.Member, error) bool) {
				if yield(queries.Member{City: "A", ISO3: "FRA", Status: "active"}, nil) {
					yield(queries.Member{}, errRead)
				}
			}
			return ds
		}, Options{}, errRead, "read members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			paths, err := Write(t.Context(), dir, tt.ds(t), tt.opts)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("error %v, want %v mentioning %s", err, tt.wantErr, tt.wantMsg)
			}
			entries, _ := os.ReadDir(dir)
			if len(paths) != 0 || len(entries) != 0 {
				t.Errorf("wrote %v (%d entries) for an invalid run", paths, len(entries))
			}
		})
	}
}

// TestRender_canceled: a canceled context stops the run before it writes.
func TestRender_canceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	dir := t.TempDir()
	if _, err := Write(ctx, dir, defaultDataset(t), Options{}); err == nil {
		t.Fatal("no error on a canceled context")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wrote %d entries after cancellation", len(entries))
	}
}

// TestRender_golden compares a text dump of every chart (titles, description, notes, table
// and the ECharts option) with testdata/charts/<lang>-<kind>.txt; -update rewrites them.
func TestRender_golden(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	for _, lang := range []string{"en", "fr", "es"} {
		for _, kind := range Kinds() {
			t.Run(lang+"-"+kind, func(t *testing.T) {
				got := dump(t, fileOf(t, files, lang+"/"+kind+".html"))
				reportstest.CheckGolden(t, filepath.Join("testdata", "charts", lang+"-"+kind+".txt"), got)
			})
		}
	}
}

var (
	titleRE = regexp.MustCompile(`<title>(.*?)</title>`)
	ariaRE  = regexp.MustCompile(`aria-label="([^"]*)"`)
	noteRE  = regexp.MustCompile(`<p class="gnlc-note">(.*?)</p>`)
)

// dump is a page as text: what a reader and a screen reader get, and the chart's option,
// indented, without the long lists of map points (their count stands in).
func dump(t *testing.T, page string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("title: " + html.UnescapeString(titleRE.FindStringSubmatch(page)[1]) + "\n")
	b.WriteString("aria-label: " + html.UnescapeString(ariaRE.FindStringSubmatch(page)[1]) + "\n")
	for _, n := range noteRE.FindAllStringSubmatch(page, -1) {
		b.WriteString("note: " + html.UnescapeString(n[1]) + "\n")
	}
	b.WriteString("table:\n")
	rows := tableOf(page)
	for i, r := range rows {
		if i == 12 && len(rows) > 14 {
			b.WriteString("\t… " + strconv.Itoa(len(rows)-13) + " more rows\n")
			r = rows[len(rows)-1]
		} else if i > 12 && len(rows) > 14 {
			continue
		}
		b.WriteString("\t" + strings.Join(r, " | ") + "\n")
	}
	o := optionOf(t, page)
	for _, s := range o["series"].([]any) {
		sm := s.(map[string]any)
		if sm["type"] == "scatter" {
			sm["data"] = strconv.Itoa(len(sm["data"].([]any))) + " points"
		}
	}
	j, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("option: ")
	b.Write(j)
	b.WriteString("\n")
	return b.String()
}

// BenchmarkRender renders the whole chart set (3 languages × 4 charts, pages, snippets and
// slides) of the default register, and of generated registers of 100,000 and 1,000,000
// members spread over the world, whose cost is reading them and the map's points.
func BenchmarkRender(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    int // generated members; 0: the default register
	}{{"default", 0}, {"members=100000", 100_000}, {"members=1000000", 1_000_000}} {
		b.Run(bc.name, func(b *testing.B) {
			ds := defaultDataset(b)
			if bc.n > 0 {
				ds = spreadDataset(b, bc.n)
			}
			b.ReportAllocs()
			var size int
			for b.Loop() {
				files, err := Render(b.Context(), ds, Options{})
				if err != nil {
					b.Fatal(err)
				}
				size = 0
				for _, f := range files {
					size += len(f.Data)
				}
			}
			b.ReportMetric(float64(size)/1e6, "MB/set")
		})
	}
}

// spreadDataset is the default dataset with n generated members instead of its own: in 15
// countries, four in five at coordinates spread over the inhabited latitudes, the others at
// their country's centre, one in twenty withdrawn.
func spreadDataset(tb testing.TB, n int) *reports.Dataset {
	ds := defaultDataset(tb)
	iso3s := []string{"FRA", "VNM", "KOR", "MEX", "CIV", "TUR", "MAR", "BRA", "IRN", "DEU", "CHN", "NGA", "COL", "IRL", "EGY"}
	r := rand.New(rand.NewPCG(1, 2))
	ms := make([]queries.Member, n)
	for i := range ms {
		m := &ms[i]
		*m = queries.Member{City: "City " + strconv.Itoa(i), Country: iso3s[i%len(iso3s)], ISO3: iso3s[i%len(iso3s)], YearJoined: 2015 + r.IntN(10), Status: "active"}
		if r.IntN(5) > 0 {
			lat, lon := r.Float64()*130-55, r.Float64()*350-175
			m.Lat, m.Lon = &lat, &lon
		}
		if r.IntN(20) == 0 {
			m.Status = "withdrawn"
		}
	}
	ds.Members, ds.MemberCount = reportstest.SeqMembers(ms), int64(n)
	return ds
}
