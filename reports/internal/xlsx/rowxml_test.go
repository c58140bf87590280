package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeValue is c as excelize's StreamWriter takes it (nil for a blank cell), with its style
// from st: the reference rowEncoder is held to. Text is a Go string with no formula, which the
// StreamWriter stores as an inline string.
func excelizeValue(st *Styles, c Cell) any {
	var v any
	switch c.kind {
	case kindBlank:
		return nil
	case kindText:
		v = c.s
	case kindInt, kindID, kindChange:
		v = c.i
	case kindCoord, kindPercent, kindChangePct, kindChangePts, kindShare:
		v = c.f
	case kindDate, kindDateTime, kindLongDate:
		v = c.t
	}
	return excelize.Cell{StyleID: st.Of(c), Value: v}
}

// newWorkbook is a new excelize file with gnlc's styles, closed when the test ends.
func newWorkbook(t testing.TB) (*excelize.File, *Styles) {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	st, err := NewStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	return f, st
}

// setRowXML is the XML excelize's StreamWriter writes for rows, each cell with its style from
// st, each row with its height: what rowEncoder must write byte for byte.
func setRowXML(t testing.TB, rows [][]Cell, heights []float64) string {
	t.Helper()
	f, st := newWorkbook(t)
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for n, cells := range rows {
		vals := make([]any, len(cells))
		for i, c := range cells {
			vals[i] = excelizeValue(st, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		if err := sw.SetRow(cell, vals, excelize.RowOpts{Height: heights[n]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start, end := strings.Index(s, "<sheetData>"), strings.Index(s, "</sheetData>")
	if start < 0 || end < start {
		t.Fatalf("no sheetData in %q", s)
	}
	return s[start+len("<sheetData>") : end]
}

// encodedXML is what rowEncoder writes for the same rows.
func encodedXML(t testing.TB, rows [][]Cell, heights []float64) string {
	t.Helper()
	_, st := newWorkbook(t)
	var e rowEncoder
	var out strings.Builder
	for n, cells := range rows {
		styles := make([]int, len(cells))
		for i, c := range cells {
			styles[i] = st.Of(c)
		}
		b, err := e.row(n+1, cells, styles, heights[n])
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
	}
	return out.String()
}

func TestRowEncoder_matchesExcelize(t *testing.T) {
	t.Parallel()
	x := 45.123456789
	long := strings.Repeat("é", 20_000) + strings.Repeat("a", 20_000)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	rows := [][]Cell{
		{Text("Lyon"), Text("France"), ID(2015), Int(-1_234_567), Coord(&x), Percent(0.25), Date(day)},
		{Text(" leading"), Text("trailing "), Text("\ttab"), Text("line\nfeed"), Text("cr\r"), Text("")},
		{Text(`a & b < c > d "e" 'f'`), Text("=SUM(A1)"), Text("+1"), Text("-2"), Text("@x")},
		{Text("_x0041_ and _x005F_x0041_ and _x12G4_ and _x005F_"), Text("bad \xff utf8"), Text("ctrl \x01 \x1f")},
		{{}, Text("after a blank"), {}, Int(0), {}},
		{Text(long), Text("ü\u00a0non-breaking"), Text("emoji 😀 beyond the BMP"), Text("\ufffe\uffff")},
		{Change(-3), ChangePercent(-0.125), ChangePoints(1.5), Share(1.0 / 3), LongDate(day, "d MMMM yyyy")},
		{DateTime(time.Date(2026, 12, 2, 9, 30, 15, 0, time.UTC)), Date(time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC)),
			Date(time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC)), Date(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC))},
		{{kind: kindDate, t: time.Date(2024, 6, 30, 23, 0, 0, 0, paris)}, Percent(math.NaN()), Percent(math.Inf(-1)), Percent(1e20), Percent(0.1 + 0.2)},
		{Text(strings.Repeat("x", 40))},
	}
	heights := make([]float64, len(rows))
	heights[1], heights[9] = 30, 45.75
	if got, want := encodedXML(t, rows, heights), setRowXML(t, rows, heights); got != want {
		t.Errorf("rowEncoder differs from StreamWriter.SetRow:\n got %.2000q\nwant %.2000q", got, want)
	}
}

// Any text, as a cell alone or among others, encodes as SetRow writes it.
func FuzzRowEncoder_text(f *testing.F) {
	for _, s := range []string{"", "Saint-Étienne", " x ", "a&b", "_x0041_", "\x00", "\xed\xa0\x80", "line\r\nbreak", "_x005F_x0041_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows := [][]Cell{{Text(s)}, {Int(1), Text(s), Text(s + " ")}}
		heights := []float64{0, 15}
		if got, want := encodedXML(t, rows, heights), setRowXML(t, rows, heights); got != want {
			t.Errorf("text %q:\n got %q\nwant %q", s, got, want)
		}
	})
}

// savedCopy saves f (its styles st) with Save, as the renderers do, and opens what was written.
func savedCopy(t testing.TB, f *excelize.File, st *Styles) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "saved.xlsx")
	publish := func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := write(out); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}
	if err := Save(f, st, publish, path); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// A streamed table's rows go past excelize into a file of their own; saved, the workbook holds
