package reportstest

import (
	"archive/zip"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/rules"
)

// Open opens the workbook at p, closed when the test ends.
func Open(t *testing.T, p string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatalf("open %s: %v", p, err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// ZipFiles reads every file of the .xlsx package at p.
func ZipFiles(t *testing.T, p string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name] = b
	}
	return out
}

var (
	reSheet = regexp.MustCompile(`<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"`)
	reRel   = regexp.MustCompile(`<Relationship [^>]*>`)
	reAttr  = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// SheetPath returns the package path of the worksheet named name.
func SheetPath(t *testing.T, files map[string][]byte, name string) string {
	t.Helper()
	for _, m := range reSheet.FindAllStringSubmatch(string(files["xl/workbook.xml"]), -1) {
		if m[1] == name {
			return RelByID(t, files, "xl/workbook.xml", m[2])
		}
	}
	t.Fatalf("no sheet %q in workbook.xml", name)
	return ""
}

// Rels returns the relationships of part: id -> (type, resolved target).
func Rels(files map[string][]byte, part string) map[string][2]string {
	relsPath := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	out := map[string][2]string{}
	for _, r := range reRel.FindAllString(string(files[relsPath]), -1) {
		a := map[string]string{}
		for _, m := range reAttr.FindAllStringSubmatch(r, -1) {
			a[m[1]] = m[2]
		}
		target := a["Target"]
		if !strings.HasPrefix(target, "/") {
			target = path.Join(path.Dir(part), target)
		} else {
			target = strings.TrimPrefix(target, "/")
		}
		out[a["Id"]] = [2]string{a["Type"], target}
	}
	return out
}

// RelByID is the target of part's relationship id.
func RelByID(t *testing.T, files map[string][]byte, part, id string) string {
	t.Helper()
	r, ok := Rels(files, part)[id]
	if !ok {
		t.Fatalf("%s has no relationship %s", part, id)
	}
	return r[1]
}

// ReadWorkbook returns every sheet's rows, in sheet order, as a reader sees the text.
func ReadWorkbook(t *testing.T, path string) (sheets []string, rows map[string][][]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	rows = map[string][][]string{}
	sheets = f.GetSheetList()
	for _, s := range sheets {
		r, err := f.GetRows(s)
		if err != nil {
			t.Fatalf("read %s!%s: %v", path, s, err)
		}
		rows[s] = r
	}
	return sheets, rows
}

// CellAt is the text at a 1-based row and column, "" past the end.
func CellAt(rows [][]string, row, col int) string {
	if row-1 >= len(rows) || col-1 >= len(rows[row-1]) {
		return ""
	}
	return rows[row-1][col-1]
}

// Labelled is the value to the right of the first cell in column A equal to label.
func Labelled(t *testing.T, rows [][]string, label string) string {
	t.Helper()
	for _, r := range rows {
		if len(r) > 1 && r[0] == label {
			return r[1]
		}
	}
	t.Errorf("no row labelled %q", label)
	return ""
}

// Rules are the default rules as a run shows them.
var Rules = reports.Rules{
	QuotaLimit: 3, QuotaEffectiveFrom: 2024, DefaultWindow: "1 March–30 April", Window: rules.Window{Opens: rules.MonthDay{Month: time.March, Day: 1}, Closes: rules.MonthDay{Month: time.April, Day: 30}}, ReportEveryYears: 2,
	Source: "embedded default",
}

// NextCall is the next window as of 30 June 2025 under the default rules (queries.NextCall):
// 1 March–30 April 2026, feeding the 2027 cohort.
// The rules project it (expected): UNESCO had not announced it.
var NextCall = queries.NextWindow{
	Call:     rules.Call{Year: 2026, Opens: Day(2026, time.March, 1), Closes: Day(2026, time.April, 30), Cohort: 2027},
	Expected: true,
}

// NBSP is the no-break space of French digit grouping.
const NBSP = "\u00a0" // French digit grouping (and the space before "%") from x/text
