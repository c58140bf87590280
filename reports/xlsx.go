package reports

// Shared excelize helpers for every workbook gnlc writes (annual and delegation workbooks):
// typed cells, one style set per workbook, safe text, tables with frozen headers and fitted
// columns, normal and streamed sheets. Renderers build rows of cells and hand them to
// writeTable (small sheets, charts allowed) or streamTable (large sheets, bounded memory).

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// excelMaxRows is the number of rows a worksheet holds (Excel's limit, 2^20).
const excelMaxRows = 1_048_576

// Number formats. Built-in ids where Excel has one, so every spreadsheet program knows them.
const (
	numFmtInteger   = 1  // "0": years and ids, no thousands separator
	numFmtThousands = 3  // "#,##0"
	numFmtPercent   = 10 // "0.00%"
)

// Custom formats: ISO dates, unambiguous in every locale an analyst may have.
const (
	fmtDate     = "yyyy-mm-dd"
	fmtDateTime = "yyyy-mm-dd hh:mm:ss"
	fmtCoord    = "0.00000"
	// Changes carry their sign: "+69", "-3"; "+19.4%"; a change of a percentage in points.
	fmtChange        = "+#,##0;-#,##0;0"
	fmtChangePercent = "+0.0%;-0.0%;0.0%"
	fmtChangePoints  = `+0.0" points";-0.0" points";0.0" points"`
)

// cellKind says how a cell's value is stored and formatted.
type cellKind uint8

const (
	kindBlank     cellKind = iota // nothing written (unknown value)
	kindText                      // a string cell, never a formula
	kindInt                       // integer with thousands separators
	kindID                        // integer without separators: years, ids
	kindCoord                     // latitude/longitude, five decimals
	kindPercent                   // fraction 0..1 shown as a percentage
	kindDate                      // a real Excel date (serial number), ISO format
	kindDateTime                  // a real Excel date and time, ISO format
	kindChange                    // signed integer change with thousands separators
	kindChangePct                 // signed relative change, one decimal
	kindChangePts                 // signed change of a percentage, in points (−1.2 for 74.2% → 73.0%)
)

// cell is one typed value. Build cells with textCell, intCell, ... so that a value's kind,
// storage and number format always agree; the zero cell is blank.
type cell struct {
	kind cellKind
	s    string
	i    int64
	f    float64
	t    time.Time
	bold bool
	// right aligns a text cell to the right: a word ("n/a", "unknown") standing in a column of
	// numbers.
	right bool
}

// textCell is s as a string cell. Text is always stored as a string (shared or inline), never
// as a formula, so "=HYPERLINK(...)", "+1", "-2" or "@SUM(A1)" show as typed: see safeText.
func textCell(s string) cell { return cell{kind: kindText, s: s} }

// rightText is a text cell aligned right, for a word in a column of numbers.
func rightText(s string) cell { return cell{kind: kindText, s: s, right: true} }

// boldText is a text cell in bold (labels, totals).
func boldText(s string) cell { return cell{kind: kindText, s: s, bold: true} }

// intCell is n with thousands separators ("#,##0").
func intCell(n int64) cell { return cell{kind: kindInt, i: n} }

// optIntCell is a blank cell for nil (unknown is not zero).
func optIntCell(n *int64) cell {
	if n == nil {
		return cell{}
	}
	return intCell(*n)
}

// intOrText is n, or text ("not published", "unknown") when n is nil: in a column no chart
// reads, where a blank would have to be explained. The text is aligned with the numbers.
func intOrText(n *int64, text string) cell {
	if n == nil {
		return rightText(text)
	}
	return intCell(*n)
}

// idCell is a year or an identifier: an integer shown without separators.
func idCell(n int64) cell { return cell{kind: kindID, i: n} }

// yearCell is a year, blank for 0 (unknown).
func yearCell(y int) cell {
	if y == 0 {
		return cell{}
	}
	return idCell(int64(y))
}

// optYearCell is a year, blank when nil.
func optYearCell(y *int) cell {
	if y == nil {
		return cell{}
	}
	return idCell(int64(*y))
}

// coordCell is a latitude or longitude, blank when nil.
func coordCell(x *float64) cell {
	if x == nil {
		return cell{}
	}
	return cell{kind: kindCoord, f: *x}
}

