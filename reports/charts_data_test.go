package reports

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
	"gnlc/queries"
)

// The charts' test dataset is the embedded default register, turned into typed rows here, in
// the test, without the database: members and cohorts straight from fixtures/members.csv,
// published figures from fixtures/announcements.csv, and the named members' growth and region
// counts as ../shared/data/README.md lists them (the renderer copies these values; it computes
// none of them).

// ecReadmeGrowth is README.md's table "named new members / their countries / cumulative".
var ecReadmeGrowth = []queries.GrowthRow{
	{Year: 2015, NewCities: 4, NewCountries: 4, TotalCities: 4, TotalCountries: 4},
	{Year: 2016, NewCities: 22, NewCountries: 12, TotalCities: 26, TotalCountries: 14},
	{Year: 2017, NewCities: 8, NewCountries: 5, TotalCities: 34, TotalCountries: 17},
	{Year: 2018, NewCities: 5, NewCountries: 4, TotalCities: 39, TotalCountries: 18},
	{Year: 2019, NewCities: 22, NewCountries: 14, TotalCities: 61, TotalCountries: 24},
	{Year: 2020, NewCities: 42, NewCountries: 23, TotalCities: 103, TotalCountries: 37},
	{Year: 2022, NewCities: 67, NewCountries: 40, TotalCities: 170, TotalCountries: 58},
	{Year: 2024, NewCities: 56, NewCountries: 29, TotalCities: 226, TotalCountries: 61},
}

// ecReadmeRegions is README.md's table of named members by region.
var ecReadmeRegions = map[string]int64{
	"Africa":                          29,
	"Arab States":                     35,
	"Asia and the Pacific":            52,
	"Europe and North America":        73,
	"Latin America and the Caribbean": 37,
}

func ecReadCSV(t testing.TB, data []byte) []map[string]string {
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

func ecOptInt(t testing.TB, s string) *int64 {
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

// ecDefaultDataset is the default register as the charts see it, plus extra members (for the
// escaping tests), which join the 2024 cohort.
func ecDefaultDataset(t testing.TB, extra ...queries.Member) *Dataset {
	t.Helper()
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
	for _, r := range ecReadCSV(t, membersCSV) {
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
		if m.YearJoined == 2024 {
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
	for _, g := range ecReadmeGrowth {
		named[g.Year] = g
	}
	var recon []queries.ReconciliationRow
	last := queries.GrowthRow{}
	for y := 2015; y <= 2024; y++ {
		g, ok := named[y]
		if !ok { // no cohort that year: the totals carry over
			g = queries.GrowthRow{Year: y, TotalCities: last.TotalCities, TotalCountries: last.TotalCountries}
		}
		last = g
		recon = append(recon, queries.ReconciliationRow{Year: y, NamedNew: g.NewCities, NamedNewCountries: g.NewCountries, NamedTotal: g.TotalCities, NamedTotalCountries: g.TotalCountries})
	}
	for _, a := range ecReadCSV(t, announcementsCSV) {
		y, err := strconv.Atoi(a["year"])
		if err != nil {
			t.Fatal(err)
		}
		r := &recon[y-2015]
		r.PublishedNew, r.PublishedNewCountries = ecOptInt(t, a["new_cities"]), ecOptInt(t, a["new_countries"])
		r.PublishedTotal, r.PublishedTotalCountries = ecOptInt(t, a["total_cities"]), ecOptInt(t, a["total_countries"])
		if r.PublishedNew != nil && *r.PublishedNew > 0 {
			c := float64(r.NamedNew) / float64(*r.PublishedNew)
			r.Coverage = &c
		}
	}

	var regions []queries.RegionRow
	for _, name := range fixtures.Regions {
		n := ecReadmeRegions[name]
		regions = append(regions, queries.RegionRow{Region: name, Members: n, Share: float64(n) / 226, NewInLatest: newInLatest[name]})
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

	return &Dataset{
		Year:        2024,
		AsOf:        time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		GeneratedAt: time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC),
		Version:     "test",
		Headline: queries.Headline{Year: 2024,
			Published: queries.Figures{Cities: ptr[int64](356), Countries: ptr[int64](79), NewCities: ptr[int64](64), NewCountries: ptr[int64](35)},
			Named:     queries.Figures{Cities: ptr[int64](226), Countries: ptr[int64](61), NewCities: ptr[int64](56), NewCountries: ptr[int64](29)}},
		Growth:         ecReadmeGrowth,
		Reconciliation: recon,
		Regions:        regions,
		Countries:      countries,
		Cohorts:        cohorts,
		Rules:          Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2024, Source: "embedded default"},
		Members:        seqMembers(members),
		MemberCount:    int64(len(members)),
	}
}
