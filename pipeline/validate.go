package pipeline

import (
	"fmt"
	"math"
	"strings"

	"gnlc/fixtures"
)

// firstYear is the year membership opened: no cohort, announcement or departure before it.
const firstYear = 2015

// maxPopulation is far above any city's (or the world's) population: larger values are typos.
const maxPopulation = 20_000_000_000

// maxLookupCache bounds the per-file memo of country lookups (registers repeat few countries).
const maxLookupCache = 4096

// validator checks and normalizes the rows of one file against the input contract (DESIGN.md,
// "Input contract"). It is used by one goroutine.
type validator struct {
	file     string
	hm       *headerMap
	ix       *CountryIndex
	nowYear  int
	serial   bool // XLSX: numbers in date columns are Excel serial dates
	padShort bool // XLSX: trailing empty cells are not stored, so short rows are padded
	lookups  map[string]lookupResult
}

type lookupResult struct {
	c  fixtures.Country
	ok bool
}

// rowCtx is one row being validated: its cells and the errors found so far.
type rowCtx struct {
	v      *validator
	row    int
	fields []string
	errs   []*RowError
}

// get returns the trimmed, NFC-normalized cell of column name, or "" when the file lacks it.
func (r *rowCtx) get(name string) string {
	i := r.v.hm.col(name)
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return normalizeText(r.fields[i])
}

func (r *rowCtx) fail(col, value, expected string, err error) {
	r.errs = append(r.errs, &RowError{File: r.v.file, Row: r.row, Column: col, Value: value, Expected: expected, Err: err})
}

// text reads a free-text column, refusing control characters.
func (r *rowCtx) text(col string) string {
	s := r.get(col)
	if hasControl(s) {
		r.fail(col, s, "text without control characters or line breaks", ErrBadText)
		return ""
	}
	return s
}

// required reads a text column that must not be empty.
func (r *rowCtx) required(col, what string) string {
	s := r.text(col)
	if s == "" && r.v.hm.col(col) >= 0 && !r.hasErr(col) {
		r.fail(col, "", what, ErrRequired)
	}
	return s
}

func (r *rowCtx) hasErr(col string) bool {
	for _, e := range r.errs {
		if e.Column == col {
			return true
		}
	}
	return false
}

func (r *rowCtx) year(col string, need bool, lo, hi int) optInt {
	s := r.get(col)
	if s == "" {
		if need {
			r.fail(col, "", fmt.Sprintf("a year from %d to %d", lo, hi), ErrRequired)
		}
		return optInt{}
	}
	n, ok := parseInt(s)
	if !ok {
		r.fail(col, s, fmt.Sprintf("a year such as %d", hi), ErrBadInteger)
		return optInt{}
	}
	if n < int64(lo) || n > int64(hi) {
		r.fail(col, s, fmt.Sprintf("a year from %d to %d", lo, hi), ErrOutOfRange)
		return optInt{}
	}
	return optInt{n, true}
}

func (r *rowCtx) count(col, what string, hi int64) optInt {
	s := r.get(col)
	if s == "" {
		return optInt{}
	}
	n, ok := parseInt(s)
	if !ok {
		r.fail(col, s, what+" (digits, optionally grouped: 1234567, 1,234,567 or 1 234 567)", ErrBadInteger)
		return optInt{}
	}
	if n < 0 || n > hi {
		r.fail(col, s, fmt.Sprintf("%s from 0 to %d", what, hi), ErrOutOfRange)
		return optInt{}
	}
	return optInt{n, true}
}

func (r *rowCtx) date(col string, need bool) optDate {
	s := r.get(col)
	if s == "" {
		if need {
			r.fail(col, "", dateExpected, ErrRequired)
		}
		return optDate{}
	}
	t, ok := parseDate(s, r.v.serial)
	if !ok {
		r.fail(col, s, dateExpected, ErrBadDate)
		return optDate{}
	}
	return optDate{t, true}
}

