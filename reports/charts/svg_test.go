package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/reports/internal/reportstest"
)

// svgDoc is what a slide says, read as XML: its size, its title and description, the text of
// its <text> elements, and the largest font.
type svgDoc struct {
	width, height, title, desc string
	texts                      []string
	maxFontPx                  float64
	// spans are the horizontal extents of the texts, from their position, anchor and size, as
	// the slide's own text measure (measureText) lays them out.
	spans []textSpan
}

// textSpan is one <text> element: its text, and where it starts and ends across the slide.
type textSpan struct {
	text        string
	left, right float64
}

// textAt is what a <text> element's attributes say of its place: x, anchor and font size.
type textAt struct {
	x, px  float64
	anchor string
}

var translateRE = regexp.MustCompile(`translate\(([-\d.]+)[ ,]+([-\d.]+)\)`)

var fontSizeAttr = regexp.MustCompile(`font-size:\s*(\d+(?:\.\d+)?)px`)

// readSVG parses svg as XML, failing the test when it is not well-formed.
func readSVG(t *testing.T, svg []byte) svgDoc {
	t.Helper()
	var d svgDoc
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var stack []string
	var at textAt // of the <text> element being read
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return d
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			if e.Name.Local == "text" {
				at = textAtOf(e)
			}
			for _, a := range e.Attr {
				switch {
				case e.Name.Local == "svg" && a.Name.Local == "width":
					d.width = a.Value
				case e.Name.Local == "svg" && a.Name.Local == "height":
					d.height = a.Value
				case a.Name.Local == "style" && e.Name.Local == "text":
					if m := fontSizeAttr.FindStringSubmatch(a.Value); m != nil {
						px, _ := strconv.ParseFloat(m[1], 64)
						d.maxFontPx = max(d.maxFontPx, px)
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "title":
				d.title += string(e)
			case "desc":
				d.desc += string(e)
			case "text", "tspan":
				d.texts = append(d.texts, string(e))
				d.spans = append(d.spans, at.span(string(e)))
			}
		}
	}
}

// TestRender_slides: every chart in every language has a 1920×1080 slide beside its page, with
// no script, its title and description for screen readers, a title of 40 px at least, its source
// line as text, and the page's numbers.
func TestRender_slides(t *testing.T) {
	t.Parallel()
	ds := defaultDataset(t)
	files := renderT(t, ds, Options{})
	for _, lang := range []string{"en", "fr", "es"} {
		for _, kind := range Kinds() {
			t.Run(lang+"-"+kind, func(t *testing.T) {
				svg := fileOf(t, files, lang+"/"+kind+".svg")
				page := fileOf(t, files, lang+"/"+kind+".html")
				d := readSVG(t, []byte(svg))
				if d.width != "1920" || d.height != "1080" {
					t.Errorf("size %s×%s, want 1920×1080 (16:9)", d.width, d.height)
				}
				if strings.Contains(strings.ToLower(svg), "<script") {
					t.Errorf("the slide holds a script")
				}
				if want := titleRE.FindStringSubmatch(page)[1]; d.title != html.UnescapeString(want) {
					t.Errorf("<title> %q, want the page's %q", d.title, want)
				}
				if want := html.UnescapeString(ariaRE.FindStringSubmatch(page)[1]); d.desc != want {
					t.Errorf("<desc> %q, want the page's text alternative %q", d.desc, want)
				}
				if d.maxFontPx < 40 {
					t.Errorf("largest text %.0f px, want a title of 40 px at least", d.maxFontPx)
				}
				// No text runs off the slide's sides (a label cut mid-word).
				for _, sp := range d.spans {
					if sp.left < -1 || sp.right > 1921 {
						t.Errorf("%q spans x %.0f to %.0f: off the 1920-pixel slide", sp.text, sp.left, sp.right)
					}
				}
				all := strings.Join(d.texts, " ") // a source line may break over two
				source := html.UnescapeString(noteRE.FindStringSubmatch(page)[1])
				if !strings.Contains(all, source) {
					t.Errorf("no source line %q among the slide's texts", source)
				}
			})
		}
	}
	// The page's numbers, on the slide: each region's members and each cohort country's count.
	regions := strings.Join(readSVG(t, []byte(fileOf(t, files, "en/regions.svg"))).texts, "\n")
	for _, r := range ds.Regions {
		if !strings.Contains(regions, strconv.FormatInt(r.Members, 10)) {
			t.Errorf("regions slide lacks %s's %d members", r.Region, r.Members)
		}
	}
	// The cohort's countries on one slide: the 14 largest, then the others as one bar.
	cohort := readSVG(t, []byte(fileOf(t, files, "en/cohort.svg"))).texts
	var others string
	for _, s := range cohort {
		if strings.HasPrefix(s, "Others (") {
			others = s
		}
	}
	var countries int
	for _, c := range ds.Cohorts {
		if c.Year == ds.Year {
			countries++
		}
	}
	if want := fmt.Sprintf("Others (%d countries)", countries-14); countries <= slideCohortBars || others != want {
		t.Errorf("cohort slide: others bar %q, want %q (of %d countries)", others, want, countries)
	}
	growth := readSVG(t, []byte(fileOf(t, files, "en/growth.svg"))).texts
	for _, y := range []string{"2015", "2025"} {
		if !containsText(growth, y) {
			t.Errorf("growth slide has no year %s on its axis", y)
		}
	}
}

