package annual

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
	"gnlc/reports/internal/xlsx"
)

// writeAnnualT writes the workbook for ds into a fresh folder and returns its path.
func writeAnnualT(t *testing.T, ds *reports.Dataset, opts Options) string {
	t.Helper()
	p, err := Write(t.Context(), t.TempDir(), ds, opts)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return p
}

// annualFile is the test dataset's workbook, opened; written once per test that asks.
func annualFile(t *testing.T) (*excelize.File, string) {
	t.Helper()
	p := writeAnnualT(t, reportstest.AnnualDataset(), Options{})
	return reportstest.Open(t, p), p
}

func TestWrite_fileName(t *testing.T) {
	_, p := annualFile(t)
	if got, want := filepath.Base(p), "gnlc-annual-2024.xlsx"; got != want {
		t.Errorf("file name = %q, want %q", got, want)
	}
	entries, err := os.ReadDir(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"gnlc-annual-2024.xlsx"}, names); diff != "" {
		t.Errorf("output folder (-want +got):\n%s", diff)
	}
}

func TestWrite_sheets(t *testing.T) {
	f, _ := annualFile(t)
	want := []string{"Summary", "Growth", "Reconciliation", "Regions", "Countries", "Cohort 2024",
		"Quota", "Next call", "Compliance", "Members", "Data quality", "Sources", "Notes"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != "Summary" {
		t.Errorf("active sheet = %q, want Summary", got)
	}
}

// summaryRow finds the Summary row whose first cell is label and returns its cells' values,
// unformatted.
func summaryRow(t *testing.T, f *excelize.File, label string) []string {
	t.Helper()
	rows, err := f.GetRows(sheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			return append(r, make([]string, 5)...)[:5]
		}
	}
	t.Fatalf("no Summary row %q", label)
	return nil
}

func TestWrite_headline(t *testing.T) {
	f, _ := annualFile(t)
	header, err := f.GetRows(sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	// 2024 beside the previous cohort, 2022 (2023 had none).
	wantHeader := []string{"Figure", "Published 2024", "Published 2022", "Published change", "Published change %",
		"Named 2024", "Named 2022", "Named change", "Named change %"}
	if diff := cmp.Diff([]string{"", "As published (UNESCO)", "", "", "", "Named members (the register)"}, header[summaryTop-2]); diff != "" {
		t.Errorf("the row over the headline's header (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantHeader, header[summaryTop-1]); diff != "" {
		t.Errorf("headline header (-want +got):\n%s", diff)
	}
	// A cell is a number (compared as such) or a word for what is not known or not applicable.
	type v = any
	tests := []struct {
		label string
		want  []v // 2024, 2022, change, change % as published; the same for the named members
	}{
		// Published figures: ../shared/data/README.md. Named: the test dataset's.
		{figCities, []v{356, 294, 62, 62.0 / 294, 226, 170, 56, 56.0 / 170}},
		{figCountries, []v{79, 76, 3, 3.0 / 76, 61, 58, 3, 3.0 / 58}},
		{figNewCities, []v{64, 77, -13, -13.0 / 77, 56, 67, -11, -11.0 / 67}},
		{figNewCountries, []v{35, 44, -9, -9.0 / 44, 29, 40, -11, -11.0 / 40}},
		// 2022's people reached was not published, nor known for its named members.
		{figPeople, []v{390000000, "not published", "unknown", "unknown", 141152710, "unknown", "unknown", "unknown"}},
		// No relative change from 0.
		{figPopUnknown, []v{"n/a", "n/a", "n/a", "n/a", 45, 0, 45, "n/a"}},
	}
	rows, err := f.GetRows(sheetSummary, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			i := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == tt.label })
			if i < 0 || len(rows[i]) != 9 {
				t.Fatalf("no full Summary row %q", tt.label)
			}
			for j, w := range tt.want {
				got := rows[i][1+j]
				switch w := w.(type) {
				case string:
					if got != w {
						t.Errorf("%s: %q, want %q", header[summaryTop-1][1+j], got, w)
					}
				default:
					want := float64(0)
					switch w := w.(type) {
					case int:
						want = float64(w)
					case float64:
						want = w
					}
					x, err := strconv.ParseFloat(got, 64)
					if err != nil || math.Abs(x-want) > 1e-9 {
						t.Errorf("%s: %q, want %v", header[summaryTop-1][1+j], got, want)
					}
				}
			}
		})
	}
	t.Run("formatted", func(t *testing.T) {
		var got []string
		for _, r := range header {
			if len(r) > 5 && r[0] == figCities {
				got = r[1:5]
			}
		}
		if diff := cmp.Diff([]string{"356", "294", "+62", "+21.1%"}, got); diff != "" {
			t.Errorf("member cities as shown (-want +got):\n%s", diff)
		}
	})
}

