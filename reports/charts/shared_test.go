package charts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestRender_sharedScript: with SharedScript, ECharts, the locales of the languages written and
// the world outline are files of their own, and pages and snippets load them instead of
// inlining them.
func TestRender_sharedScript(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{Langs: []string{"fr", "en"}, SharedScript: true})
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	shared := []string{"echarts.min.js", "echarts-lang-fr.js", "world.js"}
	for _, p := range shared {
		if !slices.Contains(paths, p) {
			t.Errorf("no %s written; files: %q", p, paths)
		}
	}
	if slices.Contains(paths, "echarts-lang-es.js") {
		t.Error("the Spanish locale is written, though no Spanish chart is")
	}
	echarts := fileOf(t, files, "echarts.min.js")
	for _, want := range []string{`t.version="` + EChartsVersion + `"`, "if (window.gnlcECharts) { return; }", "window.gnlcECharts = window.echarts;"} {
		if !strings.Contains(echarts, want) {
			t.Errorf("echarts.min.js lacks %q", want)
		}
	}
	if !strings.Contains(fileOf(t, files, "echarts-lang-fr.js"), "echarts.registerLocale('FR', localeObj)") {
		t.Error("echarts-lang-fr.js does not register the French locale")
	}
	if !strings.Contains(fileOf(t, files, "world.js"), `E.registerMap("gnlc-world", {"type":"FeatureCollection"`) {
		t.Error("world.js does not register the world outline")
	}
	for _, lang := range []string{"fr", "en"} {
		for _, kind := range Kinds() {
			for _, suffix := range []string{".html", ".embed.html"} {
				name := lang + "/" + kind + suffix
				page := fileOf(t, files, name)
				want := []string{"../echarts.min.js"}
				if lang == "fr" {
					want = append(want, "../echarts-lang-fr.js")
				}
				if kind == Map {
					want = append(want, "../world.js")
				}
				var got []string
				for _, m := range srcRE.FindAllStringSubmatch(page, -1) {
					got = append(got, m[1])
				}
				if !slices.Equal(want, got) {
					t.Errorf("%s loads %q, want %q", name, got, want)
				}
				if strings.Contains(page, "t.version=") || strings.Contains(page, "registerLocale") || len(page) > 200_000 {
					t.Errorf("%s still inlines a shared script (%d bytes)", name, len(page))
				}
			}
		}
	}
}

// srcRE finds the scripts a page loads.
var srcRE = regexp.MustCompile(`<script src="([^"]+)"></script>`)

// TestCharts_browserSeveralSnippets pastes several snippets, in three languages and with one of
// them twice, on a host page that has an echarts global of its own, with another snippet in an
// iframe, in the default form and in the --shared-script form. In both, every chart draws in its
// language, all of them share one ECharts (loaded once, or its later loads are no-ops), and the
// host's own echarts is left alone.
func TestCharts_browserSeveralSnippets(t *testing.T) {
	browser := newBrowser(t)
	for _, form := range []struct {
		name string
		opts Options
	}{{"inline", Options{}}, {"shared", Options{SharedScript: true}}} {
		t.Run(form.name, func(t *testing.T) {
			out := t.TempDir()
			writeT(t, out, form.opts)
			var body []string
			for _, s := range []string{"en/growth", "fr/map", "es/regions", "fr/cohort", "en/growth"} {
				b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(s)+".embed.html"))
				if err != nil {
					t.Fatal(err)
				}
				body = append(body, string(b))
			}
			// One folder below the charts, as the language folders are: a shared script's ../ holds.
			file := filepath.Join(out, "talk", "index.html")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			writeHost(t, file, "Conference", "<script>window.echarts = {host: true};</script>\n"+
				strings.Join(body, "\n<p>Between the charts.</p>\n")+
				"\n<iframe id=\"framed\" src=\"../es/cohort.embed.html\" title=\"cohort\" style=\"width:1100px;height:900px;border:0\"></iframe>")
			severalSnippets(t, browser, file, form.opts.SharedScript)
		})
	}
}

// severalSnippets opens the host page of TestCharts_browserSeveralSnippets and checks it.
func severalSnippets(t *testing.T, browser context.Context, file string, shared bool) {
	t.Helper()
	type chart struct {
		ID     string `json:"id"`
		Drawn  bool   `json:"drawn"`  // a canvas drawn by the page's one ECharts
		Locale string `json:"locale"` // the toolbox's save-as-image title, from ECharts' locale
	}
	var charts []chart
	var hostKept bool
	var framed pixelStats
	shots := screenshotDir(t)
	rep := openPage(t, browser, file, 5, func(ctx context.Context) {
		var err error
		charts, err = chromedp.Run(ctx, chromedp.Evaluate[[]chart](`Array.from(document.querySelectorAll(".gnlc-canvas")).map(function (el) {
			var c = gnlcECharts.getInstanceByDom(el);
			return {id: el.id, drawn: !!c && !!el.querySelector("canvas"),
				locale: c ? c.getModel().getLocaleModel().get(["toolbox", "saveAsImage", "title"]) : ""};
		})`))
		if err != nil {
			t.Fatal(err)
		}
		if hostKept, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`window.echarts.host === true`)); err != nil {
			t.Fatal(err)
		}
		// The iframe is another document: wait for its pixels once in view, as Chromium does not
		// draw offscreen frames.
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("framed"))); err != nil {
			t.Fatal(err)
		}
		for range 40 {
			if framed = screenshot(t, ctx, "framed", shots, fmt.Sprintf("several-%v-iframe", shared)); framed.Inked >= 0.03 {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
	})
	assertClean(t, filepath.Base(file), rep)
	assertDrawn(t, framed, 0.03)
	if !hostKept {
		t.Error("the snippets replaced the host page's own echarts global")
	}
	want := map[string]string{"en": "Save as Image", "fr": "Sauvegarder l'image", "es": "Guardar como imagen"}
	var ids []string
	for _, c := range charts {
		ids = append(ids, c.ID)
		lang := c.ID[len(c.ID)-2:]
		if !c.Drawn {
			t.Errorf("%s: not drawn by the page's one ECharts", c.ID)
		}
		if c.Locale != want[lang] {
			t.Errorf("%s: save-as-image title %q, want %q", c.ID, c.Locale, want[lang])
		}
	}
	if wantIDs := []string{"gnlc_growth_en", "gnlc_map_fr", "gnlc_regions_es", "gnlc_cohort_fr", "gnlc_growth_en"}; !slices.Equal(ids, wantIDs) {
		t.Errorf("charts on the page %q, want %q", ids, wantIDs)
	}
	loaded := slices.ContainsFunc(rep.Requests, func(u string) bool { return strings.HasSuffix(u, "/echarts.min.js") })
	if loaded != shared {
		t.Errorf("echarts.min.js requested: %v, want %v", loaded, shared)
	}
}
