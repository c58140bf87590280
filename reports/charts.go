package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
	"gnlc/reports/locale"
)

// The HTML charts are for conference organizers: self-contained pages that render from disk with
// the network unplugged, plus an embed snippet per chart and a gallery. go-echarts builds each
// chart's option; gnlc's own templates (templates/chart_*.tmpl) inline ECharts, its locale and the
// world outline, so nothing is fetched from a CDN.

// Chart kinds, in gallery order. Each is one page per language: <lang>/<kind>.html and its
// snippet <lang>/<kind>.embed.html.
const (
	ChartGrowth  = "growth"
	ChartRegions = "regions"
	ChartCohort  = "cohort"
	ChartMap     = "map"
)

// ChartKinds returns the chart kinds in gallery order.
func ChartKinds() []string { return []string{ChartGrowth, ChartRegions, ChartCohort, ChartMap} }

// ChartOptions are the choices of one WriteCharts run.
type ChartOptions struct {
	// Langs are the languages to write (en, fr, es); empty means all three.
	Langs  []string
	Logger *slog.Logger // nil discards
}

// ChartFile is one file of the chart set, its Path relative to the charts folder
// ("index.html", "fr/map.embed.html", "licenses/LICENSE-echarts").
type ChartFile struct {
	Path string
	Data []byte
}

// WriteCharts renders the charts of ds (see RenderCharts) and writes them under dir, each file
// atomically. Nothing is written when the dataset or the options are invalid. It returns the
// paths written.
func WriteCharts(ctx context.Context, dir string, ds *Dataset, opts ChartOptions) ([]string, error) {
	files, err := RenderCharts(ctx, ds, opts)
	if err != nil {
		return nil, err
	}
	log := logger(opts.Logger)
	paths := make([]string, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return paths, fmt.Errorf("write charts: %w", err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return paths, fmt.Errorf("write charts: %w", err)
		}
		if err := atomicfile.WriteFile(p, f.Data, 0o644); err != nil {
			return paths, fmt.Errorf("write charts: %w", err)
		}
		paths = append(paths, p)
	}
	log.Debug("charts written", "dir", dir, "files", len(paths))
	return paths, nil
}

// RenderCharts renders every chart of ds in each language of opts, with the gallery and the
// licence files, and returns them in memory, in a stable order. The same Dataset gives the same
// bytes: element ids come from the chart's kind and language, never from a random source, and
// nothing in a page depends on the clock. It reads ds.Members once.
func RenderCharts(ctx context.Context, ds *Dataset, opts ChartOptions) ([]ChartFile, error) {
	langs, err := ecLangs(opts.Langs)
	if err != nil {
		return nil, err
	}
	if err := ecValidate(ds); err != nil {
		return nil, err
	}
	assets, err := loadECAssets()
	if err != nil {
		return nil, err
	}
	members, err := ecCollectMembers(ctx, ds, assets.centroids)
	if err != nil {
		return nil, err
	}
	if err := ecValidateMembers(members); err != nil {
		return nil, err
	}
	var files []ChartFile
	var sections []ecGallerySection
	for _, lang := range langs {
		cat, err := locale.Load(lang)
		if err != nil {
			return nil, fmt.Errorf("render charts: %w", err)
		}
		in := &ecInput{ds: ds, lang: lang, tr: &ecText{cat: cat}, names: ecCountryNames(ds, lang), members: members,
			coll: collate.New(language.Make(lang))}
		sec := ecGallerySection{Lang: lang, LangName: in.tr.T("charts.lang_name"), Page: in.tr.T("charts.gallery.page"), Snippet: in.tr.T("charts.gallery.snippet")}
		for _, kind := range ChartKinds() {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("render charts: %w", err)
			}
			v, err := ecBuild(kind, in)
			if err != nil {
				return nil, fmt.Errorf("render %s chart (%s): %w", kind, lang, err)
			}
			if err := in.tr.err(); err != nil {
				return nil, fmt.Errorf("render %s chart (%s): %w", kind, lang, err)
			}
			v.attach(assets, in.tr)
			page, err := ecExecute("ec_page", v)
			if err != nil {
				return nil, err
			}
			embed, err := ecExecute("ec_embed", v)
			if err != nil {
				return nil, err
			}
			files = append(files,
				ChartFile{Path: lang + "/" + kind + ".html", Data: page},
				ChartFile{Path: lang + "/" + kind + ".embed.html", Data: embed})
			sec.Charts = append(sec.Charts, ecGalleryLink{Title: v.Title, Page: lang + "/" + kind + ".html", Snippet: lang + "/" + kind + ".embed.html"})
		}
		sections = append(sections, sec)
	}
	gallery, err := ecGallery(langs[0], sections)
	if err != nil {
		return nil, err
	}
	files = append(files, ChartFile{Path: "index.html", Data: gallery})
	for _, name := range ecLicenseFiles {
		files = append(files, ChartFile{Path: "licenses/" + name, Data: assets.licenses[name]})
	}
	return files, nil
}