// percentCell is a fraction (0.25) shown as a percentage (25.00%).
func percentCell(x float64) cell { return cell{kind: kindPercent, f: x} }

// percentOrText is x as a percentage, or text ("unknown") when x is nil, as intOrText.
func percentOrText(x *float64, text string) cell {
	if x == nil {
		return rightText(text)
	}
	return percentCell(*x)
}

// changeCell is a signed change between two counts ("+69").
func changeCell(n int64) cell { return cell{kind: kindChange, i: n} }

// changePointsCell is a signed change of a percentage in points (-1.2 shows as "-1.2 points").
func changePointsCell(points float64) cell { return cell{kind: kindChangePts, f: points} }

// changePercentCell is a signed relative change (0.194 shows as "+19.4%").
func changePercentCell(x float64) cell { return cell{kind: kindChangePct, f: x} }

// dateCell is a calendar date stored as an Excel date. The date is taken from t's own
// location (DuckDB DATEs arrive as UTC midnight), so no time zone shifts the day.
func dateCell(t time.Time) cell {
	y, m, d := t.Date()
	return cell{kind: kindDate, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// optDateCell is a date, blank when nil.
func optDateCell(t *time.Time) cell {
	if t == nil {
		return cell{}
	}
	return dateCell(*t)
}

// dateTimeCell is an instant stored as an Excel date and time in UTC (say so in the header).
func dateTimeCell(t time.Time) cell {
	u := t.UTC()
	return cell{kind: kindDateTime, t: time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, time.UTC)}
}

// yesNo is "yes" or "no", as text a filter lists.
func yesNo(b bool) cell {
	if b {
		return textCell("yes")
	}
	return textCell("no")
}

// optYesNo is "yes", "no", or text ("not published", "unknown") when b is nil: an answer that
// cannot be given is not "no".
func optYesNo(b *bool, text string) cell {
	if b == nil {
		return textCell(text)
	}
	return yesNo(*b)
}

// safeText writes s into sheet!ref as a string cell with style (0 for none). It goes
// through SetCellStr (a shared string), never SetCellValue or SetCellFormula, so a value
// such as "=HYPERLINK(...)" is stored as text and never evaluated. Use it (or a textCell
// through sheetWriter) for every piece of text that comes from data.
func safeText(f *excelize.File, sheet, ref, s string, style int) error {
	if err := f.SetCellStr(sheet, ref, s); err != nil {
		return fmt.Errorf("write text %s!%s: %w", sheet, ref, err)
	}
	if style != 0 {
		if err := f.SetCellStyle(sheet, ref, ref, style); err != nil {
			return fmt.Errorf("style %s!%s: %w", sheet, ref, err)
		}
	}
	return nil
}

// styles are the cell styles of one workbook; build them once per file with newStyles.
type styles struct {
	Title, Note, Header                  int
	Bold, Int, BoldInt, ID, Coord        int
	Percent, BoldPercent, Date, DateTime int
	Change, ChangePercent, ChangePoints  int
	RightText                            int
}

// newStyles registers gnlc's styles in f.
func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}}
	custom := func(s string) *string { return &s }
	var st styles
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.Title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F4E79"}}},
		{&st.Note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}}},
		{&st.Header, excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
			Border:    border,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		}},
		{&st.Bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.Int, excelize.Style{NumFmt: numFmtThousands}},
		{&st.BoldInt, excelize.Style{NumFmt: numFmtThousands, Font: &excelize.Font{Bold: true}}},
		{&st.ID, excelize.Style{NumFmt: numFmtInteger}},
		{&st.Coord, excelize.Style{CustomNumFmt: custom(fmtCoord)}},
		{&st.Percent, excelize.Style{NumFmt: numFmtPercent}},
		{&st.BoldPercent, excelize.Style{NumFmt: numFmtPercent, Font: &excelize.Font{Bold: true}}},
		{&st.Date, excelize.Style{CustomNumFmt: custom(fmtDate)}},
		{&st.DateTime, excelize.Style{CustomNumFmt: custom(fmtDateTime)}},
		{&st.Change, excelize.Style{CustomNumFmt: custom(fmtChange)}},
		{&st.ChangePercent, excelize.Style{CustomNumFmt: custom(fmtChangePercent)}},
		{&st.ChangePoints, excelize.Style{CustomNumFmt: custom(fmtChangePoints)}},
		{&st.RightText, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("create style: %w", err)
		}
		*d.dst = id
	}
	return &st, nil
}

