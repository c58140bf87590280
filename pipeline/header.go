package pipeline

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what a file holds, recognized from its headers.
type Kind string

const (
	KindMembers       Kind = "members"       // the register: city, country, year_joined, ...
	KindReports       Kind = "reports"       // progress reports: city, country, submitted_on
	KindAnnouncements Kind = "announcements" // published figures: year, new_cities, total_cities, ...
)

// column is a canonical input column: its name (the DESIGN.md column name) and the headers that
// mean it, in English, French and Spanish (the first three, shown in errors, are the English,
// French and Spanish names). Headers are compared through Fold.
type column struct {
	name    string
	aliases []string
}

// Columns of each kind. Order is irrelevant; the table order is fixed in the Arrow schemas.
var (
	colCity = column{"city", []string{"city", "ville", "ciudad", "city name", "nom de la ville", "commune", "nombre de la ciudad", "municipio", "municipality",
		"member city", "learning city", "name of city", "name of the city", "city/municipality", "ville membre", "ville apprenante", "nom de la commune",
		"ciudad miembro", "ciudad del aprendizaje", "localidad", "town"}}
	colCountry = column{"country", []string{"country", "pays", "país", "country name", "nación", "nation",
		"member state", "état membre", "estado miembro", "country/territory", "nom du pays", "nombre del país"}}
	colISO3 = column{"iso3", []string{"iso3", "code iso", "código iso", "iso 3", "iso alpha-3", "iso code", "country code", "code pays", "código de país",
		"iso", "iso 3166", "iso3166", "iso 3166-1", "alpha-3", "alpha 3", "iso alpha 3", "country iso", "iso country code", "code du pays", "código del país"}}
	colSource = column{"source_url", []string{"source_url", "source url", "source", "url", "lien", "fuente", "enlace"}}

	membersColumns = []column{
		colCity, colCountry, colISO3,
		{"region", []string{"region", "unesco region", "région", "région unesco", "región", "región unesco"}},
		{"year_joined", []string{"year_joined", "année d'adhésion", "año de adhesión", "year joined", "year", "cohort", "joined", "membership year", "année", "cohorte", "année d'entrée", "año", "año de ingreso",
			"year of admission", "admission year", "year admitted", "admitted", "year of membership", "year of joining", "joining year", "year of accession",
			"member since", "cohort year", "gnlc cohort", "année d'admission", "membre depuis", "année de la cohorte", "año de admisión", "año de incorporación",
			"miembro desde", "año de la cohorte"}},
		{"applied_on", []string{"applied_on", "applied on", "application date", "date applied", "date of application", "application submitted", "date de candidature",
			"date de la candidature", "fecha de solicitud", "fecha de candidatura", "fecha de postulación"}},
		{"population", []string{"population", "inhabitants", "habitants", "población", "habitantes",
			"pop", "total population", "city population", "number of inhabitants", "residents", "nombre d'habitants", "population totale",
			"población total", "número de habitantes", "nº de habitantes", "n° d'habitants"}},
		{"population_source", []string{"population_source", "population source", "source de la population", "source population", "fuente de la población", "fuente población"}},
		{"lat", []string{"lat", "latitude", "latitud"}},
		{"lon", []string{"lon", "lng", "long", "longitude", "longitud"}},
		{"status", []string{"status", "statut", "état", "estado", "situación", "membership status", "statut de membre", "estado de membresía"}},
		{"left_year", []string{"left_year", "left year", "year left", "withdrawn in", "année de départ", "année de retrait", "año de salida", "año de retiro"}},
		{"last_report_on", []string{"last_report_on", "last report on", "last report", "latest report", "dernier rapport", "date du dernier rapport", "último informe", "fecha del último informe"}},
		colSource,
	}
	reportsColumns = []column{
		colCity, colCountry, colISO3,
		{"submitted_on", []string{"submitted_on", "date du rapport", "fecha del informe", "submitted on", "submitted", "submission date", "report date", "date", "date de soumission", "soumis le", "fecha de presentación", "fecha"}},
	}
	announcementsColumns = []column{
		{"year", []string{"year", "année", "año"}},
		{"announced_on", []string{"announced_on", "announced on", "announcement date", "date", "date d'annonce", "date de l'annonce", "fecha de anuncio", "fecha del anuncio", "fecha"}},
		{"new_cities", []string{"new_cities", "new cities", "new members", "nouvelles villes", "nouveaux membres", "nuevas ciudades", "nuevos miembros"}},
		{"new_countries", []string{"new_countries", "new countries", "nouveaux pays", "nuevos países"}},
		{"first_time_countries", []string{"first_time_countries", "first-time countries", "first time countries", "pays membres pour la première fois", "países por primera vez"}},
		{"total_cities", []string{"total_cities", "total cities", "members", "total members", "total villes", "total des villes", "total de villes", "total de ciudades", "total ciudades"}},
		{"total_countries", []string{"total_countries", "total countries", "total pays", "total des pays", "total de pays", "total de países", "total países"}},
		{"people_reached", []string{"people_reached", "people reached", "population reached", "personnes touchées", "population touchée", "personas alcanzadas", "población alcanzada"}},
		colSource,
		{"note", []string{"note", "notes", "comment", "comments", "remarque", "remarques", "commentaire", "nota", "notas", "comentario"}},
	}
)

