package charts

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gnlc/queries"
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

func validateMembers(ms []member) error {
	var probs []string
	for _, m := range ms {
		if reason := badText(m.City + "\x00" + m.Country); reason != "" {
			probs = append(probs, fmt.Sprintf("member %q (%s) %s", m.City, m.ISO3, reason))
		}
		if len(m.City) > maxName || len(m.Country) > maxName {
			probs = append(probs, fmt.Sprintf("member %.40q… (%s): name longer than %d bytes", m.City, m.ISO3, maxName))
		}
		if len(probs) >= 20 {
			probs = append(probs, "…")
			break
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("charts: %w: %s", reports.ErrInvalidDataset, strings.Join(probs, "; "))
	}
	return nil
}

// placement is where the map draws a member.
type placement uint8

const (
	atCoordinates placement = iota // the register's own coordinates
	atCentroid                     // the country's centre: the register has no coordinates
	notPlaced                      // neither is known
)

// member is one active member as the map needs it.
type member struct {
	City, Country, ISO3 string // Country: the register's name, used when the reference lacks one
	Year                int
	Lon, Lat            float64
	Placed              placement
}

// collectMembers reads ds.Members once and keeps the active members, placed by their
// coordinates, else their country's centroid.
func collectMembers(ctx context.Context, ds *reports.Dataset, centroids map[string][2]float64) ([]member, error) {
	if ds.Members == nil {
		return nil, nil
	}
	// Members of a country share its name and code: one copy each, not one per member.
	names := map[string]string{}
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	out := make([]member, 0, min(max(ds.MemberCount, 0), 1<<24))
	n := 0
	for m, err := range ds.Members {
		if err != nil {
			return nil, fmt.Errorf("charts: read members: %w", err)
		}
		if n++; n%10_000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("charts: read members: %w", err)
			}
		}
		if m.Status != "" && m.Status != "active" {
			continue
		}
		m.Country, m.ISO3 = intern(m.Country), intern(m.ISO3)
		out = append(out, place(m, centroids))
	}
	slices.SortStableFunc(out, func(a, b member) int {
		return cmp.Or(cmp.Compare(a.ISO3, b.ISO3), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year))
	})
	return out, nil
}

func place(m queries.Member, centroids map[string][2]float64) member {
	e := member{City: m.City, Country: m.Country, ISO3: m.ISO3, Year: m.YearJoined, Placed: notPlaced}
	if m.Lat != nil && m.Lon != nil && *m.Lat >= -90 && *m.Lat <= 90 && *m.Lon >= -180 && *m.Lon <= 180 {
		e.Lon, e.Lat, e.Placed = *m.Lon, *m.Lat, atCoordinates
	} else if c, ok := centroids[m.ISO3]; ok {
		e.Lon, e.Lat, e.Placed = c[0], c[1], atCentroid
	}
	return e
}
