package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// maxRows is the number of rows a worksheet holds (Excel's limit, 2^20).
const maxRows = 1_048_576

// Number formats. Built-in ids where Excel has one, so every spreadsheet program knows them.
const (
	numFmtInteger   = 1  // "0": years and ids, no thousands separator
	numFmtThousands = 3  // "#,##0"
	numFmtPercent   = 10 // "0.00%"
)

// Custom formats: ISO dates, unambiguous in every locale an analyst may have.
const (
	FmtDate     = "yyyy-mm-dd"
	FmtDateTime = "yyyy-mm-dd hh:mm:ss"
	FmtCoord    = "0.00000"
	// Changes carry their sign: "+69", "-3"; "+19.4%"; a change of a percentage in points.
	fmtChange        = "+#,##0;-#,##0;0"
	fmtChangePercent = "+0.0%;-0.0%;0.0%"
	fmtChangePoints  = `+0.0" points";-0.0" points";0.0" points"`
)

// SafeText writes s into sheet!ref as a string cell with style (0 for none). It goes
// through SetCellStr (a shared string), never SetCellValue or SetCellFormula, so a value
// such as "=HYPERLINK(...)" is stored as text and never evaluated. Use it (or a Text
// through SheetWriter) for every piece of text that comes from data.
func SafeText(f *excelize.File, sheet, ref, s string, style int) error {
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

// Styles are the cell styles of one workbook; build them once per file with NewStyles.
type Styles struct {
	Title, Note, Header                  int
	Bold, Int, BoldInt, ID, Coord        int
	Percent, BoldPercent, Date, DateTime int
	Change, ChangePercent, ChangePoints  int
	RightText                            int
}

// NewStyles registers gnlc's styles in f.
func NewStyles(f *excelize.File) (*Styles, error) {
	border := []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}}
	custom := func(s string) *string { return &s }
	var st Styles
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
		{&st.Coord, excelize.Style{CustomNumFmt: custom(FmtCoord)}},
		{&st.Percent, excelize.Style{NumFmt: numFmtPercent}},
		{&st.BoldPercent, excelize.Style{NumFmt: numFmtPercent, Font: &excelize.Font{Bold: true}}},
		{&st.Date, excelize.Style{CustomNumFmt: custom(FmtDate)}},
		{&st.DateTime, excelize.Style{CustomNumFmt: custom(FmtDateTime)}},
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

// Of returns the style for c.
func (st *Styles) Of(c Cell) int {
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

// StreamValue converts c for excelize's StreamWriter. Text stays a Go string with no Formula,
// which the StreamWriter stores as an inline string: never a formula.
func (st *Styles) StreamValue(c Cell) any {
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
	return excelize.Cell{StyleID: st.Of(c), Value: v}
}