// ErrChartLanguage is returned for a language gnlc has no catalog for.
var ErrChartLanguage = errors.New("unknown chart language")

func ecLangs(want []string) ([]string, error) {
	if len(want) == 0 {
		return locale.Languages[:], nil
	}
	var out []string
	for _, l := range want {
		if !slices.Contains(locale.Languages[:], l) {
			return nil, fmt.Errorf("render charts: %w %q (want one of %v)", ErrChartLanguage, l, locale.Languages)
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// ecInput is what a chart builder reads for one language.
type ecInput struct {
	ds      *Dataset
	lang    string
	tr      *ecText
	names   map[string]string // ISO3 → country name in lang
	members []ecMember        // sorted by ISO3, city
	coll    *collate.Collator // orders names as the language does ("Égypte" before "France")
}

// id is the chart's element id and go-echarts ChartID: stable, unique per chart and language so
// several snippets can share a page, and a valid JavaScript identifier (go-echarts names
// variables after it).
func (in *ecInput) id(kind string) string { return "gnlc_" + kind + "_" + in.lang }

// country is the name of iso3 in the chart's language, or fallback (the data's own name).
func (in *ecInput) country(iso3, fallback string) string {
	if n, ok := in.names[iso3]; ok && n != "" {
		return n
	}
	return fallback
}

func ecCountryNames(ds *Dataset, lang string) map[string]string {
	names := make(map[string]string, len(ds.Countries))
	for _, c := range ds.Countries {
		n := cmp.Or(countryName(c, lang), c.NameEN)
		if n != "" {
			names[c.ISO3] = n
		}
	}
	return names
}

// ecText looks messages up and remembers the keys it lacks, so a chart with a missing
// translation fails before a byte is written instead of showing a placeholder.
type ecText struct {
	cat     *locale.Catalog
	missing []string
}

func (t *ecText) T(key string) string {
	if _, ok := t.cat.Lookup(key); !ok && !slices.Contains(t.missing, key) {
		t.missing = append(t.missing, key)
	}
	return t.cat.T(key)
}

func (t *ecText) F(key string, args ...string) string {
	t.T(key)
	return t.cat.Format(key, args...)
}

func (t *ecText) err() error {
	if len(t.missing) == 0 {
		return nil
	}
	return t.cat.Check(t.missing...)
}

func ecBuild(kind string, in *ecInput) (*ecView, error) {
	switch kind {
	case ChartGrowth:
		return ecGrowth(in)
	case ChartRegions:
		return ecRegions(in)
	case ChartCohort:
		return ecCohort(in)
	case ChartMap:
		return ecMap(in)
	}
	return nil, fmt.Errorf("unknown chart kind %q", kind)
}

// ecValidate checks the parts of ds the charts read, and lists every problem.
func ecValidate(ds *Dataset) error {
	if ds == nil {
		return fmt.Errorf("charts: %w: no dataset", ErrInvalidDataset)
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if ds.Year < firstCohortYear || ds.Year > 9999 {
		add("year %d is outside %d..9999", ds.Year, firstCohortYear)
	}
	if ds.MemberCount > 0 && ds.Members == nil {
		add("%d members announced but no member rows", ds.MemberCount)
	}
	years := map[int]bool{}
	for _, g := range ds.Growth {
		if years[g.Year] {
			add("growth lists year %d twice", g.Year)
		}
		years[g.Year] = true
		if g.NewCities < 0 || g.TotalCities < 0 || g.TotalCountries < 0 {
			add("growth %d has a negative count", g.Year)
		}
	}
	clear(years)
	for _, r := range ds.Reconciliation {
		if years[r.Year] {
			add("reconciliation lists year %d twice", r.Year)
		}
		years[r.Year] = true
	}
	for _, r := range ds.Regions {
		if r.Members < 0 || r.NewInLatest < 0 || r.Share < 0 || r.Share > 1 {
			add("region %q has a count below zero or a share outside 0..1", r.Region)
		}
		if reason := ecBadText(r.Region); reason != "" {
			add("region %q %s", r.Region, reason)
		}
	}
	for _, c := range ds.Cohorts {
		if c.NewCities < 0 {
			add("cohort %d, %s has a negative count", c.Year, c.ISO3)
		}
		if reason := ecBadText(c.Country); reason != "" {
			add("cohort %d: country %q %s", c.Year, c.Country, reason)
		}
	}
	for _, c := range ds.Countries {
		for _, n := range []string{c.NameEN, c.NameFR, c.NameES} {
			if reason := ecBadText(n); reason != "" {
				add("country %s: name %q %s", c.ISO3, n, reason)
			}
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("charts: %w: %s", ErrInvalidDataset, strings.Join(probs, "; "))
	}
	return nil
}

// ecBadText says why s cannot go into a chart, or "". go-echarts marks JavaScript functions in
// an option with "__f__" and deletes every occurrence of it from the rendered option, so a name
// holding it would come out altered (or break the option); such a name is refused, not mangled.
func ecBadText(s string) string {
	if strings.Contains(s, "__f__") {
		return `contains "__f__", which the chart library reserves`
	}
	return ""
}

// ecMaxName is the longest text the charts accept from data for one name; a longer one is a
// defect of the register, and would make a label unreadable.
const ecMaxName = 500

func ecValidateMembers(ms []ecMember) error {
	var probs []string
	for _, m := range ms {
		if reason := ecBadText(m.City + "\x00" + m.Country); reason != "" {
			probs = append(probs, fmt.Sprintf("member %q (%s) %s", m.City, m.ISO3, reason))
		}
		if len(m.City) > ecMaxName || len(m.Country) > ecMaxName {
			probs = append(probs, fmt.Sprintf("member %.40q… (%s): name longer than %d bytes", m.City, m.ISO3, ecMaxName))
		}
		if len(probs) >= 20 {
			probs = append(probs, "…")
			break
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("charts: %w: %s", ErrInvalidDataset, strings.Join(probs, "; "))
	}
	return nil
}

// ecPlacement is where the map draws a member.
type ecPlacement uint8

const (
	ecAtCoordinates ecPlacement = iota // the register's own coordinates
	ecAtCentroid                       // the country's centre: the register has no coordinates
	ecNotPlaced                        // neither is known
)

// ecMember is one active member as the map needs it.
type ecMember struct {
	City, Country, ISO3 string // Country: the register's name, used when the reference lacks one
	Year                int
	Lon, Lat            float64
	Placed              ecPlacement
}

// ecCollectMembers reads ds.Members once and keeps the active members, placed by their
// coordinates, else their country's centroid.
func ecCollectMembers(ctx context.Context, ds *Dataset, centroids map[string][2]float64) ([]ecMember, error) {
	if ds.Members == nil {
		return nil, nil
	}
	// Members of a country share its name and code: one copy each, not one per member.
	names := map[string]string{}
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	out := make([]ecMember, 0, min(max(ds.MemberCount, 0), 1<<24))
	n := 0
	for m, err := range ds.Members {
		if err != nil {
			return nil, fmt.Errorf("charts: read members: %w", err)
		}
		if n++; n%10_000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("charts: read members: %w", err)
			}
		}
		if m.Status != "" && m.Status != "active" {
			continue
		}
		m.Country, m.ISO3 = intern(m.Country), intern(m.ISO3)
		out = append(out, ecPlace(m, centroids))
	}
	slices.SortStableFunc(out, func(a, b ecMember) int {
		return cmp.Or(cmp.Compare(a.ISO3, b.ISO3), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year))
	})
	return out, nil
}

func ecPlace(m queries.Member, centroids map[string][2]float64) ecMember {
	e := ecMember{City: m.City, Country: m.Country, ISO3: m.ISO3, Year: m.YearJoined, Placed: ecNotPlaced}
	if m.Lat != nil && m.Lon != nil && *m.Lat >= -90 && *m.Lat <= 90 && *m.Lon >= -180 && *m.Lon <= 180 {
		e.Lon, e.Lat, e.Placed = *m.Lon, *m.Lat, ecAtCoordinates
	} else if c, ok := centroids[m.ISO3]; ok {
		e.Lon, e.Lat, e.Placed = c[0], c[1], ecAtCentroid
	}
	return e
}

// ecExecute runs one of the chart templates into memory.
func ecExecute(name string, data any) ([]byte, error) {
	var b strings.Builder
	if err := ecTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("render charts: template %s: %w", name, err)
	}
	return []byte(b.String()), nil
}

type ecGallerySection struct {
	Lang, LangName, Page, Snippet string
	Charts                        []ecGalleryLink
}

type ecGalleryLink struct{ Title, Page, Snippet string }

type ecGalleryData struct {
	Lang, Title, Intro, EmbedTitle, Licences string
	Example                                  string
	Sections                                 []ecGallerySection
	Licenses                                 []string
}

func ecGallery(lang string, sections []ecGallerySection) ([]byte, error) {
	cat, err := locale.Load(lang)
	if err != nil {
		return nil, fmt.Errorf("render chart gallery: %w", err)
	}
	tr := &ecText{cat: cat}
	first := sections[0].Charts[0]
	d := ecGalleryData{
		Lang:       lang,
		Title:      tr.T("charts.gallery.title"),
		Intro:      tr.T("charts.gallery.intro"),
		EmbedTitle: tr.T("charts.gallery.embed_title"),
		Licences:   tr.F("charts.gallery.licences", "version", EChartsVersion),
		Example:    fmt.Sprintf(`<iframe src="%s" title="%s" width="100%%" height="640" style="border:0"></iframe>`, first.Snippet, template.HTMLEscapeString(first.Title)),
		Sections:   sections,
		Licenses:   ecLicenseFiles,
	}
	if err := tr.err(); err != nil {
		return nil, fmt.Errorf("render chart gallery: %w", err)
	}
	return ecExecute("ec_gallery", d)
}
