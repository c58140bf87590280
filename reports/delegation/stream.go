package delegation

// Streamed sheets of a delegation workbook. A sheet drawn with excelize's normal API holds every
// cell in memory until the file is saved (a few KB per member city over Members and Obligations),
// so the sheets with a row per member city are streamed: excelize's StreamWriter holds the
// sheet's frame (widths, panes, dimension), and every row goes to an xlsx.RowSink, a temporary
// file spliced into the sheet when the workbook is saved. Memory no longer grows with the
// country.
//
// A stream takes rows in ascending order only, and its column widths, frozen panes, dimension
// and tables must be known before the first row. So a streamed sheet is drawn by a function that
// runs twice: first to measure (column widths fitted as xlsx.SheetWriter.Fit does, the used range,
// the tables), then to write. Cells keep the styles the normal API gives them; text goes in as an
// inline string without a formula: never a formula (see xlsx.SafeText).

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"gnlc/reports/internal/xlsx"
)

// streamCell is one cell of a streamed sheet: its value, its style, and whether it counts for
// its column's width (titles and notes do not: they overflow to the right).
type streamCell struct {
	c     xlsx.Cell
	style int
	fit   bool
}

// own is c with the style of its kind, counted for widths, as xlsx.SheetWriter.Set writes it.
func (d *delegationDraw) own(c xlsx.Cell) streamCell {
	return streamCell{c: c, style: d.st.Of(c), fit: true}
}

// loose is text with a style, not counted for widths, as xlsx.SheetWriter.Put writes titles and notes.
func loose(s string, style int) streamCell { return streamCell{c: xlsx.Text(s), style: style} }

// streamTableSpec is an Excel table of a streamed sheet: its header at (A, top), n data rows.
type streamTableSpec struct {
	name    string
	top     int
	headers []string
	n       int
}

// sheetPass is one run of a streamed sheet's drawing: measuring (sw is nil) or writing.
type sheetPass struct {
	d     *delegationDraw
	sheet string
	sink  *xlsx.RowSink // every row of the sheet, past excelize; nil while measuring

	// Measured: the widest cell of each column, the used range, the tables, and how each
	// table's columns are aligned (by header row), so that a header sits over its column as
	// xlsx.WriteTable puts it: right over numbers and dates.
	w                xlsx.Widths
	lastRow, lastCol int
	tables           []streamTableSpec
	aligns           map[int]xlsx.Aligns
	open             int // while measuring, the header row of the table whose rows come; 0 outside one

	vals   []xlsx.Cell // reused for every row written
	styles []int
}

// row puts cells on row r from column A; rows must come in ascending order. A blank cell is
// skipped, as xlsx.SheetWriter does.
func (p *sheetPass) row(r int, cells ...streamCell) error {
	if p.sink == nil {
		for i, c := range cells {
			if c.c.Blank() {
				continue
			}
			if c.fit {
				p.w.See(i, c.c)
			}
			if p.open > 0 && r > p.open {
				a := p.aligns[p.open]
				a.See(i, c.c)
				p.aligns[p.open] = a
			}
			p.lastRow, p.lastCol = max(p.lastRow, r), max(p.lastCol, i+1)
		}
		return nil
	}
	p.vals, p.styles = p.vals[:0], p.styles[:0]
	for _, c := range cells {
		p.vals = append(p.vals, c.c)
		p.styles = append(p.styles, c.style)
	}
	if err := p.sink.Row(r, p.vals, p.styles, 0); err != nil {
		return fmt.Errorf("write %s row %d: %w", p.sheet, r, err)
	}
	return nil
}

// header puts a styled header row, counted for widths, from column A, each header aligned as
// the cells measured below it are.
func (p *sheetPass) header(r int, names []string) error {
	if p.sink == nil {
		p.open = r
		if p.aligns == nil {
			p.aligns = map[int]xlsx.Aligns{}
		}
	}
	cells := make([]streamCell, len(names))
	for i, n := range names {
		cells[i] = streamCell{c: xlsx.Text(n), style: p.d.st.HeaderFor(p.aligns[r].At(i)), fit: true}
	}
	return p.row(r, cells...)
}

// table makes the header at (A, top) and the n rows below it an Excel table, styled with filter
// buttons, as xlsx.AddTable does on a normal sheet (an empty table keeps one blank row).
func (p *sheetPass) table(name string, top int, headers []string, n int) {
	if p.sink == nil {
		p.open = 0
		p.tables = append(p.tables, streamTableSpec{name: name, top: top, headers: headers, n: n})
		p.lastRow, p.lastCol = max(p.lastRow, top+max(n, 1)), max(p.lastCol, len(headers))
	}
}

// streamSheet draws sheet with excelize's StreamWriter: draw runs twice, first to measure, then
// to write, and must put the same rows both times. freeze, when above 1, freezes the rows above
// it.
func (d *delegationDraw) streamSheet(sheet string, freeze int, draw func(*sheetPass) error) error {
	m := &sheetPass{d: d, sheet: sheet}
	if err := draw(m); err != nil {
		return err
	}

	// Tables are declared on the sheet before it streams, with their header cells (excelize names
	// a table's columns after them): the stream keeps the sheet's table parts, however many,
	// while its own AddTable holds one table per sheet and Obligations has two. The cells written
	// here are dropped: the stream writes the sheet's rows anew. (The stream spells the parts'
	// r:id with a declared "relationships" prefix: the same XML, which LibreOffice, openpyxl and
	// excelize read.)
	for _, t := range m.tables {
		for i, h := range t.headers {
			ref, err := excelize.CoordinatesToCellName(1+i, t.top)
			if err != nil {
				return err
			}
			if err := xlsx.SafeText(d.f, sheet, ref, h, 0); err != nil {
				return err
			}
		}
		if err := xlsx.AddTable(d.f, sheet, xlsx.TableRef{Name: t.name, Col: 1, Top: t.top, Cols: len(t.headers), DataRows: t.n}); err != nil {
			return err
		}
	}
	// Before NewStreamWriter, which writes the dimension element when it starts: left alone, the
	// sheet says it holds A1 only, and readers that trust it (openpyxl read-only) show nothing
	// else.
	if err := xlsx.SetDimension(d.f, sheet, m.lastCol, m.lastRow); err != nil {
		return err
	}
	sw, err := d.f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("stream sheet %s: %w", sheet, err)
	}
	for i, chars := range m.w {
		if chars == 0 {
			continue
		}
		if err := sw.SetColWidth(i+1, i+1, xlsx.ExcelWidth(chars)); err != nil {
			return fmt.Errorf("set width on %s: %w", sheet, err)
		}
	}
	if freeze > 1 {
		if err := sw.SetPanes(xlsx.FreezeBelow(freeze)); err != nil {
			return fmt.Errorf("freeze header of %s: %w", sheet, err)
		}
		// What stays on screen prints on every page too: the title and the table's header.
		d.st.RepeatRows(sheet, freeze-1)
	}
	// Every row goes past excelize (xlsx.RowSink), from row 1; the stream keeps the frame.
	sink, err := d.st.Sink(sw, 1)
	if err != nil {
		return fmt.Errorf("stream sheet %s: %w", sheet, err)
	}
	if err := draw(&sheetPass{d: d, sheet: sheet, sink: sink, aligns: m.aligns}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("flush sheet %s: %w", sheet, err)
	}
	return nil
}
