package pipeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
)

func TestCountryIndex_Lookup(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	tests := []struct{ in, want string }{
		{"France", "FRA"}, {"france", "FRA"}, {"FR", "FRA"}, {"fra", "FRA"},
		{"Viet Nam", "VNM"}, {"Vietnam", "VNM"}, {"viet nam", "VNM"},
		{"Republic of Korea", "KOR"}, {"République de Corée", "KOR"}, {"Corea del Sur", "KOR"},
		{"Türkiye", "TUR"}, {"Turkey", "TUR"}, {"turkiye", "TUR"},
		{"Côte d'Ivoire", "CIV"}, {"COTE D IVOIRE", "CIV"}, {"Ivory Coast", "CIV"},
		{"Iran (Islamic Republic of)", "IRN"}, {"Irán (República Islámica del)", "IRN"},
		{"Espagne", "ESP"}, {"España", "ESP"}, {"México", "MEX"}, {"Mexique", "MEX"},
		{"  Irlande ", "IRL"},
		{"Korea", ""}, {"Narnia", ""}, {"", ""}, {"XX", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := ix.Lookup(tt.in)
			got := c.ISO3
			if !ok {
				got = ""
			}
			if got != tt.want {
				t.Errorf("Lookup(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCountryIndex_worldBank: the World Bank's short names, as its data exports write them, for
// every country of the table whose name there is not the UN's (issue 12). Fold drops the
// punctuation, so "Korea, Rep." is matched as "korearep".
func TestCountryIndex_worldBank(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	tests := []struct{ in, want string }{
		{"Bahamas, The", "BHS"}, {"Brunei Darussalam", "BRN"}, {"Cabo Verde", "CPV"},
		{"Congo, Dem. Rep.", "COD"}, {"Congo, Rep.", "COG"}, {"Cote d'Ivoire", "CIV"},
		{"Czechia", "CZE"}, {"Egypt, Arab Rep.", "EGY"}, {"Eswatini", "SWZ"},
		{"Gambia, The", "GMB"}, {"Iran, Islamic Rep.", "IRN"}, {"Korea, Dem. People's Rep.", "PRK"},
		{"Korea, Rep.", "KOR"}, {"Kyrgyz Republic", "KGZ"}, {"Lao PDR", "LAO"},
		{"Micronesia, Fed. Sts.", "FSM"}, {"Moldova", "MDA"}, {"North Macedonia", "MKD"},
		{"Russian Federation", "RUS"}, {"Sao Tome and Principe", "STP"}, {"Slovak Republic", "SVK"},
		{"St. Kitts and Nevis", "KNA"}, {"St. Lucia", "LCA"}, {"St. Vincent and the Grenadines", "VCT"},
		{"Syrian Arab Republic", "SYR"}, {"Tanzania", "TZA"}, {"Timor-Leste", "TLS"},
		{"Turkiye", "TUR"}, {"Venezuela, RB", "VEN"}, {"Viet Nam", "VNM"},
		{"West Bank and Gaza", "PSE"}, {"Yemen, Rep.", "YEM"}, {"Bolivia", "BOL"},
		{"United Kingdom", "GBR"}, {"United States", "USA"}, {"Netherlands", "NLD"},
		// Names the World Bank used before its current list.
		{"Korea, Dem. Rep.", "PRK"}, {"Macedonia, FYR", "MKD"}, {"Czech Republic", "CZE"},
		{"Swaziland", "SWZ"}, {"Cape Verde", "CPV"}, {"Turkey", "TUR"}, {"Vietnam", "VNM"},
		// Other data sets' inverted forms (ISO 3166, IMF).
		{"Korea, Republic of", "KOR"}, {"Korea, Democratic People's Republic of", "PRK"},
		{"Tanzania, United Republic of", "TZA"}, {"Congo, The Democratic Republic of the", "COD"},
		{"Palestine, State of", "PSE"}, {"Iran, Islamic Republic of", "IRN"}, {"Lao P.D.R.", "LAO"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if c, ok := ix.Lookup(tt.in); !ok || c.ISO3 != tt.want {
				t.Errorf("Lookup(%q) = %q, %v; want %s", tt.in, c.ISO3, ok, tt.want)
			}
		})
	}
}

// TestCountryIndex_aliases: common names people write in registers, in English, French and
// Spanish (issue 12: "Holland" suggested Poland, "PRC" was refused).
func TestCountryIndex_aliases(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	tests := []struct{ in, want string }{
		{"Holland", "NLD"}, {"Hollande", "NLD"}, {"Holanda", "NLD"}, {"The Netherlands", "NLD"},
		{"Pays-Bas", "NLD"}, {"Países Bajos", "NLD"},
		{"PRC", "CHN"}, {"P.R.C.", "CHN"}, {"RPC", "CHN"}, {"People's Republic of China", "CHN"},
		{"Chine", "CHN"}, {"República Popular China", "CHN"}, {"Mainland China", "CHN"},
		{"UK", "GBR"}, {"U.K.", "GBR"}, {"Great Britain", "GBR"}, {"Britain", "GBR"},
		{"England", "GBR"}, {"Scotland", "GBR"}, {"Wales", "GBR"}, {"Northern Ireland", "GBR"},
		{"Angleterre", "GBR"}, {"Inglaterra", "GBR"}, {"Écosse", "GBR"}, {"Royaume-Uni", "GBR"},
		{"Reino Unido", "GBR"},
		{"USA", "USA"}, {"U.S.A.", "USA"}, {"U.S.", "USA"}, {"États-Unis", "USA"},
		{"Estados Unidos", "USA"}, {"EE. UU.", "USA"}, {"EEUU", "USA"},
		{"Burma", "MMR"}, {"Ivory Coast", "CIV"}, {"Swaziland", "SWZ"}, {"Macedonia", "MKD"},
		{"Czech Republic", "CZE"}, {"Cape Verde", "CPV"}, {"East Timor", "TLS"}, {"Laos", "LAO"},
		{"Vietnam", "VNM"}, {"Viêt Nam", "VNM"}, {"Việt Nam", "VNM"},
		{"South Korea", "KOR"}, {"Republic of Korea", "KOR"}, {"Korea Republic", "KOR"},
		{"Korea (South)", "KOR"}, {"Corée du Sud", "KOR"}, {"Corea del Sur", "KOR"},
		{"North Korea", "PRK"}, {"DPRK", "PRK"}, {"Korea DPR", "PRK"}, {"Corée du Nord", "PRK"},
		{"Russia", "RUS"}, {"Syria", "SYR"}, {"Iran", "IRN"}, {"Bolivia", "BOL"},
		{"Venezuela", "VEN"}, {"Tanzania", "TZA"}, {"Moldova", "MDA"}, {"Palestine", "PSE"},
		{"Türkiye", "TUR"}, {"Turkey", "TUR"}, {"DR Congo", "COD"}, {"Congo", "COG"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, note, ok := ix.Resolve(tt.in)
			if !ok || c.ISO3 != tt.want || note != "" {
				t.Errorf("Resolve(%q) = %q, %q, %v; want %s without a note", tt.in, c.ISO3, note, ok, tt.want)
			}
		})
	}
}

// TestCountryIndex_places: Hong Kong and Macao resolve to China with the note the summary
// carries, by any of their names or codes; places that are not UNESCO member states are refused
// with the reason; "Korea" is two countries.
func TestCountryIndex_places(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	const hk = `"Hong Kong" counted under China, as the GNLC counts it`
	const mo = `"Macao" counted under China, as the GNLC counts it`
	const tw = "Taiwan is not a UNESCO member state and cannot hold GNLC membership"
	tests := []struct {
		in              string
		iso3, note, why string
		ambiguous       []string
	}{
		{in: "Hong Kong", iso3: "CHN", note: hk},
		{in: "hongkong", iso3: "CHN", note: hk},
		{in: "Hong Kong SAR", iso3: "CHN", note: hk},
		{in: "Hong Kong SAR, China", iso3: "CHN", note: hk},
		{in: "Hong Kong, China", iso3: "CHN", note: hk},
		{in: "China, Hong Kong SAR", iso3: "CHN", note: hk},
		{in: "HK", iso3: "CHN", note: hk},
		{in: "HKG", iso3: "CHN", note: hk},
		{in: " hkg ", iso3: "CHN", note: hk},
		{in: "Macao", iso3: "CHN", note: mo},
		{in: "Macau", iso3: "CHN", note: mo},
		{in: "Macao SAR, China", iso3: "CHN", note: mo},
		{in: "MO", iso3: "CHN", note: mo},
		{in: "MAC", iso3: "CHN", note: mo},
		{in: "China", iso3: "CHN"},
		{in: "CHN", iso3: "CHN"},
		{in: "Taiwan", why: tw},
		{in: "Taiwan, China", why: tw},
		{in: "Chinese Taipei", why: tw},
		{in: "TWN", why: tw},
		{in: "tw", why: tw},
		{in: "Kosovo", why: "Kosovo is not a UNESCO member state and cannot hold GNLC membership"},
		{in: "XKX", why: "Kosovo is not a UNESCO member state and cannot hold GNLC membership"},
		{in: "Vatican", why: "the Holy See is not a UNESCO member state and cannot hold GNLC membership"},
		{in: "Western Sahara", why: "Western Sahara is not a UNESCO member state and cannot hold GNLC membership"},
		{in: "Korea", ambiguous: []string{"Republic of Korea", "Democratic People's Republic of Korea"}},
		{in: "Corée", ambiguous: []string{"Republic of Korea", "Democratic People's Republic of Korea"}},
		{in: "Narnia"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, note, ok := ix.Resolve(tt.in)
			if ok != (tt.iso3 != "") || c.ISO3 != tt.iso3 || note != tt.note {
				t.Errorf("Resolve(%q) = %q, %q, %v; want %q, %q", tt.in, c.ISO3, note, ok, tt.iso3, tt.note)
			}
			if got, _ := ix.Lookup(tt.in); got.ISO3 != tt.iso3 {
				t.Errorf("Lookup(%q) = %q, want %q", tt.in, got.ISO3, tt.iso3)
			}
			if got := ix.Refused(tt.in); got != tt.why {
				t.Errorf("Refused(%q) = %q, want %q", tt.in, got, tt.why)
			}
			if diff := cmp.Diff(tt.ambiguous, ix.Ambiguous(tt.in)); diff != "" {
				t.Errorf("Ambiguous(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestCountryIndex_resolveISO3: a code column accepts alpha-3 and alpha-2 codes (a column headed
// "ISO" holds either), and a counted place's code with its note; nothing else outside the table.
func TestCountryIndex_resolveISO3(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	tests := []struct{ in, iso3, note string }{
		{"FRA", "FRA", ""},
		{"hkg", "CHN", `"Hong Kong" counted under China, as the GNLC counts it`},
		{"MAC", "CHN", `"Macao" counted under China, as the GNLC counts it`},
		{"HK", "CHN", `"Hong Kong" counted under China, as the GNLC counts it`},
		{"fr", "FRA", ""},
		{" IE ", "IRL", ""},
		{"TWN", "", ""},
		{"TW", "", ""},
		{"F", "", ""},
		{"Hong Kong", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, note, ok := ix.resolveISO3(tt.in)
			if ok != (tt.iso3 != "") || c.ISO3 != tt.iso3 || note != tt.note {
				t.Errorf("resolveISO3(%q) = %q, %q, %v; want %q, %q", tt.in, c.ISO3, note, ok, tt.iso3, tt.note)
			}
		})
	}
}

// TestCountryIndex_namesResolve: every name and alias of the reference table finds its own
// country once folded as users' input is (punctuation too, which the table's own checks keep),
// so no two countries share a name by accident.
func TestCountryIndex_namesResolve(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	for _, c := range ix.Countries() {
		for _, n := range append([]string{c.NameEN, c.NameFR, c.NameES, c.ISO2, c.ISO3}, c.Aliases...) {
			if got, note, ok := ix.Resolve(n); !ok || got.ISO3 != c.ISO3 || note != "" {
				t.Errorf("%s: Resolve(%q) = %q, %q, %v", c.ISO3, n, got.ISO3, note, ok)
			}
		}
	}
}

// TestNewCountryIndex_places: a table of places that does not fit the reference table is refused.
func TestNewCountryIndex_places(t *testing.T) {
	t.Parallel()
	countries := []fixtures.Country{
		{ISO3: "CHN", ISO2: "CN", NameEN: "China", NameFR: "Chine", NameES: "China", Region: "Asia and the Pacific", Language: "en"},
		{ISO3: "FRA", ISO2: "FR", NameEN: "France", NameFR: "France", NameES: "Francia", Region: "Europe and North America", Language: "fr"},
	}
	hk := fixtures.Place{Names: []string{"Hong Kong"}, Codes: []string{"HK", "HKG"}, Action: fixtures.PlaceCounted, ISO3: []string{"CHN"}, Text: "note"}
	tests := []struct {
		name   string
		places []fixtures.Place
		want   string // "": no error
	}{
		{"fits", []fixtures.Place{hk}, ""},
		{"no name", []fixtures.Place{{Action: fixtures.PlaceRefused, Text: "why"}}, "place with no name"},
		{"unknown country", []fixtures.Place{{Names: []string{"Atlantis"}, Action: fixtures.PlaceCounted, ISO3: []string{"ATL"}, Text: "x"}}, `country "ATL": not in the reference table`},
		{"a country's code", []fixtures.Place{{Names: []string{"Atlantis"}, Codes: []string{"FR"}, Action: fixtures.PlaceRefused, Text: "x"}}, "code FR is a country's"},
		{"a country's name", []fixtures.Place{{Names: []string{"Atlantis", "Chine!"}, Action: fixtures.PlaceRefused, Text: "x"}}, `name "Chine!" is also a country's`},
		{"counted without a country", []fixtures.Place{{Names: []string{"Atlantis"}, Action: fixtures.PlaceCounted, Text: "x"}}, `"Atlantis": counted with 0 countries`},
		{"ambiguous with one country", []fixtures.Place{{Names: []string{"Atlantis"}, Action: fixtures.PlaceAmbiguous, ISO3: []string{"FRA"}}}, "ambiguous with 1 countries"},
		{"unknown action", []fixtures.Place{{Names: []string{"Atlantis"}, Action: "sunk", Text: "x"}}, "sunk with 0 countries"},
		{"two places' code", []fixtures.Place{hk, {Names: []string{"Atlantis"}, Codes: []string{"HKG"}, Action: fixtures.PlaceRefused, Text: "x"}}, `code HKG is also "Hong Kong"'s`},
		{"two places' name", []fixtures.Place{hk, {Names: []string{"Hong-Kong"}, Action: fixtures.PlaceRefused, Text: "x"}}, `name "Hong-Kong" is also "Hong Kong"'s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewCountryIndex(countries, tt.places)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("NewCountryIndex: %v", err)
			case tt.want == "":
			case err == nil || !strings.Contains(err.Error(), tt.want):
				t.Errorf("NewCountryIndex error = %v, want one containing %q", err, tt.want)
			case !errors.Is(err, fixtures.ErrBadPlace):
				t.Errorf("NewCountryIndex error %q: want errors.Is ErrBadPlace", err)
			}
		})
	}
}

func TestCountryIndex_Suggest(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"Frnace", []string{"France"}},
		{"Korea", []string{"Democratic People's Republic of Korea", "Republic of Korea"}},
		{"Viet-Nam", []string{"Viet Nam"}}, // found by Lookup anyway; Suggest agrees
		{"Atlantida", nil},
		{"+33", nil}, // two edits from "uk" and "us": nothing in common
		{"", nil},
		// One edit from Holland (an alias of the Netherlands) and from Poland: the name that
		// shares the longer beginning comes first, whichever way round.
		{"Holand", []string{"Netherlands", "Poland"}},
		{"Hollnd", []string{"Netherlands", "Poland"}},
		{"Polland", []string{"Poland", "Netherlands"}},
		// A name one edit away before a longer name that merely begins with the input.
		{"Boliva", []string{"Bolivia (Plurinational State of)", "Venezuela (Bolivarian Republic of)"}},
		{"Irland", []string{"Ireland", "United Kingdom of Great Britain and Northern Ireland", "Iran (Islamic Republic of)"}},
		{"Sain", []string{"Spain", "Saint Kitts and Nevis", "Saint Lucia"}},
		{"Guine", []string{"Guinea", "Guinea-Bissau", "Equatorial Guinea"}},
		// A counted place is suggested by its own name, which the user can write as is.
		{"Hong Kng", []string{"Hong Kong"}},
		{"Macauu", []string{"Macao", "Malawi"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ix.Suggest(tt.in)); diff != "" {
				t.Errorf("Suggest(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestCountryIndex_ambiguous: a name two countries share matches neither, and says so.
func TestCountryIndex_ambiguous(t *testing.T) {
	t.Parallel()
	ix, err := NewCountryIndex([]fixtures.Country{
		{ISO3: "COG", ISO2: "CG", NameEN: "Congo", NameFR: "Congo", NameES: "Congo", Region: "Africa", Language: "fr"},
		{ISO3: "COD", ISO2: "CD", NameEN: "Democratic Republic of the Congo", NameFR: "RDC", NameES: "RDC", Region: "Africa", Language: "fr", Aliases: []string{"Congo"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := ix.Lookup("congo"); ok {
		t.Errorf("Lookup(congo) = %s, want no match", c.ISO3)
	}
	want := []string{"Congo", "Democratic Republic of the Congo"}
	if diff := cmp.Diff(want, ix.Ambiguous("Congo")); diff != "" {
		t.Errorf("Ambiguous (-want +got):\n%s", diff)
	}
	if c, ok := ix.Lookup("CD"); !ok || c.ISO3 != "COD" {
		t.Errorf("Lookup(CD) = %v, %v", c.ISO3, ok)
	}
}

// TestCountryIndex_regions: every reference country's region is one of UNESCO's five, and each
// region is recognized in English, French and Spanish.
func TestCountryIndex_regions(t *testing.T) {
	t.Parallel()
	ix := testIndex(t)
	for _, c := range ix.Countries() {
		if r, ok := ix.Region(c.Region); !ok || r != c.Region {
			t.Errorf("%s: region %q not canonical", c.ISO3, c.Region)
		}
	}
	for in, want := range map[string]string{
		"Afrique": "Africa", "ESTADOS ARABES": "Arab States", "Asie et Pacifique": "Asia and the Pacific",
		"Europa y América del Norte": "Europe and North America", "Amérique latine et Caraïbes": "Latin America and the Caribbean",
	} {
		if got, ok := ix.Region(in); !ok || got != want {
			t.Errorf("Region(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
