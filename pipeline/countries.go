package pipeline

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"gnlc/fixtures"
)

// CountryIndex finds a country from what users type: ISO 3166-1 alpha-2 or alpha-3 codes, the UN
// short names in English, French and Spanish, and every alias of the reference table, compared
// through Fold (case-, accent- and punctuation-insensitive). It also knows the places that are
// not one row of the table (fixtures.Place): a place the GNLC counts under a member state
// resolves to that country with a note, and the others are refused with their reason. It is
// read-only once built and safe for concurrent use.
type CountryIndex struct {
	countries []fixtures.Country
	byCode    map[string]int // upper-case ISO2/ISO3 → index in countries
	byName    map[string]int // folded name → index; -1 when two countries share the name
	keys      []nameKey      // every folded name, for suggestions
	regions   map[string]string
	// Places are looked up only when the table has no match, so they cost nothing to the names
	// and codes of the table.
	placeNames map[string]*place // folded name → place
	placeCodes map[string]*place // upper-case code → place
}

type nameKey struct {
	key   string
	label string // what Suggest offers: a country's English name, or a counted place's name
}

// place is a fixtures.Place resolved against the table.
type place struct {
	name      string
	action    fixtures.PlaceAction
	countries []int  // counted: one; ambiguous: several
	text      string // counted: the note; refused: the reason
}

// EmbeddedCountryIndex indexes the embedded reference tables, fixtures.Countries and
// fixtures.Places: the index every gnlc command ingests with.
func EmbeddedCountryIndex() (*CountryIndex, error) {
	countries, err := fixtures.Countries()
	if err != nil {
		return nil, fmt.Errorf("reference table of countries: %w", err)
	}
	places, err := fixtures.Places()
	if err != nil {
		return nil, fmt.Errorf("reference table of places: %w", err)
	}
	ix, err := NewCountryIndex(countries, places)
	if err != nil {
		return nil, fmt.Errorf("reference table of countries: %w", err)
	}
	return ix, nil
}

// NewCountryIndex indexes the reference table and the places outside it. A name shared by two
// countries (say "Congo") matches neither: Lookup reports it as ambiguous rather than guess. A
// place that names a country absent from the table, or whose name or code is also a country's,
// is an error: the two tables are built to be read together.
func NewCountryIndex(countries []fixtures.Country, places []fixtures.Place) (*CountryIndex, error) {
	ix := &CountryIndex{
		countries:  slices.Clone(countries),
		byCode:     make(map[string]int, 2*len(countries)),
		byName:     make(map[string]int, 8*len(countries)),
		regions:    make(map[string]string),
		placeNames: make(map[string]*place),
		placeCodes: make(map[string]*place),
	}
	for i, c := range ix.countries {
		if len(c.ISO3) != 3 || len(c.ISO2) != 2 {
			return nil, fmt.Errorf("country %q: bad ISO codes %q/%q", c.NameEN, c.ISO2, c.ISO3)
		}
		for _, code := range []string{c.ISO2, c.ISO3} {
			code = strings.ToUpper(code)
			if j, dup := ix.byCode[code]; dup && j != i {
				return nil, fmt.Errorf("country code %s used twice", code)
			}
			ix.byCode[code] = i
		}
		for _, name := range slices.Concat([]string{c.NameEN, c.NameFR, c.NameES}, c.Aliases) {
			k := Fold(name)
			if k == "" {
				continue
			}
			if j, seen := ix.byName[k]; seen {
				if j != i {
					ix.byName[k] = -1
				}
				continue
			}
			ix.byName[k] = i
			ix.keys = append(ix.keys, nameKey{key: k, label: c.NameEN})
		}
	}
	for _, p := range places {
		if err := ix.addPlace(p); err != nil {
			return nil, err
		}
	}
	for _, r := range regionNames {
		for _, n := range r.names {
			ix.regions[Fold(n)] = r.canonical
		}
	}
	return ix, nil
}