// of returns the style for c.
func (st *styles) of(c cell) int {
	switch c.kind {
	case kindInt:
		if c.bold {
			return st.BoldInt
		}
		return st.Int
	case kindID:
		return st.ID
	case kindCoord:
		return st.Coord
	case kindPercent:
		if c.bold {
			return st.BoldPercent
		}
		return st.Percent
	case kindDate:
		return st.Date
	case kindDateTime:
		return st.DateTime
	case kindChange:
		return st.Change
	case kindChangePct:
		return st.ChangePercent
	case kindChangePts:
		return st.ChangePoints
	case kindText:
		if c.bold {
			return st.Bold
		}
		if c.right {
			return st.RightText
		}
	}
	return 0
}

// streamValue converts c for excelize's StreamWriter. Text stays a Go string with no Formula,
// which the StreamWriter stores as an inline string: never a formula.
func (st *styles) streamValue(c cell) any {
	var v any
	switch c.kind {
	case kindBlank:
		return nil
	case kindText:
		v = c.s
	case kindInt, kindID, kindChange:
		v = c.i
	case kindCoord, kindPercent, kindChangePct, kindChangePts:
		v = c.f
	case kindDate, kindDateTime:
		v = c.t
	}
	return excelize.Cell{StyleID: st.of(c), Value: v}
}

// displayWidth estimates how many characters c takes once formatted, to fit columns.
func displayWidth(c cell) int {
	switch c.kind {
	case kindText:
		w := 0
		for line := range strings.SplitSeq(c.s, "\n") {
			w = max(w, utf8.RuneCountInString(line))
		}
		return w
	case kindInt:
		n := len(strconv.FormatInt(c.i, 10))
		return n + (n-1)/3
	case kindID:
		return len(strconv.FormatInt(c.i, 10))
	case kindCoord:
		return len(strconv.FormatFloat(c.f, 'f', 5, 64))
	case kindPercent:
		return len(strconv.FormatFloat(c.f*100, 'f', 2, 64)) + 1
	case kindChange:
		n := len(strconv.FormatInt(max(c.i, -c.i), 10))
		return 1 + n + (n-1)/3
	case kindChangePct:
		return len(strconv.FormatFloat(c.f*100, 'f', 1, 64)) + 2
	case kindChangePts:
		return len(strconv.FormatFloat(c.f, 'f', 1, 64)) + len(" points") + 1
	case kindDate:
		return len(fmtDate)
	case kindDateTime:
		return len(fmtDateTime)
	}
	return 0
}

// Column widths in Excel's character units: fitted to content between these bounds.
const (
	minColWidth = 6
	maxColWidth = 60
)

// widths tracks the widest cell of each column (0-based) of a sheet.
type widths []int

func (w *widths) see(col int, c cell) {
	for len(*w) <= col {
		*w = append(*w, 0)
	}
	(*w)[col] = max((*w)[col], displayWidth(c))
}

// excelWidth is the column width for a content width: padding for the filter button.
func excelWidth(chars int) float64 {
	return float64(min(max(chars+3, minColWidth), maxColWidth))
}

// column is one column of a table.
type column struct {
	Header string
	// Width is a fixed width in characters, used when rows are too many to measure (streamed
	// sheets); 0 fits the column to its content.
	Width int
}

// maxMeasuredRows bounds the tables whose columns are fitted to their content (tableSpec.Measure):
// reading 100,000 compliance rows a second time takes about 0.2 s; 1,000,000 took 2 s.
const maxMeasuredRows = 100_000

// tableSpec describes one sheet holding one table under a title and notes.
type tableSpec struct {
	Sheet   string   // sheet name (the first one if the table is split)
	Table   string   // Excel table name: letters, digits and underscores, unique in the workbook
	Title   string   // row 1
	Notes   []string // rows 2.., in italics; keep them short, they overflow to the right
	Columns []column
	// Measure makes streamTable read the rows twice, first to fit the columns to their
	// content, when there are at most maxMeasuredRows of them; beyond that the fixed widths
	// hold, because a second pass over a streamed query costs as much as the first.
	Measure bool
}

