package charts

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRender_galleryThumbnails: the gallery shows every chart as its 16:9 SVG thumbnail, loaded
// lazily, with a text alternative, and links to its page, its snippet and its SVG.
func TestRender_galleryThumbnails(t *testing.T) {
	t.Parallel()
	files := renderT(t, defaultDataset(t), Options{})
	gallery := fileOf(t, files, "index.html")
	imgRE := regexp.MustCompile(`<img src="([a-z]{2})/([a-z]+)\.svg" alt="([^"]+)" width="384" height="216" loading="lazy">`)
	imgs := imgRE.FindAllStringSubmatch(gallery, -1)
	if len(imgs) != 12 || strings.Count(gallery, "<img") != 12 {
		t.Fatalf("gallery has %d thumbnails of the expected form (%d <img>), want 12", len(imgs), strings.Count(gallery, "<img"))
	}
	for i, m := range imgs {
		lang, kind, alt := m[1], m[2], m[3]
		if want := []string{"en", "fr", "es"}[i/4] + "/" + Kinds()[i%4]; lang+"/"+kind != want {
			t.Errorf("thumbnail %d is %s/%s, want %s", i, lang, kind, want)
		}
		// The alternative is the chart's own description, the canvas's aria-label.
		if page := fileOf(t, files, lang+"/"+kind+".html"); !strings.Contains(page, `aria-label="`+alt+`"`) {
			t.Errorf("%s/%s: thumbnail alt %q is not the chart's description", lang, kind, alt)
		}
		links := `<a href="` + lang + `/` + kind + `.html">`
		if !strings.Contains(gallery, links) || !strings.Contains(gallery, `<a href="`+lang+`/`+kind+`.embed.html">`) ||
			!strings.Contains(gallery, `<a href="`+lang+`/`+kind+`.svg">`) {
			t.Errorf("%s/%s: gallery lacks a link to the page, the snippet or the SVG", lang, kind)
		}
	}
}

// TestCharts_browserGallery opens the gallery and checks that every thumbnail loads its SVG,
// written beside the chart's page, in a 16:9 box.
func TestCharts_browserGallery(t *testing.T) {
	browser := newBrowser(t)
	out := t.TempDir()
	writeT(t, out, Options{})
	type box struct {
		Src    string  `json:"src"`
		Ratio  float64 `json:"ratio"`
		Loaded bool    `json:"loaded"`
	}
	var boxes []box
	rep := openPage(t, browser, filepath.Join(out, "index.html"), 0, func(ctx context.Context) {
		// Lazy images load when near the viewport: bring each into view and wait for it.
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async function () {
			for (const img of document.querySelectorAll("img")) {
				img.scrollIntoView();
				try { await img.decode(); } catch (e) { /* not loaded: told below */ }
			}
			return true;
		})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		boxes, err = chromedp.Run(ctx, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll("img")).map(function (img) {
			var r = img.getBoundingClientRect();
			return {src: img.getAttribute("src"), ratio: r.width / r.height, loaded: img.complete && img.naturalWidth > 0};
		})`))
		if err != nil {
			t.Fatal(err)
		}
	})
	assertClean(t, "index.html", rep)
	if len(boxes) != 12 {
		t.Fatalf("gallery shows %d images, want 12", len(boxes))
	}
	for _, b := range boxes {
		if b.Ratio < 1.75 || b.Ratio > 1.80 {
			t.Errorf("%s: thumbnail box is %.3f:1, want 16:9", b.Src, b.Ratio)
		}
		if !b.Loaded {
			t.Errorf("%s: thumbnail did not load", b.Src)
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(b.Src))); err != nil {
			t.Errorf("thumbnail: %v", err)
		}
	}
}
