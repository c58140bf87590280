package pipeline

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// parseInt reads a whole number. Besides plain digits it accepts thousands separators used in
// English, French and Spanish spreadsheets — "1,234,567", "1 234 567" (also no-break and thin
// spaces), "1.234.567", "1'234'567" — when every group after the first has exactly three digits,
// and a zero fraction ("2015.0", as spreadsheets store integers; "1.000" is a thousand). It rejects signs other than a
// leading "-", decimals and exponents.
func parseInt(s string) (int64, bool) {
	s = trimSpace(s)
	if s == "" {
		return 0, false
	}
	if i := strings.IndexByte(s, '.'); i > 0 && len(s)-i-1 != 3 && strings.Trim(s[i+1:], "0") == "" && !strings.ContainsAny(s[:i], ".,") {
		s = s[:i]
	}
	if signedDigits(s) {
		// Only these can strconv.ParseInt read, and only they are worth its try: a failed one
		// allocates its error, on every grouped number of a file.
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	// Grouped digits: one separator throughout, 1 to 3 digits first, then groups of exactly 3.
	var sep rune
	var n int64
	group, groups := 0, 0
	for _, r := range s {
		if '0' <= r && r <= '9' {
			d := int64(r - '0')
			if n > (math.MaxInt64-d)/10 {
				return 0, false
			}
			n = n*10 + d
			group++
			continue
		}
		switch r {
		case ',', '.', ' ', '\'', '\u00a0', '\u202f', '\u2009':
		default:
			return 0, false
		}
		if sep == 0 {
			sep = r
		} else if r != sep {
			return 0, false
		}
		if (groups == 0 && (group < 1 || group > 3 || n == 0)) || (groups > 0 && group != 3) {
			return 0, false // "0.578" is a fraction, never a grouped number
		}
		groups++
		group = 0
	}
	if sep == 0 || group != 3 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// signedDigits reports whether s is digits after an optional sign, what strconv.ParseInt reads
// in base 10.
func signedDigits(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s != "" && allDigits(s)
}

// allDigits reports whether every byte of s is an ASCII digit (true for "").
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]-'0' > 9 {
			return false
		}
	}
	return true
}

// parseWhole reads a whole number as parseInt does, except where the file writes "." as its
// decimal mark (decimalDot: a workbook's stored numbers, a comma-separated CSV): there a single
// "." is a decimal point, so "1.578" is no whole number, while "1.578.626" is still grouped.
func parseWhole(s string, decimalDot bool) (int64, bool) {
	if len(s) <= 18 && s != "" && allDigits(s) {
		return digitsValue(s), true // the usual cell: 18 digits cannot overflow
	}
	s = trimSpace(s)
	if decimalDot && strings.Count(s, ".") == 1 {
		whole, frac, _ := strings.Cut(s, ".")
		if strings.Trim(frac, "0") != "" || whole == "" {
			return 0, false
		}
		s = whole
	}
	return parseInt(s)
}

// parseYear reads a year: digits, or digits with a zero fraction as workbooks store them
// ("2016.0"); never grouped, so "2.016" or "2,016" is no year.
func parseYear(s string) (int64, bool) {
	if len(s) == 4 && allDigits(s) {
		return digitsValue(s), true // the usual cell
	}
	s = trimSpace(s)
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) > 6 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// digitsValue is the value of s, at most 18 ASCII digits.
func digitsValue(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

// parseFloat reads a decimal number written with "." or, as French and Spanish exports do,
// with "," as the decimal mark.
func parseFloat(s string) (float64, bool) {
	if f, ok := plainDecimal(s); ok {
		return f, true
	}
	s = trimSpace(s)
	// One pass over the bytes (this runs on two cells of every row).
	commas, comma, dot := 0, -1, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',':
			commas, comma = commas+1, i
		case '.':
			dot = true
		case '_', 'x', 'X', 'p', 'P': // ParseFloat also takes hex and underscores
			return 0, false
		}
	}
	if s == "" {
		return 0, false
	}
	if commas == 1 && !dot {
		s = s[:comma] + "." + s[comma+1:]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f { // NaN
		return 0, false
	}
	return f, true
}

