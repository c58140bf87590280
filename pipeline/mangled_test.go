package pipeline

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"

	"gnlc/fixtures"
	"gnlc/internal/gen"
)

// TestDetectMangled_cases: each mangling found, with the text repaired where it can be, and
// the real text that looks like one left alone.
func TestDetectMangled_cases(t *testing.T) {
	t.Parallel()
	// dbl is s read as Windows-1252 and saved again as UTF-8; latin1 the same read as Latin-1.
	dbl := func(s string) string { return windows1252([]byte(s)) }
	latin1 := func(s string) string {
		out, err := charmap.ISO8859_1.NewDecoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name     string
		cell     string
		isName   bool // a city, country or region cell
		kind     mangleKind
		repaired string
	}{
		// UTF-8 read as Windows-1252 and saved again.
		{"double á", "CuliacÃ¡n", true, mangleDoubleUTF8, "Culiacán"},
		{"double í (a soft hyphen)", dbl("Araguaína"), true, mangleDoubleUTF8, "Araguaína"},
		{"double Ö and ö", "Bayan-Ã–ndÃ¶r (Orkhon)", true, mangleDoubleUTF8, "Bayan-Öndör (Orkhon)"},
		{"double ’ in a note", "Côte dâ€™Ivoire: see UILâ€™s page", false, mangleDoubleUTF8, "Côte d’Ivoire: see UIL’s page"},
		{"double ş (Å and Ÿ)", "EskiÅŸehir", true, mangleDoubleUTF8, "Eskişehir"},
		{"double Vietnamese (à is Ã and a no-break space)", dbl("Hà Nội"), true, mangleDoubleUTF8, "Hà Nội"},
		{"double à at the end, its no-break space kept", dbl("Città "), true, mangleDoubleUTF8, "Città"},
		{"double, one word among real ones", "São Paulo, not SÃ£o Paulo", false, mangleDoubleUTF8, "São Paulo, not São Paulo"},
		{"double twice", "CuliacÃƒÂ¡n", true, mangleDoubleUTF8, "Culiacán"},
		{"double CJK", "åŒ—äº¬", true, mangleDoubleUTF8, "北京"},
		{"double Arabic", dbl("القاهرة"), true, mangleDoubleUTF8, "القاهرة"},
		{"double Cyrillic", dbl("Київ"), true, mangleDoubleUTF8, "Київ"},
		{"double nbsp in a number", dbl("1\u00a0391\u00a0000"), false, mangleDoubleUTF8, "1\u00a0391\u00a0000"},
		{"Ã© alone is é", "Ã©", false, mangleDoubleUTF8, "é"},
		{"Â° is °", "12Â°", false, mangleDoubleUTF8, "12°"},
		// Read as Latin-1: C1 controls where Windows-1252 has symbols.
		{"Latin-1 ’", latin1("Côte d’Ivoire"), true, mangleLatin1, "Côte d’Ivoire"},
		{"Latin-1 Ł", latin1("Łódź"), true, mangleDoubleUTF8, "Łódź"}, // U+0081: Windows reads 0x81 so too
		{"Latin-1 Ł and ’", latin1("Łódź’"), true, mangleLatin1, "Łódź’"},
		// "?" for letters a legacy encoding could not hold.
		{"? inside a word", "Eski?ehir", true, mangleQuestion, ""},
		{"? inside a word of a note", "twinned with Eski?ehir", false, mangleQuestion, ""},
		{"? in a Vietnamese name", "Hà N?i", true, mangleQuestion, ""},
		{"? starting a word", "?ód?", false, mangleQuestion, ""},
		{"? ending a name", "Pozna?", true, mangleQuestion, ""},
		{"a name of question marks", "?? ??", true, mangleQuestion, ""},
		{"? in a URL that is not one", "https://x.org/?id=3 Eski?ehir", false, mangleQuestion, ""},
		// U+FFFD for bytes a decoder could not read.
		{"replacement character", "\uFFFDód\uFFFD", true, mangleReplacement, ""},
		{"replacement after a mojibake lead", "Å\uFFFDÃ³dÅº", true, mangleReplacement, ""},
		// Mac Roman read as Windows-1252.
		{"Mac Roman á", "Culiac‡n", true, mangleMacRoman, "Culiacán"},
		{"Mac Roman á at a word's end", "Bogot‡", true, mangleMacRoman, "Bogotá"},
		{"ž is a letter in both readings", "Montr\u017eal", false, mangleNone, ""},
		{"Mac Roman é", "MontrŽal", false, mangleMacRoman, "Montréal"},
		{"Mac Roman ó in a name", "C—rdoba", true, mangleMacRoman, "Córdoba"},
		{"Mac Roman ü", "TŸrkiye", true, mangleMacRoman, "Türkiye"},
		{"Mac Roman ç (undefined in Windows-1252)", "Alcoba\u008da", true, mangleMacRoman, "Alcobaça"},
		{"Mac Roman ú", "Setœbal", true, mangleMacRoman, "Setúbal"},
		{"Alsatian œ before a consonant", "Bœrsch", true, mangleNone, ""},
		{"Alsatian Œ first", "Œting", true, mangleNone, ""},
		{"French œ before u", "Sœurs de Mœurs", true, mangleNone, ""},
		{"Mac Roman ø", "S¿nderborg", true, mangleMacRoman, "Sønderborg"},
		{"Mac Roman ’ and á", "Medell’n and Bogot‡", false, mangleMacRoman, "Medellín and Bogotá"},
		// Real text that looks like a mangling.
		{"real ?", "Capital?", false, mangleNone, ""},
		{"real ? in a name's note", "Capital? Yes", false, mangleNone, ""},
		{"real ¿?", "¿Está activa?", false, mangleNone, ""},
		{"query string", "https://x.org/?id=3", false, mangleNone, ""},
		{"query string without a scheme", "rivistasiti.it/?p=11272", false, mangleNone, ""},
		{"query string of a page", "index.php?p=2", false, mangleNone, ""},
		{"placeholder", "??", false, mangleNone, ""},
		{"a lone ? in a name", "?", true, mangleNone, ""},
		{"real Ã", "SÃO PAULO", true, mangleNone, ""},
		{"real ã", "Cao Lãnh", true, mangleNone, ""},
		{"real Ã before a letter", "JOÃO", true, mangleNone, ""},
		{"real ã and Ã", "São Tomé, SÃO TOMÉ", true, mangleNone, ""},
		{"real ’", "L’Aquila", true, mangleNone, ""},
		{"real ’ in Côte d’Ivoire", "Côte d’Ivoire", true, mangleNone, ""},
		{"real ’ as the Mac Roman í", "Medell’n", true, mangleNone, ""},
		{"real – between words", "Kara – Commune de Kozah 1", true, mangleNone, ""},
		{"real — joining words in a note", "joined—then left", false, mangleNone, ""},
		{"real œ", "Cœuvres-et-Valsery", true, mangleNone, ""},
		{"real Š and Ž", "Živinice, Laško, Šibenik", true, mangleNone, ""},
		{"real ‡ as a footnote", "Lyon ‡", false, mangleNone, ""},
		{"real quotes", "called „Lernende Stadt“ since 2016", false, mangleNone, ""},
		{"real ™", "Learning City™ label", false, mangleNone, ""},
		{"real ƒ", "ƒ 12", false, mangleNone, ""},
		{"ASCII", "Clermont-Ferrand", true, mangleNone, ""},
		{"empty", "", true, mangleNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := detectMangled(tt.cell, tt.isName)
			want := mangling{tt.kind, tt.repaired}
			if got != want {
				t.Errorf("detectMangled(%q, %v) = %+v, want %+v", tt.cell, tt.isName, got, want)
			}
		})
	}
}

