// Package document renders the annual report as a document: one self-contained HTML page per
// conference language (gnlc-annual-<year>.<lang>.html), with prose written from message catalogs,
// tables, and the charts as inline SVG (the slides reports/charts draws), for reading on screen
// and printing on A4. It makes no network request and needs no font but the system's; PrintPDF
// prints it through a local Chromium for those who want the PDF.
//
// Every number in the prose and the tables comes from the same typed rows of reports.Dataset as
// the workbooks, formatted by the language's catalog.
package document

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"gnlc/internal/atomicfile"
	"gnlc/reports"
	"gnlc/reports/locale"
)

// Options say which documents to write and give them their charts.
type Options struct {
	// Langs are the documents' languages; empty means all three (locale.Languages).
	Langs []string
	// Slides returns the slide SVG of a chart ("growth", "regions", "map") in a language, as
	// reports/charts drew it; nil or a nil result leaves the chart out, with a note.
	Slides func(lang, kind string) []byte
	Logger *slog.Logger
}

// FileName is the document's file name for a year and a language.
func FileName(year int, lang string) string {
	return "gnlc-annual-" + strconv.Itoa(year) + "." + lang + ".html"
}

// Write renders the documents of ds into dir, each atomically, and returns their paths.
func Write(ctx context.Context, dir string, ds *reports.Dataset, opts Options) ([]string, error) {
	langs := opts.Langs
	if len(langs) == 0 {
		langs = locale.Languages[:]
	}
	cohort, err := collectCohort(ctx, ds)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write document: %w", err)
	}
	var paths []string
	for _, lang := range langs {
		if err := ctx.Err(); err != nil {
			return paths, fmt.Errorf("write document: %w", err)
		}
		b, err := render(ds, lang, cohort, opts.Slides)
		if err != nil {
			return paths, err
		}
		p := filepath.Join(dir, FileName(ds.Year, lang))
		if err := atomicfile.WriteFile(p, b, 0o644); err != nil {
			return paths, fmt.Errorf("write document: %w", err)
		}
		paths = append(paths, p)
	}
	if opts.Logger != nil {
		opts.Logger.Debug("documents written", "dir", dir, "files", len(paths))
	}
	return paths, nil
}

// Render returns the document of ds in one language.
func Render(ctx context.Context, ds *reports.Dataset, lang string, slides func(lang, kind string) []byte) ([]byte, error) {
	cohort, err := collectCohort(ctx, ds)
	if err != nil {
		return nil, err
	}
	return render(ds, lang, cohort, slides)
}

func render(ds *reports.Dataset, lang string, cohort []cohortCity, slides func(lang, kind string) []byte) ([]byte, error) {
	cat, err := locale.Load(lang)
	if err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	d, err := build(ds, cat, cohort, slides)
	if err != nil {
		return nil, fmt.Errorf("render document (%s): %w", lang, err)
	}
	return execute(d)
}
