// Package charts renders the network's charts for conference organizers from a reports.Dataset:
// self-contained pages that render from disk with the network unplugged, plus an embed snippet
// per chart and a gallery. go-echarts builds each chart's option; gnlc's own templates
// (templates/chart_*.tmpl) inline ECharts, its locale and the world outline, so nothing is
// fetched from a CDN. It is the last stage of the flow: it reads typed rows, never the database.
package charts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gnlc/internal/atomicfile"
	"gnlc/reports"
	"gnlc/reports/locale"
)

// Chart kinds, in gallery order. Each is one page per language: <lang>/<kind>.html and its
// snippet <lang>/<kind>.embed.html.
const (
	Growth  = "growth"
	Regions = "regions"
	Cohort  = "cohort"
	Map     = "map"
)

// Kinds returns the chart kinds in gallery order.
func Kinds() []string { return []string{Growth, Regions, Cohort, Map} }

// Options are the choices of one Write run.
type Options struct {
	// Langs are the languages to write (en, fr, es); empty means all three.
	Langs []string
	// SharedScript writes ECharts, its locales and the world outline once, as echarts.min.js,
	// echarts-lang-<lang>.js and world.js beside the language folders, and makes every page and
	// snippet load them (../echarts.min.js) instead of inlining about 1 MB each: a page with
	// several snippets then carries ECharts once.
	SharedScript bool
	Logger       *slog.Logger // nil discards
	// SlideCache is a folder that keeps drawn slides (SVG) from run to run, by the SHA-256 of
	// what makes them; "" draws every slide anew. See slideCache.
	SlideCache string
}

// File is one file of the chart set, its Path relative to the charts folder
// ("index.html", "fr/map.embed.html", "licenses/LICENSE-echarts").
type File struct {
	Path string
	Data []byte
}

// Write renders the charts of ds (see Render) and writes them under dir, each file
// atomically. Nothing is written when the dataset or the options are invalid. It returns the
// paths written.
func Write(ctx context.Context, dir string, ds *reports.Dataset, opts Options) ([]string, error) {
	files, err := Render(ctx, ds, opts)
	if err != nil {
		return nil, err
	}
	return WriteFiles(ctx, dir, files, opts.Logger)
}

// WriteFiles writes files (from Render) under dir and returns their paths. They are published
// together (atomicfile.Staging): all of them or, on failure, none, made durable in one sync
// rather than one per file.
func WriteFiles(ctx context.Context, dir string, files []File, log *slog.Logger) (paths []string, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	stage, err := atomicfile.NewStaging(dir)
	if err != nil {
		return nil, fmt.Errorf("write charts: %w", err)
	}
	defer func() {
		if rerr := stage.Remove(); rerr != nil && err == nil {
			err = fmt.Errorf("write charts: %w", rerr)
		}
	}()
	rels := make([]string, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("write charts: %w", err)
		}
		rel := filepath.FromSlash(f.Path)
		if err := stage.Write(rel, 0o644, func(w io.Writer) error {
			_, err := w.Write(f.Data)
			return err
		}); err != nil {
			return nil, fmt.Errorf("write charts: %w", err)
		}
		rels = append(rels, rel)
	}
	paths, err = stage.Publish(rels)
	if err != nil {
		return paths, fmt.Errorf("write charts: %w", err)
	}
	log.Debug("charts written", "dir", dir, "files", len(paths))
	return paths, nil
}

// Slide returns the slide (SVG) of a chart kind in a language from files, or nil.
func Slide(files []File, lang, kind string) []byte {
	for _, f := range files {
		if f.Path == lang+"/"+kind+".svg" {
			return f.Data
		}
	}
	return nil
}