// TestQuestionForLetter is the "?" rule alone, in a name and in other text.
func TestQuestionForLetter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s           string
		name, other bool // detected in a name, in other text
	}{
		{"Eski?ehir", true, true},
		{"Hà N?i", true, true},
		{"?ód?", true, true},
		{"(?ód?)", true, true},
		{"Bayan-?nd?r", true, true},
		{"Pozna?", true, false},
		{"Yaound? 1er", true, false},
		{"??", true, false},
		{"??, ??", true, false},
		{"Capital?", true, false},
		{"Capital? Yes", true, false},
		{"What?", true, false},
		{"?", false, false},
		{"2015?", false, false},
		{"? 2015", false, false},
		{"https://x.org/?id=3", false, false},
		{"see https://x.org/a?b and www.x.org/?q", false, false},
		{"WWW.X.ORG/page?x", false, false},
		{"page.php?id=3&x=4", false, false},
		{"a=?b", true, false},
	}
	for _, tt := range tests {
		if got := questionForLetter(tt.s, true); got != tt.name {
			t.Errorf("questionForLetter(%q, name) = %v, want %v", tt.s, got, tt.name)
		}
		if got := questionForLetter(tt.s, false); got != tt.other {
			t.Errorf("questionForLetter(%q, other text) = %v, want %v", tt.s, got, tt.other)
		}
	}
}

