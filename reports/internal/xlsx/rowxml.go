package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// rowEncoder writes rows of a streamed sheet as the XML excelize's StreamWriter.SetRow writes
// for the same values, byte for byte (TestRowEncoder_matchesExcelize, FuzzRowEncoder_text), at a
// fraction of its cost: SetRow names every cell's reference anew, boxes every value and escapes
// every string through two allocations, which for a sheet of a million rows was most of the
// time the workbook took to write.
type rowEncoder struct {
	cols [][]byte // column letters, by index: "A", "B", ...
	buf  []byte   // the row being written, reused
	num  []byte   // scratch for numbers
}

// column returns the letters of the i-th column (0-based).
func (e *rowEncoder) column(i int) ([]byte, error) {
	for len(e.cols) <= i {
		name, err := excelize.ColumnNumberToName(len(e.cols) + 1)
		if err != nil {
			return nil, err
		}
		e.cols = append(e.cols, []byte(name))
	}
	return e.cols[i], nil
}

// row returns the XML of row n: cells from column A, each with its style (styles[i]), blank
// cells left out; height, when above 0, is the row's height in points. The bytes are valid
// until the next call.
func (e *rowEncoder) row(n int, cells []Cell, styles []int, height float64) ([]byte, error) {
	if height > excelize.MaxRowHeight {
		return nil, excelize.ErrMaxRowHeight
	}
	b := append(e.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range cells {
		if c.kind == kindBlank {
			continue
		}
		col, err := e.column(i)
		if err != nil {
			return nil, err
		}
		b = append(b, `<c r="`...)
		b = append(b, col...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, '"')
		if s := styles[i]; s != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(s), 10)
			b = append(b, '"')
		}
		switch c.kind {
		case kindText:
			b = appendInlineStr(b, c.s)
		case kindInt, kindID, kindChange:
			b = append(b, `><v>`...)
			b = strconv.AppendInt(b, c.i, 10)
			b = append(b, `</v></c>`...)
		case kindCoord, kindPercent, kindChangePct, kindChangePts, kindShare:
			b = e.appendFloat(b, c.f)
		case kindDate, kindDateTime, kindLongDate:
			b = e.appendTime(b, c.t)
		default:
			return nil, fmt.Errorf("cell of kind %d", c.kind)
		}
	}
	b = append(b, `</row>`...)
	e.buf = b
	return b, nil
}

// appendInlineStr closes a cell's start tag and writes s as excelize writes an inline string:
// cut to Excel's 32,767 characters, escaped for XML (line feeds kept as they are), its
// "_xHHHH_" sequences escaped, with xml:space="preserve" when it starts or ends with a space.
func appendInlineStr(b []byte, s string) []byte {
	if len(s) > excelize.TotalCellChars { // UTF-16 units never outnumber UTF-8 bytes
		s = truncateUTF16(s, excelize.TotalCellChars)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" {
		switch s[0] {
		case 9, 10, 13, 32:
			b = append(b, ` xml:space="preserve"`...)
		default:
			switch s[len(s)-1] {
			case 9, 10, 13, 32:
				b = append(b, ` xml:space="preserve"`...)
			}
		}
	}
	b = append(b, '>')
	if needsEscape(s) {
		var w bytes.Buffer
		_ = xml.EscapeText(&w, []byte(s))
		s = strings.ReplaceAll(w.String(), "&#xA;", "\n")
	}
	if strings.Contains(s, "_x") {
		s = bstrMarshal(s)
	}
	b = append(b, s...)
	return append(b, `</t></is></c>`...)
}

// needsEscape reports whether xml.EscapeText would change s: a character XML escapes, a byte
// that is not valid UTF-8, or a character XML 1.0 does not allow.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || !inXMLCharRange(r) {
				return true
			}
			i += size - 1
			continue
		}
		switch c {
		case '"', '\'', '&', '<', '>', '\t', '\n', '\r':
			return true
		}
		if c < 0x20 {
			return true
		}
	}
	return false
}

// inXMLCharRange is encoding/xml's test of the characters XML 1.0 allows.
func inXMLCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// truncateUTF16 cuts s to at most n UTF-16 code units, as excelize does.
func truncateUTF16(s string, n int) string {
	var units int
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

// appendFloat closes a cell's start tag and writes f as excelize does: with at most 15
// significant digits, or, not being a number, as the text NaN or ±Inf.
func (e *rowEncoder) appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendInlineStr(b, fmt.Sprint(f))
	}
	b = append(b, `><v>`...)
	b = append(b, formatCellFloat(f)...)
	return append(b, `</v></c>`...)
}

// appendTime closes a cell's start tag and writes t as excelize does in a workbook of the 1900
// date system: its serial number in local time, or before 1900 the RFC 3339 text.
func (e *rowEncoder) appendTime(b []byte, t time.Time) []byte {
	_, offset := t.In(t.Location()).Zone()
	t = t.Add(time.Duration(offset) * time.Second)
	serial := excelSerial(t)
	if serial <= 0 {
		return appendInlineStr(b, t.Format(time.RFC3339Nano))
	}
	e.num = strconv.AppendFloat(e.num[:0], serial, 'f', -1, 64)
	b = append(b, `><v>`...)
	b = append(b, e.num...)
	return append(b, `</v></c>`...)
}

// The following mirror excelize v2.11.1's own (cell.go formatCellFloat, date.go
// timeToExcelTime, lib.go bstrMarshal; BSD 3-Clause, Copyright 2016 The excelize Authors), which
// it does not export; the tests hold the encoder's rows to SetRow's.

// formatCellFloat formats f with Excel's 15 significant digits.
func formatCellFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

var (
	excelEpoch1900  = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	excelLeapBugEnd = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
)

// excelSerial is t's serial number in the 1900 date system, 0 before it.
func excelSerial(t time.Time) float64 {
	const day = 24 * time.Hour
	const maxDuration = 290 * 364 * day
	if t.Before(excelEpoch1900) {
		return 0
	}
	tt, diff, result := t, t.Sub(excelEpoch1900), 0.0
	for diff >= maxDuration {
		result += float64(maxDuration / day)
		tt = tt.Add(-maxDuration)
		diff = tt.Sub(excelEpoch1900)
	}
	rem := diff % day
	result += float64(diff-rem)/float64(day) + float64(rem)/float64(day)
	if t.After(excelLeapBugEnd) {
		result++ // Excel's 29 February 1900
	}
	return result
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the "_xHHHH_" sequences of s, which Excel would read as characters.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
