package pipeline

import (
	"fmt"
	"math"
)

// The rows of each kind of file, validated column by column into what the batches hold.

func (v *validator) member(r *rowCtx) (memberRow, bool) {
	k := &v.cols
	var m memberRow
	m.city = r.required(k.city, "a city name")
	c, ok := r.country()
	if ok {
		m.country, m.iso3, m.region = c.NameEN, c.ISO3, c.Region
		if given := r.text(k.region); given != "" {
			if canon, known := v.region(given); !known || canon != c.Region {
				r.fail(k.region, given, fmt.Sprintf("%q, the UNESCO region of %s (or an empty cell)", c.Region, c.NameEN), ErrRegionMismatch)
			}
		}
	}
	joined := r.year(k.yearJoined, firstYear, v.nowYear)
	m.yearJoined = joined.v
	m.appliedOn = r.date(k.appliedOn)
	m.population = r.count(k.population, "a whole number of inhabitants", maxPopulation)
	m.populationSource = r.text(k.populationSource)
	m.lat = r.coord(k.lat, 90)
	m.lon = r.coord(k.lon, 180)
	if m.lat.ok != m.lon.ok && !r.hasErr(k.lat) && !r.hasErr(k.lon) {
		missing := k.lon
		if !m.lat.ok {
			missing = k.lat
		}
		r.fail(missing, "", "lat and lon given together, or both empty", ErrRequired)
	}
	rawStatus := r.text(k.status)
	status, ok := parseStatus(rawStatus)
	switch {
	case r.hasErr(k.status):
		ok = false
	case !ok:
		r.fail(k.status, rawStatus, "active or withdrawn (actif/retiré, activo/retirado)", ErrBadStatus)
	}
	m.status = status
	switch {
	case status == "withdrawn":
		lo := firstYear
		if joined.ok {
			lo = int(joined.v)
		}
		m.leftYear = r.year(k.leftYear, lo, v.nowYear)
	case ok:
		if left := r.get(k.leftYear); left != "" {
			r.fail(k.leftYear, left, "an empty cell while status is active (or status withdrawn)", ErrLeftYear)
		}
	}
	m.lastReportOn = r.date(k.lastReportOn)
	m.sourceURL = r.text(k.sourceURL)
	m.cityKey = r.cityKey(k.city, m.city)
	return m, len(r.errs) == 0
}

func (v *validator) report(r *rowCtx) (reportRow, bool) {
	k := &v.cols
	var rep reportRow
	rep.city = r.required(k.city, "a city name")
	if c, ok := r.country(); ok {
		rep.iso3 = c.ISO3
	}
	rep.submittedOn = r.requiredDate(k.submittedOn).v
	rep.cityKey = r.cityKey(k.city, rep.city)
	return rep, len(r.errs) == 0
}

func (v *validator) announcement(r *rowCtx) (announcementRow, bool) {
	k := &v.cols
	var a announcementRow
	a.year = r.year(k.year, firstYear, v.nowYear).v
	a.announcedOn = r.date(k.announcedOn)
	a.newCities = r.count(k.newCities, "a number of cities", math.MaxInt32)
	a.newCountries = r.count(k.newCountries, "a number of countries", math.MaxInt32)
	a.firstTimeCountries = r.count(k.firstTimeCountries, "a number of countries", math.MaxInt32)
	a.totalCities = r.count(k.totalCities, "a number of cities", math.MaxInt32)
	a.totalCountries = r.count(k.totalCountries, "a number of countries", math.MaxInt32)
	a.ppl = r.count(k.peopleReached, "a number of people", maxPopulation)
	a.sourceURL = r.text(k.sourceURL)
	a.note = r.text(k.note)
	return a, len(r.errs) == 0
}

// cityKey is a city's identity within its country (Fold of its name), refusing a name with no
// letter or digit to tell it by; "" for an empty name, already refused as missing.
func (r *rowCtx) cityKey(col colRef, city string) string {
	if city == "" {
		return ""
	}
	key := Fold(city)
	if key == "" {
		r.fail(col, city, "a city name with letters or digits", ErrBadText)
	}
	return key
}