func (r *rowCtx) coord(col string, limit float64) optFloat {
	s := r.get(col)
	if s == "" {
		return optFloat{}
	}
	f, ok := parseFloat(s)
	if !ok {
		r.fail(col, s, "a decimal number of degrees such as 48.8566", ErrBadNumber)
		return optFloat{}
	}
	if f < -limit || f > limit {
		r.fail(col, s, fmt.Sprintf("degrees from %g to %g", -limit, limit), ErrOutOfRange)
		return optFloat{}
	}
	return optFloat{f, true}
}

// country resolves the country and iso3 columns; given both, they must agree.
func (r *rowCtx) country() (fixtures.Country, bool) {
	name, code := r.text("country"), r.text("iso3")
	if r.hasErr("country") || r.hasErr("iso3") {
		return fixtures.Country{}, false
	}
	if name == "" && code == "" {
		col := "country"
		if r.v.hm.col(col) < 0 {
			col = "iso3"
		}
		r.fail(col, "", "a country name or ISO 3166-1 code", ErrRequired)
		return fixtures.Country{}, false
	}
	var c fixtures.Country
	if name != "" {
		found, ok := r.v.lookup(name)
		if !ok {
			r.fail("country", name, r.v.unknownCountry(name), ErrUnknownCountry)
			return fixtures.Country{}, false
		}
		c = found
	}
	if code != "" {
		byCode, ok := r.v.ix.ByISO3(code)
		switch {
		case !ok:
			r.fail("iso3", code, "an ISO 3166-1 alpha-3 code such as FRA", ErrUnknownCountry)
			return fixtures.Country{}, false
		case name != "" && byCode.ISO3 != c.ISO3:
			r.fail("iso3", code, fmt.Sprintf("%s, the code of %s (%s is %s)", c.ISO3, c.NameEN, byCode.ISO3, byCode.NameEN), ErrCountryMismatch)
			return fixtures.Country{}, false
		}
		c = byCode
	}
	return c, true
}

func (v *validator) lookup(name string) (fixtures.Country, bool) {
	if res, ok := v.lookups[name]; ok {
		return res.c, res.ok
	}
	c, ok := v.ix.Lookup(name)
	if len(v.lookups) < maxLookupCache {
		v.lookups[name] = lookupResult{c, ok}
	}
	return c, ok
}

// unknownCountry says what was expected instead of name, with the closest known names.
func (v *validator) unknownCountry(name string) string {
	if amb := v.ix.Ambiguous(name); len(amb) > 0 {
		return fmt.Sprintf("one country; %q could be %s", name, quoteList(amb, "or"))
	}
	msg := "a country name (English, French or Spanish) or ISO 3166-1 code"
	if sug := v.ix.Suggest(name); len(sug) > 0 {
		msg += "; did you mean " + quoteList(sug, "or") + "?"
	}
	return msg
}

func quoteList(names []string, conj string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}

// shape checks a row's width and cell sizes before its values. It returns false when the row
// cannot be read further; blank is true for a row with no content, which is skipped.
func (r *rowCtx) shape() (ok, blank bool) {
	blank = true
	for _, f := range r.fields {
		if strings.TrimSpace(f) != "" {
			blank = false
			break
		}
	}
	if blank {
		return false, true
	}
	width := r.v.hm.width
	if len(r.fields) < width && r.v.padShort {
		r.fields = append(r.fields, make([]string, width-len(r.fields))...)
	}
	if len(r.fields) > width {
		// Trailing empty cells (a habit of spreadsheet exports) carry nothing.
		extra := r.fields[width:]
		if strings.TrimSpace(strings.Join(extra, "")) == "" {
			r.fields = r.fields[:width]
		}
	}
	if len(r.fields) != width {
		r.fail("", "", fmt.Sprintf("%d fields, as in the header (got %d)", width, len(r.fields)), ErrFieldCount)
		return false, false
	}
	for i, f := range r.fields {
		if len(f) > maxCellBytes {
			r.fail(r.v.columnName(i), f, fmt.Sprintf("a cell of at most %d KiB", maxCellBytes>>10), ErrCellTooLong)
		}
	}
	return len(r.errs) == 0, false
}

