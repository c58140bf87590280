package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Column is one column of a table.
type Column struct {
	Header string
	// Width is a fixed width in characters, used when rows are too many to measure (streamed
	// sheets); 0 fits the column to its content.
	Width int
	// Align aligns the header with the column's cells; AlignAuto takes it from the cells.
	Align Align
}

// maxMeasuredRows bounds the tables whose columns are fitted to their content (TableSpec.Measure):
// reading 100,000 compliance rows a second time takes about 0.2 s; 1,000,000 took 2 s.
const maxMeasuredRows = 100_000

// TableSpec describes one sheet holding one table, under a title and notes when it has them.
// A table for machines (the annual workbook's data sheets) has neither: its header is row 1 and
// the title goes to the page header when printed (Page.Header) and to the workbook's notes.
type TableSpec struct {
	Sheet   string   // sheet name (the first one if the table is split)
	Table   string   // Excel table name: letters, digits and underscores, unique in the workbook
	Title   string   // row 1, when set
	Notes   []string // rows 2.., in italics; keep them short, they overflow to the right
	Columns []Column
	// Measure makes Stream.Write read the rows twice, first to fit the columns to their
	// content, when there are at most maxMeasuredRows of them; beyond that the fixed widths
	// hold, because a second pass over a streamed query costs as much as the first.
	Measure bool
	// Page is how the sheet prints; the rows down to the header repeat on every page.
	Page Page
}

// HeaderRow is the 1-based row of the table's header: 1, or after the title and notes.
func (t *TableSpec) HeaderRow() int {
	if t.Title == "" && len(t.Notes) == 0 {
		return 1
	}
	return 2 + len(t.Notes)
}

// headers are the columns' header texts.
func (t *TableSpec) headers() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Header
	}
	return names
}

// print sets the sheet's print layout, repeating everything down to the header on every page.
func (t *TableSpec) print(f *excelize.File, st *Styles, sheet string) error {
	st.RepeatRows(sheet, t.HeaderRow())
	return SetPrint(f, sheet, t.Page)
}

// SheetWriter writes typed cells into one normal (not streamed) sheet and fits its columns.
// Use it for sheets small enough to keep in memory and for sheets that get charts.
type SheetWriter struct {
	f      *excelize.File
	sheet  string
	st     *Styles
	w      Widths
	aligns Aligns // of the last table written
	// fitted are the widths WriteTable chose for its table's columns; Fit keeps them.
	fitted []float64
	// texts are the wrapping text cells of each row, whose height Fit sets.
	texts map[int][]textCell
	// after are the widths of cells written after WriteTable fitted its table (a label below
	// it): Fit widens a fitted column to hold them.
	after Widths
}

func NewSheetWriter(f *excelize.File, st *Styles, sheet string) *SheetWriter {
	return &SheetWriter{f: f, sheet: sheet, st: st}
}

// Set writes c at (col, row), both 1-based, and counts it for the column's width.
func (sw *SheetWriter) Set(col, row int, c Cell) error {
	if c.kind == kindBlank {
		return nil
	}
	sw.w.See(col-1, c)
	if sw.fitted != nil {
		sw.after.See(col-1, c)
	}
	if wraps(c) {
		sw.wrap(col, row, c.s)
	}
	return sw.Put(col, row, c, sw.st.Of(c))
}

// wrap records a wrapping text at (col, row), 1-based, for the row's height.
func (sw *SheetWriter) wrap(col, row int, s string) {
	if sw.texts == nil {
		sw.texts = map[int][]textCell{}
	}
	sw.texts[row] = append(sw.texts[row], textCell{col: col - 1, s: s})
}

// Widen counts c for the width of column col (1-based) without writing it: for a cell written
// with Put that should still fit its column.
func (sw *SheetWriter) Widen(col int, c Cell) { sw.w.See(col-1, c) }