// registerText is every text cell of the embedded default register and of the reference table
// of countries (every name and alias), keyed by whether it is a name; and the register's cities
// as their own countries write them, in the scripts the register's countries use (the register
// itself writes them in Latin letters).
func registerText(t *testing.T) (names, other []string) {
	t.Helper()
	for _, f := range fixtures.DefaultRegister() {
		recs, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if isNameColumn(recs[0][i]) {
					names = append(names, cell)
				} else {
					other = append(other, cell)
				}
			}
		}
	}
	countries, err := fixtures.Countries()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range countries {
		names = append(names, c.NameEN, c.NameFR, c.NameES, c.Region)
		names = append(names, c.Aliases...)
	}
	names = append(names, nativeNames...)
	slices.Sort(names)
	slices.Sort(other)
	return slices.Compact(names), slices.Compact(other)
}

// nativeNames are cities of the register as written in their countries (Beijing, Hangzhou,
// Okayama, Namyangju, Bucheon, Kyiv, Lviv, Kazan, Baku, Alexandria, Cairo, Amman, Mashhad,
// Tehran, Chiang Rai, Hanoi, Ho Chi Minh City, Sa Dec, Cao Lãnh, Ulaanbaatar, Bayan-Öndör,
// Batumi, Eskişehir, Balıkesir, İzmir, Reșița, Galați), and the brief's Łódź.
var nativeNames = []string{
	"北京", "杭州", "岡山", "남양주", "부천", "Київ", "Львів", "Казань", "Bakı", "الإسكندرية",
	"القاهرة", "عمّان", "مشهد", "تهران", "เชียงราย", "Hà Nội", "Thành phố Hồ Chí Minh", "Sa Đéc",
	"Cao Lãnh", "Улаанбаатар", "Баян-Өндөр", "ბათუმი", "Eskişehir", "Balıkesir", "İzmir",
	"Reșița", "Galați", "Łódź",
}

// TestDetectMangled_register: every text cell of the register passes.
func TestDetectMangled_register(t *testing.T) {
	t.Parallel()
	names, other := registerText(t)
	for _, s := range names {
		if m := detectMangled(s, true); m.kind != mangleNone {
			t.Errorf("name %q taken for mangled text: %+v", s, m)
		}
	}
	for _, s := range other {
		if m := detectMangled(s, false); m.kind != mangleNone {
			t.Errorf("cell %q taken for mangled text: %+v", s, m)
		}
	}
	if len(names) < 300 || len(other) < 300 {
		t.Fatalf("only %d names and %d other cells: is the register read?", len(names), len(other))
	}
}

