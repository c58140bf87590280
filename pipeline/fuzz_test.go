package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// Fuzz targets for every parser of the ingest stage (run by `make fuzz`, scripts/fuzz.sh). The
// invariant they share: no panic, no hang, and every input either loads whole or is refused with
// a *FileError whose every *RowError names the file and, where it points into the data, the row
// and the column. Crashers found by the fuzzer stay in testdata/fuzz/<Target>/ as regression
// seeds, replayed by plain `go test`.

// fileLevel are the sentinels of a refusal that concerns the whole file, so Row may be 0.
var fileLevel = []error{ErrEmptyFile, ErrUnknownKind, ErrEncoding, ErrNotXLSX, ErrNoSheet, ErrEmptySheet, ErrTooLarge, ErrExternalLinks}

// valueLevel are the sentinels of a bad cell (or a row parting from the header): they must name
// their column.
var valueLevel = []error{
	ErrFieldCount, ErrMissingColumn, ErrDuplicateColumn, ErrScaledColumn, ErrCellTooLong, ErrRequired, ErrBadText, ErrMangledText, ErrUnknownCountry,
	ErrCountryMismatch, ErrRegionMismatch, ErrBadInteger, ErrBadNumber, ErrOutOfRange, ErrBadDate,
	ErrBadStatus, ErrLeftYear, ErrDuplicateCity, ErrCityElsewhere, ErrDuplicateYear, ErrYearElsewhere,
	ErrLooksLikeDate, ErrNoSavedValue,
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// checkIngest asserts the ingest invariant for one input named name.
func checkIngest(t *testing.T, ing *Ingester, name string, res *FileResult, err error) {
	t.Helper()
	ctx := context.Background()
	if err == nil {
		if res.Unchanged {
			return
		}
		// Loaded whole: the sources row and the table hold exactly the rows reported.
		table := map[Kind]string{KindMembers: "members", KindReports: "reports", KindAnnouncements: "announcements"}[res.Kind]
		if table == "" {
			t.Fatalf("loaded with unknown kind %q", res.Kind)
		}
		var recorded, stored int64
		if err := ing.DB.QueryRowContext(ctx, "SELECT rows FROM sources WHERE source_id = $1", res.SourceID).Scan(&recorded); err != nil {
			t.Fatalf("source %d of a loaded file: %v", res.SourceID, err)
		}
		if err := ing.DB.QueryRowContext(ctx, "SELECT count(*) FROM query_table($1) WHERE source_id = $2", table, res.SourceID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if res.Loaded <= 0 || recorded != res.Loaded || stored != res.Loaded {
			t.Fatalf("loaded %d rows, sources says %d, %s holds %d", res.Loaded, recorded, table, stored)
		}
		return
	}
	fe, ok := errors.AsType[*FileError](err)
	if !ok {
		t.Fatalf("an input problem came back as %T, not a *FileError: %v", err, err)
	}
	if fe.File != name || len(fe.Errors) == 0 {
		t.Fatalf("FileError names %q with %d errors, want %q and at least one", fe.File, len(fe.Errors), name)
	}
	for _, re := range fe.Errors {
		switch {
		case re.File != name:
			t.Errorf("error names file %q, want %q: %v", re.File, name, re)
		case re.Err == nil:
			t.Errorf("error without a sentinel: %v", re)
		case re.Row < 0, re.Row == 0 && !isAny(re.Err, fileLevel):
			t.Errorf("error does not name its row: %v", re)
		case re.Column == "" && re.Header == "" && re.Field <= 0 && isAny(re.Err, valueLevel):
			t.Errorf("error does not name its column: %v", re)
		case re.Row > 0 && strings.HasSuffix(name, ".xlsx") && re.Sheet == "":
			t.Errorf("error in a workbook does not name its sheet: %v", re)
		case !utf8.ValidString(re.Error()):
			t.Errorf("error text is not UTF-8: %q", re.Error())
		}
	}
	// All or nothing: a refused file left no source behind.
	var n int64
	if err := ing.DB.QueryRowContext(ctx, "SELECT count(*) FROM sources WHERE sha256 = $1", res.SHA256).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("a refused file is recorded in sources (%d rows)", n)
	}
}

// csvSeeds are small files covering the three kinds, the three languages, separators, encodings
// and the usual mistakes.
var csvSeeds = []string{
	"city,country,year_joined\nCork,Ireland,2015\nHamburg,DEU,2016\n",
	"ville;pays;année d'adhésion;population\nLyon;France;2015;516 092\nÉvora;Portugal;2019;56596\n",
	"ciudad\tpaís\taño de adhesión\testado\taño de salida\nMedellín\tColombia\t2016\tretirado\t2020\n",
	"\xef\xbb\xbfcity,country,year_joined,applied_on,lat,lon\n\"Cork, city\",IE,2015,2015-04-30,51.9,-8.47\n",
	"city,country,submitted_on\nCork,IRL,14/02/2024\n",
	"year,announced_on,new_cities,total_cities,people_reached\n2024,2024-02-14,64,356,\"390,000,000\"\n",
	"city,country,year_joined\nCork,Ireland,2015\nCork,Ireland,2016\n",
	"city,country,year_joined\nX,Narnia,1999\n,,\n\"a\"b,c,d\n",
	"city,country\r\nCork,Ireland\rLimerick,IE\n",
	"city,country,year_joined\nC\xe9ret,France,2015\n",
	"\xff\xfec\x00i\x00t\x00y\x00",
	"",
	"\n\n\n",
}

func FuzzIngestCSV(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	ing := newTestIngester(f, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.csv"
		res, err := ing.IngestBytes(context.Background(), name, data, FileOptions{})
		checkIngest(t, ing, name, res, err)
	})
}

