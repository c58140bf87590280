package charts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

// The browser tests open the chart files from disk in headless Chromium, with every request that
// is not for a local file failed, and check what a conference organizer would see: the charts
// draw, nothing is fetched, nothing is logged as an error, and data cannot inject script.
//
// They need Chromium (CI's .ci/run installs Debian's chromium). GNLC_CHROMIUM names another
// binary; GNLC_SCREENSHOT_DIR keeps the screenshots (default: the test's temporary folder);
// GNLC_REQUIRE_BROWSER=1 (set by .ci/run) fails them instead of skipping when Chromium is absent.

// chromium returns the browser to run, or skips the test when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, name := range []string{os.Getenv("GNLC_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "Chromium not found (install Debian's chromium, or set GNLC_CHROMIUM)"
	if os.Getenv("GNLC_REQUIRE_BROWSER") != "" {
		t.Fatal(why) // CI (.ci/run) installs it: a missing browser there is a failure, not a skip
	}
	t.Skip(why + ": browser tests skipped")
	return ""
}

// newBrowser starts one headless browser for the test, with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// pageReport is what the browser saw while one page was open.
type pageReport struct {
	mu       sync.Mutex
	requests []string // every URL the page requested (network and fetch domains)
	blocked  []string // requests that were not for a local file, failed by the test
	errors   []string // console errors, uncaught exceptions, browser log errors
	dialogs  []string // alert/confirm/prompt dialogs: script that ran
}

func (r *pageReport) add(list *[]string, s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*list = append(*list, s)
}

// isLocal reports whether a URL stays on the machine.
func isLocal(u string) bool {
	return strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "about:")
}

// openPage opens file in a new tab, with the network cut off, waits until want charts have rendered
// and runs check. It returns what the tab reported.
func openPage(t *testing.T, browser context.Context, file string, want int, check func(ctx context.Context)) *pageReport {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	rep := &pageReport{}
	var wg sync.WaitGroup

	paused := chromedp.Events(ctx, fetch.RequestPaused)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	console := chromedp.Console(ctx)
	wg.Go(func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			u := ev.Request.URL
			rep.add(&rep.requests, u)
			if isLocal(u) {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			rep.add(&rep.blocked, u)
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	})
	wg.Go(func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			rep.add(&rep.requests, ev.Request.URL)
			if !isLocal(ev.Request.URL) {
				rep.add(&rep.blocked, ev.Request.URL)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			rep.add(&rep.dialogs, string(ev.Type)+": "+ev.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException:
				rep.add(&rep.errors, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line))
			case chromedp.ConsoleWarning:
				t.Logf("%s: console warning: %s", filepath.Base(file), m.Text)
			}
		}
	})

	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("fetch.enable: %v", err)
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`document.querySelectorAll("[data-gnlc-rendered]").length >= %d`, want),
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Errorf("%s: %d chart(s) did not render: %v", filepath.Base(file), want, err)
	}
	if check != nil {
		check(ctx)
	}
	// Give late errors and requests (a timer, a lazy image) a moment to show.
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()
	return rep
}

// assertClean fails the test for any request that left the machine, console error or dialog.
func assertClean(t *testing.T, name string, rep *pageReport) {
	t.Helper()
	rep.mu.Lock()
	defer rep.mu.Unlock()
	if len(rep.blocked) > 0 {
		t.Errorf("%s: requests left the page: %q", name, rep.blocked)
	}
	if len(rep.errors) > 0 {
		t.Errorf("%s: console errors: %q", name, rep.errors)
	}
	if len(rep.dialogs) > 0 {
		t.Errorf("%s: a dialog opened, so injected script ran: %q", name, rep.dialogs)
	}
	if len(rep.requests) == 0 {
		t.Errorf("%s: the browser reported no request at all, not even the page's: interception is not working", name)
	}
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
	rep.mu.Lock()
	defer rep.mu.Unlock()
	if !slices.ContainsFunc(rep.blocked, func(u string) bool { return strings.Contains(u, "example.invalid") }) {
		t.Errorf("the request to example.invalid was not caught: blocked %q", rep.blocked)
	}
	if len(rep.errors) < 2 {
		t.Errorf("caught errors %q, want the console error and the exception", rep.errors)
	}
	if len(rep.dialogs) != 1 {
		t.Errorf("caught dialogs %q, want the alert", rep.dialogs)
	}
	if blank.Inked > 0.001 || blank.Colours > 2 {
		t.Errorf("an empty element measures %.2f%% inked, %d colours: the blank check cannot tell", 100*blank.Inked, blank.Colours)
	}
}