// Put writes c with a given style and does not count it for widths (titles, notes).
func (sw *SheetWriter) Put(col, row int, c Cell, style int) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Errorf("cell (%d, %d) of %s: %w", col, row, sw.sheet, err)
	}
	switch c.kind {
	case kindBlank:
		return nil
	case kindText:
		return SafeText(sw.f, sw.sheet, ref, c.s, style)
	case kindInt, kindID, kindChange:
		err = sw.f.SetCellInt(sw.sheet, ref, c.i)
	case kindCoord, kindPercent, kindChangePct, kindChangePts, kindShare:
		err = sw.f.SetCellFloat(sw.sheet, ref, c.f, -1, 64)
	case kindDate, kindDateTime, kindLongDate:
		// time.Time is the only non-text type SetCellValue gets here: it stores a serial number.
		err = sw.f.SetCellValue(sw.sheet, ref, c.t)
	}
	if err != nil {
		return fmt.Errorf("write %s!%s: %w", sw.sheet, ref, err)
	}
	if style != 0 {
		if err := sw.f.SetCellStyle(sw.sheet, ref, ref, style); err != nil {
			return fmt.Errorf("style %s!%s: %w", sw.sheet, ref, err)
		}
	}
	return nil
}

// Row writes cells from column col on row.
func (sw *SheetWriter) Row(row, col int, cells ...Cell) error {
	for i, c := range cells {
		if err := sw.Set(col+i, row, c); err != nil {
			return err
		}
	}
	return nil
}

// Title writes a sheet title at A1 and notes below it, none of them counted for widths.
func (sw *SheetWriter) Title(title string, notes ...string) error {
	if err := sw.Put(1, 1, Text(title), sw.st.Title); err != nil {
		return err
	}
	for i, n := range notes {
		if err := sw.Put(1, 2+i, Text(n), sw.st.Note); err != nil {
			return err
		}
	}
	return nil
}

// Fit sets every used column's width from its widest cell, or to the width WriteTable fitted
// its table's column to, then the height of every row whose text wraps.
func (sw *SheetWriter) Fit() error {
	width := func(i int) float64 {
		if i < len(sw.fitted) && sw.fitted[i] > 0 {
			if i < len(sw.after) && sw.after[i] > 0 {
				return max(sw.fitted[i], ExcelWidth(sw.after[i]))
			}
			return sw.fitted[i]
		}
		if i < len(sw.w) {
			return ExcelWidth(sw.w[i])
		}
		return 0
	}
	for i, chars := range sw.w {
		if width(i) == 0 || chars == 0 && (i >= len(sw.fitted) || sw.fitted[i] == 0) {
			continue
		}
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := sw.f.SetColWidth(sw.sheet, name, name, width(i)); err != nil {
			return fmt.Errorf("set width of %s!%s: %w", sw.sheet, name, err)
		}
	}
	return sw.fitRows(width)
}

// fitRows sets the height of each row whose wrapping text takes more than one line in columns
// as wide as width says.
func (sw *SheetWriter) fitRows(width func(col int) float64) error {
	for row, texts := range sw.texts {
		h := rowHeight(texts, width)
		if h == 0 {
			continue
		}
		if err := sw.f.SetRowHeight(sw.sheet, row, h); err != nil {
			return fmt.Errorf("set height of %s row %d: %w", sw.sheet, row, err)
		}
	}
	return nil
}

// SetWidth sets column col (1-based) to width, for a sheet laid out by hand; Fit keeps it.
func (sw *SheetWriter) SetWidth(col int, width float64) {
	for len(sw.fitted) < col {
		sw.fitted = append(sw.fitted, 0)
	}
	sw.fitted[col-1] = width
	for len(sw.w) < col {
		sw.w = append(sw.w, 0)
	}
}

// FreezeBelow freezes the rows above row (the header and what is over it).
func FreezeBelow(row int) *excelize.Panes {
	return &excelize.Panes{
		Freeze: true, YSplit: row - 1, TopLeftCell: "A" + strconv.Itoa(row), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A" + strconv.Itoa(row), ActiveCell: "A" + strconv.Itoa(row), Pane: "bottomLeft"}},
	}
}

// TableRef places an Excel table on a sheet: its name, the top-left cell of its header
// (Col, Top, both 1-based), and how many columns and data rows it has.
type TableRef struct {
	Name           string
	Col, Top       int
	Cols, DataRows int
}

// Range is the table's cell range, header included. Excel tables need one data row at least,
// so an empty table keeps one blank row.
func (t TableRef) Range() (string, error) {
	from, err := excelize.CoordinatesToCellName(t.Col, t.Top)
	if err != nil {
		return "", err
	}
	to, err := excelize.CoordinatesToCellName(t.Col+t.Cols-1, t.Top+max(t.DataRows, 1))
	if err != nil {
		return "", err
	}
	return from + ":" + to, nil
}

