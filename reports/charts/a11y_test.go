package charts

import (
	"context"
	"gnlc/reports/internal/reportstest"
	"os"
	"path/filepath"
	"testing"
)

type axeViolation = reportstest.AxeViolation

func a11yCheck(t *testing.T, ctx context.Context, axeJS string) []axeViolation {
	t.Helper()
	return reportstest.A11yCheck(t, ctx, axeJS)
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