// them in their sheets (split over parts too), each part's table over them, and the files are
// gone (unlinked from the start). A sink whose sheet is not in the saved workbook fails the save.
func TestStream_rowsSplicedOnSave(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := excelize.NewFile()
	st, err := NewStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	spec := &TableSpec{Sheet: "Sheet1", Table: "tblRows", Title: "Rows", Columns: []Column{{Header: "City", Width: 12}, {Header: "N", Width: 8}}}
	const n = 25
	rows := func(yield func([]Cell, error) bool) {
		for i := range n {
			if !yield([]Cell{Text(fmt.Sprintf("city & %d", i)), Int(int64(i))}, nil) {
				return
			}
		}
	}
	names, err := Stream{Spec: spec, Rows: n, PerSheet: 10}.Write(t.Context(), f, st, rows)
	if err != nil {
		t.Fatal(err)
	}
	// The rows' files are open and already unlinked (a killed run leaves none behind).
	if len(st.sinks) == 0 {
		t.Fatal("no file holds the streamed rows before the save")
	}
	for _, s := range st.sinks {
		if _, err := s.file.Stat(); err != nil || !s.unlinked {
			t.Errorf("sink file: %v, unlinked %v; want open and unlinked", err, s.unlinked)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("in the temporary folder before the save: %v", left)
	}
	g := savedCopy(t, f, st)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left after the save: %v", left)
	}
	i := 0
	for _, sheet := range names {
		got, err := g.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := g.GetTables(sheet)
		if err != nil || len(tables) != 1 {
			t.Fatalf("%s: tables %v, %v", sheet, tables, err)
		}
		data := got[spec.HeaderRow():]
		if want := fmt.Sprintf("A%d:B%d", spec.HeaderRow(), spec.HeaderRow()+len(data)); tables[0].Range != want {
			t.Errorf("%s: table over %s, want %s", sheet, tables[0].Range, want)
		}
		for _, r := range data {
			if want := []string{fmt.Sprintf("city & %d", i), fmt.Sprint(i)}; !slices.Equal(r, want) {
				t.Errorf("%s: row %v, want %v", sheet, r, want)
			}
			i++
		}
	}
	if i != n {
		t.Errorf("%d rows read back, want %d", i, n)
	}

	// A sink of another workbook has no marker in this one.
	other := excelize.NewFile()
	defer other.Close()
	sw, err := other.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	h := excelize.NewFile()
	hst, err := NewStyles(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hst.Sink(sw, 1); err != nil {
		t.Fatal(err)
	}
	err = Save(h, hst, func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		return write(io.Discard)
	}, "h.xlsx")
	if !errors.Is(err, errSinkNotFound) {
		t.Errorf("Save with a foreign sink: %v, want %v", err, errSinkNotFound)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left after a failed save: %v", left)
	}
}

// crc32Combine gives the CRC-32 of two runs of bytes joined, from theirs and the second's
// length, for lengths around the powers of two its squaring walks.
func TestCRC32Combine(t *testing.T) {
	data := make([]byte, 70_000)
	for i := range data {
		data[i] = byte(i*7 + i/251)
	}
	for _, cut := range []int{0, 1, 2, 3, 7, 8, 9, 63, 64, 65, 1000, 4096, 65_535, 65_536, 69_999, 70_000} {
		for _, end := range []int{cut, cut + 1, len(data)} {
			if end > len(data) {
				continue
			}
			a, b := data[:cut], data[cut:end]
			got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
			if want := crc32.ChecksumIEEE(data[:end]); got != want {
				t.Errorf("cut %d, end %d: %08x, want %08x", cut, end, got, want)
			}
		}
	}
}
