package xlsx

import (
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// lineHeightPt is the height in points of one line of the default font (Calibri 11), as Excel
// draws it.
const lineHeightPt = 15

// Neither Excel nor LibreOffice reliably grows a row to fit wrapped text when it opens a file:
// LibreOffice keeps the default height and draws the lines over the next row. So gnlc sets the
// height of every row whose text wraps. A column's width counts Calibri's digits, 7 pixels; its
// letters average under 6, so a line holds 1.2 characters per unit of width: an estimate that
// errs towards a row with room to spare, never one that hides a line (in Calibri, or in
// Carlito, its metric twin in LibreOffice).

// wrappedLines is how many lines s takes in a column width characters wide, wrapped at spaces,
// and within a word longer than a line (a URL), as both programs wrap.
func wrappedLines(s string, width float64) int {
	avail := max(int((width-1)*1.2), 1) // the cell's padding takes about a character
	// A word longer than a line (a URL) breaks after a "/" or "-", not where the line is full:
	// its lines hold fewer characters, about 0.8 a unit of width.
	availWord := max(int((width-1)*0.8), 1)
	lines := 0
	for para := range strings.SplitSeq(s, "\n") {
		lines++
		used := 0
		for word := range strings.FieldsSeq(para) {
			n := utf8.RuneCountInString(word)
			switch {
			case used == 0:
			case used+1+n <= avail:
				used++
			default:
				lines++
				used = 0
			}
			if n > avail { // a word longer than the line breaks over lines of its own
				if used > 0 {
					lines++
				}
				lines += (n - 1) / availWord
				used = avail // the next word starts a line of its own
				continue
			}
			used += n
		}
	}
	return lines
}

// textCell is a wrapping text cell of a row: its 0-based column and its text.
type textCell struct {
	col int
	s   string
}

// rowHeight is the height in points a row of texts needs with columns widths wide (0-based),
// or 0 when one line holds every text and the default height does.
func rowHeight(texts []textCell, widths func(col int) float64) float64 {
	lines := 1
	for _, t := range texts {
		lines = max(lines, wrappedLines(t.s, widths(t.col)))
	}
	if lines == 1 {
		return 0
	}
	return min(float64(lines*lineHeightPt), excelize.MaxRowHeight)
}

// wraps reports whether c is drawn in a wrapping style: plain text (st.Text), not a word
// aligned among numbers or a centred state, which are short.
func wraps(c Cell) bool { return c.kind == kindText && !c.right && !c.center && !c.bold }
