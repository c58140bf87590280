package delegation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gnlc/reports/internal/reportstest"
)

// Other programs read the workbooks as excelize does: openpyxl (what an analyst's pandas uses)
// sees numbers and dates, and LibreOffice draws the dates in the workbook's language on a system
// in another. Both skip when the program is missing, and fail instead under
// GNLC_REQUIRE_OFFICE=1 (`make check-office`).

// openpyxlDump prints one JSON line per non-empty cell of each workbook given: sheet, cell,
// openpyxl's data type, whether it is a date, its number format and its value.
const openpyxlDump = `
import json, sys
import openpyxl
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                print(json.dumps({"file": path, "sheet": ws.title, "ref": c.coordinate, "type": c.data_type,
                                  "date": c.is_date, "format": c.number_format, "value": str(c.value)}))
`

// pyCell is a line of openpyxlDump.
type pyCell struct {
	File, Sheet, Ref, Type, Format, Value string
	Date                                  bool
}

// pythonWithOpenpyxl is the first Python 3 that imports openpyxl: $GNLC_PYTHON, python3 on
// PATH, /usr/bin/python3 (a virtualenv's python3 may lack it where the system's has it).
func pythonWithOpenpyxl(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("GNLC_PYTHON")}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range append(candidates, "/usr/bin/python3") {
		if p != "" && exec.CommandContext(t.Context(), p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	reportstest.SkipOrFail(t, "no python3 with openpyxl (Debian: apt-get install python3-openpyxl)")
	return ""
}

func TestWrite_openpyxl(t *testing.T) {
	t.Parallel()
	python := pythonWithOpenpyxl(t)
	out := t.TempDir()
	paths, err := Write(t.Context(), out, registerDataset(t), Options{Countries: []string{"FRA", "MEX", "VNM"}})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), python, append([]string{"-c", openpyxlDump}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	dump, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, stderr.String())
	}
	cells := map[[3]string]pyCell{} // file (relative to delegations/), sheet, ref
	sc := bufio.NewScanner(bytes.NewReader(dump))
	for sc.Scan() {
		var c pyCell
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("openpyxl line %q: %v", sc.Text(), err)
		}
		rel, err := filepath.Rel(filepath.Join(out, "delegations"), c.File)
		if err != nil {
			t.Fatal(err)
		}
		cells[[3]string{filepath.ToSlash(rel), c.Sheet, c.Ref}] = c
		if c.Type == "s" && numericText.MatchString(c.Value) {
			t.Errorf("%s %s!%s: %q is a figure or a date stored as text", rel, c.Sheet, c.Ref, c.Value)
		}
	}
	for _, tt := range typedCells {
		c, ok := cells[[3]string{tt.file, tt.sheet, tt.ref}]
		date := strings.Contains(tt.format, "[$-")
		switch {
		case !ok:
			t.Errorf("%s %s!%s: openpyxl sees no value", tt.file, tt.sheet, tt.ref)
		case date && (!c.Date || c.Format != tt.format):
			t.Errorf("%s %s!%s: %+v, want a date with format %q", tt.file, tt.sheet, tt.ref, c, tt.format)
		case !date && (c.Type != "n" || c.Format != tt.format):
			t.Errorf("%s %s!%s: %+v, want a number (n) with format %q", tt.file, tt.sheet, tt.ref, c, tt.format)
		}
	}
}

// TestWrite_datesInLibreOffice: LibreOffice draws a French workbook's dates in French on a
// Spanish system, and a Spanish one's in Spanish on a French system (Clermont-Ferrand's report
// was due on 14 February 2024), while the numbers take the reader's separators: 971.142 people
// in Spain, 971 142 in France. One conversion per language: each takes seconds.
func TestWrite_datesInLibreOffice(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	office := reportstest.Office(t)
	tests := []struct {
		lang, reader string // the workbook's language, the reader's system
		want         []string
		notWant      []string
	}{
		{"fr", "es_ES.UTF-8", []string{"14 février 2024", "14 février 2022", "1 mars 2026", "30 avril 2026", "971.142"},
			[]string{"febrero", "February", "971,142"}},
		{"es", "fr_FR.UTF-8", []string{"14 de febrero de 2024", "14 de febrero de 2022", "1 de marzo de 2026", "30 de abril de 2026", "971 142"},
			[]string{"février", "February", "971.142"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			paths, err := Write(t.Context(), t.TempDir(), registerDataset(t), Options{Lang: tt.lang, Countries: []string{"FRA"}})
			if err != nil {
				t.Fatal(err)
			}
			pdf := reportstest.ConvertToPDF(t, office, paths[0], "LANG="+tt.reader, "LC_ALL="+tt.reader)
			// pdftotext breaks lines where the layout does, and the French group separator is a
			// no-break space: compare words.
			text := strings.Join(strings.Fields(reportstest.PDFText(t, pdf)), " ")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF does not show %q:\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("the PDF shows %q", w)
				}
			}
		})
	}
}
