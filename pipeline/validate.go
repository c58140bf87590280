package pipeline

import (
	"fmt"
	"strings"
	"time"

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
	sheet    string // XLSX: the sheet read, named in errors
	hm       *headerMap
	ix       *CountryIndex
	nowYear  int
	serial   bool // XLSX: numbers in date columns are Excel serial dates
	padShort bool // XLSX: trailing empty cells are not stored, so short rows are padded
	// headerRow is the row the header was found on, for errors about rows that repeat it.
	headerRow int
	// decimalDot: "." is the file's decimal mark (rowSource.decimalDot), so a lone "." in a
	// count is a decimal point, not a thousands separator.
	decimalDot bool
	lookups    map[string]lookupResult
	regions    map[string]string // "" for an unknown region
	notes      noteCounts        // per worker: see rowCtx.note
	cols       columns
	// formulas: XLSX cells of mapped columns that hold a formula without its value, by row
	// (read_xlsx_formula.go); nil for most files. Shared by the workers, read only.
	formulas map[int][]formulaCell
}

// colRef is a canonical column and its field index in the file (-1: the file lacks it), resolved
// once per file so that validating a row does no map lookups.
type colRef struct {
	name string
	i    int
}

// columns are the canonical columns of every kind, resolved against one file's header.
type columns struct {
	city, country, iso3, region, yearJoined, appliedOn, population, populationSource, lat, lon,
	status, leftYear, lastReportOn, sourceURL, submittedOn, year, announcedOn, newCities,
	newCountries, firstTimeCountries, totalCities, totalCountries, peopleReached, note colRef
}

func newValidator(in input, sheet string, hm *headerMap, ix *CountryIndex, nowYear int) *validator {
	file, xlsx := in.file, in.xlsx
	ref := func(name string) colRef { return colRef{name, hm.col(name)} }
	return &validator{
		file: file, sheet: sheet, hm: hm, ix: ix, nowYear: nowYear, serial: xlsx, padShort: xlsx,
		lookups: make(map[string]lookupResult),
		regions: make(map[string]string),
		cols: columns{
			city: ref("city"), country: ref("country"), iso3: ref("iso3"), region: ref("region"),
			yearJoined: ref("year_joined"), appliedOn: ref("applied_on"), population: ref("population"),
			populationSource: ref("population_source"), lat: ref("lat"), lon: ref("lon"),
			status: ref("status"), leftYear: ref("left_year"), lastReportOn: ref("last_report_on"),
			sourceURL: ref("source_url"), submittedOn: ref("submitted_on"), year: ref("year"),
			announcedOn: ref("announced_on"), newCities: ref("new_cities"), newCountries: ref("new_countries"),
			firstTimeCountries: ref("first_time_countries"), totalCities: ref("total_cities"),
			totalCountries: ref("total_countries"), peopleReached: ref("people_reached"), note: ref("note"),
		},
	}
}

type lookupResult struct {
	c    fixtures.Country
	note string // the file's note for a place counted under c ("Hong Kong" under China)
	ok   bool
}

// rowCtx is one row being validated: its cells and the errors found so far.
type rowCtx struct {
	v      *validator
	row    int
	fields []string
	errs   []*RowError
}

// get returns the trimmed, NFC-normalized cell of column name, or "" when the file lacks it.
func (r *rowCtx) get(c colRef) string {
	i := c.i
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return normalizeText(r.fields[i])
}

// note records that this row was read in a way the summary should mention.
func (r *rowCtx) note(msg string) {
	if r.v.notes != nil {
		r.v.notes.add(msg)
	}
}

func (r *rowCtx) fail(c colRef, value, expected string, err error) {
	e := r.v.errAt(r.row, c)
	e.Value, e.Expected, e.Err = value, expected, err
	r.errs = append(r.errs, e)
}

// errAt starts an error on row at column c, named as the file's header writes it; c.name is ""
// for a field that maps to no column.
func (v *validator) errAt(row int, c colRef) *RowError {
	e := &RowError{File: v.file, Sheet: v.sheet, Row: row, Column: c.name}
	if c.i >= 0 {
		e.Field = c.i + 1
		e.Header = v.hm.header(c.i)
	}
	return e
}

// text reads a free-text column, refusing text mangled before it reached gnlc (see mangled.go)
// and control characters.
func (r *rowCtx) text(col colRef) string {
	if col.i < 0 || col.i >= len(r.fields) {
		return ""
	}
	if s := r.fields[col.i]; plainASCII(s) && (s == "" || s[0] != ' ' && s[len(s)-1] != ' ') {
		// The usual cell, checked in one loop: printable ASCII is NFC, and with no space at
		// either end, trimmed.
		return s
	}
	s := r.get(col)
	if plainASCII(s) {
		return s
	}
	if r.mangled(col, s) {
		return ""
	}
	if hasControl(s) {
		r.fail(col, s, "text without control characters or line breaks", ErrBadText)
		return ""
	}
	return s
}

// required reads a text column that must not be empty.
func (r *rowCtx) required(col colRef, what string) string {
	s := r.text(col)
	if s == "" && col.i >= 0 && !r.hasErr(col) {
		r.fail(col, "", what, ErrRequired)
	}
	return s
}

func (r *rowCtx) hasErr(col colRef) bool {
	for _, e := range r.errs {
		if e.Column == col.name {
			return true
		}
	}
	return false
}

