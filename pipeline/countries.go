package pipeline

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gnlc/fixtures"
)

// CountryIndex finds a country from what users type: ISO 3166-1 alpha-2 or alpha-3 codes, the UN
// short names in English, French and Spanish, and every alias of the reference table, compared
// through Fold (case-, accent- and punctuation-insensitive). It is read-only once built and safe
// for concurrent use.
type CountryIndex struct {
	countries []fixtures.Country
	byCode    map[string]int // upper-case ISO2/ISO3 → index in countries
	byName    map[string]int // folded name → index; -1 when two countries share the name
	keys      []nameKey      // every folded name, for suggestions
	regions   map[string]string
}

type nameKey struct {
	key     string
	country int
}

// NewCountryIndex indexes the reference table. A name shared by two countries (say "Congo")
// matches neither: Lookup reports it as ambiguous rather than guess.
func NewCountryIndex(countries []fixtures.Country) (*CountryIndex, error) {
	ix := &CountryIndex{
		countries: slices.Clone(countries),
		byCode:    make(map[string]int, 2*len(countries)),
		byName:    make(map[string]int, 8*len(countries)),
		regions:   make(map[string]string),
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
		names := append([]string{c.NameEN, c.NameFR, c.NameES}, c.Aliases...)
		for _, n := range names {
			k := Fold(n)
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
			ix.keys = append(ix.keys, nameKey{key: k, country: i})
		}
	}
	for _, r := range regionNames {
		for _, n := range r.names {
			ix.regions[Fold(n)] = r.canonical
		}
	}
	return ix, nil
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
func (ix *CountryIndex) Lookup(s string) (c fixtures.Country, ok bool) {
	s = strings.TrimSpace(s)
	if n := len(s); n == 2 || n == 3 {
		if i, found := ix.byCode[strings.ToUpper(s)]; found {
			return ix.countries[i], true
		}
	}
	i, found := ix.byName[Fold(s)]
	if !found || i < 0 {
		return fixtures.Country{}, false
	}
	return ix.countries[i], true
}

// Ambiguous returns the English names of the countries s could mean when Lookup refuses it
// because several share that name; nil otherwise.
func (ix *CountryIndex) Ambiguous(s string) []string {
	k := Fold(s)
	if i, found := ix.byName[k]; !found || i >= 0 {
		return nil
	}
	var out []string
	for _, c := range ix.countries {
		for _, n := range append([]string{c.NameEN, c.NameFR, c.NameES}, c.Aliases...) {
			if Fold(n) == k {
				out = append(out, c.NameEN)
				break
			}
		}
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

// Region maps a region as written (English, French or Spanish, any case or accents) to UNESCO's
// canonical English name.
func (ix *CountryIndex) Region(s string) (string, bool) {
	r, ok := ix.regions[Fold(s)]
	return r, ok
}

// maxSuggestions bounds the names Suggest returns.
const maxSuggestions = 3

// Suggest returns up to three English names of the countries whose names (in any language, or
// aliases) are closest to s by edit distance on folded names, closest first. Names too far away
// to be a plausible typo are left out, so the result may be empty.
func (ix *CountryIndex) Suggest(s string) []string {
	k := Fold(s)
	if k == "" {
		return nil
	}
	best := make(map[int]int) // country → smallest distance
	limit := max(2, len([]rune(k))/3)
	for _, nk := range ix.keys {
		d := editDistance(k, nk.key, limit)
		if strings.HasPrefix(nk.key, k) && len(k) >= 3 {
			d = min(d, 1) // "Bolivia" for "Boliv"
		}
		// A distance as long as either name means nothing in common ("33" is two edits from
		// "uk"): no suggestion from it.
		if d > limit || d >= utf8.RuneCountInString(nk.key) || d >= utf8.RuneCountInString(k) {
			continue
		}
		if cur, seen := best[nk.country]; !seen || d < cur {
			best[nk.country] = d
		}
	}
	idx := make([]int, 0, len(best))
	for i := range best {
		idx = append(idx, i)
	}
	slices.SortFunc(idx, func(a, b int) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return strings.Compare(ix.countries[a].NameEN, ix.countries[b].NameEN)
	})
	if len(idx) == 0 {
		return nil
	}
	if len(idx) > maxSuggestions {
		idx = idx[:maxSuggestions]
	}
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = ix.countries[j].NameEN
	}
	return out
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
