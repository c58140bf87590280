package pipeline

import (
	"archive/zip"
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// memZip builds a zip archive in memory from part names and contents.
func memZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write([]byte(parts[name]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// workbookBytes saves f to memory and closes it.
func workbookBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	defer f.Close()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Clone(buf.Bytes())
}

func TestScanFormulas(t *testing.T) {
	t.Parallel()
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	tests := []struct {
		name   string
		recalc bool
		xml    string
		want   []formulaCell
	}{
		{"no value (excelize, POI)", false, `<row r="2"><c r="E2"><f>D2*1000</f></c></row>`,
			[]formulaCell{{row: 2, col: 5, formula: "D2*1000"}}},
		{"empty value (openpyxl)", false, `<row r="3"><c r="C3"><f>2000+19</f><v></v></c></row>`,
			[]formulaCell{{row: 3, col: 3, formula: "2000+19"}}},
		{"computed empty text", false, `<row r="2"><c r="A2" t="str"><f>IF(B2="","",B2)</f><v></v></c></row>`, nil},
		{"computed value", false, `<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>`, nil},
		{"computed error", false, `<row r="2"><c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`, nil},
		{"0 computed", false, `<row r="2"><c r="A2"><f>1-1</f><v>0</v></c></row>`, nil},
		{"0 placeholder (XlsxWriter)", true, `<row r="2"><c r="A2"><f>D2*1000</f><v>0</v></c></row>`,
			[]formulaCell{{row: 2, col: 1, formula: "D2*1000", value: "0"}}},
		{"text 0 kept when flagged", true, `<row r="2"><c r="A2" t="str"><f>"0"</f><v>0</v></c></row>`, nil},
		{"no formula", true, `<row r="2"><c r="A2"><v>0</v></c><c r="B2"/></row>`, nil},
		{"shared formula without text", false, `<row r="4"><c r="B4"><f t="shared" si="0"/></c></row>`,
			[]formulaCell{{row: 4, col: 2}}},
		{"positions without r", false, `<row><c><v>1</v></c></row><row><c/><c><f>A1</f></c></row>`,
			[]formulaCell{{row: 2, col: 2, formula: "A1"}}},
		{"prefixed elements", false, `<x:row r="7"><x:c r="D7"><x:f>A7</x:f></x:c></x:row>`,
			[]formulaCell{{row: 7, col: 4, formula: "A7"}}},
		{"inline string", false, `<row r="2"><c r="A2" t="inlineStr"><f>A1</f><is><t>x</t></is></c></row>`, nil},
		{"long formula cut", false, `<row r="2"><c r="A2"><f>` + strings.Repeat("A", 1000) + `</f></c></row>`,
			[]formulaCell{{row: 2, col: 1, formula: strings.Repeat("A", maxFormulaText)}}},
		{"formulas after sheetData are no cells", false, `</sheetData><conditionalFormatting><cfRule><formula>A1</formula></cfRule></conditionalFormatting><c r="A9"><f>1</f></c>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []formulaCell
			err := scanFormulas(strings.NewReader(head+tt.xml+`</sheetData></worksheet>`), tt.recalc, func(c formulaCell) bool {
				got = append(got, c)
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(formulaCell{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSheetPart(t *testing.T) {
	t.Parallel()
	const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	pkg := rels + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/></Relationships>`
	wb := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
		`<sheet name="Lookup" sheetId="1" r:id="rId1"/><sheet name="Members" sheetId="2" r:id="rId2"/><sheet name="Other" sheetId="3" r:id="rId3"/></sheets></workbook>`
	wbRels := rels + `<Relationship Id="rId1" Type="x/worksheet" Target="sheets/one.xml"/>` +
		`<Relationship Id="rId2" Type="x/worksheet" Target="../Book/Sheets/Two.xml"/>` +
		`<Relationship Id="rId3" Type="x/worksheet" Target="/elsewhere/three.xml"/></Relationships>`
	data := memZip(t, map[string]string{
		"_rels/.rels": pkg, "book/main.xml": wb, "book/_rels/main.xml.rels": wbRels,
		"book/sheets/one.xml": "1", `book\sheets\two.xml`: "2", "elsewhere/three.xml": "3",
	})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for sheet, want := range map[string]string{"Lookup": "book/sheets/one.xml", "members": `book\sheets\two.xml`, "Other": "elsewhere/three.xml"} {
		zf, err := sheetPart(zr, sheet)
		if err != nil {
			t.Errorf("%s: %v", sheet, err)
			continue
		}
		if zf.Name != want {
			t.Errorf("%s: part %q, want %q", sheet, zf.Name, want)
		}
	}
	if _, err := sheetPart(zr, "Missing"); err == nil {
		t.Error("a sheet the workbook lacks was found")
	}
}

// TestOpenXLSX_foreign: spreadsheets gnlc cannot read are named by their content, whatever
// their name, with the fix.
func TestOpenXLSX_foreign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ods", memZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), "OpenDocument spreadsheet (.ods)"},
		{"ots", memZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet-template"}), "OpenDocument spreadsheet (.ods)"},
		{"odt", memZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), `OpenDocument file of type "text", not a spreadsheet`},
		{"xlsb", memZip(t, map[string]string{"[Content_Types].xml": "<x/>", "xl/workbook.bin": "\x83\x01"}), "Excel binary workbook (.xlsb)"},
		{"numbers", memZip(t, map[string]string{"Index/Document.iwa": "x"}), "Apple Numbers spreadsheet"},
		{"fods", []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">`), "flat OpenDocument spreadsheet (.fods)"},
		{"xml 2003", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), "Excel 2003 XML spreadsheet"},
		{"html", []byte("\n<!DOCTYPE html><html><body><table><tr><td>city</td></tr></table>"), "web page (HTML)"},
		{"html table", []byte("<TABLE border=1><TR><TD>city</TD></TR></TABLE>"), "web page (HTML)"},
		{"xls", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0}, "legacy .xls"},
		{"text", []byte("city,country\n"), "the file is text, not a workbook: if it is a CSV file, give it the .csv extension"},
		{"binary", []byte{0x01, 0x00, 0xff, 0xfe}, "the file is not a zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := openXLSX("in.xlsx", "", tt.data, "")
			if !errors.Is(err, ErrNotXLSX) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrNotXLSX naming %q", err, tt.want)
			}
		})
	}
}