// Render renders every chart of ds in each language of opts, with the gallery and the
// licence files, and returns them in memory, in a stable order. The same Dataset gives the same
// bytes: element ids come from the chart's kind and language, never from a random source, and
// nothing in a page depends on the clock. It reads ds.Members once.
func Render(ctx context.Context, ds *reports.Dataset, opts Options) ([]File, error) {
	langs, err := chartLangs(opts.Langs)
	if err != nil {
		return nil, err
	}
	if err := validate(ds); err != nil {
		return nil, err
	}
	assets, err := loadAssets()
	if err != nil {
		return nil, err
	}
	reg, err := collectRegister(ctx, ds, assets.centroids)
	if err != nil {
		return nil, err
	}
	var files []File
	var sections []gallerySection
	var jobs []svgJob
	cache, srcs := slideCache{dir: opts.SlideCache}, newEngineSources(assets)
	if cache.dir == "" {
		srcs.start() // every slide is drawn: prepare the engines while the pages are made
	}
	for _, lang := range langs {
		langFiles, sec, langJobs, err := renderLang(ctx, ds, lang, reg, assets, opts)
		if err != nil {
			return nil, err
		}
		for i := range langJobs {
			srcs.lookUp(&langJobs[i], cache)
		}
		files = append(files, langFiles...)
		sections = append(sections, sec)
		jobs = append(jobs, langJobs...)
	}
	if err := drawSVGs(ctx, srcs, jobs, files, cache); err != nil {
		return nil, err
	}
	if opts.SharedScript {
		files = append(files, sharedFiles(assets, langs)...)
	}
	gallery, err := gallery(langs[0], sections)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: "index.html", Data: gallery})
	for _, name := range licenseFiles {
		files = append(files, File{Path: "licenses/" + name, Data: assets.licenses[name]})
	}
	return files, nil
}

// bom starts every snippet: a browser that opens the file alone (in an iframe) reads it as UTF-8,
// and in a page it is an invisible character. A <meta charset> is not allowed in a page's body.
const bom = "\uFEFF"

// renderLang renders every chart of one language: its pages and snippets, its gallery section,
// and the jobs that draw its slides (the SVG files are listed here, empty, and drawn by drawSVGs).
func renderLang(ctx context.Context, ds *reports.Dataset, lang string, reg *register, assets *assets, opts Options) (files []File, sec gallerySection, jobs []svgJob, err error) {
	cat, err := locale.Load(lang)
	if err != nil {
		return nil, sec, nil, fmt.Errorf("render charts: %w", err)
	}
	in := &input{ds: ds, lang: lang, tr: &text{cat: cat}, names: countryNames(ds, lang), reg: reg,
		coll: collate.New(language.Make(lang))}
	sec = gallerySection{Lang: lang, LangName: in.tr.T("charts.lang_name"), Page: in.tr.T("charts.gallery.page"),
		Snippet: in.tr.T("charts.gallery.snippet"), SVG: in.tr.T("charts.gallery.svg")}
	for _, kind := range Kinds() {
		if err := ctx.Err(); err != nil {
			return nil, sec, nil, fmt.Errorf("render charts: %w", err)
		}
		v, err := build(kind, in)
		if err != nil {
			return nil, sec, nil, fmt.Errorf("render %s chart (%s): %w", kind, lang, err)
		}
		src := source(kind, in)
		v.Notes = append([]string{src}, v.Notes...)
		if err := in.tr.err(); err != nil {
			return nil, sec, nil, fmt.Errorf("render %s chart (%s): %w", kind, lang, err)
		}
		v.attach(assets, in.tr)
		if opts.SharedScript {
			v.share()
		}
		page, err := execute("page", v)
		if err != nil {
			return nil, sec, nil, err
		}
		embed, err := execute("embed", v)
		if err != nil {
			return nil, sec, nil, err
		}
		stem := lang + "/" + kind
		slideOpt := v.SlideOption
		if slideOpt == "" {
			slideOpt = v.Option
		}
		opt, err := slideJSON([]byte(slideOpt), src)
		if err != nil {
			return nil, sec, nil, fmt.Errorf("render %s chart (%s): %w", kind, lang, err)
		}
		jobs = append(jobs, svgJob{path: stem + ".svg", option: opt,
			slide: slide{Title: v.Title, Description: v.Description, Source: src}})
		files = append(files,
			File{Path: stem + ".html", Data: page},
			File{Path: stem + ".embed.html", Data: append([]byte(bom), embed...)},
			File{Path: stem + ".svg"}) // drawn by drawSVGs
		sec.Charts = append(sec.Charts, galleryLink{Title: v.Title, Description: v.Description,
			Page: stem + ".html", Snippet: stem + ".embed.html", SVG: stem + ".svg"})
	}
	return files, sec, jobs, nil
}