// year reads a year from lo to hi that the row must give (every year column is required where
// it is read: a cohort, a departure once a member withdrew, an announcement's year).
func (r *rowCtx) year(col colRef, lo, hi int) optInt {
	s := r.get(col)
	if s == "" {
		r.fail(col, "", fmt.Sprintf("a year from %d to %d", lo, hi), ErrRequired)
		return optInt{}
	}
	n, ok := parseYear(s)
	if (!ok || n < int64(lo) || n > int64(hi)) && r.v.serial {
		if d, isDate := serialDate(s); isDate {
			r.fail(col, s, fmt.Sprintf("a year such as %d; format the column as a number or type the year", hi),
				fmt.Errorf("%w (%s)", ErrLooksLikeDate, d.Format(time.DateOnly)))
			return optInt{}
		}
	}
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

func (r *rowCtx) count(col colRef, what string, hi int64) optInt {
	s := r.get(col)
	if s == "" {
		return optInt{}
	}
	n, ok := parseWhole(s, r.v.decimalDot)
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

// date reads an optional date: an empty cell is no date.
func (r *rowCtx) date(col colRef) optDate {
	s := r.get(col)
	if s == "" {
		return optDate{}
	}
	return r.parseDate(col, s)
}

// requiredDate reads a date the row must give.
func (r *rowCtx) requiredDate(col colRef) optDate {
	s := r.get(col)
	if s == "" {
		r.fail(col, "", dateExpected, ErrRequired)
		return optDate{}
	}
	return r.parseDate(col, s)
}

// parseDate reads the date s, the cell of col as get returns it.
func (r *rowCtx) parseDate(col colRef, s string) optDate {
	t, ok := parseDate(s, r.v.serial)
	if !ok {
		r.fail(col, s, dateExpected, ErrBadDate)
		return optDate{}
	}
	return optDate{t, true}
}

func (r *rowCtx) coord(col colRef, limit float64) optFloat {
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
	k := &r.v.cols
	name, code := r.text(k.country), r.text(k.iso3)
	if r.hasErr(k.country) || r.hasErr(k.iso3) {
		return fixtures.Country{}, false
	}
	if name == "" && code == "" {
		col := k.country
		if col.i < 0 {
			col = k.iso3
		}
		r.fail(col, "", "a country name or ISO 3166-1 code", ErrRequired)
		return fixtures.Country{}, false
	}
	var c fixtures.Country
	var note string
	if name != "" {
		res := r.v.lookup(name)
		if !res.ok {
			r.fail(k.country, name, r.v.unknownCountry(name), ErrUnknownCountry)
			return fixtures.Country{}, false
		}
		c, note = res.c, res.note
	}
	if code != "" {
		byCode, codeNote, ok := r.v.ix.resolveISO3(code)
		switch {
		case !ok:
			expected := "an ISO 3166-1 code such as FRA or FR"
			if why := r.v.ix.Refused(code); why != "" {
				expected = "the code of a UNESCO member state; " + why
			}
			r.fail(k.iso3, code, expected, ErrUnknownCountry)
			return fixtures.Country{}, false
		case name != "" && byCode.ISO3 != c.ISO3:
			r.fail(k.iso3, code, fmt.Sprintf("%s, the code of %s (%s is %s)", c.ISO3, c.NameEN, byCode.ISO3, byCode.NameEN), ErrCountryMismatch)
			return fixtures.Country{}, false
		}
		c = byCode
		if codeNote != "" {
			note = codeNote
		}
	}
	if note != "" {
		r.note(note)
	}
	return c, true
}

// region maps a region as written to its canonical name, memoized like lookup.
func (v *validator) region(s string) (string, bool) {
	if r, ok := v.regions[s]; ok {
		return r, r != ""
	}
	r, ok := v.ix.Region(s)
	if len(v.regions) < maxLookupCache {
		v.regions[s] = r
	}
	return r, ok
}

// lookup resolves a country name, memoized per file with its note, so that a name repeated on
// every row costs one map lookup.
func (v *validator) lookup(name string) lookupResult {
	if res, ok := v.lookups[name]; ok {
		return res
	}
	var res lookupResult
	res.c, res.note, res.ok = v.ix.Resolve(name)
	if len(v.lookups) < maxLookupCache {
		v.lookups[name] = res
	}
	return res
}

// unknownCountry says what was expected instead of name: why a place that is not a UNESCO
// member state cannot be one, or the closest known names.
func (v *validator) unknownCountry(name string) string {
	if why := v.ix.Refused(name); why != "" {
		return "a UNESCO member state; " + why
	}
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
	if r.v.formulas != nil {
		if cells := r.v.formulas[r.row]; len(cells) > 0 {
			// The row's values are unknown until the formulas are computed: read no further.
			for _, c := range cells {
				e := r.v.errAt(r.row, colRef{r.v.hm.name(c.col - 1), c.col - 1})
				c.explain(e)
				r.errs = append(r.errs, e)
			}
			return false, false
		}
	}
	blank = true
	for _, f := range r.fields {
		if trimSpace(f) != "" {
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
	if n := len(r.fields); n != width {
		// Point at where the row parts from the header: its first cell beyond the header (with
		// that cell's content), or the first header column it lacks.
		col, value := colRef{r.v.hm.name(n), n}, ""
		for i := width; i < n; i++ {
			if strings.TrimSpace(r.fields[i]) != "" {
				col, value = colRef{i: i}, r.fields[i]
				break
			}
		}
		r.fail(col, value, fmt.Sprintf("%d fields, as in the header (got %d)", width, n), ErrFieldCount)
		return false, false
	}
	for i, f := range r.fields {
		if len(f) > maxCellBytes {
			r.fail(colRef{r.v.hm.name(i), i}, f, fmt.Sprintf("a cell of at most %d KiB", maxCellBytes>>10), ErrCellTooLong)
		}
	}
	return len(r.errs) == 0, false
}
