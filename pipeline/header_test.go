package pipeline

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMapHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string // fields separated by "|"
		kind    Kind
		index   map[string]int
		ignored []string
		err     error
	}{
		{
			name: "english", header: "city|country|year_joined|population",
			kind: KindMembers, index: map[string]int{"city": 0, "country": 1, "year_joined": 2, "population": 3},
		},
		{
			name: "french, any case and accents", header: "VILLE|Pays|Annee d'adhesion|Région|Statut|Année de départ",
			kind:  KindMembers,
			index: map[string]int{"city": 0, "country": 1, "year_joined": 2, "region": 3, "status": 4, "left_year": 5},
		},
		{
			name: "spanish", header: "Ciudad|País|Año de adhesión|Fecha de solicitud|Latitud|Longitud|Fuente",
			kind: KindMembers,
			index: map[string]int{"city": 0, "country": 1, "year_joined": 2, "applied_on": 3, "lat": 4, "lon": 5,
				"source_url": 6},
		},
		{
			name: "the default register's header", header: "city|country|iso3|region|year_joined|lat|lon|population|population_source|source_url",
			kind: KindMembers,
			index: map[string]int{"city": 0, "country": 1, "iso3": 2, "region": 3, "year_joined": 4, "lat": 5, "lon": 6,
				"population": 7, "population_source": 8, "source_url": 9},
		},
		{
			name: "unknown columns are ignored", header: " city |country|cohort|focal point|",
			kind: KindMembers, index: map[string]int{"city": 0, "country": 1, "year_joined": 2},
			ignored: []string{"focal point"}, // the blank header cell is no column to warn about
		},
		{
			name: "reports", header: "ville|pays|date du rapport",
			kind: KindReports, index: map[string]int{"city": 0, "country": 1, "submitted_on": 2},
		},
		{
			name: "announcements", header: "year|announced_on|new_cities|total_cities|people_reached|note",
			kind: KindAnnouncements,
			index: map[string]int{"year": 0, "announced_on": 1, "new_cities": 2, "total_cities": 3, "people_reached": 4,
				"note": 5},
		},
		{name: "missing year_joined", header: "city|country|population", err: ErrMissingColumn},
		{name: "missing city", header: "country|year_joined", err: ErrMissingColumn},
		{name: "missing country", header: "city|year_joined", err: ErrMissingColumn},
		{name: "duplicate column", header: "city|ville|country|year", err: ErrDuplicateColumn},
		{name: "unknown kind", header: "name|amount", err: ErrUnknownKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hm, errs := mapHeader("h.csv", "", 1, strings.Split(tt.header, "|"))
			if tt.err != nil {
				if len(errs) != 1 || !errors.Is(errs[0], tt.err) {
					t.Fatalf("errors %v, want one %v", errs, tt.err)
				}
				if errs[0].File != "h.csv" || errs[0].Row != 1 {
					t.Errorf("error %v does not name h.csv, row 1", errs[0])
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if hm.kind != tt.kind {
				t.Errorf("kind = %s, want %s", hm.kind, tt.kind)
			}
			if diff := cmp.Diff(tt.index, hm.index); diff != "" {
				t.Errorf("index (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.ignored, hm.ignored); diff != "" {
				t.Errorf("ignored (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLookupHeader: headers as people write them map the way a reader takes them.
func TestLookupHeader(t *testing.T) {
	t.Parallel()
	idx := aliasIndex(membersColumns)
	tests := []struct {
		header, want string
	}{
		{"Population (2020)", "population"},
		{"Población (2020)", "population"},
		{"Nombre d'habitants", "population"},
		{"Pop.", "population"},
		{"Latitude (WGS84)", "lat"},
		{"Longitud [WGS84]", "lon"},
		{"Ville / City", "city"},
		{"Pays/Country", "country"},
		{"Année / Year", "year_joined"},
		{"Ville\nCity", "city"},
		{"Région UNESCO | UNESCO region", "region"},
		{"Member city", "city"},
		{"Member State", "country"},
		{"ISO", "iso3"},
		{"Year of admission", "year_joined"},
		{"Admission year", "year_joined"},
		{"Year of membership", "year_joined"},
		{"Notes / Remarques", ""},
		{"(2020)", ""}, // nothing outside the brackets: read as written, which maps to nothing
		{"Focal point (name)", ""},
	}
	for _, tt := range tests {
		got, ok := lookupHeader(idx, tt.header)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("lookupHeader(%q) = %q, %v; want %q", tt.header, got, ok, tt.want)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, head string
		want       rune
	}{
		{"comma", "city,country,year_joined\nLyon,France,2024\n", ','},
		{"semicolon", "ville;pays;année\nLyon;France;2024\n", ';'},
		{"tab", "city\tcountry\tyear\nLyon\tFrance\t2024\n", '\t'},
		{"excel sep line", "sep=;\r\ncity,country;year\n", ';'},
		{"sep line names a pipe", "SEP=|\ncity|country|year\n", '|'},
		{"a title with a comma above a semicolon header", "Members, 2025;;\n;;\ncity;country;year\nLyon;France;2024\nCork;Ireland;2015\n", ';'},
		{"commas inside quotes do not count", "city;country;note\nLyon;France;\"a, b, c\"\n", ';'},
		{"decimal commas in a semicolon file", "city;lat;lon\nLyon;45,76;4,84\nCork;51,9;-8,47\n", ';'},
		{"no separator at all", "just a title\n", ','},
	}
	for _, tt := range tests {
		if got := sniffDelimiter([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: sniffDelimiter = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestMapHeader_scaledPopulation: a population given in thousands or millions is refused at its
// header, not loaded as if it counted people.
func TestMapHeader_scaledPopulation(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"Population (thousands)", "Population ('000)", "Population (en milliers)", "Población (miles)", "Population [millions]", "Pop. (k)",
		"Population (mln)", "Population (x1000)", "Population (×1000)", "Población (mil habitantes)", "Population (x 1 000)"} {
		_, errs := mapHeader("h.csv", "", 1, []string{"city", "country", "year_joined", h})
		if len(errs) != 1 || !errors.Is(errs[0], ErrScaledColumn) || errs[0].Field != 4 {
			t.Errorf("%q: errors %v, want one ErrScaledColumn at field 4", h, errs)
		}
	}
	for _, h := range []string{"Population (2020)", "Population (census)", "Population [INE, 2021]"} {
		if _, errs := mapHeader("h.csv", "", 1, []string{"city", "country", "year_joined", h}); len(errs) > 0 {
			t.Errorf("%q: %v, want it mapped", h, errs)
		}
	}
}
