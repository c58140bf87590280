package locale

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The words a workbook writes where a value is unknown, none or not applicable agree with the
// noun their column or label names: a French or Spanish reader sees "Date limite | Inconnue",
// "Próximo informe previsto | Desconocido". Standing alone in a cell, they are capitalized.
func TestCatalog_unknownWordsAgree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, key string
		noun      string // the noun of the label or column the word stands under, and its gender
		want      string
	}{
		{"fr", "delegation.members.due_unknown", "Prochain rapport attendu: rapport, m.", "Inconnu"},
		{"fr", "delegation.members.last_unknown", "Dernier rapport: rapport, m.", "Inconnu"},
		{"fr", "delegation.members.no_report", "Dernier rapport: rapport, m.", "Aucun enregistré"},
		{"fr", "delegation.members.population_unknown", "Population: population, f.", "Inconnue"},
		{"fr", "delegation.members.withdrawn_unknown", "année, f.", "Retrait (année inconnue)"},
		{"fr", "delegation.obligations.due_unknown", "Date limite: date, f.", "Inconnue"},
		{"fr", "delegation.cover.year_unknown", "Première/Dernière cohorte: cohorte, f.", "Inconnue"},
		// The figure of people reached is unknown, not the people: the neutral masculine.
		{"fr", "delegation.cover.people_none_known", "Personnes touchées: le nombre, m.; population, f.", "Inconnu (aucune population connue)"},
		{"fr", "delegation.quota.no_limit", "Limite: limite, f.", "Aucune"},
		{"es", "delegation.members.due_unknown", "Próximo informe previsto: informe, m.", "Desconocido"},
		{"es", "delegation.members.last_unknown", "Último informe: informe, m.", "Desconocido"},
		{"es", "delegation.members.no_report", "Último informe: informe, m.", "Ninguno registrado"},
		{"es", "delegation.members.population_unknown", "Población: población, f.", "Desconocida"},
		{"es", "delegation.members.withdrawn_unknown", "año, m.", "Retirada (año desconocido)"},
		{"es", "delegation.obligations.due_unknown", "Fecha límite: fecha, f.", "Desconocida"},
		{"es", "delegation.cover.year_unknown", "Primera cohorte/Cohorte más reciente: cohorte, f.", "Desconocida"},
		{"es", "delegation.cover.people_none_known", "Personas alcanzadas: el número, m.; población, f.", "Desconocido (ninguna población conocida)"},
		{"es", "delegation.quota.no_limit", "Límite: límite, m.", "Ninguno"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.key, func(t *testing.T) {
			t.Parallel()
			if got := mustLoad(t, tt.lang).T(tt.key); got != tt.want {
				t.Errorf("%s = %q, want %q (%s)", tt.key, got, tt.want, tt.noun)
			}
		})
	}
}

// afterColon finds the word after a colon (and an opening quote).
var afterColon = regexp.MustCompile(`:[\s\x{a0}]+[«“"]?[\s\x{a0}]*(\p{Lu}[\p{L}’']*)`)

// properNames keep their capital after a colon.
var properNames = []string{"GeoNames", "Natural"}

// capitalAfterColon lists the capitalized words that follow a colon in s, but for proper names
// and acronyms ("UNESCO"; "L’UNESCO" is not one).
func capitalAfterColon(s string) []string {
	var out []string
	for _, m := range afterColon.FindAllStringSubmatch(s, -1) {
		w := m[1]
		acronym := len(w) > 1 && strings.ToUpper(w) == w && !strings.ContainsAny(w, "’'")
		if !acronym && !slices.Contains(properNames, w) {
			out = append(out, w)
		}
	}
	return out
}

// In French and Spanish a sentence goes on in lower case after a colon ("Prévisionnel : l’UNESCO
// n’a pas…"); names and acronyms keep their capitals.
func TestEmbeddedCatalogs_lowerCaseAfterColon(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    string
		want []string
	}{
		{"Prévisionnel\u00a0: l’UNESCO n’a pas", nil},
		{"Prévisionnel\u00a0: L’UNESCO n’a pas", []string{"L’UNESCO"}},
		{"Prevista: La UNESCO", []string{"La"}},
		{"Poblaciones: GeoNames (geonames.org)", nil},
		{"Siglas: UNESCO", nil},
		{"« Publiés » : Les chiffres", []string{"Les"}},
	} {
		if got := capitalAfterColon(tt.s); !slices.Equal(got, tt.want) {
			t.Errorf("capitalAfterColon(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	all, err := readAll(files)
	if err != nil {
		t.Fatal(err)
	}
	for area, langs := range all {
		for _, lang := range []string{"fr", "es"} {
			for k, v := range langs[lang] {
				if words := capitalAfterColon(v); len(words) > 0 {
					t.Errorf("%s %s: %q capitalizes %q after a colon", fileName(area, lang), k, v, words)
				}
			}
		}
	}
}

// One word for a cohort in each language, in workbooks and charts alike: "cohorte" in French
// and Spanish, never "promotion" or "promoción".
func TestEmbeddedCatalogs_oneCohortTerm(t *testing.T) {
	t.Parallel()
	banned := map[string]*regexp.Regexp{
		"fr": regexp.MustCompile(`(?i)promotion`),
		"es": regexp.MustCompile(`(?i)promoci[oó]n`),
	}
	all, err := readAll(files)
	if err != nil {
		t.Fatal(err)
	}
	for area, langs := range all {
		for lang, re := range banned {
			for k, v := range langs[lang] {
				if re.MatchString(v) {
					t.Errorf("%s %s: %q says %q, want \"cohorte\"", fileName(area, lang), k, v, re.FindString(v))
				}
			}
		}
	}
}