// headerRow is the 1-based row of the table's header: after the title and notes.
func (t *tableSpec) headerRow() int { return 2 + len(t.Notes) }

// sheetWriter writes typed cells into one normal (not streamed) sheet and fits its columns.
// Use it for sheets small enough to keep in memory and for sheets that get charts.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	st    *styles
	w     widths
}

func newSheetWriter(f *excelize.File, st *styles, sheet string) *sheetWriter {
	return &sheetWriter{f: f, sheet: sheet, st: st}
}

// set writes c at (col, row), both 1-based, and counts it for the column's width.
func (sw *sheetWriter) set(col, row int, c cell) error {
	if c.kind == kindBlank {
		return nil
	}
	sw.w.see(col-1, c)
	return sw.put(col, row, c, sw.st.of(c))
}

// put writes c with a given style and does not count it for widths (titles, notes).
func (sw *sheetWriter) put(col, row int, c cell, style int) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Errorf("cell (%d, %d) of %s: %w", col, row, sw.sheet, err)
	}
	switch c.kind {
	case kindBlank:
		return nil
	case kindText:
		return safeText(sw.f, sw.sheet, ref, c.s, style)
	case kindInt, kindID, kindChange:
		err = sw.f.SetCellInt(sw.sheet, ref, c.i)
	case kindCoord, kindPercent, kindChangePct, kindChangePts:
		err = sw.f.SetCellFloat(sw.sheet, ref, c.f, -1, 64)
	case kindDate, kindDateTime:
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

// row writes cells from column col on row.
func (sw *sheetWriter) row(row, col int, cells ...cell) error {
	for i, c := range cells {
		if err := sw.set(col+i, row, c); err != nil {
			return err
		}
	}
	return nil
}

// title writes a sheet title at A1 and notes below it, none of them counted for widths.
func (sw *sheetWriter) title(title string, notes ...string) error {
	if err := sw.put(1, 1, textCell(title), sw.st.Title); err != nil {
		return err
	}
	for i, n := range notes {
		if err := sw.put(1, 2+i, textCell(n), sw.st.Note); err != nil {
			return err
		}
	}
	return nil
}

// header writes a styled header row from column col and counts it for widths.
func (sw *sheetWriter) header(row, col int, names ...string) error {
	for i, n := range names {
		sw.w.see(col+i-1, textCell(n))
		if err := sw.put(col+i, row, textCell(n), sw.st.Header); err != nil {
			return err
		}
	}
	return nil
}

// fit sets every used column's width from its widest cell.
func (sw *sheetWriter) fit() error {
	for i, chars := range sw.w {
		if chars == 0 {
			continue
		}
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := sw.f.SetColWidth(sw.sheet, name, name, excelWidth(chars)); err != nil {
			return fmt.Errorf("set width of %s!%s: %w", sw.sheet, name, err)
		}
	}
	return nil
}

// printLayout makes sheet print landscape, one page wide and as many pages long as it
// needs, repeating nothing. For a streamed sheet call it before NewStreamWriter, which
// writes the sheet properties when it is created.
func printLayout(f *excelize.File, sheet string) error {
	landscape, wide, long, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &long}); err != nil {
		return fmt.Errorf("page layout of %s: %w", sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("page layout of %s: %w", sheet, err)
	}
	return nil
}

// freezeBelow freezes the rows above row (the header and what is over it).
func freezeBelow(row int) *excelize.Panes {
	return &excelize.Panes{
		Freeze: true, YSplit: row - 1, TopLeftCell: "A" + strconv.Itoa(row), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A" + strconv.Itoa(row), ActiveCell: "A" + strconv.Itoa(row), Pane: "bottomLeft"}},
	}
}

