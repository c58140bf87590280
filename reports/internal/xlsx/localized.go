package xlsx

// Cells of a workbook written for readers of one language (the delegation workbooks). Numbers
// need nothing of the language: "#,##0" and "0.0%" are drawn with the reader's own separators,
// as in every Excel workbook. A month name has no such fallback, so a long date carries the
// language's LCID in its number format ("[$-40C]d mmmm yyyy", locale.Catalog.DateFormat) and
// reads "14 février 2024" on any system. Styles.Localize registers both styles.

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// fmtShare is a share with one decimal: 2.3%.
const fmtShare = "0.0%"

// LongDate is t's calendar date as a real Excel date in the workbook's long date format
// (Styles.Localize). words is the date as the language writes it (locale.Catalog.Date): Go
// cannot run an Excel format, so words sizes the column, which Excel fills with "####" when
// it is too narrow for the date.
func LongDate(t time.Time, words string) Cell {
	c := Date(t)
	c.kind, c.s = kindLongDate, words
	return c
}

// Share is a fraction (0.023) shown as a percentage with one decimal (2.3%).
func Share(x float64) Cell { return Cell{kind: kindShare, f: x} }

// Localize registers in f the styles of LongDate cells, with the number format longDate, and of
// Share cells. Call it once per workbook, after NewStyles; until then those cells take the
// Date and Percent styles.
func (st *Styles) Localize(f *excelize.File, longDate string) error {
	for _, d := range []struct {
		dst    *int
		format string
	}{{&st.LongDate, longDate}, {&st.Share, fmtShare}} {
		// At the top of the row, as NewStyles's other data cells.
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &d.format, Alignment: &excelize.Alignment{Vertical: "top"}})
		if err != nil {
			return fmt.Errorf("create style %q: %w", d.format, err)
		}
		*d.dst = id
	}
	return nil
}

// localizedStyle is the style of a LongDate or Share cell.
func (st *Styles) localizedStyle(c Cell) int {
	switch {
	case c.kind == kindLongDate && st.LongDate != 0:
		return st.LongDate
	case c.kind == kindLongDate:
		return st.Date
	case st.Share != 0:
		return st.Share
	}
	return st.Percent
}

// localizedWidth is how many characters a LongDate or Share cell takes once drawn.
func localizedWidth(c Cell) int {
	if c.kind == kindLongDate {
		return utf8.RuneCountInString(c.s)
	}
	return len(strconv.FormatFloat(c.f*100, 'f', 1, 64)) + 2 // "%", and the space of "2,3 %"
}