// xlsxSeed builds a workbook whose first sheet holds rows.
func xlsxSeed(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			tb.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.Clone(buf.Bytes())
}

func FuzzIngestXLSX(f *testing.F) {
	f.Add(xlsxSeed(f, [][]any{{"city", "country", "year_joined"}, {"Cork", "Ireland", 2015}, {"Lyon", "FRA", 2015.0}}))
	f.Add(xlsxSeed(f, [][]any{{"ville", "pays", "année d'adhésion", "date de candidature"}, {"Évora", "Portugal", 2019, 43556}}))
	f.Add(xlsxSeed(f, [][]any{{"year", "new_cities", "total_cities"}, {2024, 64, 356}}))
	f.Add(xlsxSeed(f, [][]any{{"city", "country", "year_joined"}, {"=1+1", "Ireland", "twenty"}}))
	f.Add(xlsxSeed(f, nil))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1})
	f.Add(formulaSeed(f, true))
	f.Add(formulaSeed(f, false))
	f.Add(memZip(f, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}))
	ing := newTestIngester(f, "")
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.xlsx"
		res, err := ing.IngestBytes(context.Background(), name, data, FileOptions{})
		checkIngest(t, ing, name, res, err)
	})
}

// formulaSeed is a workbook with formulas and no values, flagged for recalculation or not (the
// two ways scanFormulas is reached), with a hidden row and a date in the year column.
func formulaSeed(tb testing.TB, recalc bool) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range [][]any{{"city", "country", "year_joined", "population"}, {"Cork", "Ireland", 45995}, {"Lyon", "FRA"}} {
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r); err != nil {
			tb.Fatal(err)
		}
	}
	for cell, formula := range map[string]string{"D2": "C2*2", "C3": "2000+15", "D3": "SUM(D1:D2)"} {
		if err := f.SetCellFormula("Sheet1", cell, formula); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SetRowVisible("Sheet1", 2, false); err != nil {
		tb.Fatal(err)
	}
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &recalc}); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.Clone(buf.Bytes())
}

