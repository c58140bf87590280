package document

import (
	"html/template"
	"regexp"
	"slices"
	"strings"
	"time"

	"gnlc/queries"
)

// headline is the first page: the lead paragraphs and the cards, each figure beside its change
// since the previous cohort (not the calendar year before, which may have had no admission).
func (b *builder) headline() ([]string, []card) {
	ds := b.ds
	h, prev := ds.Headline, ds.PreviousHeadline
	f, published := figures(h)
	pf := prev.Published
	if !published {
		pf = prev.Named
	}
	y := b.year(ds.Year)
	if f.NewCities == nil || f.Cities == nil {
		return []string{b.f("lead.none", "year", y)}, nil
	}
	lead := b.f("lead.no_cohort", "year", y)
	if *f.NewCities > 0 {
		lead = b.p("lead.joined_cities", *f.NewCities, "year", y, "cities", b.p("cities", *f.NewCities))
		if f.NewCountries != nil {
			lead = b.p("lead.joined", *f.NewCities, "year", y,
				"cities", b.p("cities", *f.NewCities),
				"countries", b.p("countries", *f.NewCountries))
		}
		if n := val(f.FirstTimeCountries); n > 0 {
			lead += b.p("lead.first_time", n)
		}
		lead += "."
	}
	total := b.f("lead.total", "cities", b.p("member_cities", *f.Cities), "countries", b.p("countries", val(f.Countries)))
	if prev.Year != 0 && pf.Cities != nil {
		key, d := "lead.total_more", *f.Cities-*pf.Cities
		if d < 0 {
			key, d = "lead.total_fewer", -d
		}
		total = b.f(key, "cities", b.p("member_cities", *f.Cities), "countries", b.p("countries", val(f.Countries)),
			"change", b.int(d), "previous", b.year(prev.Year))
	}
	paras := []string{lead + " " + total}
	if published {
		paras = append(paras, b.f("lead.named", "named", b.int(val(h.Named.Cities)), "published", b.int(*f.Cities)))
	} else {
		paras = append(paras, b.t("lead.unpublished"))
	}
	if people := val(f.PeopleReached); !published && people > 0 {
		paras = append(paras, b.f("lead.people_named", "people", b.int(people)))
	} else if people >= 1_000_000 && people%1_000_000 == 0 {
		// UNESCO rounds to millions ("nearly 500 million", "more than 390 million"): in words,
		// and "some", which is true of both.
		paras = append(paras, b.f("lead.people", "people", b.p("millions", people/1_000_000)))
	} else if people > 0 {
		paras = append(paras, b.f("lead.people_exact", "people", b.int(people)))
	}

	change := func(now, before *int64) string {
		if prev.Year == 0 || now == nil || before == nil {
			return ""
		}
		d := *now - *before
		s := b.int(d)
		if d >= 0 {
			s = "+" + s
		}
		return b.f("card.change", "change", s, "previous", b.year(prev.Year))
	}
	source := b.t("card.published")
	if !published {
		source = b.t("card.named")
	}
	// A figure nobody published is a dash that says so, never a 0.
	figure := func(label string, v *int64, change string) card {
		if v == nil {
			return card{Label: label, Value: "–", Note: b.t("card.not_published")}
		}
		return card{Label: label, Value: b.int(*v), Change: change, Note: source}
	}
	from := ""
	if f.NewCountries != nil {
		from = b.f("card.from", "countries", b.p("countries", *f.NewCountries))
	}
	cards := []card{
		figure(b.t("card.cities"), f.Cities, change(f.Cities, pf.Cities)),
		figure(b.t("card.countries"), f.Countries, change(f.Countries, pf.Countries)),
		figure(b.f("card.new_cities", "year", y), f.NewCities, from),
		figure(b.t("card.first_time"), f.FirstTimeCountries, ""),
	}
	if published && h.Named.Cities != nil {
		cards = append(cards, card{Label: b.t("card.named_cities"), Value: b.int(*h.Named.Cities),
			Change: b.f("card.coverage", "share", b.cat.Percent(float64(*h.Named.Cities)/float64(*f.Cities)), "published", b.int(*f.Cities))})
	}
	return paras, cards
}