// AddTable makes t an Excel table of sheet, styled, with filter buttons.
func AddTable(f *excelize.File, sheet string, t TableRef) error {
	ref, err := t.Range()
	if err != nil {
		return err
	}
	stripes := true
	if err := f.AddTable(sheet, &excelize.Table{Range: ref, Name: t.Name, StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		return fmt.Errorf("add table %s to %s: %w", t.Name, sheet, err)
	}
	return nil
}

// Table writes an Excel table at (col, top): the rows, a header aligned as each column's cells
// are, filter buttons. It does not freeze panes or fit columns (WriteTable and Fit do).
func (sw *SheetWriter) Table(name string, col, top int, headers []string, rows [][]Cell) error {
	var aligns Aligns
	for i, r := range rows {
		for j, c := range r {
			aligns.See(j, c)
		}
		if err := sw.Row(top+1+i, col, r...); err != nil {
			return err
		}
	}
	// A header wraps onto up to three lines (FitColumns): it counts for the row's height, not
	// for its column's width.
	for i, h := range headers {
		sw.wrap(col+i, top, h)
		if err := sw.Put(col+i, top, Text(h), sw.st.HeaderFor(aligns.At(i))); err != nil {
			return err
		}
	}
	sw.aligns = append(sw.aligns[:0], aligns...)
	return AddTable(sw.f, sw.sheet, TableRef{Name: name, Col: col, Top: top, Cols: len(headers), DataRows: len(rows)})
}

// WriteTable fills the sheet t.Sheet (which must exist) with the title and notes if any, a
// frozen styled header, the rows as an Excel table, columns fitted to an A4 landscape page, and
// the print layout. It returns the SheetWriter so callers can add more (a second table) and
// call Fit, which keeps the table's widths.
func WriteTable(f *excelize.File, st *Styles, t *TableSpec, rows [][]Cell) (*SheetWriter, error) {
	sw := NewSheetWriter(f, st, t.Sheet)
	if t.Title != "" {
		if err := sw.Title(t.Title, t.Notes...); err != nil {
			return nil, err
		}
	}
	top := t.HeaderRow()
	for i, c := range t.Columns {
		if c.Width > 0 {
			sw.w.See(i, Cell{kind: kindText, s: strings.Repeat("x", c.Width)})
		}
	}
	if err := sw.Table(t.Table, 1, top, t.headers(), rows); err != nil {
		return nil, err
	}
	if err := f.SetPanes(t.Sheet, FreezeBelow(top+1)); err != nil {
		return nil, fmt.Errorf("freeze header of %s: %w", t.Sheet, err)
	}
	sw.fitted = FitColumns(sw.w, t.headers(), sw.aligns)
	if err := SetDimension(f, t.Sheet, len(t.Columns), top+max(len(rows), 1)); err != nil {
		return nil, err
	}
	if err := t.print(f, st, t.Sheet); err != nil {
		return nil, err
	}
	return sw, sw.Fit()
}

// SheetRef is an absolute reference to rows r1..r2 of column col on sheet, quoted for
// sheet names with spaces, for chart series.
func SheetRef(sheet string, col, r1, r2 int) string {
	name, _ := excelize.ColumnNumberToName(col)
	q := quoteSheet(sheet)
	if r1 == r2 {
		return fmt.Sprintf("%s!$%s$%d", q, name, r1)
	}
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", q, name, r1, name, r2)
}

// SetDimension records A1 to (lastCol, lastRow) as the sheet's used range. excelize leaves it at
// A1 on every sheet it writes, normal or streamed; readers that trust it (openpyxl read-only)
// then see the first cell only. For a streamed sheet, call it before NewStreamWriter, which
// writes the dimension element when it starts.
func SetDimension(f *excelize.File, sheet string, lastCol, lastRow int) error {
	last, err := excelize.CoordinatesToCellName(max(lastCol, 1), max(lastRow, 1))
	if err != nil {
		return fmt.Errorf("dimension of %s: %w", sheet, err)
	}
	if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return fmt.Errorf("set dimension of %s: %w", sheet, err)
	}
	return nil
}