// addPlace indexes one place by its names and codes.
func (ix *CountryIndex) addPlace(fp fixtures.Place) error {
	if len(fp.Names) == 0 {
		return fmt.Errorf("place with no name: %w", fixtures.ErrBadPlace)
	}
	p := &place{name: fp.Names[0], action: fp.Action, text: fp.Text}
	for _, code := range fp.ISO3 {
		i, ok := ix.byCode[strings.ToUpper(code)]
		if !ok || len(code) != 3 {
			return fmt.Errorf("place %q: country %q: not in the reference table: %w", p.name, code, fixtures.ErrBadPlace)
		}
		p.countries = append(p.countries, i)
	}
	// fixtures.ParsePlaces checks the same; Resolve relies on it.
	if n := len(p.countries); p.action == fixtures.PlaceCounted && n != 1 ||
		p.action == fixtures.PlaceAmbiguous && n < 2 || p.action == fixtures.PlaceRefused && n != 0 ||
		!slices.Contains([]fixtures.PlaceAction{fixtures.PlaceCounted, fixtures.PlaceAmbiguous, fixtures.PlaceRefused}, p.action) {
		return fmt.Errorf("place %q: %s with %d countries: %w", p.name, p.action, n, fixtures.ErrBadPlace)
	}
	for _, code := range fp.Codes {
		code = strings.ToUpper(code)
		if _, taken := ix.byCode[code]; taken {
			return fmt.Errorf("place %q: code %s is a country's: %w", p.name, code, fixtures.ErrBadPlace)
		}
		if q, taken := ix.placeCodes[code]; taken && q != p {
			return fmt.Errorf("place %q: code %s is also %q's: %w", p.name, code, q.name, fixtures.ErrBadPlace)
		}
		ix.placeCodes[code] = p
	}
	for _, n := range slices.Concat(fp.Names, fp.Codes) {
		k := Fold(n)
		if k == "" {
			continue
		}
		if _, taken := ix.byName[k]; taken {
			return fmt.Errorf("place %q: name %q is also a country's: %w", p.name, n, fixtures.ErrBadPlace)
		}
		if q, taken := ix.placeNames[k]; taken {
			if q != p {
				return fmt.Errorf("place %q: name %q is also %q's: %w", p.name, n, q.name, fixtures.ErrBadPlace)
			}
			continue
		}
		ix.placeNames[k] = p
		// Typos of a counted place suggest the place, which the user can then write as is.
		if p.action == fixtures.PlaceCounted && slices.Contains(fp.Names, n) {
			ix.keys = append(ix.keys, nameKey{key: k, label: p.name})
		}
	}
	return nil
}

// regionNames are UNESCO's five regions as written in English, French and Spanish.
var regionNames = [...]struct {
	canonical string
	names     []string
}{
	{fixtures.Regions[0], []string{"Africa", "Afrique", "África"}},
	{fixtures.Regions[1], []string{"Arab States", "États arabes", "Estados Árabes", "Arab Region"}},
	{fixtures.Regions[2], []string{"Asia and the Pacific", "Asia-Pacific", "Asia Pacific", "Asie et Pacifique", "Asie et le Pacifique", "Asia y el Pacífico"}},
	{fixtures.Regions[3], []string{"Europe and North America", "Europe et Amérique du Nord", "Europa y América del Norte"}},
	{fixtures.Regions[4], []string{"Latin America and the Caribbean", "Amérique latine et Caraïbes", "Amérique latine et les Caraïbes", "América Latina y el Caribe"}},
}

// Len is the number of countries indexed.
func (ix *CountryIndex) Len() int { return len(ix.countries) }

// Countries returns the reference table in its order.
func (ix *CountryIndex) Countries() []fixtures.Country { return slices.Clone(ix.countries) }

// Lookup finds the country s names. ok is false when no country, or more than one, matches.
// A place the GNLC counts under a country (Hong Kong) finds that country: Resolve also returns
// the note that says so.
func (ix *CountryIndex) Lookup(s string) (c fixtures.Country, ok bool) {
	c, _, ok = ix.Resolve(s)
	return c, ok
}

// Resolve is Lookup that also returns, for a place counted under the country found ("Hong Kong"
// under China), the note a file's summary carries; note is "" for the table's own names.
func (ix *CountryIndex) Resolve(s string) (c fixtures.Country, note string, ok bool) {
	s = strings.TrimSpace(s)
	if n := len(s); n == 2 || n == 3 {
		if i, found := ix.byCode[strings.ToUpper(s)]; found {
			return ix.countries[i], "", true
		}
	}
	k := Fold(s)
	if i, found := ix.byName[k]; found {
		if i < 0 {
			return fixtures.Country{}, "", false
		}
		return ix.countries[i], "", true
	}
	if p := ix.place(s, k); p != nil && p.action == fixtures.PlaceCounted {
		return ix.countries[p.countries[0]], p.text, true
	}
	return fixtures.Country{}, "", false
}

// place finds the place s (folded: k) names, by code or by name; nil when none does.
func (ix *CountryIndex) place(s, k string) *place {
	if n := len(s); n == 2 || n == 3 {
		if p, found := ix.placeCodes[strings.ToUpper(s)]; found {
			return p
		}
	}
	return ix.placeNames[k]
}

// Refused returns why s cannot be a GNLC member's country when it names a place that is not a
// UNESCO member state ("Taiwan", by name or code); "" otherwise.
func (ix *CountryIndex) Refused(s string) string {
	s = strings.TrimSpace(s)
	if p := ix.place(s, Fold(s)); p != nil && p.action == fixtures.PlaceRefused {
		return p.text
	}
	return ""
}