// cohortSection: who joined, by region, then by country with their cities (their count past
// cohortListMax), first-time countries marked.
func (b *builder) cohortSection(cohort []cohortCity) section {
	ds := b.ds
	named := cohortSize(ds)
	large := named > cohortListMax // then cohort is nil (collectCohort): counts, not names
	if !large {
		named = int64(len(cohort))
	}
	y := b.year(ds.Year)
	s := section{ID: "cohort", Title: b.f("cohort.title", "year", y)}
	byCountry := map[string][]string{}
	for _, c := range cohort {
		byCountry[c.ISO3] = append(byCountry[c.ISO3], c.City)
	}
	first := map[string]bool{}
	for _, c := range ds.Countries {
		if c.FirstYear == ds.Year {
			first[c.ISO3] = true
		}
	}
	var firstNames []string
	var lists []countryCities
	var regions = map[string][2]int64{} // region → countries, cities
	var order []string
	for _, r := range ds.Cohorts {
		if r.Year != ds.Year {
			continue
		}
		if _, ok := regions[r.Region]; !ok {
			order = append(order, r.Region)
		}
		v := regions[r.Region]
		regions[r.Region] = [2]int64{v[0] + 1, v[1] + r.NewCities}
		cities := byCountry[r.ISO3]
		if large {
			cities = []string{b.p("cities", r.NewCities)}
		}
		slices.SortFunc(cities, func(a, c string) int { return b.coll.CompareString(a, c) })
		lists = append(lists, countryCities{Country: b.country(r.ISO3, r.Country), FirstTime: first[r.ISO3], Cities: cities})
		if first[r.ISO3] {
			firstNames = append(firstNames, b.country(r.ISO3, r.Country))
		}
	}
	slices.SortFunc(lists, func(a, c countryCities) int { return b.coll.CompareString(a.Country, c.Country) })
	slices.SortFunc(firstNames, b.coll.CompareString)
	h := ds.Headline
	s.Paras = append(s.Paras, b.f("cohort.named", "named", b.p("cities", named), "countries", b.p("countries", int64(len(lists))),
		"year", y))
	if large {
		s.Paras = append(s.Paras, b.f("cohort.too_many", "max", b.int(cohortListMax), "year", y))
	}
	if pub := h.Published.NewCities; pub != nil {
		s.Paras = append(s.Paras, b.f("cohort.of_published", "published", b.int(*pub)))
	}
	if len(firstNames) > 0 {
		// The register names only part of the members: a country is new to the register here,
		// which UNESCO's own count of first-time countries may not confirm.
		s.Paras = append(s.Paras, b.f("cohort.first_named", "year", y, "list", strings.Join(firstNames, ", ")))
	}
	if n := h.Published.FirstTimeCountries; n != nil {
		s.Paras = append(s.Paras, b.p("cohort.first_published", *n))
	}
	t := table{Caption: b.f("cohort.by_region", "year", y),
		Head: []cell{{Text: b.t("col.region")}, {Text: b.t("col.countries"), Num: true}, {Text: b.t("col.new_cities"), Num: true}}}
	// In the regions' own order, as the regions table and chart give them.
	rank := func(r string) int {
		if i := slices.IndexFunc(ds.Regions, func(x queries.RegionRow) bool { return x.Region == r }); i >= 0 {
			return i
		}
		return len(ds.Regions)
	}
	slices.SortStableFunc(order, func(a, c string) int { return rank(a) - rank(c) })
	var tc, tn int64
	for _, r := range order {
		v := regions[r]
		tc, tn = tc+v[0], tn+v[1]
		t.Rows = append(t.Rows, []cell{{Text: b.cat.Region(r)}, {Text: b.int(v[0]), Num: true}, {Text: b.int(v[1]), Num: true}})
	}
	t.Foot = []cell{{Text: b.t("col.total")}, {Text: b.int(tc), Num: true}, {Text: b.int(tn), Num: true}}
	s.Tables = []table{t}
	s.Lists = lists
	return s
}

