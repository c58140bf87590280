package charts_test

import (
	"context"
	"fmt"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/charts"
)

// Render returns the chart set in memory; Write writes the same files under a folder
// (out/charts for gnlc report).
func ExampleRender() {
	published := int64(64)
	ds := &reports.Dataset{
		Year:           2024,
		Growth:         []queries.GrowthRow{{Year: 2024, NewCities: 56, NewCountries: 29, TotalCities: 226, TotalCountries: 61}},
		Reconciliation: []queries.ReconciliationRow{{Year: 2024, PublishedNew: &published, NamedNew: 56}},
		Regions:        []queries.RegionRow{{Region: "Africa", Members: 29, Share: 29.0 / 226, NewInLatest: 7}},
		Cohorts:        []queries.CohortRow{{Year: 2024, ISO3: "CMR", Country: "Cameroon", Region: "Africa", NewCities: 3}},
		Rules:          reports.Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2024},
	}
	files, err := charts.Render(context.Background(), ds, charts.Options{Langs: []string{"fr"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Path)
	}
	// Output:
	// fr/growth.html
	// fr/growth.embed.html
	// fr/growth.svg
	// fr/regions.html
	// fr/regions.embed.html
	// fr/regions.svg
	// fr/cohort.html
	// fr/cohort.embed.html
	// fr/cohort.svg
	// fr/map.html
	// fr/map.embed.html
	// fr/map.svg
	// index.html
	// licenses/LICENSE-echarts
	// licenses/NOTICE-echarts
	// licenses/LICENSE-d3
	// licenses/LICENSE-world-atlas
}
