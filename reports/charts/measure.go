package charts

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ECharts lays a chart out by measuring its text. Without a canvas (server-side), its default
// measure guesses from the font size alone, and a legend's labels then run into the next
// item's symbol. measureText gives it the widths of Helvetica (Arial has the same), the first
// fonts of the SVG's stack, from Adobe's published metrics, a little wider to make room for
// the wider fallbacks (DejaVu Sans).

// helveticaWidths are the advance widths of ASCII 32–126 in Helvetica, per 1,000 em (Adobe's
// Core 14 AFM).
var helveticaWidths = [95]int16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
}

// fallbackSlack widens every measure for fonts wider than Helvetica.
const fallbackSlack = 1.08

var fontSizeRe = regexp.MustCompile(`(\d+(?:\.\d+)?)px`)

// measureText is the width in pixels of s drawn in the CSS font font ("bold 24px sans-serif").
func measureText(s, font string) float64 {
	size := 12.0
	if m := fontSizeRe.FindStringSubmatch(font); m != nil {
		size, _ = strconv.ParseFloat(m[1], 64)
	}
	bold := strings.Contains(font, "bold") || strings.Contains(font, "700")
	var em float64 // thousandths of an em
	for _, r := range s {
		switch {
		case r >= 32 && r <= 126:
			em += float64(helveticaWidths[r-32])
		case r >= 0x2E80: // CJK, Hangul, fullwidth forms: a square each
			em += 1000
		default:
			// An accented letter is as wide as its base letter (é as e); others as a digit.
			base := []rune(norm.NFD.String(string(r)))[0]
			if base >= 32 && base <= 126 {
				em += float64(helveticaWidths[base-32])
			} else {
				em += 556
			}
		}
	}
	w := em * size / 1000 * fallbackSlack
	if bold {
		w *= 1.07
	}
	return w
}
