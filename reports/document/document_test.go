package document

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
	"gnlc/reports/locale"
)

// chartsInDocument: the growth, regions and map slides, one per section that has a chart.
const chartsInDocument = 3

// fakeSlide stands for a chart's slide as reports/charts draws it: an XML prolog, ECharts'
// private attributes and ids numbered from zero, the same in every slide.
func fakeSlide(lang, kind string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<svg width="1920" height="1080" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 1920 1080" role="img" aria-labelledby="gnlc-title gnlc-desc">
<title id="gnlc-title">` + kind + ` (` + lang + `)</title>
<desc id="gnlc-desc">A chart.</desc>
<rect width="1920" height="1080" x="0" y="0" fill="none"></rect>
<text xml:space="preserve" class="zr0-cls-0" ecmeta_ssr_type="chart">Source</text>
<style ><![CDATA[
.zr0-cls-0:hover {
cursor:pointer;
}
]]></style>
</svg>
`)
}

func renderT(t *testing.T, ds *reports.Dataset, lang string) []byte {
	t.Helper()
	b, err := Render(t.Context(), ds, lang, fakeSlide)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// all returns the elements under n that match.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func is(a atom.Atom) func(*html.Node) bool { return func(n *html.Node) bool { return n.DataAtom == a } }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestRender_structure: one h1, headings that never skip a level, the landmarks, a table of
// contents pointing at every section, data tables with captions and scoped headers, and every
// chart an inline SVG with its own <title> and <desc>, ids unique in the page.
func TestRender_structure(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			doc := parse(t, renderT(t, ds, lang))
			if h := all(doc, is(atom.Html)); len(h) != 1 || attr(h[0], "lang") != lang {
				t.Errorf("<html lang> is not %q", lang)
			}
			if n := len(all(doc, is(atom.H1))); n != 1 {
				t.Errorf("%d h1, want 1", n)
			}
			level := 1
			for _, h := range all(doc, func(n *html.Node) bool {
				return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
			}) {
				l := int(h.Data[1] - '0')
				if l > level+1 {
					t.Errorf("heading %q is h%d after h%d", text(h), l, level)
				}
				level = l
			}
			for _, a := range []atom.Atom{atom.Main, atom.Nav, atom.Header, atom.Footer} {
				if n := len(all(doc, is(a))); n != 1 {
					t.Errorf("%d <%s>, want 1", n, a)
				}
			}
			ids := map[string]int{}
			for _, n := range all(doc, func(n *html.Node) bool { return attr(n, "id") != "" }) {
				ids[attr(n, "id")]++
			}
			for id, n := range ids {
				if n > 1 {
					t.Errorf("id %q appears %d times", id, n)
				}
			}
			links := all(doc, func(n *html.Node) bool { return n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "#") })
			sections := all(doc, func(n *html.Node) bool { return n.DataAtom == atom.Section && attr(n, "id") != "" })
			if len(sections) != 7 || len(links) != len(sections)+1 { // the skip link, then the contents
				t.Errorf("%d sections and %d in-page links, want 7 and 8", len(sections), len(links))
			}
			for _, a := range links {
				if ids[strings.TrimPrefix(attr(a, "href"), "#")] != 1 {
					t.Errorf("link %q points nowhere", attr(a, "href"))
				}
			}
			tables := all(doc, is(atom.Table))
			if len(tables) < 6 {
				t.Errorf("%d tables, want one per section with data (6)", len(tables))
			}
			for _, tb := range tables {
				if len(all(tb, is(atom.Caption))) != 1 {
					t.Errorf("a table has no caption: %.80s", text(tb))
				}
				for _, th := range all(tb, is(atom.Th)) {
					if s := attr(th, "scope"); s != "col" && s != "row" {
						t.Errorf("table %q: header %q has scope %q", text(all(tb, is(atom.Caption))[0]), text(th), s)
					}
				}
			}
			svgs := all(doc, func(n *html.Node) bool { return n.Data == "svg" })
			if len(svgs) != chartsInDocument {
				t.Errorf("%d inline SVG charts, want %d", len(svgs), chartsInDocument)
			}
			for _, s := range svgs {
				title, desc := all(s, func(n *html.Node) bool { return n.Data == "title" }), all(s, func(n *html.Node) bool { return n.Data == "desc" })
				if len(title) != 1 || len(desc) != 1 || attr(s, "aria-labelledby") != attr(title[0], "id")+" "+attr(desc[0], "id") {
					t.Errorf("an SVG chart is not labelled by its own <title> and <desc>: %v", s.Attr)
				}
				for _, n := range all(s, func(*html.Node) bool { return true }) {
					for _, a := range n.Attr {
						if strings.HasPrefix(a.Key, "ecmeta_") || a.Key == "xml:space" {
							t.Errorf("<%s> keeps ECharts' attribute %s, which HTML does not allow", n.Data, a.Key)
						}
					}
				}
			}
		})
	}
}

// numbers are the digits of every number in s, grouping removed: "1 234" and "1,234" → "1234".
var numberRE = regexp.MustCompile(`\d+(?:[,.\x{00A0}\x{202F}]\d{3})*`)

func numbers(s string) []string {
	var out []string
	for _, m := range numberRE.FindAllString(s, -1) {
		out = append(out, strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m))
	}
	return out
}

func has(list []string, n int64) bool {
	for _, s := range list {
		if s == strconv.FormatInt(n, 10) {
			return true
		}
	}
	return false
}

// TestRender_proseMatchesTables reads each document as a reader would and checks that the
// numbers its sentences give are those of its cards and tables, and of the Dataset.
func TestRender_proseMatchesTables(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	pub, prev := ds.Headline.Published, ds.PreviousHeadline.Published
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			doc := parse(t, renderT(t, ds, lang))
			lead := all(doc, func(n *html.Node) bool { return attr(n, "class") == "lead" })
			if len(lead) == 0 {
				t.Fatal("no lead paragraph")
			}
			sentence := numbers(text(lead[0]))
			for name, want := range map[string]int64{"year": int64(ds.Year), "new cities": *pub.NewCities, "their countries": *pub.NewCountries,
				"members": *pub.Cities, "countries": *pub.Countries, "change": *pub.Cities - *prev.Cities, "previous cohort": int64(ds.PreviousHeadline.Year)} {
				if !has(sentence, want) {
					t.Errorf("the lead %q lacks the %s, %d", text(lead[0]), name, want)
				}
			}
			cards := all(doc, func(n *html.Node) bool { return attr(n, "class") == "value" })
			var values []string
			for _, c := range cards {
				values = append(values, numbers(text(c))...)
			}
			for _, want := range []int64{*pub.Cities, *pub.Countries, *pub.NewCities, *ds.Headline.Named.Cities} {
				if !has(values, want) {
					t.Errorf("the cards %q lack %d", values, want)
				}
			}
			// The growth table's row of the year: published members as the cards say.
			growth := tableRows(t, doc, "growth")
			last := growth[len(growth)-1]
			if last[0] != strconv.Itoa(ds.Year) || numbers(last[2])[0] != strconv.FormatInt(*pub.Cities, 10) {
				t.Errorf("growth table's last row %q, want %d with %d members", last, ds.Year, *pub.Cities)
			}
			// The regions table's total is the named members.
			regions := tableRows(t, doc, "regions")
			if tot := numbers(regions[len(regions)-1][1]); tot[0] != strconv.FormatInt(*ds.Headline.Named.Cities, 10) {
				t.Errorf("regions total %q, want %d named members", regions[len(regions)-1], *ds.Headline.Named.Cities)
			}
			// The cohort's sentence names as many cities as its table's total.
			cohort := sectionOf(t, doc, "cohort")
			named := numbers(text(all(cohort, is(atom.P))[0]))
			rows := tableRows(t, doc, "cohort")
			if total := numbers(rows[len(rows)-1][2]); named[0] != total[0] {
				t.Errorf("the cohort's sentence names %s cities, its table totals %s", named[0], total[0])
			}
		})
	}
}

func sectionOf(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	s := all(doc, func(n *html.Node) bool { return n.DataAtom == atom.Section && attr(n, "id") == id })
	if len(s) != 1 {
		t.Fatalf("no section %q", id)
	}
	return s[0]
}

// tableRows returns the cells' texts of the first table in a section, body and foot.
func tableRows(t *testing.T, doc *html.Node, id string) [][]string {
	t.Helper()
	tables := all(sectionOf(t, doc, id), is(atom.Table))
	if len(tables) == 0 {
		t.Fatalf("section %q has no table", id)
	}
	var rows [][]string
	for _, tr := range all(tables[0], is(atom.Tr)) {
		if tr.Parent.DataAtom == atom.Thead {
			continue
		}
		var row []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				row = append(row, text(c))
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// TestRender_escapesData: names from the register stay text, whatever they hold.
func TestRender_escapesData(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	ds.Members = reportstest.SeqMembers([]queries.Member{{City: evil, Country: "Cameroon", ISO3: "CMR", YearJoined: ds.Year, Status: "active"}})
	ds.Sources = append(ds.Sources, queries.Source{Path: `a"b<i>.csv`, Kind: "members", SHA256: strings.Repeat("0", 64)})
	for _, lang := range locale.Languages {
		doc := parse(t, renderT(t, ds, lang))
		if n := all(doc, func(n *html.Node) bool {
			return n.DataAtom == atom.Script || n.DataAtom == atom.Img || n.DataAtom == atom.I
		}); len(n) > 0 {
			t.Errorf("%s: data made %d element(s)", lang, len(n))
		}
		body := text(doc)
		if !strings.Contains(body, evil) || !strings.Contains(body, `a"b<i>.csv`) {
			t.Errorf("%s: the names are not on the page as text", lang)
		}
	}
}