// windows1252 decodes b as Windows does (MultiByteToWideChar): the bytes Windows-1252 leaves
// undefined become U+0081, U+008D, ... (charmap makes them U+FFFD, which
// TestDetectMangled_registerMangled checks too).
func windows1252(b []byte) string {
	rs := make([]rune, 0, len(b))
	for _, c := range b {
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		rs = append(rs, r)
	}
	return string(rs)
}

// legacySave encodes s to Windows-1252 as a "CSV (Comma delimited)" save does: "?" for each
// character it cannot hold.
func legacySave(s string) []byte {
	var b []byte
	for _, r := range s {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			c = '?'
		}
		b = append(b, c)
	}
	return b
}

// macRomanAmbiguous tells the names whose Mac Roman reading as Windows-1252 no cell check can
// tell from real text: "í" reads as "’" and "ë" as "‘", apostrophes between letters or after a
// word ("Medell’n" as "Sana’a", "Potos’" as "Kazan’", "Isra‘l" as Uzbek "Farg‘ona"); "ı" reads
// as "õ", and capitals such as "Á" as lowercase letters ("çrabes"). A whole file finds them
// among its other names (see TestChooseEncoding_macRomanRegister).
//
// "ú" after a word's first capital reads as the "œ" of Alsatian names ("Tœnez" as "Bœrsch").
func macRomanAmbiguous(s string) bool {
	if strings.ContainsAny(s, "íëıÁÍÓÚËÈÎÏÌÔÒÛÙ") {
		return true
	}
	for w := range strings.FieldsSeq(s) {
		if r := []rune(w); len(r) > 1 && unicode.IsUpper(r[0]) && r[1] == 'ú' {
			return true
		}
	}
	return false
}

// TestDetectMangled_registerMangled: every name of the register, mangled in each way gnlc
// detects, is detected whenever the mangling changed it; and a double encoding is repaired to
// the name.
func TestDetectMangled_registerMangled(t *testing.T) {
	t.Parallel()
	names, other := registerText(t)
	texts := slices.Concat(names, other)
	latin1 := charmap.ISO8859_1.NewDecoder()
	cp1252 := charmap.Windows1252.NewDecoder()
	macEncoder := charmap.Macintosh.NewEncoder()
	for _, s := range texts {
		s = normalizeText(s)
		if s == "" {
			continue
		}
		// UTF-8 read as Windows-1252 (Windows' way, and x/text's with U+FFFD) and as Latin-1.
		manglings := map[string]string{"Windows-1252": windows1252([]byte(s))}
		if out, err := latin1.String(s); err == nil {
			manglings["Latin-1"] = out
		}
		if out, err := cp1252.String(s); err == nil {
			manglings["Windows-1252 by x/text"] = out
		}
		for how, mangled := range manglings {
			if mangled == s {
				continue
			}
			for _, isName := range []bool{true, false} {
				m := detectMangled(mangled, isName)
				switch {
				case strings.ContainsRune(mangled, utf8.RuneError):
					if m.kind != mangleReplacement {
						t.Errorf("%q read as %s: %q: got %+v, want the replacement character found", s, how, mangled, m)
					}
				case m.kind != mangleDoubleUTF8 && m.kind != mangleLatin1 || m.repaired != s:
					t.Errorf("%q read as %s: %q: got %+v, want it repaired", s, how, mangled, m)
				}
			}
		}
		// Saved in Windows-1252 with "?" for what it cannot hold: detected in a name always; in
		// other text when a "?" comes before a letter.
		if saved := windows1252(legacySave(s)); saved != s {
			if m := detectMangled(saved, true); m.kind != mangleQuestion {
				t.Errorf("%q saved as %q: got %+v in a name, want %q found", s, saved, m, "?")
			}
			wantOther := false
			for i := range len(saved) {
				if r, _ := utf8.DecodeRuneInString(saved[i+1:]); saved[i] == '?' && unicode.IsLetter(r) {
					wantOther = true
				}
			}
			if m := detectMangled(saved, false); (m.kind == mangleQuestion) != wantOther {
				t.Errorf("%q saved as %q: got %+v in other text, want found: %v", s, saved, m, wantOther)
			}
		}
		// Mac Roman read as Windows-1252.
		if b, err := macEncoder.Bytes([]byte(s)); err == nil && !macRomanAmbiguous(s) {
			if mangled := windows1252(b); mangled != s {
				if m := detectMangled(mangled, true); m.kind != mangleMacRoman || m.repaired != s {
					t.Errorf("%q in Mac Roman read as Windows-1252: %q: got %+v, want it repaired", s, mangled, m)
				}
			}
		}
	}
}

