package delegation

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
)

// Unknown is not zero (DESIGN.md): the tests below build small datasets where a value is
// missing and read the outputs back, to check that each says "unknown" or "not published" in
// words, and "none" only when it is known to be none.

// unknownDataset is one country per language (France in French, Mexico in Spanish, Kenya in
// English), two members each, and reporting rows made by status(iso3, i) for member i.
func unknownDataset(status func(iso3 string, i int) queries.ReportingRow) *reports.Dataset {
	ds := &reports.Dataset{Year: 2024, AsOf: reportstest.Day(2025, time.June, 30), GeneratedAt: reportstest.Day(2025, time.July, 1), Version: "test",
		Rules: reportstest.Rules, NextCall: reportstest.NextCall}
	countries := []queries.CountryRow{
		{ISO3: "FRA", ISO2: "FR", NameEN: "France", NameFR: "France", NameES: "Francia", Region: "Europe and North America", Language: "fr"},
		{ISO3: "KEN", ISO2: "KE", NameEN: "Kenya", NameFR: "Kenya", NameES: "Kenia", Region: "Africa", Language: "en"},
		{ISO3: "MEX", ISO2: "MX", NameEN: "Mexico", NameFR: "Mexique", NameES: "México", Region: "Latin America and the Caribbean", Language: "es"},
	}
	var members []queries.Member
	var reporting []queries.ReportingRow
	for _, c := range countries {
		c.Members, c.Share, c.Rank, c.FirstYear, c.LatestYear = 2, 1.0/3, 1, 2020, 2022
		c.PopulationUnknown = 2 // no population known: people reached is unknown
		ds.Countries = append(ds.Countries, c)
		for i, city := range []string{"Alpha", "Beta"} {
			members = append(members, queries.Member{City: city, ISO3: c.ISO3, Country: c.NameEN, YearJoined: 2020 + 2*i, Status: "active"})
			r := status(c.ISO3, i)
			r.City, r.ISO3, r.Country, r.YearJoined = city, c.ISO3, c.NameEN, 2020+2*i
			reporting = append(reporting, r)
		}
		ds.Quota = append(ds.Quota, queries.QuotaRow{Year: 2020, ISO3: c.ISO3, NewCities: 1, Limit: 3},
			queries.QuotaRow{Year: 2022, ISO3: c.ISO3, NewCities: 1, Limit: 3})
	}
	ds.Members, ds.MemberCount = reportstest.SeqMembers(members), int64(len(members))
	reportstest.WithCompliance(ds, nil, reporting)
	return ds
}

// obligationNotes is what an Obligations sheet says under its two lists' titles (reports due,
// overdue reports) when a list is empty: the second and fourth one-cell rows from row 5.
func obligationNotes(rows [][]string) []string {
	var single []string
	for _, r := range rows[4:] {
		if len(r) == 1 {
			single = append(single, r[0])
		}
	}
	if len(single) < 4 {
		return single
	}
	return []string{single[1], single[3]}
}

