package delegation

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"gnlc/fixtures"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
	"gnlc/rules"
)

// registerMembers reads the embedded default register's named members, in (country, city)
// order as queries return them. The renderer gets them as a Dataset would carry them.
func registerMembers(t testing.TB) []queries.Member {
	t.Helper()
	var data []byte
	for _, f := range fixtures.DefaultRegister() {
		if f.Name == "fixtures/members.csv" {
			data = f.Data
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var out []queries.Member
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		y, err := strconv.Atoi(rec[col["year_joined"]])
		if err != nil {
			t.Fatal(err)
		}
		m := queries.Member{City: rec[col["city"]], Country: rec[col["country"]], ISO3: rec[col["iso3"]],
			Region: rec[col["region"]], YearJoined: y, Status: "active"}
		if p := rec[col["population"]]; p != "" {
			n, err := strconv.ParseInt(p, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			m.Population = &n
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b queries.Member) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.City, b.City))
	})
	return out
}

// countryRows summarizes members per country as the countries query does (active members,
// share of all, rank with ties sharing a rank), with names and languages from the reference table.
func countryRows(t testing.TB, members []queries.Member) []queries.CountryRow {
	t.Helper()
	ref, err := fixtures.Countries()
	if err != nil {
		t.Fatal(err)
	}
	byISO := map[string]*queries.CountryRow{}
	var out []*queries.CountryRow
	for _, m := range members {
		r := byISO[m.ISO3]
		if r == nil {
			i := slices.IndexFunc(ref, func(c fixtures.Country) bool { return c.ISO3 == m.ISO3 })
			if i < 0 {
				t.Fatalf("country %s not in the reference table", m.ISO3)
			}
			c := ref[i]
			r = &queries.CountryRow{ISO3: c.ISO3, ISO2: c.ISO2, NameEN: c.NameEN, NameFR: c.NameFR, NameES: c.NameES,
				Region: c.Region, Language: c.Language, FirstYear: m.YearJoined, LatestYear: m.YearJoined}
			byISO[m.ISO3] = r
			out = append(out, r)
		}
		r.Members++
		r.FirstYear, r.LatestYear = min(r.FirstYear, m.YearJoined), max(r.LatestYear, m.YearJoined)
		if m.Population != nil {
			r.PeopleReached = reportstest.Ptr(*m.Population + deref(r.PeopleReached))
		} else {
			r.PopulationUnknown++
		}
	}
	rows := make([]queries.CountryRow, 0, len(out))
	for _, r := range out {
		r.Share = float64(r.Members) / float64(len(members))
		r.Rank = 1
		for _, o := range out {
			if o.Members > r.Members {
				r.Rank++
			}
		}
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b queries.CountryRow) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ISO3, b.ISO3))
	})
	return rows
}

// quotaRows counts each country's new cities per cohort against a limit of 3 from 2024 on.
func quotaRows(members []queries.Member) []queries.QuotaRow {
	type key struct {
		year int
		iso  string
	}
	n := map[key]int64{}
	var keys []key
	for _, m := range members {
		k := key{m.YearJoined, m.ISO3}
		if n[k] == 0 {
			keys = append(keys, k)
		}
		n[k]++
	}
	var out []queries.QuotaRow
	for _, k := range keys {
		applies := k.year >= 2024
		out = append(out, queries.QuotaRow{Year: k.year, ISO3: k.iso, NewCities: n[k], Limit: 3, Applies: applies, Breach: applies && n[k] > 3})
	}
	return out
}

// registerDataset is the default register as a run on 30 June 2025 would see it, with a few
// reporting obligations (the register has none) to fill the Obligations sheets.
func registerDataset(t testing.TB) *reports.Dataset {
	t.Helper()
	members := registerMembers(t)
	rep := func(iso, city string, last, next *time.Time, status queries.ReportStatus, overdue int64, cycle string) queries.ReportingRow {
		return queries.ReportingRow{ISO3: iso, City: city, LastReport: last, NextDue: next, Status: status, DaysOverdue: overdue, Cycle: cycle}
	}
	ds := &reports.Dataset{
		Year:        2024,
		AsOf:        reportstest.Day(2025, time.June, 30),
		GeneratedAt: time.Date(2025, time.July, 1, 8, 30, 0, 0, time.UTC),
		Version:     "test",
		Countries:   countryRows(t, members),
		Quota:       quotaRows(members),
		NextCallQuota: []queries.QuotaNext{
			{ISO3: "MEX", Country: "Mexico", Year: 2027, Used: 1, Limit: 3, Remaining: 2},
		},
		Rules: reportstest.Rules, NextCall: reportstest.NextCall,
		Members:     reportstest.SeqMembers(members),
		MemberCount: int64(len(members)),
	}
	reportstest.WithCompliance(ds, nil, []queries.ReportingRow{
		// Clermont-Ferrand: due 14 Feb 2024, 502 days late on 30 June 2025.
		rep("FRA", "Clermont-Ferrand", reportstest.Ptr(reportstest.Day(2022, time.February, 14)), reportstest.Ptr(reportstest.Day(2024, time.February, 14)), queries.ReportOverdue, 502, ""),
		rep("FRA", "Brest", nil, reportstest.Ptr(reportstest.Day(2026, time.March, 1)), queries.ReportOK, 0, ""),
		rep("FRA", "Lille", nil, reportstest.Ptr(reportstest.Day(2026, time.December, 31)), queries.ReportOK, 0, ""), // beyond 12 months
		rep("MEX", "Mérida", reportstest.Ptr(reportstest.Day(2025, time.January, 10)), reportstest.Ptr(reportstest.Day(2026, time.February, 14)), queries.ReportOK, 0, "2025–2026 cycle"),
		rep("MEX", "Puebla", nil, reportstest.Ptr(reportstest.Day(2022, time.June, 30)), queries.ReportOverdue, 1096, ""),
		rep("VNM", "Vinh", nil, nil, queries.ReportUnknown, 0, ""),
		rep("VNM", "Son La", nil, reportstest.Ptr(reportstest.Day(2026, time.February, 14)), queries.ReportOK, 0, ""),
	})
	return ds
}

