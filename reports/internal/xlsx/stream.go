package xlsx

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// ErrTooManyRows is returned by Stream.Write when rows yields more than the stream announced.
var ErrTooManyRows = errors.New("more rows than announced")

// sheetPart names the k-th sheet (0-based) of a table split over several sheets:
// "Members", "Members (2)", "Members (3)"...
func sheetPart(base string, k int) string {
	if k == 0 {
		return base
	}
	return fmt.Sprintf("%s (%d)", base, k+1)
}

// Stream is a table too large to hold in memory: Write gives each sheet's frame (title, notes,
// header, table) to excelize's StreamWriter and its rows to a RowSink, so memory does not grow
// with the rows, splitting them over sheets of at most
// PerSheet data rows ("Members", "Members (2)"...). Columns have fixed widths
// (Spec.Columns[i].Width) unless Spec.Measure fits them to the rows. Each sheet's dimension is
// set before its rows, as readers that trust it (openpyxl read-only) otherwise see only A1.
type Stream struct {
	Spec *TableSpec
	// Rows is the number of data rows, known beforehand: a streamed sheet declares its
	// dimension before its rows. Write fails when rows yields another number.
	Rows int64
	// PerSheet bounds the data rows of one sheet; 0 means as many as a worksheet holds.
	PerSheet int64
}

// streamRun is the state of one Stream.Write: the sheet being written and the counts so far.
type streamRun struct {
	Stream
	f        *excelize.File
	st       *Styles
	names    []string  // the sheets, in order
	colWidth []float64 // Excel widths, fitted to the page
	aligns   Aligns    // the columns', from Spec.Columns or the measured cells
	sw       *excelize.StreamWriter
	sink     *RowSink   // the current sheet's data rows, past excelize (Styles.Sink)
	part     int        // index in names of the sheet being written; -1 before the first
	row      int        // the current sheet's last row written
	inPart   int64      // data rows in the current sheet
	written  int64      // data rows in all
	styles   []int      // the row's cells' styles, reused
	texts    []textCell // the row's wrapping texts, reused
}

// Write writes the table into f with the styles st, and returns the names of the sheets
// written. It calls into excelize holding st's lock (Styles.Locked) and writes the rows without
// it, so two tables of one workbook may stream side by side while other sheets are drawn under
// the lock. The sheet Spec.Sheet must exist; the other parts are created right after it. rows
// must yield exactly s.Rows rows; a reused []Cell slice is fine. When Spec.Measure is set and
// there are at most maxMeasuredRows rows, rows is read twice (first to fit the columns).
// ctx is checked every 4,096 rows.
func (s Stream) Write(ctx context.Context, f *excelize.File, st *Styles, rows iter.Seq2[[]Cell, error]) ([]string, error) {
	if s.PerSheet <= 0 {
		s.PerSheet = int64(maxRows - s.Spec.HeaderRow())
	}
	r := &streamRun{Stream: s, f: f, st: st, part: -1}
	if err := st.Locked(r.createSheets); err != nil {
		return nil, err
	}
	if err := r.measure(rows); err != nil {
		return nil, err
	}
	if err := st.Locked(r.start); err != nil {
		return nil, err
	}
	for cells, err := range rows {
		if err != nil {
			return nil, err
		}
		if err := r.put(ctx, cells); err != nil {
			return nil, err
		}
	}
	if r.written != s.Rows {
		return nil, fmt.Errorf("sheet %s: %d rows announced, %d written", s.Spec.Sheet, s.Rows, r.written)
	}
	if err := st.Locked(r.finish); err != nil {
		return nil, err
	}
	return r.names, nil
}

// parts is the number of sheets the table takes: one at least.
func (r *streamRun) parts() int {
	return max(1, int((r.Rows+r.PerSheet-1)/r.PerSheet))
}

// createSheets names every part and creates all but the first, keeping them together right
// after the first one.
func (r *streamRun) createSheets() error {
	r.names = make([]string, r.parts())
	for k := range r.names {
		r.names[k] = sheetPart(r.Spec.Sheet, k)
		if k == 0 {
			continue
		}
		idx, err := r.f.NewSheet(r.names[k])
		if err != nil {
			return fmt.Errorf("create sheet %s: %w", r.names[k], err)
		}
		prev, err := r.f.GetSheetIndex(r.names[k-1])
		if err != nil {
			return err
		}
		if idx != prev+1 {
			// MoveSheet puts a sheet before another: before the one after the previous part.
			if err := r.f.MoveSheet(r.names[k], r.f.GetSheetName(prev+1)); err != nil {
				return fmt.Errorf("move sheet %s: %w", r.names[k], err)
			}
		}
	}
	return nil
}

// measure sets the column widths and alignments: each column's fixed width or its header,
// or, when Spec.Measure is set and the rows are few enough to read twice, the widest cell; then
// fitted to the page (FitColumns).
func (r *streamRun) measure(rows iter.Seq2[[]Cell, error]) error {
	cols := r.Spec.Columns
	chars := make([]int, len(cols))
	r.aligns = make(Aligns, len(cols))
	for i, c := range cols {
		chars[i] = c.Width
		r.aligns[i] = c.Align
	}
	if r.Spec.Measure && r.Rows <= maxMeasuredRows {
		var w Widths
		var seen Aligns
		for cells, err := range rows {
			if err != nil {
				return err
			}
			for i, c := range cells {
				w.See(i, c)
				seen.See(i, c)
			}
		}
		for i := range chars {
			if i < len(w) {
				chars[i] = w[i]
			}
			if r.aligns[i] == AlignAuto {
				r.aligns[i] = seen.At(i)
			}
		}
	}
	r.colWidth = FitColumns(chars, r.Spec.headers(), r.aligns)
	return nil
}