// Required columns per kind. Members and reports need a country, given by name or by iso3.
var required = map[Kind][]string{
	KindMembers:       {"city", "country|iso3", "year_joined"},
	KindReports:       {"city", "country|iso3", "submitted_on"},
	KindAnnouncements: {"year"},
}

func kindColumns(k Kind) []column {
	switch k {
	case KindReports:
		return reportsColumns
	case KindAnnouncements:
		return announcementsColumns
	default:
		return membersColumns
	}
}

// headerMap is a file's header resolved against its kind: for each canonical column, the index of
// the field holding it, or -1.
type headerMap struct {
	kind    Kind
	index   map[string]int
	width   int               // number of header fields
	headers []string          // the header fields as written (trimmed), for errors
	ignored []string          // headers that match no column of the kind
	aliases map[string]string // the kind's aliasIndex, for rows that repeat the header
}

// header is field i's header as written, "" beyond the header.
func (h *headerMap) header(i int) string {
	if i < 0 || i >= len(h.headers) {
		return ""
	}
	return h.headers[i]
}

// name is the canonical column of field i, "" when it maps to none.
func (h *headerMap) name(i int) string {
	for name, j := range h.index {
		if j == i {
			return name
		}
	}
	return ""
}

func (h *headerMap) col(name string) int {
	if i, ok := h.index[name]; ok {
		return i
	}
	return -1
}

// aliasIndex maps folded header → canonical column name, for one kind.
func aliasIndex(cols []column) map[string]string {
	m := make(map[string]string)
	for _, c := range cols {
		for _, a := range c.aliases {
			m[Fold(a)] = c.name
		}
	}
	return m
}

// lookupHeader maps a header cell to its canonical column through idx (aliasIndex), the way a
// person reads it: "Population (2020)" and "Latitude [WGS84]" by their words outside the
// brackets, a bilingual "Ville / City" or a two-line "Ville⏎City" by either half.
func lookupHeader(idx map[string]string, raw string) (string, bool) {
	if name, ok := idx[Fold(raw)]; ok {
		return name, true
	}
	bare := stripQualifiers(raw)
	if name, ok := idx[Fold(bare)]; ok {
		return name, true
	}
	halves := strings.FieldsFunc(bare, func(r rune) bool { return r == '/' || r == '|' || r == '\n' })
	if len(halves) < 2 {
		return "", false
	}
	// Both halves name the same column in a real bilingual header; when they name two, the
	// first language wins, as a reader would take it.
	for _, h := range halves {
		if name, ok := idx[Fold(h)]; ok {
			return name, true
		}
	}
	return "", false
}

// splitQualifiers parts a header into its words outside parentheses or brackets and those
// inside them: "Population (2020)" → "Population ", " 2020".
func splitQualifiers(s string) (bare, inside string) {
	if !strings.ContainsAny(s, "([") {
		return s, ""
	}
	var out, in strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
			in.WriteByte(' ')
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth > 0:
			in.WriteRune(r)
		default:
			out.WriteRune(r)
		}
	}
	return out.String(), in.String()
}

// stripQualifiers drops the parts of a header in parentheses or brackets ("Population (2020)" →
// "Population "), unless nothing would be left.
func stripQualifiers(s string) string {
	bare, _ := splitQualifiers(s)
	if strings.TrimSpace(bare) == "" {
		return s
	}
	return bare
}

// scaleQualifier names the unit a header's brackets give to its numbers ("thousands" in
// "Population (thousands)", "en milliers", "'000"), "" when they give none.
func scaleQualifier(header string) string {
	_, inside := splitQualifiers(header)
	for _, w := range strings.Fields(strings.ToLower(inside)) {
		switch Fold(w) {
		case "thousand", "thousands", "000", "000s", "k", "1000", "x1000", "milliers", "millier", "miles", "mil", "millares":
			return "thousands"
		case "million", "millions", "millones", "millon", "mio", "m", "mn", "mln", "1000000", "x1000000":
			return "millions"
		}
	}
	return ""
}

