package charts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

// The browser tests open the chart files from disk in headless Chromium, with every request that
// is not for a local file failed (reportstest.OpenOffline), and check what a conference organizer
// would see: the charts draw, nothing is fetched, nothing is logged as an error, and data cannot
// inject script. GNLC_SCREENSHOT_DIR keeps the screenshots (default: the test's temporary folder).

type pageReport = reportstest.PageReport

func newBrowser(t *testing.T) context.Context { t.Helper(); return reportstest.NewBrowser(t) }

// openPage opens file offline, waits until want charts have rendered and runs check.
func openPage(t *testing.T, browser context.Context, file string, want int, check func(ctx context.Context)) *pageReport {
	t.Helper()
	ready := fmt.Sprintf(`document.querySelectorAll("[data-gnlc-rendered]").length >= %d`, want)
	return reportstest.OpenOffline(t, browser, file, ready, check)
}

func assertClean(t *testing.T, name string, rep *pageReport) {
	t.Helper()
	reportstest.AssertClean(t, name, rep)
}

// pixels screenshots one element and measures how much of it differs from the white page:
// the share of pixels more than 24 (sum of |ΔR|+|ΔG|+|ΔB|) from white, and the number of
// distinct colours.
type pixelStats struct {
	W, H     int
	Inked    float64 // share of non-background pixels
	Colours  int
	Filename string
}

func screenshot(t *testing.T, ctx context.Context, sel, dir, name string) pixelStats {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("screenshot %s: %v", sel, err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("decode screenshot of %s: %v", sel, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return measure(img, p)
}

func measure(img image.Image, file string) pixelStats {
	b := img.Bounds()
	colours := map[[3]uint32]bool{}
	var inked int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if (255-r)+(255-g)+(255-bl) > 24 {
				inked++
			}
			colours[[3]uint32{r, g, bl}] = true
		}
	}
	return pixelStats{W: b.Dx(), H: b.Dy(), Inked: float64(inked) / float64(b.Dx()*b.Dy()), Colours: len(colours), Filename: file}
}

