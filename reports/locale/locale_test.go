package locale

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

func mustLoad(t *testing.T, lang string) *Catalog {
	t.Helper()
	c, err := Load(lang)
	if err != nil {
		t.Fatalf("Load(%q): %v", lang, err)
	}
	return c
}

const (
	nbsp = "\u00a0" // x/text's French grouping separator (CLDR), also before "%" in fr and es
)

func TestCatalog_Int(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1234567, "1,234,567"},
		{"en", 1234, "1,234"},
		{"en", 0, "0"},
		{"en", -1234567, "-1,234,567"},
		{"fr", 1234567, "1" + nbsp + "234" + nbsp + "567"},
		{"fr", 1234, "1" + nbsp + "234"},
		{"fr", 999, "999"},
		{"fr", 390000000, "390" + nbsp + "000" + nbsp + "000"},
		{"es", 1234567, "1.234.567"},
		{"es", 12345, "12.345"},
		{"es", 9999, "9999"}, // CLDR minimum grouping digits: four digits stay ungrouped
		{"es", 1234, "1234"},
		{"es", -1234, "-1234"},
		{"es", -12345, "-12.345"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			if got := mustLoad(t, tt.lang).Int(tt.n); got != tt.want {
				t.Errorf("Int(%d) = %+q, want %+q", tt.n, got, tt.want)
			}
		})
	}
}

func TestCatalog_Percent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang string
		f    float64
		want string
	}{
		{"en", 0.123, "12.3%"},
		{"en", 1, "100.0%"},
		{"en", 0.0221, "2.2%"},
		{"fr", 0.123, "12,3" + nbsp + "%"},
		{"fr", 0, "0,0" + nbsp + "%"},
		{"es", 0.0456, "4,6" + nbsp + "%"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			if got := mustLoad(t, tt.lang).Percent(tt.f); got != tt.want {
				t.Errorf("Percent(%v) = %+q, want %+q", tt.f, got, tt.want)
			}
		})
	}
}

func TestCatalog_Date(t *testing.T) {
	t.Parallel()
	announced := time.Date(2024, time.February, 14, 0, 0, 0, 0, time.UTC)
	first := time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", announced, "14 February 2024"},
		{"fr", announced, "14 février 2024"},
		{"es", announced, "14 de febrero de 2024"},
		{"en", first, "1 March 2025"},
		{"fr", first, "1er mars 2025"},
		{"es", first, "1 de marzo de 2025"},
		{"fr", time.Date(2023, time.August, 31, 23, 0, 0, 0, time.UTC), "31 août 2023"},
		{"fr", time.Date(2023, time.December, 2, 0, 0, 0, 0, time.UTC), "2 décembre 2023"},
		{"es", time.Date(2023, time.September, 10, 0, 0, 0, 0, time.UTC), "10 de septiembre de 2023"},
		// The calendar date is the value's own, not UTC's.
		{"en", time.Date(2024, time.July, 4, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)), "4 July 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			if got := mustLoad(t, tt.lang).Date(tt.t); got != tt.want {
				t.Errorf("Date(%v) = %q, want %q", tt.t, got, tt.want)
			}
		})
	}
}

// DateFormat is what a workbook's date cells carry: drawn by a spreadsheet (excelize's renderer
// here; LibreOffice in reports/delegation), a real date reads as Date writes it, in the
// language, whatever the reader's system, except that day 1 has no "1er".
func TestCatalog_DateFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, want string
		firstDay   string // day 1 as the number format draws it
	}{
		{"en", "[$-809]d mmmm yyyy", "1 March 2025"},
		{"fr", "[$-40C]d mmmm yyyy", "1 mars 2025"},
		{"es", `[$-C0A]d "de" mmmm "de" yyyy`, "1 de marzo de 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, tt.lang)
			if got := c.DateFormat(); got != tt.want {
				t.Fatalf("DateFormat() = %q, want %q", got, tt.want)
			}
			days := []time.Time{time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)}
			for m := time.January; m <= time.December; m++ {
				days = append(days, time.Date(2024, m, 14+int(m), 0, 0, 0, 0, time.UTC))
			}
			var got, want []string
			for i, d := range days {
				got = append(got, drawDate(t, d, c.DateFormat()))
				want = append(want, c.Date(d))
				if i == 0 {
					want[0] = tt.firstDay
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("dates drawn with %q (-want +got):\n%s", tt.want, diff)
			}
		})
	}
}