// groupBy writes n with sep between groups of three digits, as the tests expect a language to.
func groupBy(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestWrite_registerLanguages(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	ds := registerDataset(t)
	paths, err := Write(t.Context(), out, ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(paths), 73; got != want { // the register's named member countries
		t.Errorf("wrote %d workbooks, want %d", got, want)
	}
	members := registerMembers(t)

	tests := []struct {
		path          string
		iso           string
		sheets        []string
		name          string
		region        string
		people        string // as excelize draws "#,##0" (Excel uses the reader's separators)
		share, rank   string
		asOf          string
		dueTitle      string
		due           [][]string // Obligations: city, due date, cycle
		overdue       [][]string
		window        [2]string // opens, closes
		placesLeft    string
		first, latest string
	}{
		{
			path:   "delegations/fr/FRA-france.xlsx",
			iso:    "FRA",
			sheets: []string{"Couverture", "Membres", "Quota", "Obligations"},
			name:   "France", region: "Europe et Amérique du Nord",
			people: "971,142", share: "2.3%", rank: "14",
			asOf:     "Situation au 30 juin 2025",
			dueTitle: "Rapports attendus dans les 12 prochains mois (jusqu’au 30 juin 2026)",
			due:      [][]string{{"Ville", "Date limite", "Cycle de rapport"}, {"Brest", "1 mars 2026", "Tous les 2 ans"}},
			overdue:  [][]string{{"Ville", "Date limite", "Jours de retard"}, {"Clermont-Ferrand", "14 février 2024", "502"}},
			window:   [2]string{"1 mars 2026", "30 avril 2026"}, placesLeft: "3",
			first: "2016", latest: "2024",
		},
		{
			path:   "delegations/fr/CIV-cote-d-ivoire.xlsx",
			iso:    "CIV",
			sheets: []string{"Couverture", "Membres", "Quota", "Obligations"},
			name:   "Côte d'Ivoire", region: "Afrique",
			people: "690,665", share: "0.6%", rank: "39",
			asOf:     "Situation au 30 juin 2025",
			dueTitle: "Rapports attendus dans les 12 prochains mois (jusqu’au 30 juin 2026)",
			window:   [2]string{"1 mars 2026", "30 avril 2026"}, placesLeft: "3",
			first: "2022", latest: "2024",
		},
		{
			path:   "delegations/es/MEX-mexico.xlsx",
			iso:    "MEX",
			sheets: []string{"Portada", "Miembros", "Cupo", "Obligaciones"},
			name:   "México", region: "América Latina y el Caribe",
			people: "18,164,348", share: "3.2%", rank: "3",
			asOf:     "Situación al 30 de junio de 2025",
			dueTitle: "Informes previstos en los próximos 12 meses (hasta el 30 de junio de 2026)",
			due:      [][]string{{"Ciudad", "Fecha límite", "Ciclo de informes"}, {"Mérida", "14 de febrero de 2026", "2025–2026 cycle"}},
			overdue:  [][]string{{"Ciudad", "Fecha límite", "Días de retraso"}, {"Puebla", "30 de junio de 2022", "1,096"}},
			window:   [2]string{"1 de marzo de 2026", "30 de abril de 2026"}, placesLeft: "2", // one city already in the 2027 cohort
			first: "2015", latest: "2025",
		},
		{
			path:   "delegations/en/VNM-viet-nam.xlsx",
			iso:    "VNM",
			sheets: []string{"Cover", "Members", "Quota", "Obligations"},
			name:   "Viet Nam", region: "Asia and the Pacific",
			people: "5,348,772", share: "1.9%", rank: "18",
			asOf:     "Situation as of 30 June 2025",
			dueTitle: "Reports due in the next 12 months (until 30 June 2026)",
			due:      [][]string{{"City", "Due date", "Reporting cycle"}, {"Son La", "14 February 2026", "Every 2 years"}},
			window:   [2]string{"1 March 2026", "30 April 2026"}, placesLeft: "3",
			first: "2020", latest: "2025",
		},
		{
			path:   "delegations/en/KOR-republic-of-korea.xlsx",
			iso:    "KOR",
			sheets: []string{"Cover", "Members", "Quota", "Obligations"},
			name:   "Republic of Korea", region: "Asia and the Pacific",
			people: "6,769,938", share: "13.9%", rank: "1",
			asOf:     "Situation as of 30 June 2025",
			dueTitle: "Reports due in the next 12 months (until 30 June 2026)",
			window:   [2]string{"1 March 2026", "30 April 2026"}, placesLeft: "3",
			first: "2015", latest: "2025",
		},
	}
	for _, tt := range tests {
		t.Run(tt.iso, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(out, filepath.FromSlash(tt.path))
			if !slices.Contains(paths, path) {
				t.Fatalf("%s not among the paths written", tt.path)
			}
			sheets, rows := reportstest.ReadWorkbook(t, path)
			if diff := gocmp.Diff(tt.sheets, sheets); diff != "" {
				t.Errorf("sheets (-want +got):\n%s", diff)
			}
			cover, mem, quota, obl := rows[tt.sheets[0]], rows[tt.sheets[1]], rows[tt.sheets[2]], rows[tt.sheets[3]]

			// Cover: labels, number, percentage and date in the language.
			lbl := map[string][8]string{
				"fr": {"Région", "Villes membres", "Personnes touchées", "Part du réseau", "Rang parmi les pays membres", "Première cohorte", "Dernière cohorte", "Pays membres"},
				"es": {"Región", "Ciudades miembro", "Personas alcanzadas", "Proporción de la red", "Puesto entre los países miembros", "Primera cohorte", "Cohorte más reciente", "Países miembros"},
				"en": {"Region", "Member cities", "People reached", "Share of the network", "Rank among member countries", "First cohort", "Latest cohort", "Member countries"},
			}[strings.Split(tt.path, "/")[1]]
			var n int64
			for _, m := range members {
				if m.ISO3 == tt.iso {
					n++
				}
			}
			got := []string{reportstest.CellAt(cover, 1, 1), reportstest.CellAt(cover, 3, 1),
				reportstest.Labelled(t, cover, lbl[0]), reportstest.Labelled(t, cover, lbl[1]), reportstest.Labelled(t, cover, lbl[2]),
				reportstest.Labelled(t, cover, lbl[3]), reportstest.Labelled(t, cover, lbl[4]), reportstest.Labelled(t, cover, lbl[5]), reportstest.Labelled(t, cover, lbl[6]),
				reportstest.Labelled(t, cover, lbl[7])}
			want := []string{tt.name, tt.asOf, tt.region, strconv.FormatInt(n, 10), tt.people, tt.share, tt.rank, tt.first, tt.latest, "73"}
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("cover: name, as-of, region, members, people, share, rank, first, latest, countries (-want +got):\n%s", diff)
			}

			// Members: every row of the register for the country, in order, in the language.
			var wantRows [][]string
			for _, m := range members {
				if m.ISO3 != tt.iso {
					continue
				}
				// Unknown population is said in words, never "—" or 0.
				pop := map[string]string{"fr": "Inconnue", "es": "Desconocida", "en": "Unknown"}[strings.Split(tt.path, "/")[1]]
				if m.Population != nil {
					pop = groupBy(*m.Population, ",")
				}
				wantRows = append(wantRows, []string{m.City, strconv.Itoa(m.YearJoined), pop})
			}
			hdr := 3 // title, as-of, header
			var gotRows [][]string
			for _, r := range mem[hdr:] {
				gotRows = append(gotRows, r[:3])
			}
			if diff := gocmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("member rows (-want +got):\n%s", diff)
			}

			// Obligations: reports due, overdue, and the next call as dates in the language.
			if got := reportstest.CellAt(obl, 5, 1); got != tt.dueTitle {
				t.Errorf("due title = %q, want %q", got, tt.dueTitle)
			}
			if tt.due != nil {
				if diff := gocmp.Diff(tt.due, obl[5:5+len(tt.due)]); diff != "" {
					t.Errorf("reports due (-want +got):\n%s", diff)
				}
			}
			if tt.overdue != nil {
				i := slices.IndexFunc(obl, func(r []string) bool {
					return len(r) > 0 && r[0] == tt.overdue[0][0] && len(r) > 2 && r[2] == tt.overdue[0][2]
				})
				if i < 0 {
					t.Fatalf("no overdue table in %q", obl)
				}
				if diff := gocmp.Diff(tt.overdue, obl[i:i+len(tt.overdue)]); diff != "" {
					t.Errorf("overdue reports (-want +got):\n%s", diff)
				}
			}
			// The window is expected (reportstest.NextCall): said in the title, the line and a note.
			lang := strings.Split(tt.path, "/")[1]
			title := map[string]string{"en": "Next call for applications (expected)", "fr": "Prochain appel à candidatures (prévisionnel)", "es": "Próxima convocatoria (prevista)"}[lang]
			i := slices.IndexFunc(obl, func(r []string) bool { return len(r) > 0 && r[0] == title })
			if i < 0 || i+4 >= len(obl) {
				t.Fatalf("no %q section at the end of %q", title, obl)
			}
			last := obl[i+1 : i+4]
			got = []string{reportstest.CellAt(last, 1, 2), reportstest.CellAt(last, 2, 2), reportstest.CellAt(last, 3, 2)}
			if diff := gocmp.Diff([]string{tt.window[0], tt.window[1], tt.placesLeft}, got); diff != "" {
				t.Errorf("window opens, closes, places left (-want +got):\n%s", diff)
			}
			note := map[string]string{"en": "Expected: UNESCO has not announced", "fr": "Prévisionnel\u00a0: l’UNESCO n’a pas encore annoncé", "es": "Prevista: la UNESCO aún no ha anunciado"}[lang]
			if !strings.HasPrefix(reportstest.CellAt(obl, i+5, 1), note) {
				t.Errorf("after the window: %q, want the note %q…", reportstest.CellAt(obl, i+5, 1), note)
			}
			if len(quota) < 4 {
				t.Errorf("quota sheet too short: %q", quota)
			}
		})
	}
}