func assertDrawn(t *testing.T, s pixelStats, minInked float64) {
	t.Helper()
	if s.W < 300 || s.H < 200 {
		t.Errorf("%s: chart is %d×%d px, want at least 300×200", s.Filename, s.W, s.H)
	}
	if s.Inked < minInked || s.Colours < 16 {
		t.Errorf("%s: chart looks blank: %.1f%% of pixels differ from the background (want ≥ %.1f%%), %d colours (want ≥ 16)",
			s.Filename, 100*s.Inked, 100*minInked, s.Colours)
	}
}

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("GNLC_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestCharts_browser opens every page and every snippet file of every language from disk and
// checks that each chart draws with the network blocked, without an error.
func TestCharts_browser(t *testing.T) {
	browser := newBrowser(t)
	out := t.TempDir()
	if _, err := Write(t.Context(), out, defaultDataset(t), Options{}); err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	// The share of inked pixels a drawn chart reaches at least; an empty canvas has ~0.
	minInked := map[string]float64{Growth: 0.03, Regions: 0.05, Cohort: 0.03, Map: 0.10}
	for _, lang := range []string{"en", "fr", "es"} {
		for _, kind := range Kinds() {
			for _, suffix := range []string{".html", ".embed.html"} {
				name := lang + "/" + kind + suffix
				t.Run(name, func(t *testing.T) {
					id := "gnlc_" + kind + "_" + lang
					var stats pixelStats
					var locale string
					rep := openPage(t, browser, filepath.Join(out, lang, kind+suffix), 1, func(ctx context.Context) {
						stats = screenshot(t, ctx, id, shots, lang+"-"+kind+strings.TrimSuffix(suffix, ".html"))
						// A snippet opened alone (as in an iframe) must still be read as UTF-8.
						charset, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.characterSet`))
						if err != nil || charset != "UTF-8" {
							t.Errorf("document read as %q (%v), want UTF-8", charset, err)
						}
						// ECharts' own locale: the toolbox's "save as image" title comes from it.
						locale, err = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
							`gnlcECharts.getInstanceByDom(document.getElementById(%q)).getModel().getLocaleModel().get(["toolbox","saveAsImage","title"])`, id)))
						if err != nil {
							t.Errorf("read the chart's locale: %v", err)
						}
					})
					assertClean(t, name, rep)
					assertDrawn(t, stats, minInked[kind])
					wantTitle := map[string]string{"en": "Save as Image", "fr": "Sauvegarder l'image", "es": "Guardar como imagen"}[lang]
					if locale != wantTitle {
						t.Errorf("ECharts locale: save-as-image title %q, want %q", locale, wantTitle)
					}
					t.Logf("%s: %d×%d px, %.1f%% inked, %d colours, %s", name, stats.W, stats.H, 100*stats.Inked, stats.Colours, stats.Filename)
				})
			}
		}
	}
	t.Run("index.html", func(t *testing.T) {
		rep := openPage(t, browser, filepath.Join(out, "index.html"), 0, func(ctx context.Context) {
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href$=".html"]').length`))
			if err != nil {
				t.Fatal(err)
			}
			if n != 24 {
				t.Errorf("gallery links %d pages and snippets, want 24 (4 charts × 2 files × 3 languages)", n)
			}
		})
		assertClean(t, "index.html", rep)
	})
}

// TestCharts_browserTwoSnippets puts two snippets, in two languages, on one host page that has an
// "echarts" global of its own, and a third snippet in an iframe, and checks that all three draw
// and the host's global is left alone.
func TestCharts_browserTwoSnippets(t *testing.T) {
	browser := newBrowser(t)
	out := t.TempDir()
	if _, err := Write(t.Context(), out, defaultDataset(t), Options{}); err != nil {
		t.Fatal(err)
	}
	growth, err := os.ReadFile(filepath.Join(out, "en", "growth.embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	mapFR, err := os.ReadFile(filepath.Join(out, "fr", "map.embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	host := "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conference</title>\n" +
		"<script>window.echarts = {host: true};</script></head>\n<body><h1>Our network</h1>\n" +
		string(growth) + "\n<p>Between the charts.</p>\n" + string(mapFR) +
		"\n<iframe id=\"framed\" src=\"es/cohort.embed.html\" title=\"cohort\" style=\"width:1100px;height:900px;border:0\"></iframe>\n</body></html>\n"
	file := filepath.Join(out, "host.html")
	if err := os.WriteFile(file, []byte(host), 0o644); err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	var a, b, c pixelStats
	rep := openPage(t, browser, file, 2, func(ctx context.Context) {
		a = screenshot(t, ctx, "gnlc_growth_en", shots, "host-growth-en")
		b = screenshot(t, ctx, "gnlc_map_fr", shots, "host-map-fr")
		hostKept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.echarts.host === true && typeof window.gnlcECharts.init === "function"`))
		if err != nil {
			t.Fatal(err)
		}
		if !hostKept {
			t.Error("the snippets replaced the host page's own echarts global")
		}
		// The snippet in the iframe is another document (a file:// frame is opaque to the host),
		// so wait for it by its pixels, once in view: Chromium does not draw offscreen frames.
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("framed"))); err != nil {
			t.Fatal(err)
		}
		for range 40 {
			c = screenshot(t, ctx, "framed", shots, "host-iframe-cohort-es")
			if c.Inked >= 0.03 {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
	})
	assertDrawn(t, c, 0.03)
	assertClean(t, "host.html", rep)
	assertDrawn(t, a, 0.03)
	assertDrawn(t, b, 0.10)
	t.Logf("two snippets: growth %.1f%% inked (%s), map %.1f%% inked (%s); iframe: cohort %.1f%% inked (%s)",
		100*a.Inked, a.Filename, 100*b.Inked, b.Filename, 100*c.Inked, c.Filename)
}

// TestCharts_browserSameSnippetTwice pastes one snippet twice on a page (a slide deck and its
// handout, say): its ids repeat, and each copy must still draw into its own canvas.
func TestCharts_browserSameSnippetTwice(t *testing.T) {
	browser := newBrowser(t)
	out := t.TempDir()
	if _, err := Write(t.Context(), out, defaultDataset(t), Options{Langs: []string{"en"}}); err != nil {
		t.Fatal(err)
	}
	growth, err := os.ReadFile(filepath.Join(out, "en", "growth.embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	host := "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Twice</title></head>\n<body>\n" +
		string(growth) + "\n<p>Again:</p>\n" + string(growth) + "\n</body></html>\n"
	file := filepath.Join(out, "twice.html")
	if err := os.WriteFile(file, []byte(host), 0o644); err != nil {
		t.Fatal(err)
	}
	var drawn int
	rep := openPage(t, browser, file, 2, func(ctx context.Context) {
		var err error
		drawn, err = chromedp.Run(ctx, chromedp.Evaluate[int](
			`Array.from(document.querySelectorAll(".gnlc-canvas")).filter(function (el) { return el.querySelector("canvas"); }).length`))
		if err != nil {
			t.Fatal(err)
		}
	})
	assertClean(t, "twice.html", rep)
	if drawn != 2 {
		t.Errorf("%d of 2 copies of the snippet drew a canvas", drawn)
	}
}

// TestCharts_browserEscapesData renders members whose names are markup and checks that no script
// runs, in the page or in the map's tooltip, and that the names show as text.
func TestCharts_browserEscapesData(t *testing.T) {
	browser := newBrowser(t)
	evil := []string{`</script><script>alert(1)</script>`, `<img src=x onerror=alert(2)>`}
	var extra []queries.Member
	for i, name := range evil {
		extra = append(extra, queries.Member{City: name, Country: "France", ISO3: "FRA", Region: "Europe and North America",
			YearJoined: 2024, Status: "active", Lat: reportstest.Ptr(45.0 + float64(i)), Lon: reportstest.Ptr(3.0)})
	}
	out := t.TempDir()
	if _, err := Write(t.Context(), out, defaultDataset(t, extra...), Options{Langs: []string{"en"}}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			rep := openPage(t, browser, filepath.Join(out, "en", kind+".html"), 1, func(ctx context.Context) {
				if kind != Map {
					return
				}
				table, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#gnlc_map_en-figure table").textContent`))
				if err != nil {
					t.Fatal(err)
				}
				for i, name := range evil {
					if !strings.Contains(table, name) {
						t.Errorf("data table does not show %q as text", name)
					}
					// Show the point's tooltip, which ECharts writes as HTML.
					tip, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(function () {
						var c = gnlcECharts.getInstanceByDom(document.getElementById("gnlc_map_en"));
						var idx = c.getOption().series[0].data.findIndex(function (d) { return d.name === %q; });
						if (idx < 0) { return "point not found"; }
						c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: idx});
						var tips = document.querySelectorAll("#gnlc_map_en div");
						var last = "";
						tips.forEach(function (d) { if (d.textContent.indexOf(%q) >= 0) { last = d.innerHTML; } });
						return last;
					})()`, name, name)))
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(tip, strings.ReplaceAll(strings.ReplaceAll(name, "<", "&lt;"), ">", "&gt;")) {
						t.Errorf("tooltip %d: want the name escaped as text, got %q", i, tip)
					}
				}
				imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("img").length`))
				if err != nil {
					t.Fatal(err)
				}
				if imgs != 0 {
					t.Errorf("the page has %d <img> elements: a name became markup", imgs)
				}
			})
			assertClean(t, kind, rep)
		})
	}
}

