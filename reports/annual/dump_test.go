package annual

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gnlc/reports/internal/reportstest"
)

// chartInfo is what a reader of a chart sees: its kinds of plot, titles and the cell ranges
// its series draw from.
type chartInfo struct {
	Plots  []string // barChart, lineChart...
	Texts  []string // titles: chart, axes
	Ranges []string // series names, categories, values
}

// readChart walks a chart part's XML by local names, so prefixes do not matter.
func readChart(t *testing.T, data []byte) chartInfo {
	t.Helper()
	var ci chartInfo
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return ci
		}
		if err != nil {
			t.Fatalf("parse chart: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			if strings.HasSuffix(tok.Name.Local, "Chart") && len(stack) >= 2 && stack[len(stack)-2] == "plotArea" {
				ci.Plots = append(ci.Plots, tok.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			s := strings.TrimSpace(string(tok))
			switch stack[len(stack)-1] {
			case "t":
				if s != "" {
					ci.Texts = append(ci.Texts, s)
				}
			case "f":
				ci.Ranges = append(ci.Ranges, s)
			}
		}
	}
}

// dumpWorkbook renders a workbook as text for golden tests (STYLE.md rule 42): document
// properties, then per sheet its frozen panes, tables, and every non-empty cell with its
// type, value as shown, raw value and number format; then the charts.
func dumpWorkbook(t *testing.T, p string) string {
	t.Helper()
	f := reportstest.Open(t, p)
	var b strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "# properties\ntitle: %s\nsubject: %s\ncreator: %s\ncreated: %s\n", props.Title, props.Subject, props.Creator, props.Created)
	typeNames := map[excelize.CellType]string{
		excelize.CellTypeUnset: "n", excelize.CellTypeNumber: "n", excelize.CellTypeSharedString: "s",
		excelize.CellTypeInlineString: "s", excelize.CellTypeFormula: "FORMULA", excelize.CellTypeBool: "b",
		excelize.CellTypeDate: "d", excelize.CellTypeError: "e",
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n# sheet %s\n", sheet)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Orientation != nil && layout.FitToWidth != nil && props.FitToPage != nil && layout.Size != nil && layout.FitToHeight != nil {
			fmt.Fprintf(&b, "page: paper %d, %s, fit to page %v, %d wide, %d tall\n", *layout.Size, *layout.Orientation, *props.FitToPage, *layout.FitToWidth, *layout.FitToHeight)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if hf != nil {
			fmt.Fprintf(&b, "page header %q, footer %q\n", hf.OddHeader, hf.OddFooter)
		}
		for _, dn := range f.GetDefinedName() {
			if dn.Scope == sheet {
				fmt.Fprintf(&b, "defined %s = %s\n", dn.Name, dn.RefersTo)
			}
		}
		if panes.Freeze {
			fmt.Fprintf(&b, "frozen: rows 1-%d\n", panes.YSplit)
		}
		tables, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			fmt.Fprintf(&b, "table %s %s\n", tb.Name, tb.Range)
		}
		raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ncols := 0
		for _, row := range raw {
			ncols = max(ncols, len(row))
		}
		var ws []string
		for c := 1; c <= ncols; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sheet, name)
			if err != nil {
				t.Fatal(err)
			}
			ws = append(ws, fmt.Sprintf("%s=%g", name, w))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(ws, " "))
		for r, row := range raw {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				shown, err := f.GetCellValue(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				id, custom := numFmtOf(t, f, sheet, ref)
				format := ""
				switch {
				case custom != "":
					format = " fmt=" + custom
				case id != 0:
					format = fmt.Sprintf(" fmt=%d", id)
				}
				if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					fmt.Fprintf(&b, "%s s %q%s\n", ref, v, format)
				} else if shown != v {
					fmt.Fprintf(&b, "%s %s %s (%s)%s\n", ref, typeNames[typ], shown, v, format)
				} else {
					fmt.Fprintf(&b, "%s %s %s%s\n", ref, typeNames[typ], v, format)
				}
			}
		}
	}
	files := reportstest.ZipFiles(t, p)
	var charts []string
	for name := range files {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts = append(charts, name)
		}
	}
	slices.Sort(charts)
	for _, name := range charts {
		ci := readChart(t, files[name])
		fmt.Fprintf(&b, "\n# %s\nplots: %s\ntexts: %q\nranges: %s\n", name, strings.Join(ci.Plots, ", "), ci.Texts, strings.Join(ci.Ranges, " "))
	}
	return b.String()
}

func TestWrite_golden(t *testing.T) {
	p := writeAnnualT(t, reportstest.AnnualDataset(), Options{})
	got := dumpWorkbook(t, p)
	reportstest.CheckGolden(t, filepath.Join("testdata", "annual.golden"), got)
	// Idempotent: the same dataset gives the same dump.
	if again := dumpWorkbook(t, writeAnnualT(t, reportstest.AnnualDataset(), Options{})); again != got {
		t.Error("a second run gives a different workbook")
	}
}