// growthSection: the growth chart and the yearly table, as published beside named.
func (b *builder) growthSection(slides func(lang, kind string) []byte) section {
	ds := b.ds
	s := section{ID: "growth", Title: b.t("growth.title")}
	var first, last *queries.ReconciliationRow
	for i := range ds.Reconciliation {
		r := &ds.Reconciliation[i]
		if r.Year > ds.Year {
			continue
		}
		if r.PublishedTotal == nil {
			continue
		}
		if first == nil {
			first = r
		}
		last = r
	}
	if first != nil && last != first {
		s.Paras = append(s.Paras, b.f("growth.lead", "from", b.year(first.Year), "to", b.year(last.Year),
			"start", b.p("cities", *first.PublishedTotal), "end", b.p("cities", *last.PublishedTotal)))
	}
	s.Figures = append(s.Figures, b.figure(slides, "growth", b.t("growth.chart")))
	t := table{Caption: b.t("growth.table"), Head: []cell{{Text: b.t("col.year")},
		{Text: b.t("col.new_published"), Num: true}, {Text: b.t("col.total_published"), Num: true},
		{Text: b.t("col.countries_published"), Num: true},
		{Text: b.t("col.new_named"), Num: true}, {Text: b.t("col.total_named"), Num: true}, {Text: b.t("col.countries_named"), Num: true}}}
	for _, r := range ds.Reconciliation {
		if r.Year > ds.Year {
			continue
		}
		t.Rows = append(t.Rows, []cell{{Text: b.year(r.Year)}, b.opt(r.PublishedNew), b.opt(r.PublishedTotal),
			b.opt(r.PublishedTotalCountries), {Text: b.int(r.NamedNew), Num: true}, {Text: b.int(r.NamedTotal), Num: true},
			{Text: b.int(r.NamedTotalCountries), Num: true}})
	}
	s.Tables = []table{t}
	s.After = []string{b.t("growth.blank")}
	return s
}

// latest reports whether the report's year is the register's latest cohort: only then is the
// next call (from --as-of) the one that follows it.
func (b *builder) latest() bool {
	for _, r := range b.ds.Reconciliation {
		if r.Year > b.ds.Year && (r.NamedNew > 0 || r.PublishedNew != nil && *r.PublishedNew > 0) {
			return false
		}
	}
	return true
}

// opt is a number UNESCO may not have published: blank (an en dash) when it did not.
func (b *builder) opt(p *int64) cell {
	if p == nil {
		return cell{Text: "–", Num: true}
	}
	return cell{Text: b.int(*p), Num: true}
}

// regionsSection: the regions chart and table, and the map with UNESCO's disclaimer.
func (b *builder) regionsSection(slides func(lang, kind string) []byte) section {
	ds := b.ds
	y := b.year(ds.Year)
	s := section{ID: "regions", Title: b.t("regions.title")}
	if len(ds.Regions) > 0 {
		top := slices.MaxFunc(ds.Regions, func(a, c queries.RegionRow) int { return int(a.Members - c.Members) })
		s.Paras = []string{b.f("regions.lead", "regions", b.int(int64(len(ds.Regions))), "region", b.cat.Region(top.Region),
			"members", b.p("members", top.Members), "share", b.cat.Percent(top.Share))}
	}
	s.Figures = append(s.Figures, b.figure(slides, "regions", b.t("regions.chart")))
	t := table{Caption: b.t("regions.table"), Head: []cell{{Text: b.t("col.region")}, {Text: b.t("col.members"), Num: true},
		{Text: b.t("col.countries"), Num: true}, {Text: b.t("col.share"), Num: true}, {Text: b.f("col.new_in", "year", y), Num: true}}}
	var tm, tc, tn int64
	for _, r := range ds.Regions {
		tm, tc, tn = tm+r.Members, tc+r.Countries, tn+r.NewInLatest
		t.Rows = append(t.Rows, []cell{{Text: b.cat.Region(r.Region)}, {Text: b.int(r.Members), Num: true}, {Text: b.int(r.Countries), Num: true},
			{Text: b.cat.Percent(r.Share), Num: true}, {Text: b.int(r.NewInLatest), Num: true}})
	}
	t.Foot = []cell{{Text: b.t("col.total")}, {Text: b.int(tm), Num: true}, {Text: b.int(tc), Num: true}, {Text: b.cat.Percent(1), Num: true}, {Text: b.int(tn), Num: true}}
	s.Tables = []table{t}
	return s
}