// drawDate is d as excelize draws a date cell with number format format.
func drawDate(t *testing.T, d time.Time, format string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Sheet1", "A1", d); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "A1", "A1", style); err != nil {
		t.Fatal(err)
	}
	v, err := f.GetCellValue("Sheet1", "A1")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCatalog_DateRange(t *testing.T) {
	t.Parallel()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		lang     string
		from, to time.Time
		want     string
	}{
		{"en", d(2025, 3, 1), d(2025, 4, 30), "1 March–30 April 2025"},
		{"fr", d(2025, 3, 1), d(2025, 4, 30), "1er mars–30 avril 2025"},
		{"es", d(2025, 3, 1), d(2025, 4, 30), "1 de marzo–30 de abril de 2025"},
		{"en", d(2021, 9, 1), d(2022, 2, 15), "1 September 2021–15 February 2022"},
		{"es", d(2021, 9, 1), d(2022, 2, 15), "1 de septiembre de 2021–15 de febrero de 2022"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			if got := mustLoad(t, tt.lang).DateRange(tt.from, tt.to); got != tt.want {
				t.Errorf("DateRange = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCatalog_TAndFormat(t *testing.T) {
	t.Parallel()
	fr := mustLoad(t, "fr")
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"sheet name", fr.T("delegation.sheet.members"), "Membres"},
		{"missing key is visible", fr.T("no.such.key"), "⟦no.such.key⟧"},
		{"placeholders", fr.Format("delegation.members.withdrawn", "year", "2021"), "Retrait en 2021"},
		{"region", fr.Region("Europe and North America"), "Europe et Amérique du Nord"},
		{"unknown region kept", fr.Region("Atlantis"), "Atlantis"},
		{"es region", mustLoad(t, "es").Region("Latin America and the Caribbean"), "América Latina y el Caribe"},
		{"month", mustLoad(t, "es").Month(time.February), "febrero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if err := fr.Check("delegation.sheet.cover", "nope.a", "nope.b"); !errors.Is(err, ErrMissingKey) ||
		!strings.Contains(err.Error(), `"nope.a"`) || !strings.Contains(err.Error(), `"nope.b"`) {
		t.Errorf("Check: got %v, want ErrMissingKey naming both keys", err)
	}
	if err := fr.Check("delegation.sheet.cover"); err != nil {
		t.Errorf("Check(present key): %v", err)
	}
}

func TestLoad_unknownLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"", "de", "FR", "fr-FR", "../en"} {
		if _, err := Load(lang); !errors.Is(err, ErrUnknownLanguage) {
			t.Errorf("Load(%q): got %v, want ErrUnknownLanguage", lang, err)
		}
	}
}

// TestEmbeddedCatalogs_reviewed holds the shipped translations to what a reviewer checks by eye:
// NFC text (accents as one code point, so "é" sorts and compares as typed) without outer spaces,
// and, in the delegation workbook's areas, French typography: ’ not ', U+00A0 before ":" and "%".
func TestEmbeddedCatalogs_reviewed(t *testing.T) {
	t.Parallel()
	all, err := readAll(files)
	if err != nil {
		t.Fatal(err)
	}
	typography := map[string]bool{"common": true, "workbook": true, "document": true}
	for area, langs := range all {
		for lang, msgs := range langs {
			for k, v := range msgs {
				if !utf8.ValidString(v) || !norm.NFC.IsNormalString(v) {
					t.Errorf("%s %s: %q is not NFC UTF-8", fileName(area, lang), k, v)
				}
				if v != strings.TrimSpace(v) {
					t.Errorf("%s %s: %q has outer spaces", fileName(area, lang), k, v)
				}
				if lang != "fr" || !typography[area] {
					continue
				}
				if strings.Contains(v, "'") {
					t.Errorf("%s %s: %q uses an ASCII apostrophe, want ’", fileName(area, lang), k, v)
				}
				if strings.Contains(v, " :") || strings.Contains(v, " %") {
					t.Errorf("%s %s: %q has a breaking space before a colon or %%, want U+00A0", fileName(area, lang), k, v)
				}
			}
		}
	}
	// Spot-check the accents a reviewer flagged as easy to lose.
	want := map[string]map[string]string{
		"fr": {"month.02": "février", "month.08": "août", "month.12": "décembre", "region.Arab States": "États arabes", "delegation.members.year_joined": "Année d’adhésion"},
		"es": {"region.Asia and the Pacific": "Asia y el Pacífico", "delegation.members.year_joined": "Año de adhesión", "delegation.sheet.obligations": "Obligaciones"},
	}
	for lang, kv := range want {
		c := mustLoad(t, lang)
		for k, w := range kv {
			if got := c.T(k); got != w {
				t.Errorf("%s %s = %q, want %q", lang, k, got, w)
			}
		}
	}
}

func TestLoad_brokenCatalogs(t *testing.T) {
	t.Parallel()
	ok := func(body string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(body)} }
	months := `"month.01":"a","month.02":"a","month.03":"a","month.04":"a","month.05":"a","month.06":"a","month.07":"a","month.08":"a","month.09":"a","month.10":"a","month.11":"a","month.12":"a","date.long":"{d} {month} {y}","date.day_month":"{d} {month}","date.range":"{from}–{to}","date.first_day":"1","format.date.long":"d mmmm yyyy"`
	common := func() fstest.MapFS {
		return fstest.MapFS{
			"common.en.json": ok("{" + months + "}"),
			"common.fr.json": ok("{" + months + "}"),
			"common.es.json": ok("{" + months + "}"),
		}
	}
	with := func(extra map[string]string) fstest.MapFS {
		fsys := common()
		for k, v := range extra {
			fsys[k] = ok(v)
		}
		return fsys
	}
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		wantErr  error
		wantFile string
		wantKey  string
	}{
		{"duplicate key in one file", with(map[string]string{
			"w.en.json": `{"a":"x","a":"y"}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
		}), ErrDuplicateKey, "w.en.json", "a"},
		{"same key in two areas", with(map[string]string{
			"w.en.json": `{"a":"x"}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
			"charts.en.json": `{"a":"x"}`, "charts.fr.json": `{"a":"x"}`, "charts.es.json": `{"a":"x"}`,
		}), ErrDuplicateKey, "w.en.json", "a"},
		{"key missing in one language", with(map[string]string{
			"w.en.json": `{"a":"x","b":"y"}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x","b":"y"}`,
		}), ErrMissingKey, "w.fr.json", "b"},
		{"extra key in one language", with(map[string]string{
			"w.en.json": `{"a":"x"}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x","c":"z"}`,
		}), ErrMismatch, "w.es.json", "c"},
		{"area file missing in one language", with(map[string]string{
			"w.en.json": `{"a":"x"}`, "w.fr.json": `{"a":"x"}`,
		}), ErrMissingKey, "w.es.json", ""},
		{"placeholder differs", with(map[string]string{
			"w.en.json": `{"a":"{n} cities"}`, "w.fr.json": `{"a":"{m} villes"}`, "w.es.json": `{"a":"{n} ciudades"}`,
		}), ErrMismatch, "w.fr.json", "a"},
		{"empty translation", with(map[string]string{
			"w.en.json": `{"a":"x"}`, "w.fr.json": `{"a":" "}`, "w.es.json": `{"a":"x"}`,
		}), ErrMissingKey, "w.fr.json", "a"},
		{"non-string value", with(map[string]string{
			"w.en.json": `{"a":1}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
		}), ErrSyntax, "w.en.json", "a"},
		{"nested object", with(map[string]string{
			"w.en.json": `{"a":{"b":"x"}}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
		}), ErrSyntax, "w.en.json", "a"},
		{"not an object", with(map[string]string{
			"w.en.json": `["a"]`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
		}), ErrSyntax, "w.en.json", ""},
		{"trailing data", with(map[string]string{
			"w.en.json": `{"a":"x"} {}`, "w.fr.json": `{"a":"x"}`, "w.es.json": `{"a":"x"}`,
		}), ErrSyntax, "w.en.json", ""},
		{"unknown language file", with(map[string]string{"w.de.json": `{"a":"x"}`}), ErrUnknownLanguage, "w.de.json", ""},
		{"bad file name", with(map[string]string{"workbook.json": `{}`}), ErrSyntax, "workbook.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(tt.fsys, "fr")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("load: got %v, want %v", err, tt.wantErr)
			}
			ce, ok := errors.AsType[*CatalogError](err)
			if !ok {
				t.Fatalf("load: %v is not a *CatalogError", err)
			}
			if diff := cmp.Diff([2]string{tt.wantFile, tt.wantKey}, [2]string{ce.File, ce.Key}); diff != "" {
				t.Errorf("file, key (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := load(common(), "es"); err != nil {
		t.Errorf("load(valid minimal catalog): %v", err)
	}
}

// FuzzParse: the catalog reader never panics, and what it accepts holds only non-empty strings.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"a":"x"}`))
	f.Add([]byte(`{"a":"x","a":"y"}`))
	f.Add([]byte(`{"a":{"b":1}}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		msgs, err := parse("f.en.json", data)
		if err != nil {
			return
		}
		for k, v := range msgs {
			if strings.TrimSpace(v) == "" {
				t.Errorf("accepted empty value for %q", k)
			}
		}
	})
}

// Format fills {name} placeholders in one pass: values are inserted as given, never expanded
// again; an unknown placeholder or a lone brace stays as written.
func TestCatalog_Format(t *testing.T) {
	t.Parallel()
	c := &Catalog{lang: "en", msgs: map[string]string{
		"two":      "{rank} of {count}",
		"repeat":   "{n}/{n}",
		"unknown":  "{n} and {other}",
		"braces":   "a { b } c {",
		"adjacent": "{a}{b}",
		"plain":    "no placeholder",
	}}
	tests := []struct {
		key  string
		args []string
		want string
	}{
		{"two", []string{"rank", "3", "count", "61"}, "3 of 61"},
		{"two", []string{"count", "61", "rank", "3"}, "3 of 61"},
		{"repeat", []string{"n", "7"}, "7/7"},
		{"unknown", []string{"n", "1"}, "1 and {other}"},
		{"braces", []string{"b", "x"}, "a { b } c {"},
		{"adjacent", []string{"a", "{b}", "b", "2"}, "{b}2"},
		{"plain", []string{"n", "1"}, "no placeholder"},
		{"two", []string{"rank"}, "{rank} of {count}"},
	}
	for _, tt := range tests {
		if got := c.Format(tt.key, tt.args...); got != tt.want {
			t.Errorf("Format(%q, %q) = %q, want %q", tt.key, tt.args, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for _, lang := range Languages {
		b, err := files.ReadFile("common." + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]string
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatal(err)
		}
		msgs["x.cities.one"], msgs["x.cities.other"] = "{n} city of {of}", "{n} cities of {of}"
		out, err := json.Marshal(msgs)
		if err != nil {
			t.Fatal(err)
		}
		fsys["common."+lang+".json"] = &fstest.MapFile{Data: out}
	}
	for _, tc := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0 cities of 9"}, {"en", 1, "1 city of 9"}, {"en", 2, "2 cities of 9"}, {"en", 1500, "1,500 cities of 9"},
		{"fr", 0, "0 city of 9"}, {"fr", 1, "1 city of 9"}, {"fr", 2, "2 cities of 9"},
		{"es", 0, "0 cities of 9"}, {"es", 1, "1 city of 9"}, {"es", 2, "2 cities of 9"},
	} {
		c, err := load(fsys, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Plural("x.cities", tc.n, "of", "9"); got != tc.want {
			t.Errorf("%s Plural(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}