// textAtOf reads a <text> element's position, anchor and font size.
func textAtOf(e xml.StartElement) textAt {
	var at textAt
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "transform":
			if m := translateRE.FindStringSubmatch(a.Value); m != nil {
				at.x, _ = strconv.ParseFloat(m[1], 64)
			}
		case "text-anchor":
			at.anchor = a.Value
		case "style":
			if m := fontSizeAttr.FindStringSubmatch(a.Value); m != nil {
				at.px, _ = strconv.ParseFloat(m[1], 64)
			}
		}
	}
	return at
}

// span is where text drawn at at lies, as wide as the slide's own text measure makes it.
func (at textAt) span(text string) textSpan {
	w := measureText(text, fmt.Sprintf("%gpx", at.px))
	switch at.anchor {
	case "end":
		return textSpan{text, at.x - w, at.x}
	case "middle":
		return textSpan{text, at.x - w/2, at.x + w/2}
	}
	return textSpan{text, at.x, at.x + w}
}

func containsText(texts []string, s string) bool {
	for _, t := range texts {
		if t == s {
			return true
		}
	}
	return false
}

// TestRender_slideEscapesData: a country named like markup never writes an element into the
// slide, which stays well-formed XML; a name with an ampersand and quotes reads as written.
func TestRender_slideEscapesData(t *testing.T) {
	t.Parallel()
	ds := defaultDataset(t)
	evil, odd := `<script>x</script>&amp;`, `Saint Kitts & "Nevis" 'here'`
	for i := range ds.Countries {
		switch ds.Countries[i].ISO3 { // both in the 2025 cohort
		case "CHN":
			ds.Countries[i].NameEN = evil
		case "EGY":
			ds.Countries[i].NameEN = odd
		}
	}
	files := renderT(t, ds, Options{Langs: []string{"en"}})
	svg := fileOf(t, files, "en/cohort.svg")
	if strings.Contains(svg, "<script") {
		t.Fatalf("a country's name wrote a <script> element into the slide")
	}
	if !containsText(readSVG(t, []byte(svg)).texts, odd) {
		t.Errorf("the country's name is not on the slide as text: %q", readSVG(t, []byte(svg)).texts)
	}
}

// TestRender_slideCache: a second run reads its slides from the cache, byte for byte what
// drawing gives; an entry that is not a slide is drawn again.
func TestRender_slideCache(t *testing.T) {
	t.Parallel()
	ds := defaultDataset(t)
	cache := t.TempDir()
	first := renderT(t, ds, Options{Langs: []string{"fr"}, SlideCache: cache})
	entries, err := os.ReadDir(cache)
	if err != nil || len(entries) != len(Kinds()) {
		t.Fatalf("the cache holds %d entries (%v), want one per chart", len(entries), err)
	}
	if err := os.WriteFile(filepath.Join(cache, entries[0].Name()), []byte("broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	second := renderT(t, ds, Options{Langs: []string{"fr"}, SlideCache: cache})
	drawn, err := Render(t.Context(), ds, Options{Langs: []string{"fr"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if !bytes.Equal(first[i].Data, second[i].Data) || !bytes.Equal(first[i].Data, drawn[i].Data) {
			t.Errorf("%s differs between a drawn, a cached and a redrawn run", first[i].Path)
		}
	}
}

// TestRender_slideOpensInLibreOffice converts a slide with LibreOffice Draw, as a slide program
// imports it: its title and source line come out as text in the PDF.
func TestRender_slideOpensInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	office := reportstest.Office(t)
	files := renderT(t, defaultDataset(t), Options{Langs: []string{"fr"}})
	dir := t.TempDir()
	svg := filepath.Join(dir, "growth.svg")
	if err := os.WriteFile(svg, []byte(fileOf(t, files, "fr/growth.svg")), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := reportstest.ConvertToPDF(t, office, svg)
	bin := reportstest.Tool(t, "pdftotext is not installed (Debian: apt-get install poppler-utils)", "pdftotext")
	out, err := exec.CommandContext(t.Context(), bin, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Croissance du réseau", "Sources : annonces de l'UNESCO", "2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF of the slide lacks %q:\n%s", want, text)
		}
	}
	if diff := cmp.Diff(1, reportstest.PDFPages(t, pdf)); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
}