// A delegation whose due dates are all unknown never reads "No overdue report": it says the due
// dates are unknown and why, in its language; with some due dates known it says "none" only of
// those; with all known, plain "none".
func TestWrite_unknownDueDates(t *testing.T) {
	t.Parallel()
	unknown := func(string, int) queries.ReportingRow { return queries.ReportingRow{Status: queries.ReportUnknown} }
	later := reportstest.Day(2027, time.January, 1) // beyond the 12 months: nothing due, nothing overdue
	known := func(string, int) queries.ReportingRow {
		return queries.ReportingRow{Status: queries.ReportOK, NextDue: &later}
	}
	mixed := func(_ string, i int) queries.ReportingRow {
		if i == 0 {
			return unknown("", i)
		}
		return known("", i)
	}
	tests := []struct {
		name   string
		status func(string, int) queries.ReportingRow
		file   string
		want   []string // the notes under "due" and "overdue", in order
	}{
		{"all unknown en", unknown, "en/KEN-kenya.xlsx", []string{
			"Due dates unknown for 2 member cities: no progress report on record.",
			"Due dates unknown for 2 member cities: no progress report on record.",
		}},
		{"all unknown fr", unknown, "fr/FRA-france.xlsx", []string{
			"Dates limites inconnues pour 2 villes membres" + reportstest.NBSP + ": aucun rapport d’avancement enregistré.",
			"Dates limites inconnues pour 2 villes membres" + reportstest.NBSP + ": aucun rapport d’avancement enregistré.",
		}},
		{"all unknown es", unknown, "es/MEX-mexico.xlsx", []string{
			"Fechas límite desconocidas para 2 ciudades miembro: no consta ningún informe de progreso.",
			"Fechas límite desconocidas para 2 ciudades miembro: no consta ningún informe de progreso.",
		}},
		{"some unknown en", mixed, "en/KEN-kenya.xlsx", []string{
			"No report due in this period among the member cities with a known due date.",
			"No overdue report among the member cities with a known due date.",
		}},
		{"some unknown fr", mixed, "fr/FRA-france.xlsx", []string{
			"Aucun rapport attendu sur cette période parmi les villes membres dont la date limite est connue.",
			"Aucun rapport en retard parmi les villes membres dont la date limite est connue.",
		}},
		{"some unknown es", mixed, "es/MEX-mexico.xlsx", []string{
			"Ningún informe previsto en este periodo entre las ciudades miembro con fecha límite conocida.",
			"Ningún informe atrasado entre las ciudades miembro con fecha límite conocida.",
		}},
		{"all known en", known, "en/KEN-kenya.xlsx", []string{"No report due in this period.", "No overdue report."}},
		{"all known fr", known, "fr/FRA-france.xlsx", []string{"Aucun rapport attendu sur cette période.", "Aucun rapport en retard."}},
		{"all known es", known, "es/MEX-mexico.xlsx", []string{"Ningún informe previsto en este periodo.", "Ningún informe atrasado."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			iso := strings.ToUpper(filepath.Base(tt.file)[:3])
			paths, err := Write(t.Context(), out, unknownDataset(tt.status), Options{Countries: []string{iso}})
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(out, "delegations", filepath.FromSlash(tt.file))
			if !slices.Contains(paths, want) {
				t.Fatalf("paths %q, want %s", paths, want)
			}
			sheets, rows := reportstest.ReadWorkbook(t, want)
			got := obligationNotes(rows[sheets[3]])
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("obligations notes (-want +got):\n%s", diff)
			}
		})
	}
}

// The Members and Cover sheets say "unknown" and "none on record" in words: a population no
// one knows, a last report when the register tracks none, a report never made.
func TestWrite_unknownMembers(t *testing.T) {
	t.Parallel()
	due := reportstest.Day(2026, time.March, 1)
	ds := unknownDataset(func(_ string, i int) queries.ReportingRow {
		if i == 0 {
			return queries.ReportingRow{Status: queries.ReportUnknown}
		}
		return queries.ReportingRow{Status: queries.ReportOK, NextDue: &due} // tracked, never reported
	})
	out := t.TempDir()
	paths, err := Write(t.Context(), out, ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file        string
		people      [2]string // Cover: label, value
		alpha, beta []string  // Members: city, year, population, status, last report, next due
	}{
		{"en/KEN-kenya.xlsx", [2]string{"People reached", "Unknown (no population known)"},
			[]string{"Alpha", "2020", "Unknown", "Active member", "Unknown", "Unknown"},
			[]string{"Beta", "2022", "Unknown", "Active member", "None on record", "1 March 2026"}},
		{"fr/FRA-france.xlsx", [2]string{"Personnes touchées", "Inconnu (aucune population connue)"},
			[]string{"Alpha", "2020", "Inconnue", "Membre actif", "Inconnu", "Inconnu"},
			[]string{"Beta", "2022", "Inconnue", "Membre actif", "Aucun enregistré", "1 mars 2026"}},
		{"es/MEX-mexico.xlsx", [2]string{"Personas alcanzadas", "Desconocido (ninguna población conocida)"},
			[]string{"Alpha", "2020", "Desconocida", "Miembro activo", "Desconocido", "Desconocido"},
			[]string{"Beta", "2022", "Desconocida", "Miembro activo", "Ninguno registrado", "1 de marzo de 2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := filepath.Join(out, "delegations", filepath.FromSlash(tt.file))
			if !slices.Contains(paths, p) {
				t.Fatalf("%s not written", p)
			}
			sheets, rows := reportstest.ReadWorkbook(t, p)
			if got := reportstest.Labelled(t, rows[sheets[0]], tt.people[0]); got != tt.people[1] {
				t.Errorf("people reached = %q, want %q", got, tt.people[1])
			}
			mem := rows[sheets[1]]
			if diff := gocmp.Diff([][]string{tt.alpha, tt.beta}, mem[3:5]); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
	}
}
