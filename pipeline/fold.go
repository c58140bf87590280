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
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			// Most names are mostly ASCII, and Fold runs on every row.
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				b.WriteByte(c)
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			}
			i++
			continue
		case c < latinLead:
			if r, n := utf8.DecodeRuneInString(s[i:]); n == 2 {
				b.WriteString(foldedLatin[r])
				i += n
				continue
			}
		}
		n := foldSlow(&b, s[i:])
		i += n
	}
	return b.String()
}

// latinLead is the first UTF-8 lead byte of runes from U+0300 on: every rune encoded in two
// bytes that start below it is a letter or symbol of the Latin alphabets (U+0080 to U+02FF).
const latinLead = 0xcc

// foldedLatin is Fold of each rune below U+0300, computed once by foldSlow: the accented letters
// of most names then cost a table lookup.
var foldedLatin = func() (t [0x300]string) {
	var b strings.Builder
	for r := range t {
		b.Reset()
		foldSlow(&b, string(rune(r)))
		t[r] = b.String()
	}
	return t
}()

// foldSlow writes the first rune of s folded, and returns its size. Compatibility decomposition
// splits accents (and ligatures) off their letters; dropping the nonspacing marks then leaves the
// base letters. Decomposing rune by rune from the tables avoids the allocations of
// norm.NFKD.String and transform.Chain. (Hangul syllables, decomposed algorithmically rather
// than from tables, stay composed.)
func foldSlow(b *strings.Builder, s string) int {
	p := norm.NFKD.PropertiesString(s)
	n := p.Size()
	if n == 0 {
		n = 1
	}
	if d := p.Decomposition(); d != nil {
		for _, r := range string(d) {
			foldRune(b, r)
		}
	} else {
		r, _ := utf8.DecodeRuneInString(s)
		foldRune(b, r)
	}
	return n
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
	latin := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= latinLead:
			return nfc(s)
		case c >= utf8.RuneSelf:
			latin = true
		}
	}
	// Text of runes below U+0300 (ASCII and the precomposed Latin letters) is in NFC: each rune
	// is, and none combines with another (TestNormalizeText_latin).
	if latin && !utf8.ValidString(s) {
		return nfc(s)
	}
	return s
}

func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
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