// mapSection: the named members on the world map, under UNESCO's disclaimer.
func (b *builder) mapSection(slides func(lang, kind string) []byte) section {
	s := section{ID: "map", Title: b.t("map.title")}
	s.Paras = []string{b.f("map.lead", "named", b.p("cities", val(b.ds.Headline.Named.Cities)))}
	m := b.figure(slides, "map", b.t("regions.map"))
	m.Note = b.cat.T("charts.map.disclaimer")
	s.Figures = append(s.Figures, m)
	return s
}

// quotaSection: the year's quota use and the places left in the next call.
func (b *builder) quotaSection() section {
	ds := b.ds
	y := b.year(ds.Year)
	s := section{ID: "quota", Title: b.t("quota.title")}
	r := ds.Rules
	s.Paras = append(s.Paras, b.f("quota.rule", "limit", b.int(int64(r.QuotaLimit)), "from", b.year(r.QuotaEffectiveFrom)))
	var full, breach int64
	t := table{Caption: b.f("quota.table", "year", y), Head: []cell{{Text: b.t("col.country")}, {Text: b.t("col.new_cities"), Num: true},
		{Text: b.t("col.limit"), Num: true}, {Text: b.t("col.state")}}}
	var rows []queries.QuotaRow
	for _, q := range ds.Quota {
		if q.Year == ds.Year {
			rows = append(rows, q)
		}
	}
	slices.SortFunc(rows, func(a, c queries.QuotaRow) int {
		if a.NewCities != c.NewCities {
			return int(c.NewCities - a.NewCities)
		}
		return b.coll.CompareString(b.country(a.ISO3, a.Country), b.country(c.ISO3, c.Country))
	})
	var namedNew int64
	for _, q := range rows {
		namedNew += q.NewCities
		state := b.t("quota.within")
		switch {
		case !q.Applies:
			state = b.t("quota.not_in_force")
		case q.Breach:
			state, breach = b.t("quota.over"), breach+1
		case q.NewCities == q.Limit:
			state, full = b.t("quota.full"), full+1
		}
		t.Rows = append(t.Rows, []cell{{Text: b.country(q.ISO3, q.Country)}, {Text: b.int(q.NewCities), Num: true}, {Text: b.int(q.Limit), Num: true}, {Text: state}})
	}
	over := b.t("quota.none_over")
	if breach > 0 {
		over = b.p("quota.went_over", breach)
	}
	s.Paras = append(s.Paras, b.p("quota.used_all", full, "year", y, "named", b.p("new_members", int64(namedNew)))+" "+over)
	nc := ds.NextCall
	if !nc.Opens.IsZero() && b.latest() {
		key := "quota.next"
		if nc.Expected {
			key = "quota.next_expected"
		}
		var some int64
		for _, q := range ds.NextCallQuota {
			if q.Applies && q.Used > 0 {
				some++
			}
		}
		from, to := b.cat.Date(nc.Opens), b.cat.Date(nc.Closes)
		if nc.Opens.Year() == nc.Closes.Year() {
			from = b.cat.DayMonth(nc.Opens)
		}
		s.After = append(s.After, b.f(key, "from", from, "to", to, "cohort", b.year(nc.Cohort)))
		if some == 0 {
			s.After = append(s.After, b.f("quota.next_places_all", "limit", b.int(int64(r.QuotaLimit)), "cohort", b.year(nc.Cohort)))
		} else {
			s.After = append(s.After, b.p("quota.next_places", some, "limit", b.int(int64(r.QuotaLimit)), "cohort", b.year(nc.Cohort)))
		}
	}
	s.Tables = []table{t}
	return s
}

