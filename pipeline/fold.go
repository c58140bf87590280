package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a name to the key gnlc matches on: case-folded, accents removed, only letters and
// digits kept ("Côte d'Ivoire" → "cotedivoire", "Año de adhesión" → "anodeadhesion"). Headers,
// country names and city identities are all compared through Fold, so "Saint-Denis" and
// "saint denis" are one city. It is safe for concurrent use.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// Fast path: most registers are plain ASCII, and Fold runs on every row.
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				b.WriteByte(c)
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			}
		}
		return b.String()
	}
	// Compatibility decomposition splits accents (and ligatures) off their letters; dropping the
	// nonspacing marks then leaves the base letters. Decomposing rune by rune from the tables
	// avoids the allocations of norm.NFKD.String and transform.Chain: Fold runs on every row.
	// (Hangul syllables, decomposed algorithmically rather than from tables, stay composed.)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			foldRune(&b, rune(c))
			i++
			continue
		}
		p := norm.NFKD.PropertiesString(s[i:])
		n := p.Size()
		if n == 0 {
			n = 1
		}
		if d := p.Decomposition(); d != nil {
			for _, r := range string(d) {
				foldRune(&b, r)
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s[i:])
			foldRune(&b, r)
		}
		i += n
	}
	return b.String()
}

// foldRune writes r case-folded, or nothing when r is neither a letter nor a digit (nonspacing
// marks included).
func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteByte(byte(r))
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r + 'a' - 'A'))
		}
	case r == 'ß' || r == 'ẞ':
		b.WriteString("ss") // full case folding, as cases.Fold does
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		// Lower of upper also folds variants such as final sigma.
		b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
	}
}

// normalizeText trims s and puts it in NFC, the form stored for every text column.
func normalizeText(s string) string {
	s = trimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if norm.NFC.IsNormalString(s) {
				return s
			}
			return norm.NFC.String(s)
		}
	}
	return s
}

// hasControl reports whether s holds control characters (other than tab), which no name or URL
// contains and which would corrupt reports.
func hasControl(s string) bool {
	// Byte by byte, as it runs on every cell: the control characters (unicode.IsControl) are
	// C0 and DEL, single bytes, and C1 (U+0080–U+009F), encoded 0xC2 0x80–0x9F. A 0xC2 byte
	// is never a continuation byte, so the pair means C1 wherever it appears.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t', c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return true
		}
	}
	return false
}

// trimSpace is strings.TrimSpace, returning at once when neither end of s is a space. That is
// the usual cell, which strings.TrimSpace reads rune by rune when it starts or ends with a
// letter outside ASCII ("Ürümqi"); trimming runs several times on every cell.
func trimSpace(s string) string {
	if s == "" || !edgeSpace(s) {
		return s
	}
	return strings.TrimSpace(s)
}

// edgeSpace reports whether s, not empty, starts or ends with a space as unicode.IsSpace
// defines it.
func edgeSpace(s string) bool {
	if c := s[0]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return true
		}
	} else if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		return true
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		return asciiSpace(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
