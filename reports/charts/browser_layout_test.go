package charts

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// layoutJS lists the text a chart draws, with each text's box on the page after transforms, from
// ECharts' own scene graph (the canvas keeps no DOM to measure).
const layoutJS = `(function (id) {
  var el = document.getElementById(id);
  var chart = gnlcECharts.getInstanceByDom(el);
  var out = [];
  chart.getZr().storage.getDisplayList(true).forEach(function (d) {
    if ((d.type !== "text" && d.type !== "tspan") || d.invisible || d.ignore || !d.style || !d.style.text) { return; }
    var r = d.getBoundingRect().clone();
    var m = d.getComputedTransform();
    if (m) { r.applyTransform(m); }
    out.push({ t: String(d.style.text), x: r.x, y: r.y, w: r.width, h: r.height });
  });
  return JSON.stringify({ w: el.clientWidth, h: el.clientHeight, texts: out });
})(%q)`

type drawnText struct {
	T          string
	X, Y, W, H float64
}

type drawnLayout struct {
	W, H  float64
	Texts []drawnText
}

// TestCharts_browserWidths opens each chart's snippet at the widths a web page gives it, from a
// phone to a wide column, and checks what ECharts laid out: no two texts overlap, and none runs
// off the chart (cut mid-word).
func TestCharts_browserWidths(t *testing.T) {
	browser := newBrowser(t)
	out := t.TempDir()
	if _, err := Write(t.Context(), out, defaultDataset(t), Options{SlideCache: slideCacheForTests()}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "es"} {
		for _, kind := range Kinds() {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				id := "gnlc_" + kind + "_" + lang
				layouts := map[int]drawnLayout{}
				openPage(t, browser, filepath.Join(out, lang, kind+".embed.html"), 1, func(ctx context.Context) {
					for _, w := range []int{360, 600, 960, 1280} {
						if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(w), 900)); err != nil {
							t.Fatal(err)
						}
						time.Sleep(400 * time.Millisecond) // the page's resize handler redraws the chart
						s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(layoutJS, id)))
						if err != nil {
							t.Fatalf("%d px: %v", w, err)
						}
						var l drawnLayout
						if err := json.Unmarshal([]byte(s), &l); err != nil {
							t.Fatal(err)
						}
						layouts[w] = l
					}
				})
				for _, w := range []int{360, 600, 960, 1280} {
					checkLayout(t, w, layouts[w])
				}
			})
		}
	}
}

// checkLayout reports texts that overlap one another (by more than a pixel each way) or leave
// the chart's box.
func checkLayout(t *testing.T, width int, l drawnLayout) {
	t.Helper()
	if len(l.Texts) == 0 {
		t.Errorf("%d px: no text drawn", width)
		return
	}
	for i, a := range l.Texts {
		if a.X < -1 || a.X+a.W > l.W+1 {
			t.Errorf("%d px: %q spans x %.0f–%.0f, outside the chart's %.0f px", width, a.T, a.X, a.X+a.W, l.W)
		}
		for _, b := range l.Texts[i+1:] {
			ox := min(a.X+a.W, b.X+b.W) - max(a.X, b.X)
			oy := min(a.Y+a.H, b.Y+b.H) - max(a.Y, b.Y)
			if ox > 1 && oy > 1 {
				t.Errorf("%d px: %q and %q overlap (%.0f×%.0f px)", width, a.T, b.T, ox, oy)
			}
		}
	}
}
