package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
)

// defaultPageRows bounds the rows of one page of a streamed question (Members,
// MembersReporting, ComplianceRows). What DuckDB holds of a page is its sort, and through
// database/sql (go-duckdb v1.8.2 holds a query's whole result before the first row) its whole
// result; both count against DuckDB's memory limit. Asked whole, a 1,000,000-member register's
// compliance rows took about 400 MB through database/sql, and streamed (pipeline.Stream) the four
// questions' sorts outgrew the 256 MB a read-only database allows. A page holds whole countries,
// so a country larger than this is a page of its own; the default register is one page.
const defaultPageRows = 50_000

// page is a run of whole countries in a streamed question's order: their names and ISO3 codes,
// each a JSON array, as the page's statement takes them.
type page struct {
	countries, iso3s string
}

// pages asks plan for the countries in the question's order, each with its ISO3 code and its
// rows, and cuts them into pages of at most q.pageRows rows.
func (q *Queries) pages(ctx context.Context, plan statement) ([]page, error) {
	type group struct {
		country, iso3 string
		rows          int64
	}
	groups, err := collect(ctx, q, plan, func(r *sql.Rows, g *group) error {
		return r.Scan(&g.country, &g.iso3, &g.rows)
	})
	if err != nil {
		return nil, err
	}
	var out []page
	var countries, iso3s []string
	var rows int64
	cut := func() error {
		if len(countries) == 0 {
			return nil
		}
		c, err := json.Marshal(countries)
		if err != nil {
			return err
		}
		i, err := json.Marshal(iso3s)
		if err != nil {
			return err
		}
		out = append(out, page{countries: string(c), iso3s: string(i)})
		countries, iso3s, rows = nil, nil, 0
		return nil
	}
	for i, g := range groups {
		// A country's groups (one per ISO3 code it was written with) stay on one page.
		newCountry := i == 0 || g.country != groups[i-1].country
		if newCountry && rows > 0 && rows+g.rows > q.pageRows {
			if err := cut(); err != nil {
				return nil, fmt.Errorf("query %s: %w", plan, err)
			}
		}
		if newCountry {
			countries = append(countries, g.country)
		}
		iso3s = append(iso3s, g.iso3)
		rows += g.rows
	}
	if err := cut(); err != nil {
		return nil, fmt.Errorf("query %s: %w", plan, err)
	}
	return out, nil
}

// streamPages yields the rows of s, page by page of plan (see pages): args gives a page's
// parameters, scan makes a row of the reader's current row. Each range runs the queries anew;
// breaking out early ends the page's query. A failure is yielded once, as the last element.
func streamPages[T any](ctx context.Context, q *Queries, plan, s statement, args func(page) []any, scan func(*rowReader) T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		pages, err := q.pages(ctx, plan)
		if err != nil {
			yield(zero, err)
			return
		}
		for _, p := range pages {
			if !streamColumns(ctx, q, s, args(p), scan, yield) {
				return
			}
		}
	}
}