// addTable makes an Excel table (styled, with filter buttons) of the header at (col, top) and
// n data rows. Excel tables need one data row at least, so an empty table keeps one blank row.
func addTable(f *excelize.File, sheet, name string, col, top, ncols, n int) error {
	ref, err := tableRange(col, top, ncols, n)
	if err != nil {
		return err
	}
	stripes := true
	if err := f.AddTable(sheet, &excelize.Table{Range: ref, Name: name, StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		return fmt.Errorf("add table %s to %s: %w", name, sheet, err)
	}
	return nil
}

func tableRange(col, top, ncols, n int) (string, error) {
	from, err := excelize.CoordinatesToCellName(col, top)
	if err != nil {
		return "", err
	}
	to, err := excelize.CoordinatesToCellName(col+ncols-1, top+max(n, 1))
	if err != nil {
		return "", err
	}
	return from + ":" + to, nil
}

// table writes an Excel table at (col, top): a styled header, the rows, filter buttons. It
// does not freeze panes or fit columns (writeTable and fit do).
func (sw *sheetWriter) table(name string, col, top int, headers []string, rows [][]cell) error {
	if err := sw.header(top, col, headers...); err != nil {
		return err
	}
	for i, r := range rows {
		if err := sw.row(top+1+i, col, r...); err != nil {
			return err
		}
	}
	return addTable(sw.f, sw.sheet, name, col, top, len(headers), len(rows))
}

// writeTable fills the sheet t.Sheet (which must exist) with the title, notes, a frozen
// styled header, the rows as an Excel table and fitted columns. It returns the sheetWriter so
// callers can add more (a second table, facts below) and call fit again.
func writeTable(f *excelize.File, st *styles, t *tableSpec, rows [][]cell) (*sheetWriter, error) {
	sw := newSheetWriter(f, st, t.Sheet)
	if err := sw.title(t.Title, t.Notes...); err != nil {
		return nil, err
	}
	top := t.headerRow()
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Header
		if c.Width > 0 {
			sw.w.see(i, cell{kind: kindText, s: strings.Repeat("x", c.Width)})
		}
	}
	if err := sw.table(t.Table, 1, top, names, rows); err != nil {
		return nil, err
	}
	if err := f.SetPanes(t.Sheet, freezeBelow(top+1)); err != nil {
		return nil, fmt.Errorf("freeze header of %s: %w", t.Sheet, err)
	}
	return sw, sw.fit()
}

// errTooManyRows is returned by streamTable when rows yields more than it announced.
var errTooManyRows = errors.New("more rows than announced")

// sheetPart names the k-th sheet (0-based) of a table split over several sheets:
// "Members", "Members (2)", "Members (3)"...
func sheetPart(base string, k int) string {
	if k == 0 {
		return base
	}
	return fmt.Sprintf("%s (%d)", base, k+1)
}

