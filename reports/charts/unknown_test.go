package charts

import (
	"html"
	"strings"
	"testing"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

// The growth chart's text says in words what is not published and falls back to the named
// members, labelled as such: never "In 2024: — cities in — countries". Its data table says
// "not published", and why a coverage is missing.
func TestRender_unknownIsNotZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		published queries.Figures
		lang      string
		want      string
	}{
		{"nothing published en", queries.Figures{}, "en",
			"For 2024, UNESCO has not published the network's figures; this register names 226 member cities in 61 countries."},
		{"nothing published fr", queries.Figures{}, "fr",
			"Pour 2024, l'UNESCO n'a pas publié les chiffres du réseau ; ce registre nomme 226 villes membres dans 61 pays."},
		{"nothing published es", queries.Figures{}, "es",
			"Para 2024, la UNESCO no ha publicado las cifras de la red; este registro nombra 226 ciudades miembro en 61 países."},
		{"cities only en", queries.Figures{Cities: reportstest.Ptr[int64](356)}, "en",
			"In 2024: 356 cities as published (the number of countries was not published), 226 named members."},
		{"both en", queries.Figures{Cities: reportstest.Ptr[int64](356), Countries: reportstest.Ptr[int64](79)}, "en",
			"In 2024: 356 cities in 79 countries as published, 226 named members."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds := reportstest.AnnualDataset()
			ds.Headline.Published = tt.published
			files := renderT(t, ds, Options{Langs: []string{tt.lang}})
			page := html.UnescapeString(fileOf(t, files, tt.lang+"/growth.html"))
			if !strings.Contains(page, tt.want) {
				t.Errorf("growth page lacks %q", tt.want)
			}
			if strings.Contains(page, "— cities") || strings.Contains(page, "— villes") || strings.Contains(page, "— ciudades") {
				t.Error("growth page still says \"—\" for a figure")
			}
		})
	}

	// The data table: 2016 published totals but no new cities; 2023 published 0 new cities.
	files := renderT(t, reportstest.AnnualDataset(), Options{Langs: []string{"en"}})
	table := tableOf(fileOf(t, files, "en/growth.html"))
	rows := map[string][]string{}
	for _, r := range table[1:] {
		rows[r[0]] = r
	}
	for year, want := range map[string][2]string{
		"2016": {"not published", "not published"}, // new cities (as published), coverage
		"2023": {"0", "no new cities published"},
		"2022": {"77", "87.0%"},
	} {
		r := rows[year]
		if len(r) < 8 {
			t.Fatalf("no table row for %s: %q", year, table)
		}
		if got := [2]string{r[1], r[7]}; got != want {
			t.Errorf("%s: new cities (as published), coverage = %q, want %q", year, got, want)
		}
	}
}