// TestIsWorkbook: a zip or OLE file is read as a workbook whatever its name (so that an .ods named
// .csv is named as one), and a spreadsheet's name is enough.
func TestIsWorkbook(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		head string
		want bool
	}{
		{"a.csv", "city,country", false},
		{"a.csv", "PK\x03\x04", true},
		{"a.dat", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", true},
		{"a.ODS", "", true},
		{"a.fods", "<?xml", true},
		{"a.txt", "\xff\xfec\x00", false},
	} {
		if got := isWorkbook(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("isWorkbook(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestSerialDate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want string // "" for no date
	}{
		{"45995", "2025-12-04"},
		{"45995.75", "2025-12-04"},
		{"10000", "1927-05-18"},
		{"109574", "2199-12-31"},
		{"109575", ""},
		{"9999", ""}, // a year typed with four digits is never a date
		{"2012", ""},
		{"2024", ""},
		{"-45995", ""},
		{"NaN", ""},
		{"twenty", ""},
	} {
		d, ok := serialDate(tt.in)
		got := ""
		if ok {
			got = d.Format(time.DateOnly)
		}
		if got != tt.want {
			t.Errorf("serialDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestXLSX_hiddenRows: hidden rows load; the count leaves out a hidden title and header and
// hidden blank rows.
func TestXLSX_hiddenRows(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	setRows(t, f, "Sheet1", [][]any{
		{"Register of member cities"},
		{},
		{"city", "country", "year_joined"},
		{"Lyon", "France", 2024},
		{"Cork", "Ireland", 2015},
		{},
		{"Lille", "France", 2019},
	})
	for _, r := range []int{1, 3, 5, 6, 7} {
		if err := f.SetRowVisible("Sheet1", r, false); err != nil {
			t.Fatal(err)
		}
	}
	ing := newTestIngester(t, "")
	res, err := ing.IngestBytes(t.Context(), "hidden.xlsx", workbookBytes(t, f), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Loaded != 3 || res.Hidden != 2 || res.HeaderRow != 3 {
		t.Errorf("loaded %d rows, %d hidden, header on row %d; want 3 loaded, 2 hidden (rows 5 and 7), header on row 3", res.Loaded, res.Hidden, res.HeaderRow)
	}
}

// TestXLSX_hiddenSheets: with no --sheet the first visible sheet is read; a hidden one is read
// when named; a workbook with no visible sheet is refused with its sheets listed.
func TestXLSX_hiddenSheets(t *testing.T) {
	t.Parallel()
	build := func(hideAll bool) []byte {
		f := excelize.NewFile()
		if err := f.SetSheetName("Sheet1", "Old"); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "Old", [][]any{{"city", "country", "year_joined"}, {"Lyon", "France", 2024}})
		if _, err := f.NewSheet("Members"); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "Members", [][]any{{"city", "country", "year_joined"}, {"Lille", "France", 2019}, {"Cork", "Ireland", 2015}})
		f.SetActiveSheet(1)
		if err := f.SetSheetVisible("Old", false); err != nil {
			t.Fatal(err)
		}
		data := workbookBytes(t, f)
		if !hideAll {
			return data
		}
		// excelize keeps one sheet visible, as Excel does; other programs need not.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		parts := make(map[string]string)
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			_, err = b.ReadFrom(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			parts[zf.Name] = b.String()
		}
		parts["xl/workbook.xml"] = strings.Replace(parts["xl/workbook.xml"], `name="Members"`, `name="Members" state="hidden"`, 1)
		return memZip(t, parts)
	}
	ing := newTestIngester(t, "")
	res, err := ing.IngestBytes(t.Context(), "visible.xlsx", build(false), FileOptions{})
	if err != nil || res.Loaded != 2 {
		t.Errorf("no --sheet: %d rows, %v; want the 2 rows of Members", res.Loaded, err)
	}
	res, err = ing.IngestBytes(t.Context(), "named.xlsx", build(false), FileOptions{Sheet: "Old"})
	if err != nil || res.Loaded != 1 {
		t.Errorf("--sheet Old: %d rows, %v; want the hidden sheet's row", res.Loaded, err)
	}
	_, err = ing.IngestBytes(t.Context(), "none.xlsx", build(true), FileOptions{})
	const want = `none.xlsx: no such sheet: expected a visible sheet; the workbook's sheets are "Old" (hidden) and "Members" (hidden) (choose one with --sheet)`
	if !errors.Is(err, ErrNoSheet) || err.Error() != want {
		t.Errorf("no visible sheet:\n got %v\nwant %s", err, want)
	}
}

// TestXLSX_formulasOutsideTheRegister: in a workbook flagged for recalculation, formulas without
// values in a title above the header or in an ignored column do not refuse it.
func TestXLSX_formulasOutsideTheRegister(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	setRows(t, f, "Sheet1", [][]any{
		{},
		{},
		{"city", "country", "year_joined", "check"},
		{"Lyon", "France", 2024},
	})
	for cell, formula := range map[string]string{"A1": `"Register of "&TEXT(TODAY(),"yyyy")`, "D4": "LEN(A4)"} {
		if err := f.SetCellFormula("Sheet1", cell, formula); err != nil {
			t.Fatal(err)
		}
	}
	on := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &on}); err != nil {
		t.Fatal(err)
	}
	ing := newTestIngester(t, "")
	res, err := ing.IngestBytes(t.Context(), "flagged.xlsx", workbookBytes(t, f), FileOptions{})
	if err != nil || res.Loaded != 1 {
		t.Errorf("%d rows, %v; want 1 loaded", res.Loaded, err)
	}
}

func TestHasFormula(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		xml  string
		want bool
	}{
		{`<c r="A1"><f>1+1</f></c>`, true},
		{`<x:c><x:f t="shared" si="0"/></x:c>`, true},
		{"<c><f\n>A1</f></c>", true},
		{`<c><v>1</v></c><foo/><fill/><font/>`, false},
		{`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>of fun</t></is></c></row></sheetData>`, false},
		{"", false},
		{"<f", false},
	} {
		got, err := hasFormula(strings.NewReader(tt.xml))
		if err != nil || got != tt.want {
			t.Errorf("hasFormula(%q) = %v, %v; want %v", tt.xml, got, err, tt.want)
		}
	}
	// A tag cut by the read buffer is found.
	for pad := 64<<10 - 3; pad <= 64<<10+1; pad++ {
		xml := strings.Repeat(" ", pad) + "<f>A1</f>"
		if got, _ := hasFormula(strings.NewReader(xml)); !got {
			t.Errorf("a formula at offset %d is missed", pad)
		}
	}
}