func TestWrite_growthChart(t *testing.T) {
	_, p := annualFile(t)
	files := reportstest.ZipFiles(t, p)
	if _, ok := files["xl/charts/chart1.xml"]; !ok {
		t.Fatalf("no xl/charts/chart1.xml in %v", slices.Sorted(mapsKeys(files)))
	}
	// Follow workbook -> Growth sheet -> its drawing -> the drawing's charts.
	sheetXML := reportstest.SheetPath(t, files, sheetGrowth)
	drawing := relTarget(t, files, sheetXML, "drawing")
	if drawing == "" {
		t.Fatalf("%s (Growth) has no drawing relationship", sheetXML)
	}
	chart := relTarget(t, files, drawing, "chart")
	if chart == "" {
		t.Fatalf("%s has no chart relationship", drawing)
	}
	got := readChart(t, files[chart])
	want := chartInfo{
		Plots: []string{"barChart", "lineChart"}, // columns for named members, a line for published totals
		Texts: []string{"Member cities by year: named members and as published", "Member cities"},
		Ranges: []string{
			"'Growth'!$F$1", "'Growth'!$A$2:$A$10", "'Growth'!$F$2:$F$10",
			"'Growth'!$I$1", "'Growth'!$A$2:$A$10", "'Growth'!$I$2:$I$10",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("growth chart %s (-want +got):\n%s", chart, diff)
	}
	// Regions has its own chart.
	if d := relTarget(t, files, reportstest.SheetPath(t, files, sheetRegions), "drawing"); d == "" || relTarget(t, files, d, "chart") == "" {
		t.Errorf("Regions has no chart")
	}
}

func TestWrite_frozenHeadersAndTables(t *testing.T) {
	f, _ := annualFile(t)
	tests := []struct {
		sheet  string
		header int // 1-based header row
		table  string
	}{
		// Every data sheet is one table from A1, its header on row 1.
		{sheetGrowth, 1, "tblGrowth"},
		{sheetReconciliation, 1, "tblReconciliation"},
		{sheetRegions, 1, "tblRegions"},
		{sheetCountries, 1, "tblCountries"},
		{"Cohort 2024", 1, "tblCohort2024"},
		{sheetQuota, 1, "tblQuota"},
		{sheetNextCall, 1, "tblQuotaNext"},
		{sheetCompliance, 1, "tblCompliance"},
		{sheetMembers, 1, "tblMembers"},
		{sheetQuality, 1, "tblQuality"},
		{sheetSources, 1, "tblSources"},
		{sheetNotes, 1, "tblNotes"},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			panes, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != tt.header || panes.XSplit != 0 {
				t.Errorf("panes = freeze %v, ysplit %d, xsplit %d; want frozen below row %d", panes.Freeze, panes.YSplit, panes.XSplit, tt.header)
			}
			tables, err := f.GetTables(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tb := range tables {
				names = append(names, tb.Name)
				if !strings.HasPrefix(tb.Range, "A"+itoa(tt.header)+":") && tb.Name == tt.table {
					t.Errorf("table %s range %s does not start at the header row %d", tb.Name, tb.Range, tt.header)
				}
			}
			if !slices.Contains(names, tt.table) {
				t.Errorf("tables = %v, want %s", names, tt.table)
			}
			style, err := f.GetCellStyle(tt.sheet, "A"+itoa(tt.header))
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(style)
			if err != nil {
				t.Fatal(err)
			}
			if s.Font == nil || !s.Font.Bold || len(s.Fill.Color) == 0 {
				t.Errorf("header cell A%d is not styled (bold, filled): %+v", tt.header, s)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// numFmtOf returns the built-in number format id and the custom format of a cell.
func numFmtOf(t *testing.T, f *excelize.File, sheet, ref string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	custom := ""
	if s.CustomNumFmt != nil {
		custom = *s.CustomNumFmt
	}
	return s.NumFmt, custom
}

// findCell returns the reference of the first cell on sheet whose raw value is v.
func findCell(t *testing.T, f *excelize.File, sheet, v string) string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, got := range row {
			if got == v {
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					t.Fatal(err)
				}
				return ref
			}
		}
	}
	t.Fatalf("no cell %q on %s", v, sheet)
	return ""
}

func TestWrite_numberFormats(t *testing.T) {
	f, _ := annualFile(t)
	tests := []struct {
		name       string
		sheet      string
		ref        string // or find:
		find       string
		wantFmt    int
		wantCustom string
		wantShown  string
	}{
		{name: "population", sheet: sheetMembers, find: "1299369", wantFmt: 3, wantShown: "1,299,369"},
		{name: "cohort population", sheet: "Cohort 2024", find: "1299369", wantFmt: 3, wantShown: "1,299,369"},
		{name: "people reached", sheet: sheetSummary, find: "390000000", wantFmt: 3, wantShown: "390,000,000"},
		{name: "country population", sheet: sheetCountries, find: "12345678", wantFmt: 3, wantShown: "12,345,678"},
		{name: "year joined", sheet: sheetMembers, ref: "E2", wantFmt: 1},
		{name: "region share", sheet: sheetRegions, ref: "D2", wantFmt: 10, wantShown: "12.83%"},
		{name: "latitude", sheet: sheetMembers, find: "39.63689", wantCustom: xlsx.FmtCoord, wantShown: "39.63689"},
		{name: "applied on", sheet: sheetMembers, find: "45036", wantCustom: xlsx.FmtDate, wantShown: "2023-04-20"},
		{name: "loaded at", sheet: sheetSources, ref: "F2", wantCustom: xlsx.FmtDateTime, wantShown: "2025-03-01 09:29:58"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := tt.ref
			if ref == "" {
				ref = findCell(t, f, tt.sheet, tt.find)
			}
			id, custom := numFmtOf(t, f, tt.sheet, ref)
			if id != tt.wantFmt || custom != tt.wantCustom {
				t.Errorf("%s!%s number format = %d %q, want %d %q", tt.sheet, ref, id, custom, tt.wantFmt, tt.wantCustom)
			}
			typ, err := f.GetCellType(tt.sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s type = %v, want a number", tt.sheet, ref, typ)
			}
			if tt.wantShown != "" {
				got, err := f.GetCellValue(tt.sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.wantShown {
					t.Errorf("%s!%s shows %q, want %q", tt.sheet, ref, got, tt.wantShown)
				}
			}
		})
	}
}

func TestWrite_formulaInjection(t *testing.T) {
	f, p := annualFile(t)
	for _, sheet := range []string{sheetMembers, "Cohort 2024", sheetCompliance} {
		for _, name := range reportstest.InjectionNames {
			t.Run(sheet+"/"+strings.TrimSpace(name), func(t *testing.T) {
				ref := findCell(t, f, sheet, name)
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s type = %v, want a string", sheet, ref, typ)
				}
				formula, err := f.GetCellFormula(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" {
					t.Errorf("%s!%s has formula %q", sheet, ref, formula)
				}
			})
		}
	}
	// No sheet of the workbook holds a formula at all.
	for name, data := range reportstest.ZipFiles(t, p) {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && regexp.MustCompile(`<f[ >]`).Match(data) {
			t.Errorf("%s contains a formula", name)
		}
	}
}

func TestWrite_docProps(t *testing.T) {
	f, _ := annualFile(t)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	got := []string{props.Title, props.Subject, props.Creator, props.Created}
	want := []string{
		"GNLC annual report 2024",
		"UNESCO Global Network of Learning Cities: membership, growth, quota and compliance",
		"gnlc",
		"2025-03-01T09:30:00Z",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("title, subject, creator, created (-want +got):\n%s", diff)
	}
}

func TestWrite_labelsAndCredit(t *testing.T) {
	f, _ := annualFile(t)
	// The Summary says it in its cells; a data sheet's title and notes are on the Notes sheet,
	// on the row that names it.
	notes := map[string]string{}
	rows, err := f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Sheet", "What it holds", "Notes"}, rows[0]); diff != "" {
		t.Errorf("Notes header (-want +got):\n%s", diff)
	}
	for _, r := range rows[1:] {
		notes[r[0]] = strings.Join(r, "\x1f")
	}
	summary, err := f.GetRows(sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range summary {
		notes[sheetSummary] += strings.Join(r, "\x1f") + "\n"
	}
	tests := []struct {
		sheet string
		want  []string
	}{
		{sheetSummary, []string{"As published (UNESCO)", "Named members (the register)", "GeoNames (geonames.org), licensed CC BY 4.0"}},
		{sheetMembers, []string{"named members", "GeoNames (geonames.org), licensed CC BY 4.0"}},
		{"Cohort 2024", []string{"Named members: 7 cities from 2 countries joined in 2024. As published: 64 cities from 35 countries.", "CC BY 4.0"}},
		{sheetCountries, []string{"CC BY 4.0"}},
		{sheetSources, []string{"Written by gnlc v0.0.0-test at 2025-03-01 09:30:00 UTC.", "CC BY 4.0"}},
		{sheetGrowth, []string{"not published, not zero"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(notes[tt.sheet], w) {
					t.Errorf("the notes on %s have no %q", tt.sheet, w)
				}
			}
		})
	}
}