// chooseFor runs chooseEncoding on data as it runs on a file.
func chooseFor(t *testing.T, data []byte) (string, error) {
	t.Helper()
	sc, err := scanFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return chooseEncoding("register.csv", sc, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
}

// registerCSV is the embedded register's members file re-encoded by enc, with the rows whose
// text enc cannot hold left out; and how many rows it holds.
func registerCSV(t *testing.T, enc *charmap.Charmap) ([]byte, int) {
	t.Helper()
	lines := strings.SplitAfter(string(fixtures.DefaultRegister()[0].Data), "\n")
	var out []byte
	n := 0
	for _, line := range lines {
		b, err := enc.NewEncoder().Bytes([]byte(line))
		if err != nil {
			continue
		}
		out = append(out, b...)
		n++
	}
	return out, n
}

// TestChooseEncoding_macRomanRegister: the register saved as Mac Roman is refused whole, naming
// the first field whose letters read as symbols and showing it as Mac Roman; saved as
// Windows-1252 it is read as Windows-1252, and so is each of its names alone.
func TestChooseEncoding_macRomanRegister(t *testing.T) {
	t.Parallel()
	mac, _ := registerCSV(t, charmap.Macintosh)
	_, err := chooseFor(t, mac)
	re, ok := errors.AsType[*RowError](err)
	if !ok || !errors.Is(err, ErrEncoding) {
		t.Fatalf("Mac Roman register: got %v, want an ErrEncoding *RowError", err)
	}
	if !strings.Contains(re.Expected, `"Sønderborg"`) || !strings.Contains(re.Expected, "Mac Roman") {
		t.Errorf("refusal does not show the Mac Roman reading: %v", err)
	}
	// The register's first name with a letter outside ASCII, on its line.
	line := bytes.Count(mac[:bytes.Index(mac, []byte("S\xbfnderborg"))], []byte("\n")) + 1
	want := RowError{File: "register.csv", Row: line, Value: "S¿nderborg", Err: ErrEncoding}
	got := *re
	got.Expected = ""
	if got != want {
		t.Errorf("refusal: got %+v, want %+v", got, want)
	}

	cp, n := registerCSV(t, charmap.Windows1252)
	if enc, err := chooseFor(t, cp); enc != encWindows1252 || err != nil {
		t.Errorf("Windows-1252 register (%d lines): got %q, %v, want it read as Windows-1252", n, enc, err)
	}
	names, _ := registerText(t)
	for _, s := range names {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte("city\n" + s + "\n"))
		if err != nil || utf8.Valid(b) {
			continue
		}
		if enc, err := chooseFor(t, b); enc != encWindows1252 || err != nil {
			t.Errorf("%q in Windows-1252: got %q, %v, want it read as Windows-1252", s, enc, err)
		}
	}
}

