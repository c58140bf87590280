package pipeline

import (
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
	})
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