// Ambiguous returns the English names of the countries s could mean when Lookup refuses it
// because several share that name ("Korea"), in the table's order; nil otherwise.
func (ix *CountryIndex) Ambiguous(s string) []string {
	k := Fold(s)
	var idx []int
	if i, found := ix.byName[k]; found {
		if i >= 0 {
			return nil
		}
		for j, c := range ix.countries {
			if slices.ContainsFunc(slices.Concat([]string{c.NameEN, c.NameFR, c.NameES}, c.Aliases), func(n string) bool { return Fold(n) == k }) {
				idx = append(idx, j)
			}
		}
	} else if p := ix.placeNames[k]; p != nil && p.action == fixtures.PlaceAmbiguous {
		idx = slices.Sorted(slices.Values(p.countries))
	}
	var out []string
	for _, j := range idx {
		out = append(out, ix.countries[j].NameEN)
	}
	return out
}

// ByISO3 finds a country by its alpha-3 code.
func (ix *CountryIndex) ByISO3(code string) (fixtures.Country, bool) {
	i, ok := ix.byCode[strings.ToUpper(code)]
	if !ok || len(code) != 3 {
		return fixtures.Country{}, false
	}
	return ix.countries[i], true
}

// resolveISO3 reads the code column: an alpha-3 or alpha-2 code of the table, or the code of a
// place counted under a country (HKG), with its note as Resolve returns it.
func (ix *CountryIndex) resolveISO3(code string) (c fixtures.Country, note string, ok bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 2 && len(code) != 3 {
		return fixtures.Country{}, "", false
	}
	// A column headed "ISO" or "Country code" holds alpha-2 codes as often as alpha-3.
	if i, found := ix.byCode[code]; found {
		return ix.countries[i], "", true
	}
	if p, found := ix.placeCodes[code]; found && p.action == fixtures.PlaceCounted {
		return ix.countries[p.countries[0]], p.text, true
	}
	return fixtures.Country{}, "", false
}

// Region maps a region as written (English, French or Spanish, any case or accents) to UNESCO's
// canonical English name.
func (ix *CountryIndex) Region(s string) (string, bool) {
	r, ok := ix.regions[Fold(s)]
	return r, ok
}

// maxSuggestions bounds the names Suggest returns.
const maxSuggestions = 3

// Suggest returns up to three names close to s: the English names of the countries whose names
// (in any language, or aliases) are closest to s by edit distance on folded names, and the names
// of the places counted under a country (typos of "Hong Kong" suggest "Hong Kong"). Names too far
// away to be a plausible typo are left out, so the result may be empty.
//
// Closest first. A name s begins ("Bolivia" for "Boliv") counts as one edit away, after the names
// truly one edit away, shortest first. At equal distance, the name that shares the longer
// beginning with s comes first, since typos seldom touch the first letters: "Holand" is Holland,
// so the Netherlands, before Poland. Then alphabetical order.
func (ix *CountryIndex) Suggest(s string) []string {
	k := Fold(s)
	if k == "" {
		return nil
	}
	type rank struct{ d, full, prefix int } // distance, true distance, common prefix
	better := func(a, b rank) bool {
		if a.d != b.d {
			return a.d < b.d
		}
		if a.full != b.full {
			return a.full < b.full
		}
		return a.prefix > b.prefix
	}
	best := make(map[string]rank) // label → its best rank
	n := utf8.RuneCountInString(k)
	limit := max(2, n/3)
	for _, nk := range ix.keys {
		r := rank{d: editDistance(k, nk.key, limit)}
		r.full = r.d
		if strings.HasPrefix(nk.key, k) && n >= 3 {
			r.full = utf8.RuneCountInString(nk.key) - n
			r.d = min(r.full, 1) // "Bolivia" for "Boliv"
		}
		// A distance as long as either name means nothing in common ("33" is two edits from
		// "uk"): no suggestion from it.
		if r.d > limit || r.d >= utf8.RuneCountInString(nk.key) || r.d >= n {
			continue
		}
		r.prefix = commonPrefix(k, nk.key)
		if cur, seen := best[nk.label]; !seen || better(r, cur) {
			best[nk.label] = r
		}
	}
	if len(best) == 0 {
		return nil
	}
	out := slices.Collect(maps.Keys(best))
	slices.SortFunc(out, func(a, b string) int {
		switch ra, rb := best[a], best[b]; {
		case better(ra, rb):
			return -1
		case better(rb, ra):
			return 1
		}
		return strings.Compare(a, b)
	})
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

// commonPrefix is the number of runes a and b begin with in common.
func commonPrefix(a, b string) int {
	n := 0
	for _, r := range a {
		c, size := utf8.DecodeRuneInString(b)
		if size == 0 || c != r {
			break
		}
		b = b[size:]
		n++
	}
	return n
}

// editDistance is the Levenshtein distance between a and b (in runes), or limit+1 as soon as it
// is certain to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