// complianceSection: the window and reporting checks, unknowns stated as unknown.
func (b *builder) complianceSection() section {
	c := b.ds.ComplianceSummary
	s := section{ID: "compliance", Title: b.t("compliance.title")}
	date := b.cat.Date(b.ds.AsOf)
	w := b.ds.Rules.Window
	yearly := func(m time.Month, d int) string { return b.cat.DayMonth(time.Date(2001, m, d, 0, 0, 0, 0, time.UTC)) }
	reporting := b.p("compliance.reporting", c.Reporting, "date", date, "every", b.int(int64(b.ds.Rules.ReportEveryYears))) + " " +
		b.f("compliance.reporting_state", "failing", b.int(c.ReportingOverdue), "unknown", b.int(c.ReportingUnknown))
	if c.Reporting > 0 && c.ReportingUnknown == c.Reporting {
		reporting += " " + b.t("compliance.none_reported")
	}
	window := b.p("compliance.window", c.Window, "from", yearly(w.Opens.Month, w.Opens.Day), "to", yearly(w.Closes.Month, w.Closes.Day)) + " " +
		b.f("compliance.window_state", "failing", b.int(c.WindowOutside), "exempt", b.int(c.WindowExempt), "unknown", b.int(c.WindowUnknown))
	if c.Window > 0 && c.WindowUnknown+c.WindowExempt == c.Window {
		window += " " + b.t("compliance.none_checked")
	}
	s.Paras = append(s.Paras, reporting, window)
	t := table{Caption: b.f("compliance.table", "date", date), Head: []cell{{Text: b.t("col.check")}, {Text: b.t("col.checked"), Num: true},
		{Text: b.t("col.failing"), Num: true}, {Text: b.t("col.unknown"), Num: true}, {Text: b.t("col.exempt"), Num: true}}}
	t.Rows = [][]cell{
		{{Text: b.t("compliance.reporting_row")}, {Text: b.int(c.Reporting), Num: true}, {Text: b.int(c.ReportingOverdue), Num: true}, {Text: b.int(c.ReportingUnknown), Num: true}, {Text: "–", Num: true}},
		{{Text: b.t("compliance.window_row")}, {Text: b.int(c.Window), Num: true}, {Text: b.int(c.WindowOutside), Num: true}, {Text: b.int(c.WindowUnknown), Num: true}, {Text: b.int(c.WindowExempt), Num: true}},
	}
	s.Tables = []table{t}
	s.After = []string{b.t("compliance.unknown")}
	return s
}

// sourcesSection: published against named, each input with its SHA-256, and the method.
func (b *builder) sourcesSection() section {
	ds := b.ds
	s := section{ID: "sources", Title: b.t("sources.title")}
	s.Paras = append(s.Paras, b.t("sources.method"), b.t("sources.published"))
	t := table{Caption: b.t("sources.table"), Head: []cell{{Text: b.t("col.file")}, {Text: b.t("col.kind")}, {Text: b.t("col.rows"), Num: true}, {Text: "SHA-256"}}}
	for _, src := range ds.Sources {
		t.Rows = append(t.Rows, []cell{{Text: src.Path}, {Text: b.t("kind." + src.Kind)}, {Text: b.int(src.Rows), Num: true}, {Text: src.SHA256}})
	}
	s.Tables = []table{t}
	s.After = []string{b.f("sources.run", "version", ds.Version, "date", b.cat.Date(ds.AsOf))}
	return s
}

// figure puts a slide in the document.
func (b *builder) figure(slides func(lang, kind string) []byte, kind, caption string) figure {
	f := figure{Caption: caption}
	var svg []byte
	if slides != nil {
		svg = slides(b.cat.Lang(), kind)
	}
	if len(svg) == 0 {
		f.Missing = b.t("chart_missing")
		return f
	}
	f.SVG = template.HTML(inlineSVG(string(svg), kind))
	return f
}

var (
	xmlProlog  = regexp.MustCompile(`^<\?xml[^>]*\?>\s*`)
	ecmetaAttr = regexp.MustCompile(` (ecmeta_[a-z_]+|xml:space|baseProfile|xmlns:xlink)="[^"]*"`)
)

// inlineSVG makes a slide an element of the page: no XML prolog, ids and classes prefixed by
// the chart's kind (every slide numbers its own from zero), and none of ECharts' private
// attributes, which HTML does not allow. The SVG's <title> and <desc> stay: they name it.
func inlineSVG(svg, kind string) string {
	svg = xmlProlog.ReplaceAllString(svg, "")
	svg = ecmetaAttr.ReplaceAllString(svg, "")
	svg = strings.ReplaceAll(svg, "gnlc-title", "gnlc-"+kind+"-title")
	svg = strings.ReplaceAll(svg, "gnlc-desc", "gnlc-"+kind+"-desc")
	svg = strings.ReplaceAll(svg, "zr0-", "gnlc-"+kind+"-")
	svg = strings.Replace(svg, "<svg ", `<svg class="chart" `, 1)
	return svg
}
