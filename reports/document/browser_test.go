package document

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/charts"
	"gnlc/reports/internal/reportstest"
	"gnlc/reports/locale"
)

// The browser tests write the three documents of the annual dataset with the slides
// reports/charts draws for it, then read them as their readers do: printed to PDF through
// PrintPDFs (A4, page numbers, the headline in the language), opened offline in Chromium at phone
// and desktop widths, checked by axe-core and the Nu Html Checker.

// writeDocs writes the documents (once per test binary) and returns their paths by language.
var writeDocs = sync.OnceValues(func() (map[string]string, error) {
	ds := reportstest.AnnualDataset()
	ctx := context.Background()
	files, err := charts.Render(ctx, ds, charts.Options{SlideCache: filepath.Join(os.TempDir(), "gnlc-test-slides")})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gnlc-document-test")
	if err != nil {
		return nil, err
	}
	paths, err := Write(ctx, dir, ds, Options{Slides: func(lang, kind string) []byte { return charts.Slide(files, lang, kind) }})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, lang := range locale.Languages {
		out[lang] = paths[i]
	}
	return out, nil
})

func docsT(t *testing.T) (map[string]string, *reports.Dataset) {
	t.Helper()
	docs, err := writeDocs()
	if err != nil {
		t.Fatal(err)
	}
	return docs, reportstest.AnnualDataset()
}

func tool(t *testing.T, name, why string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		reportstest.MissingTool(t, name+" not found ("+why+")")
	}
	return p
}

// TestDocument_printsToPDF prints the three documents with PrintPDFs, as `gnlc report --pdf`
// does, and reads the PDFs with poppler: A4 pages, a page count within bounds, every page
// numbered "i / n", and the headline written in the language.
func TestDocument_printsToPDF(t *testing.T) {
	reportstest.Chromium(t)
	pdfinfo := tool(t, "pdfinfo", "Debian: poppler-utils")
	pdftotext := tool(t, "pdftotext", "Debian: poppler-utils")
	docs, ds := docsT(t)
	var files []string
	for _, lang := range locale.Languages {
		files = append(files, docs[lang])
	}
	pdfs, err := PrintPDFs(t.Context(), files, PrintOptions{Chromium: os.Getenv("GNLC_CHROMIUM")})
	if err != nil {
		t.Fatal(err)
	}
	cities := *ds.Headline.Published.Cities
	want := map[string]string{
		"en": fmt.Sprintf("%d member cities", cities),
		"fr": fmt.Sprintf("%d villes membres", cities),
		"es": fmt.Sprintf("%d ciudades miembro", cities),
	}
	for i, lang := range locale.Languages {
		info, err := exec.CommandContext(t.Context(), pdfinfo, pdfs[i]).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(info), "(A4)") {
			t.Errorf("%s: not A4:\n%s", lang, info)
		}
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(string(info))
		pages, _ := strconv.Atoi(m[1])
		if pages < 5 || pages > 14 {
			t.Errorf("%s: %d pages, want 5 to 14 (a page per section)", lang, pages)
		}
		for page := 1; page <= pages; page++ {
			out, err := exec.CommandContext(t.Context(), pdftotext, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-layout", pdfs[i], "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			if !regexp.MustCompile(fmt.Sprintf(`\b%d ?/ ?%d\b`, page, pages)).MatchString(text) {
				t.Errorf("%s: page %d is not numbered %d / %d", lang, page, page, pages)
			}
			if page == 1 && !strings.Contains(text, want[lang]) {
				t.Errorf("%s: the first page does not say %q:\n%.600s", lang, want[lang], text)
			}
		}
	}
}

// TestDocument_offline opens each document from disk with the network cut off, at a phone's
// width and a desktop's: no request leaves it, nothing is logged as an error, and nothing is
// wider than the screen.
func TestDocument_offline(t *testing.T) {
	browser := reportstest.NewBrowser(t)
	docs, _ := docsT(t)
	for _, lang := range locale.Languages {
		for _, width := range []int64{360, 1280} {
			t.Run(fmt.Sprintf("%s/%d", lang, width), func(t *testing.T) {
				var overflow int64
				rep := reportstest.OpenOffline(t, browser, docs[lang], "", func(ctx context.Context) {
					if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
						t.Fatal(err)
					}
					var err error
					if overflow, err = chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth - window.innerWidth`)); err != nil {
						t.Fatal(err)
					}
				})
				reportstest.AssertClean(t, lang, rep)
				if overflow > 0 {
					t.Errorf("the page is %d px wider than a %d px screen", overflow, width)
				}
			})
		}
	}
}

// TestDocument_axe: no serious or critical WCAG 2.1 AA violation, one main, one h1, all content
// in landmarks.
func TestDocument_axe(t *testing.T) {
	axeJS, err := os.ReadFile(reportstest.CheckerFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	browser := reportstest.NewBrowser(t)
	docs, _ := docsT(t)
	for _, lang := range locale.Languages {
		var bad []reportstest.AxeViolation
		reportstest.OpenOffline(t, browser, docs[lang], "", func(ctx context.Context) { bad = reportstest.A11yCheck(t, ctx, string(axeJS)) })
		for _, v := range bad {
			t.Errorf("%s: axe: %s", lang, v)
		}
	}
}

// TestDocument_validHTML: the Nu Html Checker finds no error in any document.
func TestDocument_validHTML(t *testing.T) {
	reportstest.CheckerFile(t, "vnu-jar/build/dist/vnu.jar")
	docs, _ := docsT(t)
	var files []string
	for _, lang := range locale.Languages {
		files = append(files, docs[lang])
	}
	byFile := reportstest.RunVNU(t, files)
	for _, f := range files {
		for _, m := range byFile[filepath.Clean(f)] {
			if m.IsError() {
				t.Errorf("%s: %s", filepath.Base(f), m)
			} else {
				t.Logf("%s: %s %s: %s", filepath.Base(f), m.Type, m.SubType, m)
			}
		}
	}
}

// TestDocument_longTableRepeatsHeader: a table that spans pages repeats its header row on each.
func TestDocument_longTableRepeatsHeader(t *testing.T) {
	reportstest.Chromium(t)
	pdftotext := tool(t, "pdftotext", "Debian: poppler-utils")
	ds := reportstest.AnnualDataset()
	for i := range 150 {
		ds.Quota = append(ds.Quota, queries.QuotaRow{Year: ds.Year, ISO3: fmt.Sprintf("X%02d", i), Country: fmt.Sprintf("Country %03d", i), NewCities: 1, Limit: 3, Applies: true})
	}
	b, err := Render(t.Context(), ds, "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "long.en.html")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	pdfs, err := PrintPDFs(t.Context(), []string{file}, PrintOptions{Chromium: os.Getenv("GNLC_CHROMIUM")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), pdftotext, pdfs[0], "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var withRows, withHeader int
	for _, page := range strings.Split(string(out), "\f") {
		if strings.Contains(page, "Country 0") {
			withRows++
			if strings.Contains(page, "State") && strings.Contains(page, "Limit") {
				withHeader++
			}
		}
	}
	if withRows < 3 || withHeader != withRows {
		t.Errorf("the quota table spans %d pages, %d of them with its header; want at least 3, every one", withRows, withHeader)
	}
}
