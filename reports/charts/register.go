package charts

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gnlc/queries"
	"gnlc/reports"
)

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

// register is what the map reads of ds.Members, in one pass. Up to mapTableMax active members
// it keeps each one, for the table that lists them; past that it keeps only what the large map
// draws and counts (a point per grid square, counts per country), so its memory does not grow
// with the register.
type register struct {
	active    int64
	members   []member                 // sorted by ISO3, city, year; nil when large
	countries map[string]*countryCount // by ISO3
	squares   map[square]*mergedPoint
	points    []*mergedPoint // the squares' points, in order (finish)
	names     map[string]string
}

// countryCount is one country's active members by where the map draws them.
type countryCount struct {
	Name   string // the register's name (the smallest, if it gives several)
	placed [3]int64
}

func (c *countryCount) total() int64 { return c.placed[0] + c.placed[1] + c.placed[2] }

// square is one mapGrid square of one series: members at their coordinates, or at their
// country's centre (drawn hollow, so the two never merge).
type square struct {
	centroid bool
	x, y     int32
}

// mergedPoint is the point a large map draws for a square: its first member (before, which
// does not depend on the language or the register's order, so the points are computed once
// for every language) and how many members the square holds.
type mergedPoint struct {
	first member
	n     int64
}

func newRegister() *register {
	return &register{countries: map[string]*countryCount{}, squares: map[square]*mergedPoint{}, names: map[string]string{}}
}

func (r *register) intern(s string) string {
	if v, ok := r.names[s]; ok {
		return v
	}
	r.names[s] = s
	return s
}

// large says whether the register has more active members than the map lists one by one:
// the map then merges its points by square and counts its table by country.
func (r *register) large() bool { return r.active > mapTableMax }

// add counts one active member, and keeps it while the register is not large.
func (r *register) add(m member) {
	r.active++
	// Members of a country share its name and code: one copy each, not one per member.
	m.Country, m.ISO3 = r.intern(m.Country), r.intern(m.ISO3)
	c, ok := r.countries[m.ISO3]
	if !ok {
		c = &countryCount{Name: m.Country}
		r.countries[m.ISO3] = c
	}
	c.Name = min(c.Name, m.Country)
	c.placed[m.Placed]++
	if m.Placed != notPlaced {
		k := square{centroid: m.Placed == atCentroid,
			x: int32(math.Floor(m.Lon / mapGrid)), y: int32(math.Floor(m.Lat / mapGrid))}
		if p, ok := r.squares[k]; !ok {
			r.squares[k] = &mergedPoint{first: m, n: 1}
		} else {
			p.n++
			if before(m, p.first) {
				p.first = m
			}
		}
	}
	switch {
	case r.large():
		r.members = nil
	default:
		r.members = append(r.members, m)
	}
}

// before orders members by country code, city and year (then place, so no two differ and tie).
func before(a, b member) bool { return compareMembers(a, b) < 0 }

func compareMembers(a, b member) int {
	return cmp.Or(cmp.Compare(a.ISO3, b.ISO3), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year),
		cmp.Compare(a.Lon, b.Lon), cmp.Compare(a.Lat, b.Lat))
}

// finish orders what add collected: the members, and the squares' points by their first member,
// so the output does not depend on the register's order.
func (r *register) finish() {
	slices.SortStableFunc(r.members, func(a, b member) int {
		return cmp.Or(cmp.Compare(a.ISO3, b.ISO3), cmp.Compare(a.City, b.City), cmp.Compare(a.Year, b.Year))
	})
	r.points = make([]*mergedPoint, 0, len(r.squares))
	for _, p := range r.squares {
		r.points = append(r.points, p)
	}
	slices.SortFunc(r.points, func(a, b *mergedPoint) int {
		return cmp.Or(compareMembers(a.first, b.first), cmp.Compare(a.first.Placed, b.first.Placed))
	})
}

// collectRegister reads ds.ActiveMembers (ds.Members when nil) once, placing each active
// member by its coordinates, else its country's centroid, and refuses names a chart cannot hold
// (memberProblem). What it keeps does not depend on the order the members come in.
func collectRegister(ctx context.Context, ds *reports.Dataset, centroids map[string][2]float64) (*register, error) {
	r := newRegister()
	members := ds.ActiveMembers
	if members == nil {
		members = ds.Members
	}
	if members == nil {
		r.finish()
		return r, nil
	}
	var probs []string
	n := 0
	for m, err := range members {
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
		e := place(m, centroids)
		if p := memberProblem(e); p != "" {
			// Nothing is written for an invalid register: twenty reasons are enough to say so.
			if probs = append(probs, p); len(probs) == 20 {
				probs = append(probs, "…")
				break
			}
			continue
		}
		r.add(e)
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("charts: %w: %s", reports.ErrInvalidDataset, strings.Join(probs, "; "))
	}
	r.finish()
	return r, nil
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
