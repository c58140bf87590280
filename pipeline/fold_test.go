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
