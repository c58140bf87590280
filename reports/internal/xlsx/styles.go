package xlsx

import (
	"fmt"
	"sync"

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
	Title, Note, Header, HeaderRight, HeaderCenter int
	Text, Bold, Int, BoldInt, ID, Coord            int
	Percent, BoldPercent, Date, DateTime           int
	Change, ChangePercent, ChangePoints            int
	RightText, CenterText                          int
	LongDate, Share                                int // set by Localize (localized.go)
	// repeat is the rows each sheet repeats on every printed page: state of the workbook the
	// styles belong to, written by SetRepeatRows.
	repeat map[string]int
	// sinks are the streamed sheets' rows written past excelize, which Save splices in.
	sinks []*RowSink
	// mu serializes the calls into the workbook's excelize.File, which is not safe for
	// concurrent use, when streams fill their rows side by side (Locked).
	mu sync.Mutex
}

// Locked runs fn holding the workbook's lock: every call into excelize while a Stream of the
// same workbook writes on another goroutine.
func (st *Styles) Locked(fn func() error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return fn()
}

// font is the workbook's font, named in every style that sets one: a font with no name falls
// back to the reader's default, a serif in LibreOffice, wider than the columns were fitted for.
const font = "Calibri"

// NewStyles registers gnlc's styles in f. Data cells sit at the top of their row, so that a row
// whose long name wraps onto two lines still reads across; text wraps rather than being clipped
// by its neighbour.
func NewStyles(f *excelize.File) (*Styles, error) {
	border := []excelize.Border{{Type: "bottom", Color: "1F4E79", Style: 2}}
	custom := func(s string) *string { return &s }
	top := func(horizontal string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: horizontal, Vertical: "top"}
	}
	header := func(horizontal string) excelize.Style {
		return excelize.Style{
			Font:      &excelize.Font{Family: font, Size: 11, Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: horizontal, Vertical: "bottom", WrapText: true, Indent: indent(horizontal)},
		}
	}
	var st Styles
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.Title, excelize.Style{Font: &excelize.Font{Family: font, Bold: true, Size: 14, Color: "1F4E79"}}},
		{&st.Note, excelize.Style{Font: &excelize.Font{Family: font, Size: 11, Italic: true, Color: "404040"}}},
		{&st.Header, header("left")},
		{&st.HeaderRight, header("right")},
		{&st.HeaderCenter, header("center")},
		{&st.Text, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 1}}},
		{&st.Bold, excelize.Style{Font: &excelize.Font{Family: font, Size: 11, Bold: true}, Alignment: top("")}},
		{&st.Int, excelize.Style{NumFmt: numFmtThousands, Alignment: top("")}},
		{&st.BoldInt, excelize.Style{NumFmt: numFmtThousands, Font: &excelize.Font{Family: font, Size: 11, Bold: true}, Alignment: top("")}},
		{&st.ID, excelize.Style{NumFmt: numFmtInteger, Alignment: top("")}},
		{&st.Coord, excelize.Style{CustomNumFmt: custom(FmtCoord), Alignment: top("")}},
		{&st.Percent, excelize.Style{NumFmt: numFmtPercent, Alignment: top("")}},
		{&st.BoldPercent, excelize.Style{NumFmt: numFmtPercent, Font: &excelize.Font{Family: font, Size: 11, Bold: true}, Alignment: top("")}},
		{&st.Date, excelize.Style{CustomNumFmt: custom(FmtDate), Alignment: top("")}},
		{&st.DateTime, excelize.Style{CustomNumFmt: custom(FmtDateTime), Alignment: top("")}},
		{&st.Change, excelize.Style{CustomNumFmt: custom(fmtChange), Alignment: top("")}},
		{&st.ChangePercent, excelize.Style{CustomNumFmt: custom(fmtChangePercent), Alignment: top("")}},
		{&st.ChangePoints, excelize.Style{CustomNumFmt: custom(fmtChangePoints), Alignment: top("")}},
		{&st.RightText, excelize.Style{Alignment: top("right")}},
		{&st.CenterText, excelize.Style{Alignment: top("center")}},
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

// indent is one step of indent for left-aligned text, none otherwise: a word that starts a
// column never touches the number that ends the one before ("3no", "Rank Country").
func indent(horizontal string) int {
	if horizontal == "left" {
		return 1
	}
	return 0
}

// HeaderFor is the header style over a column aligned a: a header sits as its numbers do.
func (st *Styles) HeaderFor(a Align) int {
	switch a {
	case AlignRight:
		return st.HeaderRight
	case AlignCenter:
		return st.HeaderCenter
	}
	return st.Header
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
	case kindLongDate, kindShare:
		return st.localizedStyle(c)
	case kindText:
		if c.bold {
			return st.Bold
		}
		if c.right {
			return st.RightText
		}
		if c.center {
			return st.CenterText
		}
		return st.Text
	}
	return 0
}
