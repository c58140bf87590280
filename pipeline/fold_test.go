package pipeline

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// referenceFold is Fold written the obvious way with x/text transformers (slow: it allocates
// buffers per call). Fold must agree with it on the names registers hold.
func referenceFold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), cases.Fold())
	folded, _, err := transform.String(t, s)
	if err != nil {
		return ""
	}
	out := []rune{}
	for _, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return string(out)
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Côte d'Ivoire", "cotedivoire"},
		{"CÔTE-D’IVOIRE", "cotedivoire"},
		{"Année d'adhésion", "anneedadhesion"},
		{"año de adhesión", "anodeadhesion"},
		{"  Saint-Denis ", "saintdenis"},
		{"SAINT DENIS", "saintdenis"},
		{"Türkiye", "turkiye"},
		{"İzmir", "izmir"},
		{"Straße", "strasse"},
		{"Hải Phòng", "haiphong"},
		{"Kraków", "krakow"},
		{"Ürümqi", "urumqi"},
		{"Yaoundé 1er", "yaounde1er"},
		{"ﬁnal", "final"},
		{"ΣΟΦΟΣ", "σοφοσ"},
		{"Москва", "москва"},
		{"서울", "서울"},
		{"", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if ref := referenceFold(tt.in); ref != tt.want && !isHangul(tt.in) {
				t.Errorf("referenceFold(%q) = %q, want %q", tt.in, ref, tt.want)
			}
		})
	}
}

// isHangul: referenceFold decomposes Hangul syllables into jamo, Fold keeps them whole; both are
// consistent keys, so the two may differ there.
func isHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

func TestTrimSpace(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", " ", "a", " a", "a ", "\ta\n", "Ürümqi", " Ürümqi", "Ürümqi\u00a0", "\u00a0", "\u3000x\u2009",
		"x\u0085", "\xff", "\xffa\xff", "a\u200b", "\u200ba", "é ", "é\u00a0é", "\x85", "a\xc2"} {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q (strings.TrimSpace)", s, got, want)
		}
	}
}

// foldRuneByRune is Fold without its shortcuts: every rune decomposed from the tables.
func foldRuneByRune(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		i += foldSlow(&b, s[i:])
	}
	return b.String()
}

// TestFold_latin: the table of folded Latin letters folds every rune below U+0300 as its
// decomposition does.
func TestFold_latin(t *testing.T) {
	t.Parallel()
	for r := range rune(0x300) {
		if s := string(r); Fold(s) != foldRuneByRune(s) {
			t.Errorf("Fold(%q) = %q, want %q", s, Fold(s), foldRuneByRune(s))
		}
	}
}

// TestNormalizeText_latin: text of runes below U+0300, which normalizeText returns as it is, is
// in NFC: every such rune is a starter in NFC alone, and no two of them compose.
func TestNormalizeText_latin(t *testing.T) {
	t.Parallel()
	for a := range rune(0x300) {
		if p := norm.NFC.PropertiesString(string(a)); p.CCC() != 0 || !norm.NFC.IsNormalString(string(a)) {
			t.Fatalf("%U: combining class %d, NFC %v", a, p.CCC(), norm.NFC.IsNormalString(string(a)))
		}
		for b := range rune(0x300) {
			if s := string(a) + string(b); !norm.NFC.IsNormalString(s) {
				t.Fatalf("%q (%U %U) is not NFC", s, a, b)
			}
		}
	}
	for _, s := range []string{"Málaga", " Kraków ", "Ürümqi\u00a0", "Hải Phòng", "e\u0301", "\xc3", "A\u030a"} {
		if got, want := normalizeText(s), norm.NFC.String(strings.TrimSpace(s)); got != want {
			t.Errorf("normalizeText(%q) = %q, want %q", s, got, want)
		}
	}
}