// streamTable writes a table of n rows with excelize's StreamWriter, so memory does not grow
// with n, splitting it over sheets of at most perSheet data rows ("Members", "Members (2)"...).
// Columns have fixed widths (t.Columns[i].Width) unless t.Measure fits them to the rows. The
// first sheet must exist; the others are created right after it. Each sheet's dimension is
// set before its rows, as readers that trust it (openpyxl read-only) otherwise see only A1.
// It returns the names of the sheets written. rows must yield exactly n rows; a reused
// []cell slice is fine.
func streamTable(ctx context.Context, f *excelize.File, st *styles, t *tableSpec, n int64, perSheet int64, rows iter.Seq2[[]cell, error]) ([]string, error) {
	if perSheet <= 0 {
		perSheet = int64(excelMaxRows - t.headerRow())
	}
	parts := max(1, int((n+perSheet-1)/perSheet))
	names := make([]string, parts)
	for k := range parts {
		names[k] = sheetPart(t.Sheet, k)
		if k > 0 {
			idx, err := f.NewSheet(names[k])
			if err != nil {
				return nil, fmt.Errorf("create sheet %s: %w", names[k], err)
			}
			// Keep the parts together, right after the first one.
			prev, err := f.GetSheetIndex(names[k-1])
			if err != nil {
				return nil, err
			}
			if idx != prev+1 {
				// MoveSheet puts a sheet before another: before the one after the previous part.
				if err := f.MoveSheet(names[k], f.GetSheetName(prev+1)); err != nil {
					return nil, fmt.Errorf("move sheet %s: %w", names[k], err)
				}
			}
		}
	}

	colWidth := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		colWidth[i] = max(c.Width, utf8.RuneCountInString(c.Header))
	}
	if t.Measure && n <= maxMeasuredRows {
		var w widths
		for r, err := range rows {
			if err != nil {
				return nil, err
			}
			for i, c := range r {
				w.see(i, c)
			}
		}
		for i := range colWidth {
			if i < len(w) {
				colWidth[i] = max(w[i], utf8.RuneCountInString(t.Columns[i].Header))
			}
		}
	}

	var (
		sw      *excelize.StreamWriter
		part    = -1
		row     int   // current sheet row
		inPart  int64 // data rows in the current part
		written int64
	)
	finish := func() error {
		if sw == nil {
			return nil
		}
		top := t.headerRow()
		ref, err := tableRange(1, top, len(t.Columns), int(inPart))
		if err != nil {
			return err
		}
		stripes := true
		name := t.Table
		if part > 0 {
			name = fmt.Sprintf("%s_%d", t.Table, part+1)
		}
		if inPart == 0 {
			// The table needs a data row: write a blank one so the range holds cells.
			if err := sw.SetRow("A"+strconv.Itoa(top+1), []any{nil}); err != nil {
				return err
			}
		}
		if err := sw.AddTable(&excelize.Table{Range: ref, Name: name, StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
			return fmt.Errorf("add table %s: %w", name, err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("flush sheet %s: %w", names[part], err)
		}
		return nil
	}
	start := func() error {
		part++
		sheet := names[part]
		inPart = 0
		rowsHere := min(perSheet, n-written)
		top := t.headerRow()
		last, err := excelize.CoordinatesToCellName(len(t.Columns), top+int(max(rowsHere, 1)))
		if err != nil {
			return err
		}
		// Before NewStreamWriter: it writes the dimension element when it is created.
		if err := f.SetSheetDimension(sheet, "A1:"+last); err != nil {
			return fmt.Errorf("set dimension of %s: %w", sheet, err)
		}
		if err := printLayout(f, sheet); err != nil {
			return err
		}
		if sw, err = f.NewStreamWriter(sheet); err != nil {
			return fmt.Errorf("stream sheet %s: %w", sheet, err)
		}
		for i, w := range colWidth {
			if err := sw.SetColWidth(i+1, i+1, excelWidth(w)); err != nil {
				return fmt.Errorf("set width on %s: %w", sheet, err)
			}
		}
		if err := sw.SetPanes(freezeBelow(top + 1)); err != nil {
			return fmt.Errorf("freeze header of %s: %w", sheet, err)
		}
		title := t.Title
		if parts > 1 {
			title = fmt.Sprintf("%s (part %d of %d)", t.Title, part+1, parts)
		}
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.Title, Value: title}}); err != nil {
			return err
		}
		for i, note := range t.Notes {
			if err := sw.SetRow("A"+strconv.Itoa(2+i), []any{excelize.Cell{StyleID: st.Note, Value: note}}); err != nil {
				return err
			}
		}
		hdr := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			hdr[i] = excelize.Cell{StyleID: st.Header, Value: c.Header}
		}
		if err := sw.SetRow("A"+strconv.Itoa(top), hdr); err != nil {
			return err
		}
		row = top
		return nil
	}

	if err := start(); err != nil {
		return nil, err
	}
	vals := make([]any, len(t.Columns))
	for r, err := range rows {
		if err != nil {
			return nil, err
		}
		if written == n {
			return nil, fmt.Errorf("sheet %s: %w (%d)", t.Sheet, errTooManyRows, n)
		}
		if written%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if inPart == perSheet {
			if err := finish(); err != nil {
				return nil, err
			}
			if err := start(); err != nil {
				return nil, err
			}
		}
		clear(vals)
		for i := range min(len(r), len(vals)) {
			vals[i] = st.streamValue(r[i])
		}
		row++
		if err := sw.SetRow("A"+strconv.Itoa(row), vals); err != nil {
			return nil, fmt.Errorf("write %s row %d: %w", names[part], row, err)
		}
		inPart++
		written++
	}
	if written != n {
		return nil, fmt.Errorf("sheet %s: %d rows announced, %d written", t.Sheet, n, written)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return names, nil
}

// sheetRef is an absolute reference to rows r1..r2 of column col on sheet, quoted for
// sheet names with spaces, for chart series.
func sheetRef(sheet string, col, r1, r2 int) string {
	name, _ := excelize.ColumnNumberToName(col)
	q := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	if r1 == r2 {
		return fmt.Sprintf("%s!$%s$%d", q, name, r1)
	}
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", q, name, r1, name, r2)
}