// detectKind scores the header against each kind's distinctive columns. Members and reports share
// city/country, so a submission date without a cohort year makes a reports file; announcements have
// no city and carry network figures.
func detectKind(header []string) (Kind, bool) {
	members, reports, announcements := aliasIndex(membersColumns), aliasIndex(reportsColumns), aliasIndex(announcementsColumns)
	has := func(idx map[string]string, name string) bool {
		for _, h := range header {
			if got, ok := lookupHeader(idx, h); ok && got == name {
				return true
			}
		}
		return false
	}
	city := has(members, "city")
	country := has(members, "country") || has(members, "iso3")
	joined := has(members, "year_joined")
	submitted := has(reports, "submitted_on")
	figures := false
	for _, n := range []string{"new_cities", "new_countries", "total_cities", "total_countries", "people_reached", "first_time_countries"} {
		figures = figures || has(announcements, n)
	}
	switch {
	case (city || country) && submitted && !joined:
		return KindReports, true
	case city || country:
		return KindMembers, true
	case figures:
		return KindAnnouncements, true
	case joined:
		return KindMembers, true
	}
	return "", false
}

// mapHeader recognizes the file's kind and resolves its header (sheet: the XLSX sheet it was read
// from, "" for CSV). Problems come back as RowErrors on row headerRow: an unrecognizable header, a column given twice, a required column missing.
// Unknown columns are not errors: registers often carry notes or contacts, so they are returned
// in ignored for the caller to log.
func mapHeader(file, sheet string, headerRow int, header []string) (*headerMap, []*RowError) {
	kind, ok := detectKind(header)
	if !ok {
		return nil, []*RowError{{
			File: file, Sheet: sheet, Row: headerRow, Err: ErrUnknownKind,
			Expected: "a header with city, country and year_joined (members), city, country and submitted_on (reports), or year, new_cities and total_cities (announcements)",
		}}
	}
	idx := aliasIndex(kindColumns(kind))
	h := &headerMap{kind: kind, index: make(map[string]int), width: len(header), headers: make([]string, len(header)), aliases: idx}
	var errs []*RowError
	for i, raw := range header {
		h.headers[i] = strings.TrimSpace(raw)
		name, ok := lookupHeader(idx, raw)
		if !ok {
			if h.headers[i] != "" { // a blank cell in the header row is no column to warn about
				h.ignored = append(h.ignored, h.headers[i])
			}
			continue
		}
		if scale := scaleQualifier(raw); scale != "" && (name == "population" || kind == KindAnnouncements && name == "people_reached") {
			// "Population (thousands)": the numbers are not inhabitants, and gnlc does not scale
			// them behind the user's back.
			errs = append(errs, &RowError{
				File: file, Sheet: sheet, Row: headerRow, Column: name, Header: h.headers[i], Field: i + 1, Err: ErrScaledColumn,
				Expected: fmt.Sprintf("%s as whole people; this column counts %s: write the full numbers (multiply in the sheet) or rename the column so gnlc leaves it out", name, scale),
			})
			continue
		}
		if j, dup := h.index[name]; dup {
			errs = append(errs, &RowError{
				File: file, Sheet: sheet, Row: headerRow, Column: name, Header: h.headers[i], Field: i + 1, Err: ErrDuplicateColumn,
				Expected: fmt.Sprintf("one column for %s (already given by column %s, %q)", name, fieldName(j+1, sheet != ""), h.headers[j]),
			})
			continue
		}
		h.index[name] = i
	}
	for _, req := range required[kind] {
		found := false
		for _, alt := range strings.Split(req, "|") {
			found = found || h.col(alt) >= 0
		}
		if found {
			continue
		}
		name := strings.Split(req, "|")[0]
		errs = append(errs, &RowError{
			File: file, Sheet: sheet, Row: headerRow, Column: name, Err: ErrMissingColumn,
			Expected: fmt.Sprintf("a %s column (a %s file; headers such as %s)", name, kind, headerExamples(kind, req)),
		})
	}
	return h, errs
}

// headerExamples names the English, French and Spanish headers of a required column
// (alternatives joined by |).
func headerExamples(kind Kind, req string) string {
	var out []string
	for _, alt := range strings.Split(req, "|") {
		for _, c := range kindColumns(kind) {
			if c.name == alt {
				out = append(out, c.aliases[:min(3, len(c.aliases))]...)
			}
		}
	}
	return quoteList(slices.Compact(out), "or")
}