// FuzzScanFormulas feeds worksheet XML to the formula scan: no panic, every cell it finds lies
// in the sheet's bounds with its formula text bounded, and hasFormula, the quick look that
// spares the scan, said yes.
func FuzzScanFormulas(f *testing.F) {
	for _, s := range []string{
		`<worksheet><sheetData><row r="2"><c r="E2"><f>D2*1000</f><v></v></c><c r="F2"><f>1</f><v>0</v></c></row></sheetData></worksheet>`,
		`<sheetData><row><c t="str"><f t="shared" si="0" ref="A1:A3">B1</f><v></v></c><c><is><t>x</t></is></c></row></sheetData>`,
		`<x:sheetData><x:row r="9"><x:c r="XFD9"><x:f>A1</x:f></x:c></x:row></x:sheetData>`,
		`<row r="0"><c r="A0"><f/></c></row><row r="99999999999"><c r="ZZZZ1"><f>`,
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, recalc bool) {
		maybe, err := hasFormula(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		_ = scanFormulas(bytes.NewReader(data), recalc, func(c formulaCell) bool {
			if !maybe {
				t.Errorf("hasFormula missed the formula cell %+v", c)
			}
			if c.row < 0 || c.row > excelize.TotalRows || c.col < 0 || c.col > excelize.MaxColumns {
				t.Errorf("cell out of the sheet: %+v", c)
			}
			if len(c.formula) > maxFormulaText || len(c.value) > maxFormulaText {
				t.Errorf("unbounded text: %d and %d bytes", len(c.formula), len(c.value))
			}
			if s := displayFormula(c.formula); !utf8.ValidString(s) {
				t.Errorf("formula shown as invalid UTF-8: %q", s)
			}
			return true
		})
	})
}

// FuzzMapHeader feeds header rows (fields separated by "|") to the header mapping: either a
// mapping with every required column at a distinct field, or errors naming the header row.
func FuzzMapHeader(f *testing.F) {
	for _, s := range []string{
		"city|country|year_joined", "Ville|Pays|Année d'adhésion|Statut", "ciudad|país|año de adhesión",
		"city|country|submitted_on", "year|new_cities|total_cities", "city|city|country|year",
		"iso3|city|year", "|||", "CITY NAME|Country Code|Cohort|notes", "date|fecha",
		"Ville / City|Pays / Country|Année / Year|Population (2020)", "Member city|Member State|ISO|Year of admission|Pop.",
		"(city)|[country]|year (", "a/b/c|)(|][",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		header := strings.Split(s, "|")
		hm, errs := mapHeader("h.csv", "", 3, header)
		for _, e := range errs {
			if e.File != "h.csv" || e.Row != 3 || e.Err == nil {
				t.Fatalf("header error does not name file h.csv, row 3 and a sentinel: %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		if hm == nil {
			t.Fatal("no mapping and no error")
		}
		seen := map[int]string{}
		for name, i := range hm.index {
			if i < 0 || i >= len(header) {
				t.Fatalf("column %s at field %d of %d", name, i, len(header))
			}
			if other, dup := seen[i]; dup {
				t.Fatalf("field %d is both %s and %s", i, other, name)
			}
			seen[i] = name
		}
		for _, req := range required[hm.kind] {
			found := false
			for _, alt := range strings.Split(req, "|") {
				found = found || hm.col(alt) >= 0
			}
			if !found {
				t.Fatalf("%s header accepted without %s", hm.kind, req)
			}
		}
	})
}

// FuzzSniffDelimiter feeds the first bytes of a text file to the separator sniffer: it always
// picks one of the separators encoding/csv accepts, and honours a "sep=" line.
func FuzzSniffDelimiter(f *testing.F) {
	for _, s := range []string{
		"city,country,year_joined\nLyon,France,2024\n", "sep=;\r\nVille;Pays\n", "Title, with comma\n\ncity;country;year\na;b;c\n",
		"\"a\", \"b\"\n", "a\tb\tc\n1\t2\t3\n", "sep=\n", "sep=\"\n", "\"unterminated,\n;;;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		d := sniffDelimiter(head)
		if d == 0 || d == '"' || d == '\r' || d == '\n' || d == utf8.RuneError || !utf8.ValidRune(d) {
			t.Fatalf("sniffed %q, which encoding/csv cannot split on", d)
		}
		if sep, ok := sepLine(string(head)); ok && sep != d {
			t.Fatalf("sep= line names %q, sniffed %q", sep, d)
		}
	})
}

