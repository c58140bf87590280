// Package xlsx holds the excelize helpers every workbook of gnlc shares (the annual workbook and
// the delegation workbooks): typed cells, one style set per workbook, text that is never a
// formula, tables with frozen headers and fitted columns, normal and streamed sheets, and saving
// through a publish function. Renderers build rows of cells and hand them to WriteTable (small
// sheets, charts allowed) or a Stream (large sheets, bounded memory).
package xlsx

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
	kindLongDate                  // a real Excel date in the workbook language's long format (localized.go)
	kindShare                     // fraction 0..1 shown as a percentage, one decimal (localized.go)
)

// Cell is one typed value. Build cells with Text, Int, ... so that a value's kind,
// storage and number format always agree; the zero cell is blank.
type Cell struct {
	kind cellKind
	s    string
	i    int64
	f    float64
	t    time.Time
	bold bool
	// right aligns a text cell to the right: a word ("n/a", "unknown") standing in a column of
	// numbers.
	right bool
	// center centres a short word that stands for a state ("yes", "no", "active"), so that it
	// never touches the number beside it.
	center bool
}

// Bold is c in bold: a total.
func (c Cell) Bold() Cell {
	c.bold = true
	return c
}

// Blank reports whether c is the zero cell, which writes nothing (an unknown value).
func (c Cell) Blank() bool { return c.kind == kindBlank }

// Text is s as a string cell. Text is always stored as a string (shared or inline), never
// as a formula, so "=HYPERLINK(...)", "+1", "-2" or "@SUM(A1)" show as typed: see SafeText.
func Text(s string) Cell { return Cell{kind: kindText, s: s} }

// RightText is a text cell aligned right, for a word in a column of numbers.
func RightText(s string) Cell { return Cell{kind: kindText, s: s, right: true} }

// Centered is a text cell centred in its column: a state ("active", "within the limit").
func Centered(s string) Cell { return Cell{kind: kindText, s: s, center: true} }

// BoldText is a text cell in bold (labels, totals).
func BoldText(s string) Cell { return Cell{kind: kindText, s: s, bold: true} }

// Int is n with thousands separators ("#,##0").
func Int(n int64) Cell { return Cell{kind: kindInt, i: n} }

// OptInt is a blank cell for nil (unknown is not zero).
func OptInt(n *int64) Cell {
	if n == nil {
		return Cell{}
	}
	return Int(*n)
}

// IntOrText is n, or text ("not published", "unknown") when n is nil: in a column no chart
// reads, where a blank would have to be explained. The text is aligned with the numbers.
func IntOrText(n *int64, text string) Cell {
	if n == nil {
		return RightText(text)
	}
	return Int(*n)
}

// ID is a year or an identifier: an integer shown without separators.
func ID(n int64) Cell { return Cell{kind: kindID, i: n} }

// Year is a year, blank for 0 (unknown).
func Year(y int) Cell {
	if y == 0 {
		return Cell{}
	}
	return ID(int64(y))
}

// OptYear is a year, blank when nil.
func OptYear(y *int) Cell {
	if y == nil {
		return Cell{}
	}
	return ID(int64(*y))
}

// Coord is a latitude or longitude, blank when nil.
func Coord(x *float64) Cell {
	if x == nil {
		return Cell{}
	}
	return Cell{kind: kindCoord, f: *x}
}

// Percent is a fraction (0.25) shown as a percentage (25.00%).
func Percent(x float64) Cell { return Cell{kind: kindPercent, f: x} }

// PercentOrText is x as a percentage, or text ("unknown") when x is nil, as IntOrText.
func PercentOrText(x *float64, text string) Cell {
	if x == nil {
		return RightText(text)
	}
	return Percent(*x)
}

// Change is a signed change between two counts ("+69").
func Change(n int64) Cell { return Cell{kind: kindChange, i: n} }

// ChangePoints is a signed change of a percentage in points (-1.2 shows as "-1.2 points").
func ChangePoints(points float64) Cell { return Cell{kind: kindChangePts, f: points} }

// ChangePercent is a signed relative change (0.194 shows as "+19.4%").
func ChangePercent(x float64) Cell { return Cell{kind: kindChangePct, f: x} }

// Date is a calendar date stored as an Excel date. The date is taken from t's own
// location (DuckDB DATEs arrive as UTC midnight), so no time zone shifts the day.
func Date(t time.Time) Cell {
	y, m, d := t.Date()
	return Cell{kind: kindDate, t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// OptDate is a date, blank when nil.
func OptDate(t *time.Time) Cell {
	if t == nil {
		return Cell{}
	}
	return Date(*t)
}

// DateTime is an instant stored as an Excel date and time in UTC (say so in the header).
func DateTime(t time.Time) Cell {
	u := t.UTC()
	return Cell{kind: kindDateTime, t: time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, time.UTC)}
}

// YesNo is "yes" or "no", as text a filter lists.
func YesNo(b bool) Cell {
	if b {
		return Centered("yes")
	}
	return Centered("no")
}

// OptYesNo is "yes", "no", or text ("not published", "unknown") when b is nil: an answer that
// cannot be given is not "no".
func OptYesNo(b *bool, text string) Cell {
	if b == nil {
		return Centered(text)
	}
	return YesNo(*b)
}

// displayWidth estimates how many characters c takes once formatted, to fit columns.
func displayWidth(c Cell) int {
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
		return len(FmtDate)
	case kindDateTime:
		return len(FmtDateTime)
	case kindLongDate, kindShare:
		return localizedWidth(c)
	}
	return 0
}

// Column widths in Excel's character units: fitted to content between these bounds.
const (
	minColWidth = 6
	maxColWidth = 66 // a SHA-256 and its padding
)

// Widths tracks the widest cell of each column (0-based) of a sheet.
type Widths []int

// See counts c for the width of column col (0-based).
func (w *Widths) See(col int, c Cell) {
	for len(*w) <= col {
		*w = append(*w, 0)
	}
	(*w)[col] = max((*w)[col], displayWidth(c))
}

// ExcelWidth is the column width for a content width: padding for the filter button.
func ExcelWidth(chars int) float64 {
	return float64(min(max(chars+3, minColWidth), maxColWidth))
}
