package charts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeViolation is one failed axe-core rule, with the first few elements it failed on.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s, at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
}

// axeWCAG runs the WCAG 2.1 A and AA rules; axeStructure runs the rules for a page's frame,
// which axe files under best practice: one main landmark, all content in landmarks, one h1.
const (
	axeWCAG      = `{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}`
	axeStructure = `{runOnly: {type: "rule", values: ["landmark-one-main", "landmark-no-duplicate-main", "landmark-unique", "region", "page-has-heading-one", "heading-order", "scrollable-region-focusable"]}, resultTypes: ["violations"]}`
)

// runAxe injects axe-core into the open page (once) and runs it with options.
func runAxe(ctx context.Context, axeJS, options string) ([]axeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("look for axe: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeJS)); err != nil {
			return nil, fmt.Errorf("inject axe: %w", err)
		}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, `+options+`).then(function (r) {
		return r.violations.map(function (v) {
			return {id: v.id, impact: v.impact || "", help: v.help,
				nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })};
		});
	})`, chromedp.EvalAwaitPromise))
}

// a11yCheck is what one page's axe run found: serious or critical WCAG violations, and any
// violation of the page-frame rules.
func a11yCheck(t *testing.T, ctx context.Context, axeJS string) (bad []axeViolation) {
	t.Helper()
	wcag, err := runAxe(ctx, axeJS, axeWCAG)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range wcag {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
		} else {
			t.Logf("axe, %s: %s", v.Impact, v)
		}
	}
	frame, err := runAxe(ctx, axeJS, axeStructure)
	if err != nil {
		t.Fatal(err)
	}
	return append(bad, frame...)
}

// TestCharts_axe runs axe-core in Chromium on every chart page, the gallery and pages that
// embed every snippet (default and --shared-script), once the charts have drawn, and wants no
// serious or critical WCAG 2.1 AA violation, and one main landmark, one h1 and all content in
// landmarks. A page missing all of that must be caught, so the check is shown to bite.
func TestCharts_axe(t *testing.T) {
	axeJS, err := os.ReadFile(checkerFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	browser := newBrowser(t)
	inline, shared := writeBoth(t, t.TempDir())
	type page struct {
		name   string
		file   string
		charts int
	}
	var pages []page
	for _, lang := range []string{"en", "fr", "es"} {
		for _, kind := range Kinds() {
			pages = append(pages, page{lang + "/" + kind + ".html", filepath.Join(inline, lang, kind+".html"), 1})
		}
	}
	pages = append(pages,
		page{"index.html", filepath.Join(inline, "index.html"), 0},
		page{"hosts/all.html", filepath.Join(inline, "hosts", "all.html"), 12},
		page{"shared/hosts/all.html", filepath.Join(shared, "hosts", "all.html"), 12})
	// Most of a page's time is waiting for its charts' animation: pages run side by side, each
	// in its own tab.
	t.Run("pages", func(t *testing.T) {
		for _, p := range pages {
			t.Run(p.name, func(t *testing.T) {
				t.Parallel()
				var bad []axeViolation
				openPage(t, browser, p.file, p.charts, func(ctx context.Context) { bad = a11yCheck(t, ctx, string(axeJS)) })
				for _, v := range bad {
					t.Errorf("axe: %s", v)
				}
			})
		}
	})

	t.Run("harness", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "bad.html")
		bad := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bad</title></head><body>" +
			"<p>Outside any landmark</p><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"></body></html>"
		if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		var got []axeViolation
		openPage(t, browser, file, 0, func(ctx context.Context) { got = a11yCheck(t, ctx, string(axeJS)) })
		ids := map[string]bool{}
		for _, v := range got {
			ids[v.ID] = true
		}
		for _, want := range []string{"html-has-lang", "image-alt", "landmark-one-main", "region", "page-has-heading-one"} {
			if !ids[want] {
				t.Errorf("axe did not report %s on a page that breaks it; reported %v", want, got)
			}
		}
	})
}
