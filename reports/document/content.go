package document

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/locale"
)

// doc is everything the template writes, every text already in the page's language.
type doc struct {
	Lang, Title, Subtitle, Head, Foot string
	Labels                            map[string]string // headings and fixed texts, by catalog key suffix
	Lead                              []string          // the first page's paragraphs
	Cards                             []card
	Sections                          []section
}

// card is one headline figure: its value, what it is, and its change since the previous cohort.
type card struct {
	Label, Value, Change, Note string
}

// section is one part of the document, with its own heading (h2) and page.
type section struct {
	ID, Title string
	Paras     []string
	Figures   []figure
	Tables    []table
	Lists     []countryCities
	After     []string // paragraphs after the tables
}

// figure is a chart: the slide's SVG, inline, under a caption.
type figure struct {
	Caption, Note string
	SVG           any // template.HTML; any, so content.go does not decide what is trusted
	Missing       string
}

// table is a data table with a caption; its first column heads its rows.
type table struct {
	Caption string
	Head    []cell
	Rows    [][]cell
	Foot    []cell
}

type cell struct {
	Text string
	Num  bool
}

// countryCities is one country of the cohort and its named new cities.
type countryCities struct {
	Country   string
	FirstTime bool
	Cities    []string
}

// cohortCity is one named member of the report's cohort.
type cohortCity struct {
	City, ISO3, Country string
}

// cohortListMax is the most named new members the cohort section lists by name. Past it, each
// country gives its count (from Dataset.Cohorts) and the annual workbook's cohort sheet the names:
// a million-member register's cohort of 100,000 cities is no page to read, and the register need
// not be read for it.
const cohortListMax = 2000

// collectCohort reads the cohort's named members from the register's stream, once for every
// language; nil (and nothing read) when the cohort is longer than cohortListMax.
func collectCohort(ctx context.Context, ds *reports.Dataset) ([]cohortCity, error) {
	if cohortSize(ds) > cohortListMax {
		return nil, nil
	}
	var out []cohortCity
	if ds.Members == nil {
		return nil, nil
	}
	for m, err := range ds.Members {
		if err != nil {
			return nil, fmt.Errorf("render document: members: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("render document: %w", err)
		}
		if m.YearJoined == ds.Year {
			out = append(out, cohortCity{City: m.City, ISO3: m.ISO3, Country: m.Country})
		}
	}
	return out, nil
}

// cohortSize is the named new members of the report's year, counted by country in ds.Cohorts.
func cohortSize(ds *reports.Dataset) int64 {
	var n int64
	for _, r := range ds.Cohorts {
		if r.Year == ds.Year {
			n += r.NewCities
		}
	}
	return n
}

// builder gathers one language's document.
type builder struct {
	ds      *reports.Dataset
	cat     *locale.Catalog
	names   map[string]string // ISO3 → country name in the language
	coll    *collate.Collator
	missing []string
}

func (b *builder) t(key string) string {
	if _, ok := b.cat.Lookup("doc." + key); !ok && !slices.Contains(b.missing, key) {
		b.missing = append(b.missing, "doc."+key)
	}
	return b.cat.T("doc." + key)
}

func (b *builder) f(key string, args ...string) string {
	b.t(key)
	return b.cat.Format("doc."+key, args...)
}

func (b *builder) p(key string, n int64, args ...string) string {
	for _, form := range []string{".one", ".other"} {
		b.t(key + form)
	}
	return b.cat.Plural("doc."+key, n, args...)
}

func (b *builder) int(n int64) string { return b.cat.Int(n) }

func (b *builder) year(y int) string { return strconv.Itoa(y) }

func (b *builder) country(iso3, fallback string) string {
	return cmp.Or(b.names[iso3], fallback, iso3)
}

func build(ds *reports.Dataset, cat *locale.Catalog, cohort []cohortCity, slides func(lang, kind string) []byte) (*doc, error) {
	b := &builder{ds: ds, cat: cat, names: map[string]string{}, coll: collate.New(language.Make(cat.Lang()))}
	for _, c := range ds.Countries {
		b.names[c.ISO3] = cmp.Or(c.Name(cat.Lang()), c.NameEN)
	}
	y := b.year(ds.Year)
	d := &doc{
		Lang:     cat.Lang(),
		Title:    b.f("title", "year", y),
		Subtitle: cat.T("network.name"),
		Head:     b.f("running_head", "year", y),
		Foot:     b.f("running_foot", "version", ds.Version, "date", cat.Date(ds.AsOf)),
		Labels:   map[string]string{},
	}
	for _, k := range []string{"contents", "first_time", "first_time_mark", "skip", "figures_note"} {
		d.Labels[k] = b.t(k)
	}
	// What stands between a country and its cities: ": ", and " : " in French.
	d.Labels["list_sep"] = strings.TrimSuffix(strings.TrimPrefix(b.f("list_item", "country", "\x00", "cities", "\x00"), "\x00"), "\x00")
	d.Lead, d.Cards = b.headline()
	d.Sections = []section{
		b.cohortSection(cohort),
		b.growthSection(slides),
		b.regionsSection(slides),
		b.mapSection(slides),
		b.quotaSection(),
		b.complianceSection(),
		b.sourcesSection(),
	}
	if len(b.missing) > 0 {
		return nil, fmt.Errorf("%w: %v", locale.ErrMissingKey, b.missing)
	}
	return d, nil
}

// figures picks the published figures when UNESCO gave the year's, else the named members'.
func figures(h queries.Headline) (f queries.Figures, published bool) {
	if h.Published.NewCities != nil && h.Published.Cities != nil {
		return h.Published, true
	}
	return h.Named, false
}

func val(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