// put writes one data row, moving to the next sheet when the current one is full.
func (r *streamRun) put(ctx context.Context, cells []Cell) error {
	if r.written == r.Rows {
		return fmt.Errorf("sheet %s: %w (%d)", r.Spec.Sheet, ErrTooManyRows, r.Rows)
	}
	if r.written%4096 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if r.inPart == r.PerSheet {
		if err := r.st.Locked(func() error {
			if err := r.finish(); err != nil {
				return err
			}
			return r.start()
		}); err != nil {
			return err
		}
	}
	cells = cells[:min(len(cells), len(r.Spec.Columns))]
	r.styles = r.styles[:0]
	r.texts = r.texts[:0]
	for i, c := range cells {
		r.styles = append(r.styles, r.st.Of(c))
		if wraps(c) && len(c.s) > minFitWidth {
			r.texts = append(r.texts, textCell{col: i, s: c.s})
		}
	}
	r.row++
	if err := r.sink.Row(r.row, cells, r.styles, r.height().Height); err != nil {
		return fmt.Errorf("write %s row %d: %w", r.names[r.part], r.row, err)
	}
	r.inPart++
	r.written++
	return nil
}

// start opens the next sheet: its dimension, print layout, column widths, frozen header,
// title, notes and header row.
func (r *streamRun) start() error {
	r.part++
	sheet := r.names[r.part]
	r.inPart = 0
	top := r.Spec.HeaderRow()
	last, err := excelize.CoordinatesToCellName(len(r.Spec.Columns), top+int(max(min(r.PerSheet, r.Rows-r.written), 1)))
	if err != nil {
		return err
	}
	// Before NewStreamWriter: it writes the dimension element when it is created.
	if err := r.f.SetSheetDimension(sheet, "A1:"+last); err != nil {
		return fmt.Errorf("set dimension of %s: %w", sheet, err)
	}
	spec := *r.Spec
	if n := len(r.names); n > 1 && spec.Page.Header != "" {
		spec.Page.Header = fmt.Sprintf("%s (part %d of %d)", spec.Page.Header, r.part+1, n)
	}
	if err := spec.print(r.f, r.st, sheet); err != nil {
		return err
	}
	if r.sw, err = r.f.NewStreamWriter(sheet); err != nil {
		return fmt.Errorf("stream sheet %s: %w", sheet, err)
	}
	for i, w := range r.colWidth {
		if err := r.sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("set width on %s: %w", sheet, err)
		}
	}
	if err := r.sw.SetPanes(FreezeBelow(top + 1)); err != nil {
		return fmt.Errorf("freeze header of %s: %w", sheet, err)
	}
	return r.heading()
}

// heading writes the current sheet's title ("(part 2 of 3)" when split), notes and header.
func (r *streamRun) heading() error {
	t := r.Spec
	if t.Title != "" {
		title := t.Title
		if n := len(r.names); n > 1 {
			title = fmt.Sprintf("%s (part %d of %d)", t.Title, r.part+1, n)
		}
		if err := r.sw.SetRow("A1", []any{excelize.Cell{StyleID: r.st.Title, Value: title}}); err != nil {
			return err
		}
	}
	for i, note := range t.Notes {
		if err := r.sw.SetRow("A"+strconv.Itoa(2+i), []any{excelize.Cell{StyleID: r.st.Note, Value: note}}); err != nil {
			return err
		}
	}
	hdr := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		hdr[i] = excelize.Cell{StyleID: r.st.HeaderFor(r.aligns.At(i)), Value: c.Header}
	}
	r.texts = r.texts[:0]
	for i, c := range t.Columns {
		r.texts = append(r.texts, textCell{col: i, s: c.Header})
	}
	top := t.HeaderRow()
	if err := r.sw.SetRow("A"+strconv.Itoa(top), hdr, r.height()); err != nil {
		return err
	}
	r.row = top
	// The data rows go past excelize, from the row below the header.
	var err error
	r.sink, err = r.st.Sink(r.sw, top+1)
	return err
}

// height is the row option for r.texts: the height they need in the columns, if more than one
// line.
func (r *streamRun) height() excelize.RowOpts {
	return excelize.RowOpts{Height: rowHeight(r.texts, func(col int) float64 { return r.colWidth[col] })}
}

// finish makes the current sheet's rows an Excel table ("Members_2" on the second part) and
// flushes the sheet.
func (r *streamRun) finish() error {
	top := r.Spec.HeaderRow()
	name := r.Spec.Table
	if r.part > 0 {
		name = fmt.Sprintf("%s_%d", r.Spec.Table, r.part+1)
	}
	ref, err := TableRef{Name: name, Col: 1, Top: top, Cols: len(r.Spec.Columns), DataRows: int(r.inPart)}.Range()
	if err != nil {
		return err
	}
	if r.inPart == 0 {
		// The table needs a data row: write a blank one so the range holds cells.
		if err := r.sink.Row(top+1, nil, nil, 0); err != nil {
			return err
		}
	}
	stripes := true
	if err := r.sw.AddTable(&excelize.Table{Range: ref, Name: name, StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		return fmt.Errorf("add table %s: %w", name, err)
	}
	if err := r.sw.Flush(); err != nil {
		return fmt.Errorf("flush sheet %s: %w", r.names[r.part], err)
	}
	return nil
}