// TestCharts_browserHarness shows that the checks above can fail: a page that fetches from the
// network, logs an error, throws and opens a dialog is caught on each count, and an empty
// element measures as blank.
func TestCharts_browserHarness(t *testing.T) {
	browser := newBrowser(t)
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<div id="empty" style="width:400px;height:300px"></div>
<img src="http://example.invalid/pixel.png" alt="">
<script>console.error("logged error"); alert("ran"); document.getElementById("empty").setAttribute("data-gnlc-rendered", "true");</script>
<script>throw new Error("thrown");</script>
</body></html>`
	file := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	var blank pixelStats
	rep := openPage(t, browser, file, 1, func(ctx context.Context) {
		blank = screenshot(t, ctx, "empty", t.TempDir(), "empty")
	})
	if !slices.ContainsFunc(rep.Blocked, func(u string) bool { return strings.Contains(u, "example.invalid") }) {
		t.Errorf("the request to example.invalid was not caught: blocked %q", rep.Blocked)
	}
	if len(rep.Errors) < 2 {
		t.Errorf("caught errors %q, want the console error and the exception", rep.Errors)
	}
	if len(rep.Dialogs) != 1 {
		t.Errorf("caught dialogs %q, want the alert", rep.Dialogs)
	}
	if blank.Inked > 0.001 || blank.Colours > 2 {
		t.Errorf("an empty element measures %.2f%% inked, %d colours: the blank check cannot tell", 100*blank.Inked, blank.Colours)
	}
}
