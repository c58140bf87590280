package pipeline

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// parseInt reads a whole number. Besides plain digits it accepts thousands separators used in
// English, French and Spanish spreadsheets — "1,234,567", "1 234 567" (also no-break and thin
// spaces), "1.234.567", "1'234'567" — when every group after the first has exactly three digits,
// and a zero fraction ("2015.0", as spreadsheets store integers; "1.000" is a thousand). It rejects signs other than a
// leading "-", decimals and exponents.
func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if i := strings.IndexByte(s, '.'); i > 0 && len(s)-i-1 != 3 && strings.Trim(s[i+1:], "0") == "" && !strings.ContainsAny(s[:i], ".,") {
		s = s[:i]
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	// Grouped digits: find the one separator used.
	var sep rune
	groups := []string{}
	start := 0
	for i, r := range s {
		if '0' <= r && r <= '9' {
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
		groups = append(groups, s[start:i])
		start = i + utf8.RuneLen(r)
	}
	if sep == 0 {
		return 0, false
	}
	groups = append(groups, s[start:])
	if n := len(groups[0]); n < 1 || n > 3 {
		return 0, false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(strings.Join(groups, ""), 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// parseFloat reads a decimal number written with "." or, as French and Spanish exports do,
// with "," as the decimal mark.
func parseFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.ContainsAny(s, "_xXpP") { // ParseFloat also takes hex and underscores
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f { // NaN
		return 0, false
	}
	return f, true
}

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
	s = strings.TrimSpace(s)
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
	for _, sep := range []string{"/", ".", "-"} {
		parts := strings.Split(s, sep)
		if len(parts) == 3 && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
			return ymd(parts[2], parts[1], parts[0])
		}
	}
	return time.Time{}, false
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
	if strings.TrimSpace(s) == "" {
		return "active", true
	}
	st, ok := statusNames[Fold(s)]
	return st, ok
}
