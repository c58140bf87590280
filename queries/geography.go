package queries

import (
	"context"
	"database/sql"
)

// Regions returns every UNESCO region of the reference table (and any other a member names),
// alphabetically, which is UNESCO's order (view regions).
func (q *Queries) Regions(ctx context.Context) ([]RegionRow, error) {
	return collect(ctx, q, stmtRegions, func(r *sql.Rows, x *RegionRow) error {
		return r.Scan(&x.Region, &x.Members, &x.Countries, &x.Share, &x.FirstYear, &x.NewInLatest)
	})
}

// Countries returns every country with a member, ranked by active members, with its names in
// English, French and Spanish from the reference table (view country_summary).
func (q *Queries) Countries(ctx context.Context) ([]CountryRow, error) {
	return collect(ctx, q, stmtCountries, func(r *sql.Rows, c *CountryRow) error {
		return r.Scan(&c.ISO3, &c.ISO2, &c.NameEN, &c.NameFR, &c.NameES, &c.Region, &c.Language,
			&c.Members, &c.Share, &c.Rank, &c.FirstYear, &c.LatestYear, &c.PeopleReached, &c.PopulationUnknown)
	})
}