// TestChooseEncoding_macRoman: a file in Mac Roman is refused whatever its line endings (Excel's
// "CSV (Macintosh)" ends lines with CR), and the undefined bytes of Windows-1252 that are Mac
// Roman letters ("ç") call it Mac Roman, not an unknown encoding.
func TestChooseEncoding_macRoman(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string // UTF-8, saved as Mac Roman
		sep  string
		row  int
		want string // the value shown
	}{
		{"CR", "city,country\rLyon,France\rCuliacán,Mexico\r", "\r", 3, "Culiac‡n"},
		{"LF", "city,country\nCuliacán,Mexico\n", "\n", 2, "Culiac‡n"},
		{"ç", "city,country\nAlcobaça,Portugal\n", "\n", 2, "Alcoba\uFFFDa"},
		{"header", "ville;pays;année d'adhésion\nLyon;France;2015\n", "\n", 1, "annŽe d'adhŽsion"},
		{"long cell: the word", "city,note\nLyon," + strings.Repeat("x ", 40) + "Bogotá\n", "\n", 2, "Bogot‡"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := charmap.Macintosh.NewEncoder().Bytes([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			_, err = chooseFor(t, b)
			re, ok := errors.AsType[*RowError](err)
			if !ok || !errors.Is(err, ErrEncoding) || re.Row != tt.row || re.Value != tt.want {
				t.Errorf("got %v, want ErrEncoding at row %d showing %q", err, tt.row, tt.want)
			}
		})
	}
	// Real Windows-1252 with typographic symbols stays Windows-1252.
	for _, s := range []string{"city,note\nL’Aquila,“Città” – 2016…\nBesançon,5 €\n", "city\nLaško\nŽivinice\n", "city\nCœuvres\n"} {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		if enc, err := chooseFor(t, b); enc != encWindows1252 || err != nil {
			t.Errorf("%q in Windows-1252: got %q, %v", s, enc, err)
		}
	}
}

