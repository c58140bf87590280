package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNoMembers is returned by LatestCohort on a register without members.
var ErrNoMembers = errors.New("the register has no members")

// Headline returns the figures for year as published beside the named members' (view headline,
// macro headline_at). A year without announcement has nil Published figures; the named counts
// are always set, Named.PeopleReached is nil when no population is known.
func (q *Queries) Headline(ctx context.Context, year int) (Headline, error) {
	rows, err := collect(ctx, q, stmtHeadline, func(r *sql.Rows, h *Headline) error {
		var cities, countries, newCities, newCountries, firstTime int64
		err := r.Scan(&h.Year,
			&h.Published.Cities, &h.Published.Countries, &h.Published.NewCities, &h.Published.NewCountries,
			&h.Published.PeopleReached, &h.Published.FirstTimeCountries,
			&cities, &countries, &newCities, &newCountries, &h.Named.PeopleReached, &firstTime,
			&h.PopulationUnknown, &h.Coverage)
		h.Named.Cities, h.Named.Countries, h.Named.NewCities, h.Named.NewCountries = &cities, &countries, &newCities, &newCountries
		h.Named.FirstTimeCountries = &firstTime
		return err
	}, year)
	if err != nil {
		return Headline{}, err
	}
	if len(rows) != 1 {
		return Headline{}, fmt.Errorf("query headline: %d rows for %d, want 1", len(rows), year)
	}
	return rows[0], nil
}

// Growth returns the named members' growth for every year of the register (view growth).
func (q *Queries) Growth(ctx context.Context) ([]GrowthRow, error) {
	return collect(ctx, q, stmtGrowth, func(r *sql.Rows, g *GrowthRow) error {
		return r.Scan(&g.Year, &g.NewCities, &g.NewCountries, &g.FirstTimeCountries, &g.Left, &g.TotalCities, &g.TotalCountries)
	})
}

// Reconciliation returns the published and named figures side by side, year by year
// (view reconciliation).
func (q *Queries) Reconciliation(ctx context.Context) ([]ReconciliationRow, error) {
	return collect(ctx, q, stmtReconciliation, func(r *sql.Rows, x *ReconciliationRow) error {
		return r.Scan(&x.Year, &x.PublishedNew, &x.NamedNew, &x.PublishedNewCountries, &x.NamedNewCountries,
			&x.PublishedTotal, &x.NamedTotal, &x.PublishedTotalCountries, &x.NamedTotalCountries,
			&x.Coverage, &x.OverNamed, &x.AnnouncedOn)
	})
}

// Cohorts returns every year's new members by region and country (view cohorts).
func (q *Queries) Cohorts(ctx context.Context) ([]CohortRow, error) {
	return collect(ctx, q, stmtCohorts, func(r *sql.Rows, c *CohortRow) error {
		return r.Scan(&c.Year, &c.Region, &c.ISO3, &c.Country, &c.NewCities)
	})
}

// PreviousCohort returns the latest year before year that had a cohort, and false when none
// did: the year the annual Summary compares with (not the calendar year before, which may have
// had no admission round).
func (q *Queries) PreviousCohort(ctx context.Context, year int) (int, bool, error) {
	rows, err := collect(ctx, q, stmtPreviousCohort, func(r *sql.Rows, y *sql.NullInt32) error {
		return r.Scan(y)
	}, year)
	if err != nil {
		return 0, false, err
	}
	if len(rows) != 1 || !rows[0].Valid {
		return 0, false, nil
	}
	return int(rows[0].Int32), true, nil
}

// LatestCohort returns the register's latest cohort year, or ErrNoMembers.
func (q *Queries) LatestCohort(ctx context.Context) (int, error) {
	rows, err := collect(ctx, q, stmtLatestCohort, func(r *sql.Rows, y *sql.NullInt32) error {
		return r.Scan(y)
	})
	if err != nil {
		return 0, err
	}
	if len(rows) != 1 || !rows[0].Valid {
		return 0, ErrNoMembers
	}
	return int(rows[0].Int32), nil
}
