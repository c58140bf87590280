package charts

import (
	"fmt"
	"strings"

	"gnlc/reports"
)

// validate checks the parts of ds the charts read, and lists every problem.
func validate(ds *reports.Dataset) error {
	if ds == nil {
		return fmt.Errorf("charts: %w: no dataset", reports.ErrInvalidDataset)
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if ds.Year < reports.FirstCohortYear || ds.Year > 9999 {
		add("year %d is outside %d..9999", ds.Year, reports.FirstCohortYear)
	}
	if ds.MemberCount > 0 && ds.Members == nil {
		add("%d members announced but no member rows", ds.MemberCount)
	}
	years := map[int]bool{}
	for _, g := range ds.Growth {
		if years[g.Year] {
			add("growth lists year %d twice", g.Year)
		}
		years[g.Year] = true
		if g.NewCities < 0 || g.TotalCities < 0 || g.TotalCountries < 0 {
			add("growth %d has a negative count", g.Year)
		}
	}
	clear(years)
	for _, r := range ds.Reconciliation {
		if years[r.Year] {
			add("reconciliation lists year %d twice", r.Year)
		}
		years[r.Year] = true
	}
	for _, r := range ds.Regions {
		if r.Members < 0 || r.NewInLatest < 0 || r.Share < 0 || r.Share > 1 {
			add("region %q has a count below zero or a share outside 0..1", r.Region)
		}
		if reason := badText(r.Region); reason != "" {
			add("region %q %s", r.Region, reason)
		}
	}
	for _, c := range ds.Cohorts {
		if c.NewCities < 0 {
			add("cohort %d, %s has a negative count", c.Year, c.ISO3)
		}
		if reason := badText(c.Country); reason != "" {
			add("cohort %d: country %q %s", c.Year, c.Country, reason)
		}
	}
	for _, c := range ds.Countries {
		for _, n := range []string{c.NameEN, c.NameFR, c.NameES} {
			if reason := badText(n); reason != "" {
				add("country %s: name %q %s", c.ISO3, n, reason)
			}
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("charts: %w: %s", reports.ErrInvalidDataset, strings.Join(probs, "; "))
	}
	return nil
}

// badText says why s cannot go into a chart, or "". go-echarts marks JavaScript functions in
// an option with "__f__" and deletes every occurrence of it from the rendered option, so a name
// holding it would come out altered (or break the option); such a name is refused, not mangled.
func badText(s string) string {
	if strings.Contains(s, "__f__") {
		return `contains "__f__", which the chart library reserves`
	}
	return ""
}

// maxName is the longest text the charts accept from data for one name; a longer one is a
// defect of the register, and would make a label unreadable.
const maxName = 500

// memberProblem says why an active member cannot go into the map, or "".
func memberProblem(m member) string {
	var probs []string
	if reason := badText(m.City + "\x00" + m.Country); reason != "" {
		probs = append(probs, fmt.Sprintf("member %q (%s) %s", m.City, m.ISO3, reason))
	}
	if len(m.City) > maxName || len(m.Country) > maxName {
		probs = append(probs, fmt.Sprintf("member %.40q… (%s): name longer than %d bytes", m.City, m.ISO3, maxName))
	}
	return strings.Join(probs, "; ")
}
