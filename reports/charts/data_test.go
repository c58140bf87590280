package charts

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gnlc/fixtures"
	"gnlc/fixtures/fixturestest"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
)

// The charts' test dataset is the embedded default register, turned into typed rows here, in
// the test, without the database: members and cohorts straight from fixtures/members.csv,
// published figures from fixtures/announcements.csv, and the named members' growth and region
// counts as ../shared/data/README.md lists them (the renderer copies these values; it computes
// none of them).

// readmeGrowth is README.md's table "named new members / their countries / cumulative".
func readmeGrowth(t testing.TB) []queries.GrowthRow {
	t.Helper()
	var rows []queries.GrowthRow
	for _, y := range fixturestest.Shared(t).Years {
		rows = append(rows, queries.GrowthRow{Year: y.Year, NewCities: y.NewCities, NewCountries: y.NewCountries,
			TotalCities: y.TotalCities, TotalCountries: y.TotalCountries})
	}
	return rows
}

func readCSV(t testing.TB, data []byte) []map[string]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = rec[i]
		}
		out = append(out, row)
	}
}

func optInt(t testing.TB, s string) *int64 {
	t.Helper()
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return &n
}

// defaultDataset is the default register as the charts see it, plus extra members (for the
// escaping tests), which join the latest cohort.
func defaultDataset(t testing.TB, extra ...queries.Member) *reports.Dataset {
	t.Helper()
	figures := fixturestest.Shared(t)
	latest := figures.Latest()
	growth := readmeGrowth(t)
	var membersCSV, announcementsCSV []byte
	for _, f := range fixtures.DefaultRegister() {
		switch f.Name {
		case "fixtures/members.csv":
			membersCSV = f.Data
		case "fixtures/announcements.csv":
			announcementsCSV = f.Data
		}
	}
	var members []queries.Member
	for _, r := range readCSV(t, membersCSV) {
		y, err := strconv.Atoi(r["year_joined"])
		if err != nil {
			t.Fatal(err)
		}
		m := queries.Member{City: r["city"], Country: r["country"], ISO3: r["iso3"], Region: r["region"], YearJoined: y, Status: "active", SourceURL: r["source_url"]}
		if r["lat"] != "" {
			lat, err1 := strconv.ParseFloat(r["lat"], 64)
			lon, err2 := strconv.ParseFloat(r["lon"], 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("coordinates of %s: %v %v", m.City, err1, err2)
			}
			m.Lat, m.Lon = &lat, &lon
		}
		members = append(members, m)
	}
	members = append(members, extra...)
	slices.SortFunc(members, func(a, b queries.Member) int {
		if a.Country != b.Country {
			return strings.Compare(a.Country, b.Country)
		}
		return strings.Compare(a.City, b.City)
	})

	cohort := map[[2]string]*queries.CohortRow{}
	newInLatest := map[string]int64{}
	for _, m := range members {
		k := [2]string{strconv.Itoa(m.YearJoined), m.ISO3}
		if cohort[k] == nil {
			cohort[k] = &queries.CohortRow{Year: m.YearJoined, Region: m.Region, ISO3: m.ISO3, Country: m.Country}
		}
		cohort[k].NewCities++
		if m.YearJoined == latest.Year {
			newInLatest[m.Region]++
		}
	}
	var cohorts []queries.CohortRow
	for _, c := range cohort {
		cohorts = append(cohorts, *c)
	}
	slices.SortFunc(cohorts, func(a, b queries.CohortRow) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		return strings.Compare(a.ISO3, b.ISO3)
	})

	named := map[int]queries.GrowthRow{}
	for _, g := range growth {
		named[g.Year] = g
	}
	var recon []queries.ReconciliationRow
	last := queries.GrowthRow{}
	for y := 2015; y <= latest.Year; y++ {
		g, ok := named[y]
		if !ok { // no cohort that year: the totals carry over
			g = queries.GrowthRow{Year: y, TotalCities: last.TotalCities, TotalCountries: last.TotalCountries}
		}
		last = g
		recon = append(recon, queries.ReconciliationRow{Year: y, NamedNew: g.NewCities, NamedNewCountries: g.NewCountries, NamedTotal: g.TotalCities, NamedTotalCountries: g.TotalCountries})
	}
	for _, a := range readCSV(t, announcementsCSV) {
		y, err := strconv.Atoi(a["year"])
		if err != nil {
			t.Fatal(err)
		}
		r := &recon[y-2015]
		r.PublishedNew, r.PublishedNewCountries = optInt(t, a["new_cities"]), optInt(t, a["new_countries"])
		r.PublishedTotal, r.PublishedTotalCountries = optInt(t, a["total_cities"]), optInt(t, a["total_countries"])
		if a["announced_on"] != "" { // 2023's figures carry no announcement date
			on, err := time.Parse(time.DateOnly, a["announced_on"])
			if err != nil {
				t.Fatal(err)
			}
			r.AnnouncedOn = &on
		}
		if r.PublishedNew != nil && *r.PublishedNew > 0 {
			c := float64(r.NamedNew) / float64(*r.PublishedNew)
			r.Coverage = &c
		}
	}

	var regions []queries.RegionRow
	for _, name := range fixtures.Regions {
		n := figures.Regions[name]
		regions = append(regions, queries.RegionRow{Region: name, Members: n, Share: float64(n) / float64(figures.Rows), NewInLatest: newInLatest[name]})
	}

	ref, err := fixtures.Countries()
	if err != nil {
		t.Fatal(err)
	}
	inRegister := map[string]bool{}
	for _, m := range members {
		inRegister[m.ISO3] = true
	}
	var countries []queries.CountryRow
	for _, c := range ref {
		if inRegister[c.ISO3] {
			countries = append(countries, queries.CountryRow{ISO3: c.ISO3, ISO2: c.ISO2, NameEN: c.NameEN, NameFR: c.NameFR, NameES: c.NameES, Region: c.Region, Language: c.Language})
		}
	}

	pub := recon[latest.Year-2015]
	return &reports.Dataset{
		Year:        latest.Year,
		AsOf:        time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC),
		GeneratedAt: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC),
		Version:     "test",
		Headline: queries.Headline{Year: latest.Year,
			Published: queries.Figures{Cities: pub.PublishedTotal, Countries: pub.PublishedTotalCountries, NewCities: pub.PublishedNew, NewCountries: pub.PublishedNewCountries},
			Named:     queries.Figures{Cities: reportstest.Ptr(latest.TotalCities), Countries: reportstest.Ptr(latest.TotalCountries), NewCities: reportstest.Ptr(latest.NewCities), NewCountries: reportstest.Ptr(latest.NewCountries)}},
		Growth:         growth,
		Reconciliation: recon,
		Regions:        regions,
		Countries:      countries,
		Cohorts:        cohorts,
		Rules:          reports.Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2024, Source: "embedded default"},
		Members:        reportstest.SeqMembers(members),
		MemberCount:    int64(len(members)),
	}
}