// FuzzCountryLookup: a country found is found again by its codes and English name; Suggest and
// Ambiguous stay bounded.
func FuzzCountryLookup(f *testing.F) {
	for _, s := range []string{"Ireland", "IE", "irl", "Côte d'Ivoire", "cote divoire", "Congo", "Türkiye",
		"Korea, Republic of", "Royaume-Uni", "EE.UU.", "Narnia", "", "  FRA  ", "ß", strings.Repeat("a", 9000)} {
		f.Add(s)
	}
	ix := testIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ix.Lookup(s)
		if ok {
			for _, again := range []string{c.ISO3, c.ISO2, strings.ToLower(c.ISO3), c.NameEN} {
				if c2, ok2 := ix.Lookup(again); !ok2 || c2.ISO3 != c.ISO3 {
					t.Fatalf("Lookup(%q) = %s, but Lookup(%q) = %s, %v", s, c.ISO3, again, c2.ISO3, ok2)
				}
			}
			if c.Region == "" {
				t.Fatalf("Lookup(%q) = %s without a region", s, c.ISO3)
			}
		}
		if sug := ix.Suggest(s); len(sug) > maxSuggestions {
			t.Fatalf("Suggest(%q) = %d names", s, len(sug))
		}
		if amb := ix.Ambiguous(s); len(amb) == 1 {
			t.Fatalf("Ambiguous(%q) = one country %v", s, amb)
		}
		if r, ok := ix.Region(s); ok && r == "" {
			t.Fatalf("Region(%q) = empty", s)
		}
	})
}

// FuzzParseDate: an accepted date lies in 1900..2200, whether written or an Excel serial (XLSX),
// and its ISO form parses back to the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-14", "14/02/2024", "14.02.2024", "14-02-2024", "2024-02-14T10:00:00Z",
		"2024-02-14 10:00", "31/04/2024", "29/02/2023", "45336", "45336.5", "1/2/2024", "2024-2-14", "0000-00-00",
		"9999-12-31", "+202-+1-+1", "", " ", "1e5", "NaN", "Inf", "0x1p16", "-1"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, serial bool) {
		d, ok := parseDate(s, serial)
		if !ok {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location() != time.UTC {
			t.Fatalf("parseDate(%q) = %v: not a UTC midnight", s, d)
		}
		if d.Year() < 1900 || d.Year() > 2200 {
			t.Fatalf("parseDate(%q) = %v: year out of range", s, d)
		}
		iso := d.Format(time.DateOnly)
		back, ok := parseDate(iso, false)
		if !ok || !back.Equal(d) {
			t.Fatalf("parseDate(%q) = %s, but parseDate(%q) = %v, %v", s, iso, iso, back, ok)
		}
	})
}

// FuzzParseInt: an accepted integer, written plainly, parses back to itself.
func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"2015", "2015.0", "1,234,567", "1 234 567", "1.234.567", "1'234'567", "1.000",
		"-12", "+12", "1e3", "12,34", "", "9223372036854775807", "9,223,372,036,854,775,808", "1\u202f000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseInt(s)
		if !ok {
			return
		}
		plain := strconv.FormatInt(n, 10)
		if back, ok := parseInt(plain); !ok || back != n {
			t.Fatalf("parseInt(%q) = %d, but parseInt(%q) = %d, %v", s, n, plain, back, ok)
		}
	})
}

// FuzzFold: Fold is idempotent (a folded key folds to itself, so identities are stable), keeps
// only lower-case letters and digits, and its shortcuts (ASCII, the table of Latin letters) fold
// as the decomposition of every rune does.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Côte d'Ivoire", "Saint-Denis", "STRASSE", "Straße", "ǅemal", "İstanbul", "ﬁ", "Σίσυφος", "", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if want := foldRuneByRune(s); k != want {
			t.Fatalf("Fold(%q) = %q, but rune by rune %q", s, k, want)
		}
		if again := Fold(k); again != k {
			t.Fatalf("Fold(%q) = %q, but Fold(%q) = %q", s, k, k, again)
		}
		for _, r := range k {
			if r < utf8.RuneSelf && !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				t.Fatalf("Fold(%q) = %q holds %q", s, k, r)
			}
		}
	})
}