// TestRender_deterministic: the same Dataset gives the same bytes, run after run.
func TestRender_deterministic(t *testing.T) {
	t.Parallel()
	for _, lang := range locale.Languages {
		a, b := renderT(t, reportstest.AnnualDataset(), lang), renderT(t, reportstest.AnnualDataset(), lang)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", lang)
		}
	}
}

// TestRender_golden keeps the whole English document in testdata/ (go test -update rewrites it).
func TestRender_golden(t *testing.T) {
	t.Parallel()
	reportstest.CheckGolden(t, filepath.Join("testdata", "annual.en.golden.html"), string(renderT(t, reportstest.AnnualDataset(), "en")))
}

// TestRender_missingChart: a chart not drawn is said, not left as an empty figure.
func TestRender_missingChart(t *testing.T) {
	t.Parallel()
	b, err := Render(t.Context(), reportstest.AnnualDataset(), "fr", nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := parse(t, b)
	if n := len(all(doc, func(n *html.Node) bool { return attr(n, "class") == "missing" })); n != chartsInDocument {
		t.Errorf("%d charts said missing, want %d", n, chartsInDocument)
	}
}

// TestRender_plurals: one city, one country, in each language's grammar.
func TestRender_plurals(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	one := int64(1)
	ds.Headline.Published.NewCities, ds.Headline.Published.NewCountries = &one, &one
	for lang, want := range map[string]string{
		"en": fmt.Sprintf("In %d, 1 city from 1 country joined the network", ds.Year),
		"fr": fmt.Sprintf("En %d, 1 ville de 1 pays a rejoint le réseau", ds.Year),
		"es": fmt.Sprintf("En %d, 1 ciudad de 1 país se unió a la red", ds.Year),
	} {
		if got := text(parse(t, renderT(t, ds, lang))); !strings.Contains(got, want) {
			t.Errorf("%s: no %q", lang, want)
		}
	}
}

// A cohort of more than cohortListMax named cities is not listed by name: each country gives its
// count from Dataset.Cohorts, a sentence says where the names are, and the register is not read.
// At most cohortListMax, the names are there.
func TestRender_largeCohortCounts(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	var per int64 = cohortListMax // two countries or more of the year: past the limit
	var countries []string
	for i, r := range ds.Cohorts {
		if r.Year == ds.Year {
			ds.Cohorts[i].NewCities = per
			countries = append(countries, r.ISO3)
		}
	}
	if len(countries) < 2 {
		t.Fatalf("the test dataset's cohort has %d countries, want 2 or more", len(countries))
	}
	ds.Members = func(yield func(queries.Member, error) bool) {
		t.Error("the register was read for a cohort too long to list")
	}
	for lang, want := range map[string][2]string{
		"en": {"2,000 cities", "The cohort has more than 2,000 named cities"},
		"fr": {"2 000 villes", "La cohorte compte plus de 2 000 villes nommées"}, // text() makes every space one
		"es": {"2000 ciudades", "La cohorte tiene más de 2000 ciudades nombradas"},
	} {
		got := text(parse(t, renderT(t, ds, lang)))
		if n := strings.Count(got, want[0]); n < len(countries) {
			t.Errorf("%s: %q %d times, want once for each of the %d countries", lang, want[0], n, len(countries))
		}
		if !strings.Contains(got, want[1]) {
			t.Errorf("%s: no %q", lang, want[1])
		}
	}

	small := reportstest.AnnualDataset()
	if got := text(parse(t, renderT(t, small, "en"))); strings.Contains(got, "named cities: each country") {
		t.Errorf("a cohort of %d cities is not listed by name", cohortSize(small))
	}
}