// columnName names field i in errors: its canonical column, else its header.
func (v *validator) columnName(i int) string {
	for name, j := range v.hm.index {
		if j == i {
			return name
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

func (v *validator) member(r *rowCtx) (memberRow, bool) {
	var m memberRow
	m.city = r.required("city", "a city name")
	c, ok := r.country()
	if ok {
		m.country, m.iso3, m.region = c.NameEN, c.ISO3, c.Region
		if given := r.text("region"); given != "" {
			if canon, known := v.ix.Region(given); !known || canon != c.Region {
				r.fail("region", given, fmt.Sprintf("%q, the UNESCO region of %s (or an empty cell)", c.Region, c.NameEN), ErrRegionMismatch)
			}
		}
	}
	joined := r.year("year_joined", true, firstYear, v.nowYear)
	m.yearJoined = joined.v
	m.appliedOn = r.date("applied_on", false)
	m.population = r.count("population", "a whole number of inhabitants", maxPopulation)
	m.populationSource = r.text("population_source")
	m.lat = r.coord("lat", 90)
	m.lon = r.coord("lon", 180)
	if m.lat.ok != m.lon.ok && !r.hasErr("lat") && !r.hasErr("lon") {
		missing := "lon"
		if !m.lat.ok {
			missing = "lat"
		}
		r.fail(missing, "", "lat and lon given together, or both empty", ErrRequired)
	}
	status, ok := parseStatus(r.get("status"))
	if !ok {
		r.fail("status", r.get("status"), "active or withdrawn (actif/retiré, activo/retirado)", ErrBadStatus)
	}
	m.status = status
	switch {
	case status == "withdrawn":
		lo := firstYear
		if joined.ok {
			lo = int(joined.v)
		}
		m.leftYear = r.year("left_year", true, lo, v.nowYear)
	case r.get("left_year") != "" && ok:
		r.fail("left_year", r.get("left_year"), "an empty cell while status is active (or status withdrawn)", ErrLeftYear)
	}
	m.lastReportOn = r.date("last_report_on", false)
	m.sourceURL = r.text("source_url")
	if m.city != "" {
		m.cityKey = Fold(m.city)
		if m.cityKey == "" {
			r.fail("city", m.city, "a city name with letters or digits", ErrBadText)
		}
	}
	return m, len(r.errs) == 0
}

func (v *validator) report(r *rowCtx) (reportRow, bool) {
	var rep reportRow
	rep.city = r.required("city", "a city name")
	if c, ok := r.country(); ok {
		rep.iso3 = c.ISO3
	}
	rep.submittedOn = r.date("submitted_on", true).v
	if rep.city != "" {
		rep.cityKey = Fold(rep.city)
		if rep.cityKey == "" {
			r.fail("city", rep.city, "a city name with letters or digits", ErrBadText)
		}
	}
	return rep, len(r.errs) == 0
}

func (v *validator) announcement(r *rowCtx) (announcementRow, bool) {
	var a announcementRow
	a.year = r.year("year", true, firstYear, v.nowYear).v
	a.announcedOn = r.date("announced_on", false)
	a.newCities = r.count("new_cities", "a number of cities", math.MaxInt32)
	a.newCountries = r.count("new_countries", "a number of countries", math.MaxInt32)
	a.firstTimeCountries = r.count("first_time_countries", "a number of countries", math.MaxInt32)
	a.totalCities = r.count("total_cities", "a number of cities", math.MaxInt32)
	a.totalCountries = r.count("total_countries", "a number of countries", math.MaxInt32)
	a.ppl = r.count("people_reached", "a number of people", maxPopulation)
	a.sourceURL = r.text("source_url")
	a.note = r.text("note")
	return a, len(r.errs) == 0
}
