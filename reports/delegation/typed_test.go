package delegation

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

// Figures and dates are numbers in a delegation workbook, never text: Excel flags a number
// stored as text, and such a column neither sorts nor sums. The tests below read workbooks back
// and check both sides: the cells that hold a figure or a date are numbers with a number format,
// and no text cell anywhere looks like a number or a date.

// numericText matches text a spreadsheet reader takes for a figure or a date: digits with group
// or decimal separators, a percentage, or a date in words or digits, alone in its cell.
var numericText = regexp.MustCompile(`^[-+−]?\d[\d\s\x{a0}\x{202f}.,']*%?$` + // 1 234 567, 1.234, 2,3 %
	`|^\d{1,2}(er)?\s+(de\s+)?\p{L}+\.?(\s+(de\s+)?\d{2,4})?(\s*[–-].*)?$` + // 14 février 2024, 1er mars–30 avril 2026, 14 sur 73
	`|^\d{4}-\d{2}-\d{2}|^\d{1,2}/\d{1,2}/\d{2,4}$`) // 2024-02-14, 14/02/2024

func TestNumericText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		want bool
	}{
		{"1" + reportstest.NBSP + "234" + reportstest.NBSP + "567", true},
		{"1.234.567", true},
		{"1,234", true},
		{"2020", true},
		{"2,3" + reportstest.NBSP + "%", true},
		{"14 février 2024", true},
		{"1er mars 2026", true},
		{"14 de febrero de 2024", true},
		{"14 February 2024", true},
		{"1er mars–30 avril 2026", true},
		{"14 sur 73", true},
		{"2024-02-14", true},
		{"14/02/2024", true},
		{"Inconnue", false},
		{"Situation au 30 juin 2025", false},
		{"Retrait en 2020", false},
		{"Tous les 2 ans", false},
		{"2025–2026 cycle", false},
		{"Prochaine cohorte (2027, prévisionnelle)", false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			t.Parallel()
			if got := numericText.MatchString(tt.s); got != tt.want {
				t.Errorf("numericText matches %q = %v, want %v", tt.s, got, tt.want)
			}
		})
	}
}

// typedCell is a cell that must hold a number: what excelize draws and the number format.
type typedCell struct {
	file, sheet, ref string
	drawn, format    string
}

// typedCells are figures and dates of the register's workbooks on 30 June 2025
// (registerDataset): France in French, Mexico in Spanish, Viet Nam in English.
var typedCells = []typedCell{
	{"fr/FRA-france.xlsx", "Couverture", "B6", "7", "#,##0"},                         // member cities
	{"fr/FRA-france.xlsx", "Couverture", "B7", "2016", "0"},                          // first cohort
	{"fr/FRA-france.xlsx", "Couverture", "B9", "971,142", "#,##0"},                   // people reached
	{"fr/FRA-france.xlsx", "Couverture", "B10", "2.3%", "0.0%"},                      // share
	{"fr/FRA-france.xlsx", "Couverture", "B11", "14", "#,##0"},                       // rank
	{"fr/FRA-france.xlsx", "Couverture", "B12", "73", "#,##0"},                       // of countries
	{"fr/FRA-france.xlsx", "Membres", "C5", "138,681", "#,##0"},                      // Clermont-Ferrand's population
	{"fr/FRA-france.xlsx", "Membres", "E5", "14 février 2022", "[$-40C]d mmmm yyyy"}, // last report
	{"fr/FRA-france.xlsx", "Membres", "F5", "14 février 2024", "[$-40C]d mmmm yyyy"}, // next due
	{"fr/FRA-france.xlsx", "Membres", "G5", "502", "#,##0"},                          // days overdue
	{"fr/FRA-france.xlsx", "Quota", "B8", "1", "#,##0"},                              // new cities in 2024
	{"fr/FRA-france.xlsx", "Quota", "C8", "3", "#,##0"},                              // limit
	{"fr/FRA-france.xlsx", "Quota", "B13", "3", "#,##0"},                             // places left
	{"fr/FRA-france.xlsx", "Obligations", "B11", "14 février 2024", "[$-40C]d mmmm yyyy"},
	{"fr/FRA-france.xlsx", "Obligations", "B14", "1 mars 2026", "[$-40C]d mmmm yyyy"}, // window opens
	{"fr/FRA-france.xlsx", "Obligations", "B15", "30 avril 2026", "[$-40C]d mmmm yyyy"},
	{"es/MEX-mexico.xlsx", "Portada", "B9", "18,164,348", "#,##0"},
	{"es/MEX-mexico.xlsx", "Portada", "B10", "3.2%", "0.0%"},
	{"es/MEX-mexico.xlsx", "Obligaciones", "B7", "14 de febrero de 2026", `[$-C0A]d "de" mmmm "de" yyyy`},
	{"es/MEX-mexico.xlsx", "Obligaciones", "C11", "1,096", "#,##0"}, // Puebla, days overdue
	{"en/VNM-viet-nam.xlsx", "Cover", "B9", "5,348,772", "#,##0"},
	{"en/VNM-viet-nam.xlsx", "Members", "F8", "14 February 2026", "[$-809]d mmmm yyyy"}, // Son La
	{"en/VNM-viet-nam.xlsx", "Obligations", "B12", "1", "#,##0"},                        // without a due date
	{"en/VNM-viet-nam.xlsx", "Obligations", "B17", "3", "#,##0"},                        // places left
}

// cellFormat is the number format of a cell, and whether the cell holds text.
func cellFormat(t *testing.T, f *excelize.File, sheet, ref string) (format string, text bool) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		return "", true
	}
	style, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt, false
	}
	if name, ok := builtinFormats[st.NumFmt]; ok {
		return name, false
	}
	return "built-in " + strconv.Itoa(st.NumFmt), false
}

func TestWrite_typedCells(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, err := Write(t.Context(), out, registerDataset(t), Options{Countries: []string{"FRA", "MEX", "VNM"}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range typedCells {
		t.Run(tt.file+"/"+tt.sheet+"!"+tt.ref, func(t *testing.T) {
			t.Parallel()
			f := reportstest.Open(t, filepath.Join(out, "delegations", filepath.FromSlash(tt.file)))
			format, text := cellFormat(t, f, tt.sheet, tt.ref)
			raw, err := f.GetCellValue(tt.sheet, tt.ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := strconv.ParseFloat(raw, 64); text || err != nil {
				t.Errorf("%q is not a number (text: %v)", raw, text)
			}
			drawn, err := f.GetCellValue(tt.sheet, tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			if drawn != tt.drawn || format != tt.format {
				t.Errorf("drawn %q with format %q, want %q with %q", drawn, format, tt.drawn, tt.format)
			}
		})
	}
}

// Every workbook of the register, and those where values are unknown, hold no figure or date
// as text: the unknown and the inapplicable are words.
func TestWrite_noNumericText(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	unknown := t.TempDir()
	more, err := Write(t.Context(), unknown, unknownDataset(func(_ string, i int) queries.ReportingRow {
		return queries.ReportingRow{Status: []queries.ReportStatus{queries.ReportUnknown, queries.ReportOK}[i]}
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(paths, more...) {
		f := reportstest.Open(t, p)
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c, v := range row {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if _, text := cellFormat(t, f, sheet, ref); text && numericText.MatchString(v) {
						t.Errorf("%s %s!%s: %q is a figure or a date stored as text", filepath.Base(p), sheet, ref, v)
					}
				}
			}
		}
	}
}