// TestIngest_mangledMessages: the refusal names the cell, shows it repaired and says how to save
// the file again; in a workbook, the sheet and column letter, and how to fix a workbook.
func TestIngest_mangledMessages(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	data := "city,country,year_joined,status,population_source\n" +
		"CuliacÃ¡n,Mexico,2024,,\n" +
		"Eski?ehir,Türkiye,2024,,\n" +
		"Bogotá,Colombia,2016,retirÃ©,\n" +
		"Lyon,France,2015,,GeoNames?id=3\n"
	_, err := ing.IngestBytes(t.Context(), "register.csv", []byte(data), FileOptions{})
	want := []string{
		`register.csv:2: column "city": value "CuliacÃ¡n": text mangled before it reached gnlc: expected "Culiacán" (UTF-8 read as Windows-1252 and saved again); re-export the file from the original as CSV UTF-8`,
		`register.csv:3: column "city": value "Eski?ehir": text mangled before it reached gnlc: expected a letter where "?" stands (a save in a legacy encoding such as Windows-1252 writes "?" for the letters it cannot hold, and they are lost); export the file again from the original as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)`,
		`register.csv:4: column "status": value "retirÃ©": text mangled before it reached gnlc: expected "retiré" (UTF-8 read as Windows-1252 and saved again); re-export the file from the original as CSV UTF-8`,
	}
	if diff := cmp.Diff(want, errorLines(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	xlsx := xlsxSeed(t, [][]any{{"city", "country", "year_joined"}, {"Culiac‡n", "Mexico", 2024}})
	_, err = ing.IngestBytes(t.Context(), "register.xlsx", xlsx, FileOptions{})
	want = []string{
		`register.xlsx [Sheet1]:2: column A "city": value "Culiac‡n": text mangled before it reached gnlc: expected "Culiacán" (Mac Roman read as Windows-1252); correct the cell, or import the original file as Mac Roman (Excel: Data > From Text/CSV, File origin: Macintosh)`,
	}
	if diff := cmp.Diff(want, errorLines(t, err)); diff != "" {
		t.Errorf("workbook errors (-want +got):\n%s", diff)
	}
}

func errorLines(t *testing.T, err error) []string {
	t.Helper()
	fe, ok := errors.AsType[*FileError](err)
	if !ok {
		t.Fatalf("got %v, want a *FileError", err)
	}
	var out []string
	for _, re := range fe.Errors {
		out = append(out, re.Error())
	}
	return out
}

// FuzzMangled: the detector never panics, and a repair it offers is valid UTF-8 that differs
// from the cell; the file-level Mac Roman scan takes any bytes.
func FuzzMangled(f *testing.F) {
	for _, s := range []string{"CuliacÃ¡n", "Eski?ehir", "Culiac‡n", "Côte d’Ivoire", "https://x.org/?id=3", "CittÃ\u00a0", "\uFFFD", "Ã", "?", "\xc3\x83\xc2", "Å\u0081Ã³dÅº"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, name bool) {
		m := detectMangled(s, name)
		if m.repaired != "" {
			if !utf8.ValidString(m.repaired) || m.repaired == normalizeText(s) {
				t.Fatalf("detectMangled(%q) repaired to %q", s, m.repaired)
			}
			if m.kind != mangleDoubleUTF8 && m.kind != mangleLatin1 && m.kind != mangleMacRoman {
				t.Fatalf("detectMangled(%q): a repair for kind %d", s, m.kind)
			}
		}
		if m.kind != mangleNone && m.expected(name) == "" {
			t.Fatalf("detectMangled(%q): kind %d without a message", s, m.kind)
		}
		scan := newMacRomanScan()
		for i := 0; i < len(s); i++ {
			scan.feed(s[i])
		}
		scan.finish()
		if re := scan.refusal("f.csv"); re != nil && (re.Row < 1 || !utf8.ValidString(re.Error())) {
			t.Fatalf("Mac Roman refusal of %q: %v (row %d)", s, re, re.Row)
		}
	})
}

// BenchmarkDetectMangled times the check on the text cells of generated registers (the rows
// BenchmarkIngestCSV ingests: accented names, URLs), as text() runs it on every one.
func BenchmarkDetectMangled(b *testing.B) {
	var cells []string
	var names []bool
	for i := range 10_000 {
		for j, cell := range gen.Row(i) {
			switch col := gen.Header[j]; col {
			case "city", "country", "region", "population_source", "status", "source_url":
				cells, names = append(cells, cell), append(names, isNameColumn(col))
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, s := range cells {
			if m := detectMangled(s, names[i]); m.kind != mangleNone {
				b.Fatalf("%q taken for mangled text", s)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cells)), "ns/cell")
}

// TestPlainASCII: the cells that skip every check hold nothing any check would refuse, and each
// byte is judged alike wherever it falls in the words plainASCII reads.
func TestPlainASCII(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		want := c >= 0x20 && c < 0x7f && c != '?'
		for i := range 17 {
			s := strings.Repeat("a", i) + string([]byte{byte(c)}) + strings.Repeat("b", 16-i)
			if got := plainASCII(s); got != want {
				t.Fatalf("plainASCII(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for s, want := range map[string]bool{
		"": true, "Clermont-Ferrand": true, "https://x.org/a-b_c~d": true, "~": true,
		"Capital?": false, "Co\x00rk": false, "a\tb": false, "a\x7fb": false, "Besançon": false, "\x1f": false,
		"https://uil.unesco.org/learning-cities/member/12": true, " !\"#$%&'()*+,-./0123456789:;<=>@[\\]^_`{|}~": true,
		"12345678?": false, "1234567?": false, "abcdefgh\x7f": false, "abcdefg\x80": false, "\x00bcdefgh": false,
		"abcdefghijklmno\x1f": false, "abcdefghijklmnop\xff": false,
	} {
		if got := plainASCII(s); got != want {
			t.Errorf("plainASCII(%q) = %v, want %v", s, got, want)
		}
		if plainASCII(s) && (hasControl(s) || detectMangled(s, true).kind != mangleNone) {
			t.Errorf("plainASCII(%q), but it is refused", s)
		}
	}
}