func TestWrite_membersReporting(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{Countries: []string{"FRA", "VNM"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(out, "delegations", "en", "VNM-viet-nam.xlsx"), filepath.Join(out, "delegations", "fr", "FRA-france.xlsx")}
	if diff := gocmp.Diff(want, paths); diff != "" {
		t.Fatalf("paths (-want +got):\n%s", diff)
	}
	_, fra := reportstest.ReadWorkbook(t, want[1])
	_, vnm := reportstest.ReadWorkbook(t, want[0])
	tests := []struct {
		name string
		rows [][]string
		want [][]string
	}{
		{"fr", fra["Membres"][2:], [][]string{
			{"Ville", "Année d’adhésion", "Population", "Statut", "Dernier rapport", "Prochain rapport attendu", "Jours de retard"},
			{"Brest", "2022", "144,899", "Membre actif", "Aucun enregistré", "1 mars 2026"},
			{"Clermont-Ferrand", "2016", "138,681", "Membre actif", "14 février 2022", "14 février 2024", "502"},
			{"Lille", "2024", "228,328", "Membre actif", "Aucun enregistré", "31 décembre 2026"},
			{"Mantes-la-Jolie", "2017", "44,263", "Membre actif", "Aucun enregistré", "Inconnu"},
			{"Montpellier", "2019", "248,252", "Membre actif", "Aucun enregistré", "Inconnu"},
			{"Nanterre", "2022", "86,719", "Membre actif", "Aucun enregistré", "Inconnu"},
			{"Évry-Courcouronnes", "2019", "80,000", "Membre actif", "Aucun enregistré", "Inconnu"},
		}},
		{"en", vnm["Members"][2:], [][]string{
			{"City", "Year joined", "Population", "Status", "Last report", "Next report due", "Days overdue"},
			{"Cao Lãnh", "2022", "63,770", "Active member", "None on record", "Unknown"},
			{"Hanoi", "2025", "1,431,270", "Active member", "None on record", "Unknown"},
			{"Ho Chi Minh City", "2024", "3,467,331", "Active member", "None on record", "Unknown"},
			{"Sa Dec", "2020", "203,588", "Active member", "None on record", "Unknown"},
			{"Son La", "2024", "19,054", "Active member", "None on record", "14 February 2026"},
			// The register tracks no report for Vinh: its last report is unknown, not "none".
			{"Vinh", "2020", "163,759", "Active member", "Unknown", "Unknown"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := gocmp.Diff(tt.want, tt.rows); diff != "" {
				t.Errorf("members sheet (-want +got):\n%s", diff)
			}
		})
	}
	// Vinh has no due date: the Obligations sheet says how many such cities there are.
	if got := reportstest.Labelled(t, vnm["Obligations"], "Member cities without a known due date"); got != "1" {
		t.Errorf("cities without a due date = %q, want 1", got)
	}
	for _, r := range fra["Obligations"] {
		if len(r) > 0 && r[0] == "Villes membres sans date limite connue" {
			t.Errorf("France has no city without a due date, yet the sheet says %q", r)
		}
	}
}

func TestWrite_langOverride(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{Lang: "es", Countries: []string{"FRA"}})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(out, "delegations", "es", "FRA-francia.xlsx")
	if diff := gocmp.Diff([]string{want}, paths); diff != "" {
		t.Fatalf("paths (-want +got):\n%s", diff)
	}
	sheets, rows := reportstest.ReadWorkbook(t, want)
	got := []string{strings.Join(sheets, ","), reportstest.CellAt(rows["Portada"], 1, 1), reportstest.Labelled(t, rows["Portada"], "Personas alcanzadas"), reportstest.Labelled(t, rows["Portada"], "Región")}
	if diff := gocmp.Diff([]string{"Portada,Miembros,Cupo,Obligaciones", "Francia", "971,142", "Europa y América del Norte"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWrite_quotaSheet(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	ds := registerDataset(t)
	// Four Mexican cities in 2024 break the limit of three.
	ds.Quota = append(slices.DeleteFunc(slices.Clone(ds.Quota), func(q queries.QuotaRow) bool { return q.ISO3 == "MEX" && q.Year == 2024 }),
		queries.QuotaRow{Year: 2024, ISO3: "MEX", NewCities: 4, Limit: 3, Applies: true, Breach: true})
	// On 15 January 2024 the next window (March–April 2024) feeds the 2025 cohort, in which
	// Mexico already has one city. UNESCO announced that call: no "expected".
	ds.AsOf = reportstest.Day(2024, time.January, 15)
	ds.NextCall = queries.NextWindow{Call: rules.Call{Year: 2024, Opens: reportstest.Day(2024, time.March, 1), Closes: reportstest.Day(2024, time.April, 30), Cohort: 2025}}
	ds.NextCallQuota = []queries.QuotaNext{{ISO3: "MEX", Country: "Mexico", Year: 2025, Used: 1, Limit: 3, Remaining: 2}}
	paths, err := Write(t.Context(), out, ds, Options{Countries: []string{"MEX"}})
	if err != nil {
		t.Fatal(err)
	}
	_, rows := reportstest.ReadWorkbook(t, paths[0])
	want := [][]string{
		{"Nuevas ciudades miembro por cohorte, frente al límite por país"},
		{"México — Como máximo 3 nuevas ciudades miembro por país y por cohorte, a partir de la cohorte de 2024."},
		{"Cohorte", "Nuevas ciudades miembro", "Límite", "Situación"},
		{"2015", "1", "Ninguno", "Sin límite vigente"},
		{"2020", "1", "Ninguno", "Sin límite vigente"},
		{"2022", "3", "Ninguno", "Sin límite vigente"},
		{"2024", "4", "3", "Por encima del límite"},
		{"2025", "2", "3", "Dentro del límite"},
		nil,
		{"Próxima cohorte (2025)"},
		{"Límite", "3"},
		{"Plazas utilizadas", "1"},
		{"Plazas disponibles", "2"},
	}
	if diff := gocmp.Diff(want, rows["Cupo"]); diff != "" {
		t.Errorf("quota sheet (-want +got):\n%s", diff)
	}
}

// TestWrite_hostileNames: names from data cannot steer a file outside out/ nor
// become formulas.
func TestWrite_hostileNames(t *testing.T) {
	t.Parallel()
	const injection = "=cmd|' /C calc'!A0"
	hostile := []string{injection, "../../etc/passwd", "+SUM(A1)", "-2", "@x", "\tTab", "\rCR", `..\..\win`}
	country := queries.CountryRow{ISO3: "XXA", NameEN: "../../etc", NameFR: "../../etc", NameES: "/dev/null\x00", Region: "Africa", Language: "en", Members: int64(len(hostile)), FirstYear: 2024, LatestYear: 2024, Rank: 1}
	var members []queries.Member
	for _, c := range hostile {
		members = append(members, queries.Member{City: c, ISO3: "XXA", Country: country.NameEN, YearJoined: 2024, Status: "active"})
	}
	ds := &reports.Dataset{Year: 2024, AsOf: reportstest.Day(2025, 6, 30), GeneratedAt: reportstest.Day(2025, 7, 1), Version: "test",
		Countries: []queries.CountryRow{country}, Rules: reportstest.Rules, NextCall: reportstest.NextCall, Members: reportstest.SeqMembers(members)}
	reportstest.WithCompliance(ds, nil, []queries.ReportingRow{{ISO3: "XXA", City: injection, NextDue: reportstest.Ptr(reportstest.Day(2024, 1, 1)), Status: queries.ReportOverdue, DaysOverdue: 546}})

	for _, lang := range []string{"en", "es"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			out := filepath.Join(base, "out")
			paths, err := Write(t.Context(), out, ds, Options{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			wantName := map[string]string{"en": "XXA-etc.xlsx", "es": "XXA-dev-null.xlsx"}[lang]
			want := filepath.Join(out, "delegations", lang, wantName)
			if diff := gocmp.Diff([]string{want}, paths); diff != "" {
				t.Fatalf("paths (-want +got):\n%s", diff)
			}
			if got := filesUnder(t, base); !slices.Equal(got, []string{filepath.Join("out", "delegations", lang, wantName)}) {
				t.Errorf("files under the test folder: %q, want only the workbook", got)
			}
			f, err := excelize.OpenFile(want)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			for _, sheet := range sheets {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for c, v := range row {
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						formula, err := f.GetCellFormula(sheet, ref)
						if err != nil || formula != "" {
							t.Errorf("%s!%s = %q has formula %q (%v)", sheet, ref, v, formula, err)
						}
					}
				}
			}
			// Every hostile city is on the Members sheet as the text it is, in a string cell.
			mem, _ := f.GetRows(sheets[1])
			var cities []string
			for _, r := range mem[3:] {
				cities = append(cities, r[0])
			}
			if diff := gocmp.Diff(hostile, cities); diff != "" {
				t.Errorf("cities (-want +got):\n%s", diff)
			}
			typ, err := f.GetCellType(sheets[1], "A4")
			if err != nil || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
				t.Errorf("A4 (%q) type = %v (%v), want a string cell", reportstest.CellAt(mem, 4, 1), typ, err)
			}
		})
	}
}

// filesUnder lists the regular files under dir, relative and sorted.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWrite_invalid(t *testing.T) {
	t.Parallel()
	good := func() *reports.Dataset {
		return &reports.Dataset{Year: 2024, AsOf: reportstest.Day(2025, 6, 30), Rules: reportstest.Rules, NextCall: reportstest.NextCall, Members: reportstest.SeqMembers(nil),
			Countries: []queries.CountryRow{{ISO3: "FRA", NameEN: "France", NameFR: "France", NameES: "Francia", Language: "fr"}}}
	}
	tests := []struct {
		name    string
		edit    func(*reports.Dataset)
		opts    Options
		wantErr error
		wantMsg string
	}{
		{"code with a path", func(ds *reports.Dataset) { ds.Countries[0].ISO3 = "../" }, Options{}, reports.ErrInvalidDataset, `country code "../"`},
		{"lower-case code", func(ds *reports.Dataset) { ds.Countries[0].ISO3 = "fra" }, Options{}, reports.ErrInvalidDataset, `country code "fra"`},
		{"language with a path", func(ds *reports.Dataset) { ds.Countries[0].Language = "../../x" }, Options{}, reports.ErrInvalidDataset, `delegation language "../../x"`},
		{"no name in the language", func(ds *reports.Dataset) { ds.Countries[0].NameFR = " " }, Options{}, reports.ErrInvalidDataset, "FRA has no name in fr"},
		{"country twice", func(ds *reports.Dataset) { ds.Countries = append(ds.Countries, ds.Countries[0]) }, Options{}, reports.ErrInvalidDataset, "FRA listed twice"},
		{"no as-of date", func(ds *reports.Dataset) { ds.AsOf = time.Time{} }, Options{}, reports.ErrInvalidDataset, "as-of date"},
		{"no window", func(ds *reports.Dataset) { ds.NextCall = queries.NextWindow{} }, Options{}, reports.ErrInvalidDataset, "application window"},
		{"window closing before it opens", func(ds *reports.Dataset) { ds.NextCall.Closes = reportstest.Day(2026, time.February, 1) }, Options{}, reports.ErrInvalidDataset, "application window"},
		{"no members", func(ds *reports.Dataset) { ds.Members = nil }, Options{}, reports.ErrInvalidDataset, "no member rows"},
		{"every problem listed", func(ds *reports.Dataset) { ds.AsOf = time.Time{}; ds.Countries[0].ISO3 = "F/A" }, Options{}, reports.ErrInvalidDataset, `as-of date is not set; country code "F/A"`},
		{"unknown language option", func(*reports.Dataset) {}, Options{Lang: "de"}, nil, `language "de"`},
		{"not a member", func(*reports.Dataset) {}, Options{Countries: []string{"ATA"}}, ErrNotMember, `"ATA"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds := good()
			tt.edit(ds)
			out := t.TempDir()
			_, err := Write(t.Context(), out, ds, tt.opts)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.wantErr, tt.wantMsg)
			}
			if got := filesUnder(t, out); len(got) != 0 {
				t.Errorf("files written: %q", got)
			}
		})
	}
}

// TestWrite_failureLeavesNothing: a register that fails after several countries
// were drawn publishes none of them, keeps the earlier workbooks as they were and leaves no
// temporary file.
func TestWrite_failureLeavesNothing(t *testing.T) {
	t.Parallel()
	ds := registerDataset(t)
	members := registerMembers(t)
	errBroken := errors.New("disk on fire")
	ds.Members = func(yield func(queries.Member, error) bool) {
		for i, m := range members {
			if i == len(members)-3 {
				yield(queries.Member{}, errBroken)
				return
			}
			if !yield(m, nil) {
				return
			}
		}
	}
	out := t.TempDir()
	old := filepath.Join(out, "delegations", "fr", "FRA-france.xlsx")
	if err := os.MkdirAll(filepath.Dir(old), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("last year's workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, err := Write(t.Context(), out, ds, Options{})
	if !errors.Is(err, errBroken) || paths != nil {
		t.Fatalf("got %q, %v; want no paths and the register's error", paths, err)
	}
	if got := filesUnder(t, out); !slices.Equal(got, []string{filepath.Join("delegations", "fr", "FRA-france.xlsx")}) {
		t.Errorf("files after a failed run: %q, want only the earlier workbook", got)
	}
	if b, _ := os.ReadFile(old); string(b) != "last year's workbook" {
		t.Errorf("earlier workbook changed: %q", b)
	}

	// Members out of country order would draw a country twice: refused, nothing published.
	ds2 := registerDataset(t)
	shuffled := slices.Clone(members)
	shuffled[0], shuffled[len(shuffled)-1] = shuffled[len(shuffled)-1], shuffled[0]
	ds2.Members = reportstest.SeqMembers(shuffled)
	out2 := t.TempDir()
	if _, err := Write(t.Context(), out2, ds2, Options{}); !errors.Is(err, reports.ErrInvalidDataset) {
		t.Errorf("members out of order: err = %v, want ErrInvalidDataset", err)
	}
	if got := filesUnder(t, out2); len(got) != 0 {
		t.Errorf("files after a refused run: %q", got)
	}
}

func TestWrite_cancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	out := t.TempDir()
	if _, err := Write(ctx, out, registerDataset(t), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := filesUnder(t, out); len(got) != 0 {
		t.Errorf("files after a cancelled run: %q", got)
	}
}

func TestDelegationFileName(t *testing.T) {
	t.Parallel()
	tests := []struct{ iso, name, want string }{
		{"CIV", "Côte d'Ivoire", "CIV-cote-d-ivoire.xlsx"},
		{"TUR", "Türkiye", "TUR-turkiye.xlsx"},
		{"VNM", "Việt Nam", "VNM-viet-nam.xlsx"},
		{"IRN", "Iran (Islamic Republic of)", "IRN-iran-islamic-republic-of.xlsx"},
		{"KOR", "République de Corée", "KOR-republique-de-coree.xlsx"},
		{"DNK", "Danmark Ø", "DNK-danmark-o.xlsx"},
		{"XXA", "../../etc", "XXA-etc.xlsx"},
		{"XXA", `..\..\Windows\System32`, "XXA-windows-system32.xlsx"},
		{"XXA", "a\x00b\nc\u202ed", "XXA-a-b-c-d.xlsx"},
		{"XXA", "..", "XXA.xlsx"},
		{"XXA", "日本", "XXA.xlsx"},
		{"XXA", "", "XXA.xlsx"},
		{"XXA", strings.Repeat("ab ", 100), "XXA-" + strings.TrimSuffix(strings.Repeat("ab-", 20), "-") + ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := delegationFileName(tt.iso, tt.name); got != tt.want {
				t.Errorf("delegationFileName(%q, %q) = %q, want %q", tt.iso, tt.name, got, tt.want)
			}
		})
	}
}

var safeFileRE = regexp.MustCompile(`^[A-Z]{3}(-[a-z0-9]+)*\.xlsx$`)

// FuzzDelegationFileName: whatever the name, the file name is a plain ASCII slug that stays
// in its folder.
func FuzzDelegationFileName(f *testing.F) {
	for _, s := range []string{"Côte d'Ivoire", "../../etc", "a/b\\c", "\x00", "..", "Ωmega", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := delegationFileName("XXA", name)
		if !safeFileRE.MatchString(got) || len(got) > len("XXA-")+maxSlug+len(".xlsx") || filepath.Base(got) != got {
			t.Errorf("delegationFileName(%q) = %q", name, got)
		}
	})
}

// syntheticDataset is a register of nCountries × perCountry members with reporting rows, for
// the benchmark: languages rotate, names carry accents, a third of reports are overdue.
func syntheticDataset(nCountries, perCountry int) *reports.Dataset {
	langs := []string{"en", "fr", "es"}
	ds := &reports.Dataset{Year: 2024, AsOf: reportstest.Day(2025, 6, 30), GeneratedAt: reportstest.Day(2025, 7, 1), Version: "bench", Rules: reportstest.Rules, NextCall: reportstest.NextCall}
	var members []queries.Member
	var reporting []queries.ReportingRow
	for i := range nCountries {
		iso := fmt.Sprintf("%c%c%c", 'A'+i/676%26, 'A'+i/26%26, 'A'+i%26)
		c := queries.CountryRow{ISO3: iso, NameEN: "Country " + iso, NameFR: "Pays " + iso + " é", NameES: "País " + iso,
			Region: fixtures.Regions[i%len(fixtures.Regions)], Language: langs[i%3], Members: int64(perCountry),
			Share: float64(perCountry) / float64(nCountries*perCountry), Rank: 1, FirstYear: 2015, LatestYear: 2024}
		ds.Countries = append(ds.Countries, c)
		for k := range perCountry {
			city := fmt.Sprintf("Ciudad %03d", k)
			pop := int64(1000 + 7919*k*(i+1))
			y := 2015 + k%10
			members = append(members, queries.Member{City: city, ISO3: iso, Country: c.NameEN, YearJoined: y, Population: &pop, Status: "active"})
			due := reportstest.Day(2024+k%3, time.Month(1+k%12), 1+k%28)
			r := queries.ReportingRow{ISO3: iso, City: city, YearJoined: y, NextDue: &due, Status: queries.ReportOK}
			if due.Before(ds.AsOf) {
				r.Status, r.DaysOverdue = queries.ReportOverdue, int64(ds.AsOf.Sub(due).Hours()/24)
			}
			reporting = append(reporting, r)
		}
		for y := 2015; y <= 2024; y++ {
			ds.Quota = append(ds.Quota, queries.QuotaRow{Year: y, ISO3: iso, NewCities: int64(perCountry / 10), Limit: 3, Applies: y >= 2024, Breach: y >= 2024 && perCountry/10 > 3})
		}
	}
	ds.Members, ds.MemberCount = reportstest.SeqMembers(members), int64(len(members))
	reportstest.WithCompliance(ds, nil, reporting)
	return ds
}

func TestWrite_synthetic(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, syntheticDataset(12, 20), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 12 {
		t.Fatalf("wrote %d workbooks, want 12", len(paths))
	}
	_, rows := reportstest.ReadWorkbook(t, filepath.Join(out, "delegations", "fr", "AAB-pays-aab-e.xlsx"))
	if got := len(rows["Membres"]) - 3; got != 20 {
		t.Errorf("AAB has %d member rows, want 20", got)
	}
}

// BenchmarkDelegations writes every delegation workbook of a 200 countries × 50 cities register
// (`make bench`, or go test ./reports -run '^$' -bench Delegations -benchtime 1x).
func BenchmarkDelegations(b *testing.B) {
	ds := syntheticDataset(200, 50)
	b.ReportAllocs()
	for b.Loop() {
		out := b.TempDir()
		paths, err := Write(b.Context(), out, ds, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(paths) != 200 {
			b.Fatalf("wrote %d workbooks, want 200", len(paths))
		}
	}
}

// dumpDelegation is a workbook as text for golden files: document language and title, then
// each sheet's non-empty cells with their value (U+00A0 shown as "⍽" so it can be reviewed),
// marking right-aligned cells, number formats, formulas and Excel tables.
func dumpDelegation(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "language %s\ntitle %s\n", props.Language, props.Title)
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== %s\n", sheet)
		tables, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			fmt.Fprintf(&b, "table %s %s\n", tb.Name, tb.Range)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				mark := ""
				if style, err := f.GetCellStyle(sheet, ref); err == nil && style != 0 {
					if st, err := f.GetStyle(style); err == nil && st.Alignment != nil && st.Alignment.Horizontal == "right" {
						mark = " (right)"
					}
				}
				mark += numberMark(t, f, sheet, ref)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					mark += " FORMULA " + formula
				}
				fmt.Fprintf(&b, "%s %s%s\n", ref, strings.ReplaceAll(v, reportstest.NBSP, "⍽"), mark)
			}
		}
	}
	return b.String()
}

// builtinFormats are the built-in number formats the workbooks use, by id.
var builtinFormats = map[int]string{0: "General", 1: "0", 3: "#,##0", 10: "0.00%"}

// numberMark is " [format]" for a number or date cell, with its number format, and "" for text:
// the dump says what Excel stores, as well as what excelize draws.
func numberMark(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	if format, text := cellFormat(t, f, sheet, ref); !text {
		return " [" + format + "]"
	}
	return ""
}

// TestWrite_golden pins two whole workbooks (French, Spanish) as text; rewrite with
// go test ./reports -run Delegations_golden -update, and review the diff.
func TestWrite_golden(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{Countries: []string{"FRA", "MEX"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		t.Run(name, func(t *testing.T) {
			got := dumpDelegation(t, p)
			reportstest.CheckGolden(t, filepath.Join("testdata", "delegation-"+name+".golden"), got)
		})
	}
}

// A Dataset from a source carries MembersReporting: the delegations read each country's members
// and obligations from it alone, never the whole register's Compliance, and write the same
// workbooks (the golden files) as from Members and Compliance.
func TestWrite_fromMembersReporting(t *testing.T) {
	t.Parallel()
	ds := registerDataset(t)
	var pairs []queries.MemberReporting
	for mr, err := range membersReporting(ds) {
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, mr)
	}
	owed := 0
	for _, p := range pairs {
		if p.Reporting != nil {
			owed++
		}
	}
	if owed == 0 || owed == len(pairs) {
		t.Fatalf("%d of %d members with an obligation: the test needs both kinds", owed, len(pairs))
	}
	ds.MembersReporting = func(yield func(queries.MemberReporting, error) bool) {
		for _, p := range pairs {
			if p.Reporting != nil {
				r := *p.Reporting // the renderer may keep it: a copy per range, as a query gives
				p.Reporting = &r
			}
			if !yield(p, nil) {
				return
			}
		}
	}
	ds.Compliance = func(yield func(queries.ComplianceRow, error) bool) {
		t.Error("the delegations read Compliance although MembersReporting is set")
	}
	out := t.TempDir()
	paths, err := Write(t.Context(), out, ds, Options{Countries: []string{"FRA", "MEX"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		reportstest.CheckGolden(t, filepath.Join("testdata", "delegation-"+name+".golden"), dumpDelegation(t, p))
	}
}

// Delegations print their workbooks: every sheet is landscape and one page wide, the streamed
// ones (Members, Obligations) included.
func TestWrite_printLayout(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{Countries: []string{"FRA"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	for _, s := range f.GetSheetList() {
		layout, err := f.GetPageLayout(s)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(s)
		if err != nil {
			t.Fatal(err)
		}
		line := s + ":"
		if layout.Orientation != nil {
			line += " " + *layout.Orientation
		}
		if layout.FitToWidth != nil {
			line += fmt.Sprintf(" %d wide", *layout.FitToWidth)
		}
		if props.FitToPage != nil && *props.FitToPage {
			line += " fit"
		}
		got = append(got, line)
	}
	want := []string{
		"Couverture: landscape 1 wide fit", "Membres: landscape 1 wide fit",
		"Quota: landscape 1 wide fit", "Obligations: landscape 1 wide fit",
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("page layout (-want +got):\n%s", diff)
	}
}

// deref is *p, 0 for nil.
func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
