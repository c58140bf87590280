package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gnlc/fixtures"
	"gnlc/pipeline"
	"gnlc/reports"
	"gnlc/reports/delegation"
)

// resolveCountry turns what the user typed after --country (a UN name or alias in English,
// French or Spanish, any case or accents, or an ISO 3166-1 code) into the country's ISO3 code
// and its English name, through the reference table's index.
func resolveCountry(s string) (iso3, name string, err error) {
	countries, err := fixtures.Countries()
	if err != nil {
		return "", "", fmt.Errorf("read the reference table of countries: %w", err)
	}
	places, err := fixtures.Places()
	if err != nil {
		return "", "", fmt.Errorf("read the reference table of places: %w", err)
	}
	ix, err := pipeline.NewCountryIndex(countries, places)
	if err != nil {
		return "", "", fmt.Errorf("index the reference table of countries: %w", err)
	}
	if c, ok := ix.Lookup(s); ok {
		return c.ISO3, c.NameEN, nil
	}
	if why := ix.Refused(s); why != "" {
		return "", "", fmt.Errorf("--country %q: %s", s, why)
	}
	if names := ix.Ambiguous(s); len(names) > 0 {
		return "", "", fmt.Errorf("--country %q: several countries have this name (%s): give its ISO code", s, strings.Join(names, ", "))
	}
	if names := ix.Suggest(s); len(names) > 0 {
		return "", "", fmt.Errorf("--country %q: no such country; did you mean %s?", s, strings.Join(names, ", "))
	}
	return "", "", fmt.Errorf("--country %q: no such country (give a name in English, French or Spanish, or an ISO code)", s)
}

// writeDelegations writes the delegation workbooks of the run: every member country's, or only
// --country's, in each delegation's language or --lang's. A --country that has no named member
// is not a failure (STYLE.md rule 13): it is noted on stderr and nothing is written.
func writeDelegations(ctx context.Context, opts *ReportOptions, ds *reports.Dataset) ([]string, error) {
	dopts := delegation.Options{Lang: opts.Lang, Logger: opts.Deps.Logger}
	if opts.Country != "" {
		dopts.Countries = []string{opts.Country}
	}
	paths, err := delegation.Write(ctx, opts.Out, ds, dopts)
	if errors.Is(err, delegation.ErrNotMember) {
		fmt.Fprintf(opts.Deps.Stderr, "gnlc: %s (%s) has no named member in the register: no delegation workbook written\n", opts.CountryName, opts.Country)
		return nil, nil
	}
	return paths, err
}