// plainDecimal reads the usual coordinate, digits with "." and at most 15 significant digits
// ("-33.86785"), the way strconv.ParseFloat's exact path does: the digits are a float64 exactly,
// and so is the power of ten they are divided by, so one division rounds correctly. ok is false
// for anything else, which strconv.ParseFloat then reads.
func plainDecimal(s string) (float64, bool) {
	neg := s != "" && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) < 3 || len(s) > 16 {
		return 0, false
	}
	var m uint64
	point := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c-'0' <= 9:
			m = m*10 + uint64(c-'0')
		case c == '.' && point < 0 && i > 0 && i < len(s)-1:
			point = i
		default:
			return 0, false
		}
	}
	if point < 0 {
		return 0, false
	}
	f := float64(m) / exactPow10[len(s)-1-point]
	if neg {
		f = -f
	}
	return f, true
}

// exactPow10 are the powers of ten a float64 holds exactly, for the fractions plainDecimal reads.
var exactPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// dateExpected describes the accepted date forms in error messages.
const dateExpected = "a date as YYYY-MM-DD or DD/MM/YYYY"

// Excel's serial dates count days from 1899-12-30 (the 1900 leap-year bug folded in for every
// date after February 1900, the only ones a register holds).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseDate reads a calendar date: ISO 8601 (2024-02-14, optionally followed by a time, which is
// dropped), or day first as in France and Spanish-speaking countries (14/02/2024, 14.02.2024,
// 14-02-2024). With serial set (XLSX cells), a bare number is an Excel serial date. Years outside
// 1900..2200 are refused: they are typos, not dates.
func parseDate(s string, serial bool) (time.Time, bool) {
	s = trimSpace(s)
	if serial {
		// Serials 1..60 fall before Excel's phantom 29 February 1900; 109574 is 2199-12-31.
		// parseFloat, not strconv.ParseFloat: "NaN" passed both bounds (fuzzing), and hex floats
		// such as "0x1p10" are no serial either.
		if f, ok := parseFloat(s); ok {
			if f < 61 || f >= 109575 {
				return time.Time{}, false
			}
			return excelEpoch.AddDate(0, 0, int(f)), true
		}
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		rest := s[10:]
		if rest != "" && rest[0] != 'T' && rest[0] != ' ' {
			return time.Time{}, false
		}
		return ymd(s[0:4], s[5:7], s[8:10])
	}
	// Day first: d/m/yyyy with "/", "." or "-", one or two digits for day and month.
	for _, sep := range []byte{'/', '.', '-'} {
		i := strings.IndexByte(s, sep)
		if i < 1 || i > 2 {
			continue
		}
		j := strings.IndexByte(s[i+1:], sep)
		if j < 1 || j > 2 || len(s)-(i+1+j+1) != 4 {
			continue
		}
		return ymd(s[i+1+j+1:], s[i+1:i+1+j], s[:i])
	}
	return time.Time{}, false
}

// Bounds of serialDate: 10000 is the first number that cannot be a year typed with four digits
// (it reads as 1927-05-18); 109574 is 2199-12-31, parseDate's last serial.
const (
	minYearSerial = 10000
	maxYearSerial = 109574
)

// serialDate reads an XLSX cell's number as the Excel date it stands for, when it is one a year
// column may hold by mistake (a date typed for the year: Excel stores 04/12/2025 as 45995):
// minYearSerial..maxYearSerial, time of day ignored. A year, typo or not, is never in range.
func serialDate(s string) (time.Time, bool) {
	f, ok := parseFloat(s)
	if !ok || f < minYearSerial || f >= maxYearSerial+1 {
		return time.Time{}, false
	}
	return excelEpoch.AddDate(0, 0, int(f)), true
}

func ymd(ys, ms, ds string) (time.Time, bool) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/04 rolls over into May
		return time.Time{}, false
	}
	return t, true
}

// Status values as written in English, French and Spanish, by folded form.
var statusNames = map[string]string{
	"active": "active", "actif": "active", "activo": "active", "activa": "active",
	"member": "active", "membre": "active", "miembro": "active",
	"withdrawn": "withdrawn", "left": "withdrawn", "retire": "withdrawn", "retiree": "withdrawn",
	"retired": "withdrawn", "retiro": "withdrawn", "retirado": "withdrawn", "retirada": "withdrawn",
	"parti": "withdrawn", "partie": "withdrawn",
}

// parseStatus maps a status to active or withdrawn; empty means active.
func parseStatus(s string) (string, bool) {
	switch trimSpace(s) {
	case "", "active":
		return "active", true
	case "withdrawn":
		return "withdrawn", true
	}
	st, ok := statusNames[Fold(s)]
	return st, ok
}