// FuzzTrimSpace: trimSpace, the shortcut for cells with no space at either end, trims as
// strings.TrimSpace does.
func FuzzTrimSpace(f *testing.F) {
	for _, s := range []string{"", " a ", "Ürümqi", "Ürümqi\u00a0", "\u3000x\u2009", "x\u0085", "\xffa\xff", "a\xc2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q (strings.TrimSpace)", s, got, want)
		}
	})
}

// FuzzCSVSource: the CSV reader's fast path yields what encoding/csv alone yields, record by
// record: the same fields, rows and errors, whatever the quotes, line breaks and separator, and
// wherever its buffer ends.
func FuzzCSVSource(f *testing.F) {
	for _, s := range []string{
		"city,country\nLyon,France\n", "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a,b", "\n\n a,b \n\r\n",
		"\"a,b\",c\n\"d\"\"e\",\"f\ng\"\n", "\"a\"b,c\n", "a\"b,c\nd,e\n", "\"a\r\nb\",c\r\n", "\"open,x\ny,z\n",
		"a,,\n,\n\"\"\n", "x,\"y\"\r", "\"a\"\r\n\"b\"", "a;b;\"c;d\"\n", "é,\"ü\"\n\"\",\"\"\"\"\n", "a,\"b\" ,c\n",
	} {
		for _, d := range []byte{',', ';', '\t', '|'} {
			f.Add(s, d)
		}
	}
	f.Fuzz(func(t *testing.T, data string, delim byte) {
		if !validFastComma(delim) || delim >= utf8.RuneSelf {
			return
		}
		checkCSVFast(t, data, delim, true)
	})
}

// checkCSVFast fails t when the fast path reads data otherwise than encoding/csv does, also,
// with oneByte, when the file comes a byte per read, so that records end at its buffer's end.
func checkCSVFast(t *testing.T, data string, delim byte, oneByte bool) {
	t.Helper()
	want := csvRecords(t, strings.NewReader(data), delim, true)
	if diff := cmp.Diff(want, csvRecords(t, strings.NewReader(data), delim, false)); diff != "" {
		t.Fatalf("records of %.200q split by %q (-encoding/csv +fast path):\n%.2000s", data, delim, diff)
	}
	if !oneByte {
		return
	}
	if diff := cmp.Diff(want, csvRecords(t, iotest.OneByteReader(strings.NewReader(data)), delim, false)); diff != "" {
		t.Fatalf("records of %.200q split by %q, read byte by byte (-encoding/csv +fast path):\n%.2000s", data, delim, diff)
	}
}

// csvRecords reads r as the CSV reader does, or with slow through encoding/csv alone, and lists
// each record read: its row, fields and error.
func csvRecords(t *testing.T, r io.Reader, delim byte, slow bool) []string {
	t.Helper()
	src := newCSVSource("f.csv", io.NopCloser(r), encUTF8, rune(delim), false)
	if slow {
		src.slow(src.guard, nil)
	}
	var got []string
	for range 100_000 {
		rec, row, err := src.Next()
		if errors.Is(err, io.EOF) {
			return got
		}
		got = append(got, fmt.Sprintf("%d %q %v", row, rec, err))
		if err != nil && !errors.As(err, new(*RowError)) {
			return got
		}
	}
	t.Fatal("no end after 100,000 records")
	return nil
}

// FuzzPlainDecimal: the shortcut for the usual coordinate reads what strconv.ParseFloat reads.
func FuzzPlainDecimal(f *testing.F) {
	for _, s := range []string{"48.8566", "-33.86785", "0.1", "-0.0", "00.5", "179.99999999999", "123456789.123456", "1.", ".5", "1e5", "9.007199254740993"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := plainDecimal(s)
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("plainDecimal(%q) = %v, but strconv.ParseFloat: %v, %v", s, got, want, err)
		}
	})
}
