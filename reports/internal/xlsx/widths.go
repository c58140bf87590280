package xlsx

import (
	"strings"
	"unicode/utf8"
)

// Align is how a column's cells, and so its header, are aligned.
type Align uint8

const (
	// AlignAuto takes the alignment from the column's cells (WriteTable, a measured Stream);
	// unmeasured, it is AlignLeft.
	AlignAuto Align = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// alignOf is how c sits in its column: numbers and dates right, states centred, words left.
func alignOf(c Cell) Align {
	switch {
	case c.kind == kindBlank:
		return AlignAuto
	case c.kind != kindText, c.right:
		return AlignRight
	case c.center:
		return AlignCenter
	}
	return AlignLeft
}

// Aligns tracks how each column (0-based) of a table is aligned, from the cells seen: right
// when any is a number (a word such as "unknown" among numbers is right-aligned too), centred
// when the words are states.
type Aligns []Align

// See counts c for the alignment of column col.
func (a *Aligns) See(col int, c Cell) {
	for len(*a) <= col {
		*a = append(*a, AlignAuto)
	}
	switch got := alignOf(c); {
	case got == AlignAuto:
	case got == AlignRight, (*a)[col] == AlignAuto:
		(*a)[col] = got
	}
}

// At is column col's alignment; AlignLeft when nothing was seen.
func (a Aligns) At(col int) Align {
	if col < len(a) && a[col] != AlignAuto {
		return a[col]
	}
	return AlignLeft
}

// A4 landscape is 11.69 inches wide; less 0.4-inch margins, 10.89 inches print. At 75% (the
// smallest scale gnlc lets a sheet print at, with slack below 70% for a reader's font) that is
// 14.5 inches of sheet, 1,394 pixels at 96 dpi.
const printBudgetPx = 1394

// columnPx is the pixel width of an Excel column width (in characters of the default font,
// Calibri 11 at 7 pixels a digit, plus 5 pixels of cell padding).
func columnPx(width float64) float64 { return 7*width + 5 }

// Width bounds, in characters.
const (
	minFitWidth  = 4  // "2025", "yes": narrower columns cannot hold a header word
	wrapMinWidth = 12 // a wrapping text column keeps at least this: two short words a line
)

// headerWidth is the width a header needs when it may wrap onto three lines: its longest word,
// and a third of it, plus two characters for the filter button drawn over its bottom-right.
func headerWidth(h string) int {
	longest := 0
	for w := range strings.FieldsSeq(h) {
		longest = max(longest, utf8.RuneCountInString(w))
	}
	third := (utf8.RuneCountInString(h) + 2) / 3
	return max(longest, third) + 2
}

// FitColumns is each column's width from its content's widest cell (chars, in characters), its
// header and its alignment. When the columns are wider than an A4 landscape page holds at 75%,
// the text columns, which wrap, give way in proportion until they fit or reach wrapMinWidth;
// numbers never wrap, so they keep their width.
func FitColumns(chars []int, headers []string, aligns Aligns) []float64 {
	w := make([]int, len(headers))
	floor := make([]int, len(headers))
	for i, h := range headers {
		content := 0
		if i < len(chars) {
			content = chars[i] + 1
		}
		floor[i] = max(headerWidth(h), minFitWidth)
		w[i] = min(max(content, floor[i]), maxColWidth)
		if aligns.At(i) == AlignLeft {
			floor[i] = max(floor[i], min(w[i], wrapMinWidth))
		} else {
			floor[i] = w[i]
		}
	}
	shrinkToPage(w, floor)
	out := make([]float64, len(w))
	for i := range w {
		out[i] = float64(w[i])
	}
	return out
}

// shrinkToPage narrows the columns w that can give way (w above floor) in proportion to what each
// can give, so that a long URL stays wider than a short name, until they fit printBudgetPx or
// reach their floors. Numbers never wrap: their floor is their width, and they keep it (the page
// then scales down, as the print test measures).
func shrinkToPage(w, floor []int) {
	excess := total(w) - printBudgetPx
	if excess <= 0 {
		return
	}
	give := 0
	for i := range w {
		give += w[i] - floor[i]
	}
	if give == 0 {
		return
	}
	need := excess / 7 // characters
	k := max(0, 1-need/float64(give))
	for i := range w {
		w[i] = floor[i] + int(float64(w[i]-floor[i])*k) // rounding down: the page keeps its room
	}
}

// total is the pixel width of columns w.
func total(w []int) float64 {
	var px float64
	for _, c := range w {
		px += columnPx(float64(c))
	}
	return px
}