func TestWrite_split(t *testing.T) {
	ds := reportstest.AnnualDataset()
	p := writeAnnualT(t, ds, Options{RowsPerSheet: 4})
	f := reportstest.Open(t, p)
	want := []string{"Summary", "Growth", "Reconciliation", "Regions", "Countries", "Cohort 2024", "Cohort 2024 (2)",
		"Quota", "Next call", "Compliance", "Compliance (2)", "Compliance (3)", "Members", "Members (2)", "Members (3)",
		"Data quality", "Sources", "Notes"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	// 10 members over 4 + 4 + 2 rows, each part with its own header and table.
	var cities []string
	for i, sheet := range []string{"Members", "Members (2)", "Members (3)"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if got := rows[0][0]; got != "City" {
			t.Errorf("%s header A1 = %q, want City", sheet, got)
		}
		if n := len(rows) - 1; n != []int{4, 4, 2}[i] {
			t.Errorf("%s has %d data rows, want %d", sheet, n, []int{4, 4, 2}[i])
		}
		for _, r := range rows[1:] {
			cities = append(cities, r[0])
		}
		dim, err := f.GetSheetDimension(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if wantDim := "A1:O" + itoa(1+[]int{4, 4, 2}[i]); dim != wantDim {
			t.Errorf("%s dimension = %s, want %s", sheet, dim, wantDim)
		}
		// The title is the printed page's header, which names the part.
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(hf.OddHeader, "(part "+itoa(i+1)+" of 3)") {
			t.Errorf("%s page header = %q, want it to name the part", sheet, hf.OddHeader)
		}
	}
	if len(cities) != 10 || cities[0] != "Larissa" || cities[9] != "\rCarriage" {
		t.Errorf("cities across the parts = %q", cities)
	}
	for _, note := range []string{
		"Members (the register): 10 rows, more than one sheet holds, split over sheets Members, Members (2), Members (3).",
		"Cohort 2024: 7 rows, more than one sheet holds, split over sheets Cohort 2024, Cohort 2024 (2).",
		"Compliance: 10 rows, more than one sheet holds, split over sheets Compliance, Compliance (2), Compliance (3).",
	} {
		findCell(t, f, sheetSummary, note)
	}
}

// The Members sheet's dimension is set before its rows: readers that trust it (openpyxl in
// read-only mode) would otherwise see only the header.
func TestWrite_membersDimension(t *testing.T) {
	_, p := annualFile(t)
	files := reportstest.ZipFiles(t, p)
	xml := string(files[reportstest.SheetPath(t, files, sheetMembers)])
	if !strings.Contains(xml, `<dimension ref="A1:O11"`) {
		i := strings.Index(xml, "<dimension")
		t.Errorf("Members dimension: %.60s, want A1:O11", xml[max(i, 0):])
	}
}

func TestWrite_invalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*reports.Dataset)
		want   string
	}{
		{"year before 2015", func(ds *reports.Dataset) { ds.Year = 2014; ds.Headline.Year = 0; ds.PreviousHeadline.Year = 0 }, "year 2014 is outside 2015..9999"},
		{"no run time", func(ds *reports.Dataset) { ds.GeneratedAt = time.Time{} }, "generated-at time is not set"},
		{"headline year", func(ds *reports.Dataset) { ds.Headline.Year = 2023 }, "headline is for 2023, report for 2024"},
		{"members missing", func(ds *reports.Dataset) { ds.Members = nil }, "10 members announced but no member rows"},
		{"growth year twice", func(ds *reports.Dataset) { ds.Growth = append(ds.Growth, ds.Growth[0]) }, "growth lists year 2015 twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := reportstest.AnnualDataset()
			tt.change(ds)
			dir := t.TempDir()
			_, err := Write(t.Context(), dir, ds, Options{})
			if !errors.Is(err, reports.ErrInvalidDataset) {
				t.Fatalf("err = %v, want ErrInvalidDataset", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files written for an invalid dataset: %v", entries)
			}
		})
	}
}

