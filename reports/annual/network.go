package annual

import (
	"fmt"
	"slices"

	"gnlc/reports/internal/xlsx"
)

// regions summarizes the named members by UNESCO region, with a bar chart.
func (b *annualBuild) regions() error {
	ds := b.ds
	t := b.dataSheet(sheetRegions, "tblRegions",
		fmt.Sprintf("Regions: %s by UNESCO region", labelNamed),
		[]string{fmt.Sprintf("Active named members at the end of %d; a country's region comes from the reference table of countries.", ds.Year)},
		[]xlsx.Column{
			{Header: "Region"},
			{Header: "Named members"},
			{Header: "Countries"},
			{Header: "Share of named members"},
			{Header: "First member in"},
			{Header: fmt.Sprintf("New in %d", ds.Year)},
		})
	rows := make([][]xlsx.Cell, len(ds.Regions))
	for i, r := range ds.Regions {
		rows[i] = []xlsx.Cell{
			xlsx.Text(r.Region), xlsx.Int(r.Members), xlsx.Int(r.Countries),
			xlsx.Percent(r.Share), xlsx.OptYear(r.FirstYear), xlsx.Int(r.NewInLatest),
		}
	}
	if _, err := xlsx.WriteTable(b.f, b.st, t, rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	regions := make([]string, len(ds.Regions))
	for i, r := range ds.Regions {
		regions[i] = r.Region
	}
	return addRegionsChart(b.f, regions, ds.Year)
}

// countries ranks the member countries, with each cohort's new cities in a column per year.
func (b *annualBuild) countries() error {
	ds := b.ds
	var years []int
	perCountry := map[string]map[int]int64{}
	for _, c := range ds.Cohorts {
		years = append(years, c.Year)
		if perCountry[c.ISO3] == nil {
			perCountry[c.ISO3] = map[int]int64{}
		}
		perCountry[c.ISO3][c.Year] += c.NewCities
	}
	slices.Sort(years)
	years = slices.Compact(years)

	// ISO2 and the language stay in the reference table: the page holds the yearly columns.
	cols := []xlsx.Column{
		{Header: "Rank"}, {Header: "Country"}, {Header: "ISO3"}, {Header: "Region"},
		{Header: "Named members"}, {Header: "Share of named members"},
		{Header: "First member in"}, {Header: "Latest member in"},
		{Header: "People in named members"}, {Header: "Members, population unknown"},
	}
	for _, y := range years {
		cols = append(cols, xlsx.Column{Header: fmt.Sprintf("New in %d", y)})
	}
	t := b.dataSheet(sheetCountries, "tblCountries",
		fmt.Sprintf("Countries: member countries ranked by %s", labelNamed),
		[]string{
			"People in named members: the sum of the known populations of active named members; members whose population is unknown are counted apart. Empty: no population known.",
			"New in a year: the country's new named members in that cohort; 0 is none.",
			noteGeoNames,
		}, cols)
	rows := make([][]xlsx.Cell, len(ds.Countries))
	for i, c := range ds.Countries {
		r := []xlsx.Cell{
			xlsx.ID(int64(c.Rank)), xlsx.Text(c.NameEN), xlsx.Text(c.ISO3), xlsx.Text(c.Region),
			xlsx.Int(c.Members), xlsx.Percent(c.Share),
			xlsx.Year(c.FirstYear), xlsx.Year(c.LatestYear),
			xlsx.OptInt(c.PeopleReached), xlsx.Int(c.PopulationUnknown),
		}
		for _, y := range years {
			// No new city named that year is none (0), not unknown: the register is the count.
			r = append(r, xlsx.Int(perCountry[c.ISO3][y]))
		}
		rows[i] = r
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}