// ErrLanguage is returned for a language gnlc has no catalog for.
var ErrLanguage = errors.New("unknown chart language")

func chartLangs(want []string) ([]string, error) {
	if len(want) == 0 {
		return locale.Languages[:], nil
	}
	var out []string
	for _, l := range want {
		if !slices.Contains(locale.Languages[:], l) {
			return nil, fmt.Errorf("render charts: %w %q (want one of %v)", ErrLanguage, l, locale.Languages)
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// input is what a chart builder reads for one language.
type input struct {
	ds    *reports.Dataset
	lang  string
	tr    *text
	names map[string]string // ISO3 → country name in lang
	reg   *register         // the active members, or their counts (large)
	coll  *collate.Collator // orders names as the language does ("Égypte" before "France")
}

// id is the chart's element id and go-echarts ChartID: stable, unique per chart and language so
// several snippets can share a page, and a valid JavaScript identifier (go-echarts names
// variables after it).
func (in *input) id(kind string) string { return "gnlc_" + kind + "_" + in.lang }

// country is the name of iso3 in the chart's language, or fallback (the data's own name).
func (in *input) country(iso3, fallback string) string {
	if n, ok := in.names[iso3]; ok && n != "" {
		return n
	}
	return fallback
}

func countryNames(ds *reports.Dataset, lang string) map[string]string {
	names := make(map[string]string, len(ds.Countries))
	for _, c := range ds.Countries {
		n := cmp.Or(c.Name(lang), c.NameEN)
		if n != "" {
			names[c.ISO3] = n
		}
	}
	return names
}

// text looks messages up and remembers the keys it lacks, so a chart with a missing
// translation fails before a byte is written instead of showing a placeholder.
type text struct {
	cat     *locale.Catalog
	missing []string
}

func (t *text) T(key string) string {
	if _, ok := t.cat.Lookup(key); !ok && !slices.Contains(t.missing, key) {
		t.missing = append(t.missing, key)
	}
	return t.cat.T(key)
}

func (t *text) F(key string, args ...string) string {
	t.T(key)
	return t.cat.Format(key, args...)
}

func (t *text) err() error {
	if len(t.missing) == 0 {
		return nil
	}
	return t.cat.Check(t.missing...)
}

func build(kind string, in *input) (*view, error) {
	switch kind {
	case Growth:
		return growthChart(in)
	case Regions:
		return regionsChart(in)
	case Cohort:
		return cohortChart(in)
	case Map:
		return mapChart(in)
	}
	return nil, fmt.Errorf("unknown chart kind %q", kind)
}

// execute runs one of the chart templates into memory.
func execute(name string, data any) ([]byte, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("render charts: template %s: %w", name, err)
	}
	return []byte(b.String()), nil
}

type gallerySection struct {
	Lang, LangName, Page, Snippet, SVG string // SVG: the link text of the slide image
	Charts                             []galleryLink
}

// galleryLink is one chart in the gallery; SVG is the slide image written beside its page.
type galleryLink struct{ Title, Description, Page, Snippet, SVG string }

type galleryData struct {
	Lang, Title, Intro, EmbedTitle, Licences string
	Example                                  string
	Sections                                 []gallerySection
	Licenses                                 []string
}

func gallery(lang string, sections []gallerySection) ([]byte, error) {
	cat, err := locale.Load(lang)
	if err != nil {
		return nil, fmt.Errorf("render chart gallery: %w", err)
	}
	tr := &text{cat: cat}
	first := sections[0].Charts[0]
	d := galleryData{
		Lang:       lang,
		Title:      tr.T("charts.gallery.title"),
		Intro:      tr.T("charts.gallery.intro"),
		EmbedTitle: tr.T("charts.gallery.embed_title"),
		Licences:   tr.F("charts.gallery.licences", "version", EChartsVersion),
		Example:    fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="640" style="border:0"></iframe>`, first.Snippet, template.HTMLEscapeString(first.Title)),
		Sections:   sections,
		Licenses:   licenseFiles,
	}
	if err := tr.err(); err != nil {
		return nil, fmt.Errorf("render chart gallery: %w", err)
	}
	return execute("gallery", d)
}