var errRegister = errors.New("register read failed")

func TestWrite_failureKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	ds := reportstest.AnnualDataset()
	first, err := Write(t.Context(), dir, ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		members func(yield func(queries.Member, error) bool)
		count   int64
		wantErr error
		wantMsg string
	}{
		{"register error midway", func(yield func(queries.Member, error) bool) {
			if yield(queries.Member{City: "A", YearJoined: 2024}, nil) {
				yield(queries.Member{}, errRegister)
			}
		}, 2, errRegister, "read register"},
		{"more rows than announced", func(yield func(queries.Member, error) bool) {
			for range 3 {
				if !yield(queries.Member{City: "A"}, nil) {
					return
				}
			}
		}, 2, xlsx.ErrTooManyRows, "more rows than announced"},
		{"fewer rows than announced", func(yield func(queries.Member, error) bool) {
			yield(queries.Member{City: "A"}, nil)
		}, 2, nil, "2 rows announced, 1 written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := reportstest.AnnualDataset()
			ds.Members, ds.MemberCount = tt.members, tt.count
			_, err := Write(t.Context(), dir, ds, Options{})
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v, want it to say %q", err, tt.wantMsg)
			}
			after, err := os.ReadFile(first)
			if err != nil {
				t.Fatal(err)
			}
			if string(after) != string(before) {
				t.Error("the previous workbook changed")
			}
			assertOnlyFile(t, dir, filepath.Base(first))
		})
	}
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := Write(ctx, dir, reportstest.AnnualDataset(), Options{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		assertOnlyFile(t, dir, filepath.Base(first))
	})
}

func assertOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{name}, names); diff != "" {
		t.Errorf("folder holds (-want +got):\n%s", diff)
	}
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// relTarget returns the target of part's first relationship whose type ends in "/"+kind.
func relTarget(t *testing.T, files map[string][]byte, part, kind string) string {
	t.Helper()
	for _, r := range reportstest.Rels(files, part) {
		if strings.HasSuffix(r[0], "/"+kind) {
			return r[1]
		}
	}
	return ""
}

// An empty dataset (a register with no rows yet) still gives a whole workbook: every sheet,
// every table with its header, nothing invented.
func TestWrite_empty(t *testing.T) {
	ds := &reports.Dataset{Year: 2024, GeneratedAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	f := reportstest.Open(t, writeAnnualT(t, ds, Options{}))
	want := []string{"Summary", "Growth", "Reconciliation", "Regions", "Countries", "Cohort 2024",
		"Quota", "Next call", "Compliance", "Members", "Data quality", "Sources", "Notes"}
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	for _, sheet := range want[1:] {
		tables, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) == 0 {
			t.Errorf("%s has no table", sheet)
		}
	}
	for _, label := range []string{figCities, figPeople} {
		// Nothing published, no earlier cohort: said in words, never blank or 0.
		if diff := cmp.Diff([]string{label, "not published", "n/a", "n/a", "n/a"}, summaryRow(t, f, label)); diff != "" {
			t.Errorf("%s with nothing known (-want +got):\n%s", label, diff)
		}
	}
	findCell(t, f, sheetSummary, "Members (the register): 0 rows on sheet Members.")
}
