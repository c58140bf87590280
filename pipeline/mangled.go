package pipeline

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Text mangled before it reached gnlc. A register that went through a program using the wrong
// encoding arrives as valid text that reads wrong, and gnlc would load it as it reads: DESIGN.md
// ("Ingest guarantees") has gnlc refuse it instead, show what the text says repaired, and say how
// to save the file again. The manglings recognized:
//
//   - double-encoded UTF-8: UTF-8 opened as Windows-1252 (or Latin-1) and saved again as UTF-8,
//     each letter's bytes now a pair of symbols: "CuliacÃ¡n", "â€™" for "’";
//   - "?" for a letter: a save in a legacy encoding writes "?" for the letters it cannot hold
//     ("Eski?ehir", "Hà N?i", "?ód?" for Łódź); they are lost;
//   - U+FFFD for a letter: a program that could not read a byte wrote the replacement character;
//   - Mac Roman read as Windows-1252 (Excel's "CSV (Macintosh)" opened on Windows): accented
//     letters become typographic symbols inside words ("Culiac‡n"). A CSV file decoded as
//     Windows-1252 is judged as a whole first (see macRomanScan); single cells are judged here,
//     more strictly, for what arrives in workbooks and UTF-8 files, when they hold such a
//     symbol (a cell whose only non-ASCII characters are Latin-1 letters is not weighed: of
//     Mac Roman's letters, only œ and ÿ read as Windows-1252 letters).
//
// The checks run on every text cell: the usual cell, ASCII, costs one loop over its bytes (see
// plainASCII), and an accented one a second.

// mangleKind is how a cell's text was mangled.
type mangleKind uint8

const (
	mangleNone        mangleKind = iota
	mangleDoubleUTF8             // UTF-8 read as Windows-1252 and saved again
	mangleLatin1                 // UTF-8 read as Latin-1 (C1 controls in the text) and saved again
	mangleQuestion               // "?" written for letters a legacy encoding could not hold
	mangleReplacement            // U+FFFD written for bytes a decoder could not read
	mangleMacRoman               // Mac Roman read as Windows-1252
)

// mangling is what detectMangled found: the kind, and the text as it reads repaired ("" when
// the letters are lost).
type mangling struct {
	kind     mangleKind
	repaired string
}

// detectMangled looks for mangled text in one cell s, as the file holds it (before trimming:
// a trailing "à" double-encoded ends in a no-break space that trimming would take). name is
// true for columns that hold a name (city, country, region), where "?" is never part of the
// name, so the "?" rule is stricter (see questionForLetter).
//
// One loop over the bytes finds what each check needs, so that the usual cell, ASCII or
// accented Latin letters, costs that loop and nothing else.
func detectMangled(s string, name bool) mangling {
	var question, pair, symbols, replacement bool
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			question = question || c == '?'
		case c == 0xc3: // a Latin-1 letter, or the lead of a mojibake pair
			pair = pair || mojibakeAt(s, i)
		case c == 0xc2 || c == 0xc5 || c == 0xc6 || c == 0xcb || c == 0xe2:
			// U+0080–U+00BF and the Windows-1252 symbols of 0x80–0x9F: where Mac Roman's
			// letters land when read as Windows-1252.
			symbols = true
		case c == 0xef && strings.HasPrefix(s[i:], "\uFFFD"):
			replacement = true
		}
	}
	switch {
	case replacement:
		// No repair brings back a letter that U+FFFD replaced.
		return mangling{kind: mangleReplacement}
	case pair:
		if repaired, latin1, ok := repairDoubleUTF8(s); ok {
			if latin1 {
				return mangling{mangleLatin1, repaired}
			}
			return mangling{mangleDoubleUTF8, repaired}
		}
	}
	if symbols {
		if repaired, ok := repairMacRoman(s, name); ok {
			return mangling{mangleMacRoman, repaired}
		}
	}
	if question && questionForLetter(s, name) {
		return mangling{kind: mangleQuestion}
	}
	return mangling{}
}

// expected is the RowError's Expected text for m: the text repaired (or why it cannot be), the
// mangling, and how to save the file again. xlsx tells a workbook, whose text came in by an
// import, from a CSV file that can be saved again from the original.
func (m mangling) expected(xlsx bool) string {
	switch m.kind {
	case mangleDoubleUTF8, mangleLatin1:
		enc := "Windows-1252"
		if m.kind == mangleLatin1 {
			enc = "Latin-1"
		}
		fix := "re-export the file from the original as CSV UTF-8"
		if xlsx {
			fix = "correct the cell, or import the original file as UTF-8 (Excel: Data > From Text/CSV, File origin: UTF-8)"
		}
		return fmt.Sprintf("%q (UTF-8 read as %s and saved again); %s", m.repaired, enc, fix)
	case mangleMacRoman:
		fix := "save the file as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"
		if xlsx {
			fix = "correct the cell, or import the original file as Mac Roman (Excel: Data > From Text/CSV, File origin: Macintosh)"
		}
		return fmt.Sprintf("%q (Mac Roman read as Windows-1252); %s", m.repaired, fix)
	case mangleQuestion, mangleReplacement:
		why := `a letter where "?" stands (a save in a legacy encoding such as Windows-1252 writes "?" for the letters it cannot hold, and they are lost)`
		if m.kind == mangleReplacement {
			why = `a letter where "\uFFFD" stands (a program that could not read the file's encoding wrote it for a letter, which is lost)`
		}
		fix := "export the file again from the original as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"
		if xlsx {
			fix = "type the letters again, or rebuild the sheet from the original"
		}
		return why + "; " + fix
	}
	return ""
}

// repairDoubleUTF8 undoes UTF-8 read as Windows-1252 (or Latin-1) and saved again. Each word
// of s holding a mojibake pair (see hasMojibakePair) is encoded back to Windows-1252 bytes; it
// was mangled when the whole word encodes and the bytes are valid UTF-8. Valid UTF-8 is the
// strong evidence: real text almost never holds only letters and symbols that pair up into
// UTF-8 sequences ("São", "Ãbc" do not), while a word that was mangled always does. Words are
// judged apart so that one mangled word in a note is found among real ones. Text mangled twice
// is repaired twice. latin1 tells that the text was read as Latin-1 (see latin1Only).
func repairDoubleUTF8(s string) (repaired string, latin1, ok bool) {
	if !utf8.ValidString(s) { // not text gnlc read: nothing to repair it to
		return "", false, false
	}
	for range 3 {
		if !hasMojibakePair(s) {
			break
		}
		var b strings.Builder
		changed := false
		for i, word := range strings.Split(s, " ") {
			if i > 0 {
				b.WriteByte(' ')
			}
			if fixed, ok := undoWord(word); ok {
				b.WriteString(fixed)
				changed = true
				latin1 = latin1 || latin1Only(word)
				continue
			}
			b.WriteString(word)
		}
		if !changed {
			break
		}
		s, ok = b.String(), true
	}
	if !ok {
		return "", false, false
	}
	return normalizeText(s), latin1, true
}

// undoWord encodes word back to Windows-1252 bytes and returns them when they are valid UTF-8
// text: word was UTF-8 read as Windows-1252.
func undoWord(word string) (string, bool) {
	if !hasMojibakePair(word) {
		return "", false
	}
	b := make([]byte, 0, len(word))
	for _, r := range word {
		c, ok := cp1252Byte(r)
		if !ok {
			return "", false
		}
		b = append(b, c)
	}
	if !utf8.Valid(b) || hasControl(string(b)) {
		return "", false
	}
	return string(b), true
}

// hasMojibakePair reports whether s holds, in its UTF-8 bytes, a lead byte's Windows-1252
// reading followed by a continuation byte's: "Ã" to "ô" (U+00C2–U+00F4, the readings of the
// lead bytes 0xC2–0xF4, encoded 0xC3 0x82–0xB4) followed by a character whose Windows-1252 (or
// Latin-1) byte is 0x80–0xBF. Those characters are U+0080–U+00BF (encoded 0xC2 ..) and the
// Windows-1252 symbols of 0x80–0x9F, whose UTF-8 starts with 0xC5, 0xC6, 0xCB or 0xE2. The test
// is on bytes, so that real accented text costs one loop.
func hasMojibakePair(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if mojibakeAt(s, i) {
			return true
		}
	}
	return false
}

// mojibakeAt reports whether a mojibake pair (see hasMojibakePair) starts at s[i].
func mojibakeAt(s string, i int) bool {
	if i+3 >= len(s) || s[i] != 0xc3 || s[i+1] < 0x82 || s[i+1] > 0xb4 {
		return false
	}
	switch s[i+2] {
	case 0xc2:
		return s[i+3] >= 0x80 && s[i+3] <= 0xbf
	case 0xc5, 0xc6, 0xcb, 0xe2:
		r, _ := utf8.DecodeRuneInString(s[i+2:])
		return isCP1252Continuation(r)
	}
	return false
}

// isCP1252Continuation reports whether r is a Windows-1252 symbol of 0x80–0x9F (its byte a
// UTF-8 continuation byte).
func isCP1252Continuation(r rune) bool {
	c, ok := charmap.Windows1252.EncodeRune(r)
	return ok && c >= 0x80 && c <= 0x9f
}

// cp1252Byte is r's byte in Windows-1252, reading U+0080–U+009F as Latin-1 does: Windows
// itself decodes the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
// to those code points, and a Latin-1 reading yields all of them.
func cp1252Byte(r rune) (byte, bool) {
	if r <= 0xff {
		return byte(r), true
	}
	return charmap.Windows1252.EncodeRune(r)
}

// latin1Only reports whether s holds a C1 control (U+0080–U+009F, encoded 0xC2 0x80–0x9F) of a
// byte that Windows-1252 reads as a symbol: s was read as Latin-1. (Windows reads the five
// bytes Windows-1252 leaves undefined as C1 controls too.)
func latin1Only(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == 0xc2 && s[i+1] >= 0x80 && s[i+1] <= 0x9f && bytes.IndexByte(windows1252Undefined, s[i+1]) < 0 {
			return true
		}
	}
	return false
}

// questionForLetter reports whether a "?" in s stands for a letter. A run of "?" is taken for
// letters when a letter follows it and a letter, nothing, a space or punctuation comes before
// it: inside a word ("Eski?ehir", "Hà N?i") or starting one ("?ód?"). A run that ends a word
// ("Capital?", "¿Qué?") or stands alone ("?", "??") is a real question mark or a placeholder,
// and a "?" in a URL ("https://x.org/?id=3", "index.php?p=2") starts its query. In a name
// (name true) any "?" beside a letter stands for one ("Pozna?"), and so does a name of two or
// more "?" and no letters (a name in a script the legacy encoding lacks: "??" for 北京).
func questionForLetter(s string, name bool) bool {
	marks, letters := 0, false
	for i := 0; i < len(s); {
		if s[i] != '?' {
			r, size := utf8.DecodeRuneInString(s[i:])
			letters = letters || unicode.IsLetter(r)
			i += size
			continue
		}
		j := i
		for j < len(s) && s[j] == '?' {
			j++
		}
		marks += j - i
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		switch {
		case inURL(s, i, j):
		case unicode.IsLetter(after) && (i == 0 || unicode.IsLetter(before) || unicode.IsSpace(before) || unicode.IsPunct(before)):
			return true
		case name && (unicode.IsLetter(before) || unicode.IsLetter(after)):
			return true
		}
		i = j
	}
	return name && !letters && marks >= 2
}

// inURL reports whether the "?" at s[i:j] starts a URL's query: its word holds "://" or starts
// with "www.", or a parameter follows it ("?id=3").
func inURL(s string, i, j int) bool {
	start := strings.LastIndexAny(s[:i], " \t") + 1
	end := strings.IndexAny(s[j:], " \t")
	if end < 0 {
		end = len(s)
	} else {
		end += j
	}
	word := s[start:end]
	if strings.Contains(word, "://") || len(word) >= 4 && strings.EqualFold(word[:4], "www.") {
		return true
	}
	k := j
	for k < len(s) && (isASCIILetter(s[k]) || '0' <= s[k] && s[k] <= '9' || s[k] == '_' || s[k] == '-' || s[k] == '.') {
		k++
	}
	return k > j && k < len(s) && s[k] == '='
}

// isNameColumn tells the columns holding a name, where "?" is never part of the text.
func isNameColumn(col string) bool {
	switch col {
	case "city", "country", "region":
		return true
	}
	return false
}

// plainASCII reports whether s is printable ASCII without "?": neither mangled nor holding
// control characters. It spares the usual cell every other check.
func plainASCII(s string) bool {
	// Eight bytes at a time: a text cell is read on every row (a URL is some fifty bytes).
	for ; len(s) >= 8; s = s[8:] {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if w&highBits != 0 || hasByteBelow(w, 0x20) || hasByte(w, 0x7f) || hasByte(w, '?') {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c-0x20 >= 0x7f-0x20 || c == '?' { // c < 0x20 wraps around
			return false
		}
	}
	return true
}

// Bytes of a 64-bit word, for plainASCII (the tests of "Bit Twiddling Hacks", S. E. Anderson).
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// hasByteBelow reports whether a byte of w is below n (n ≤ 128; w's bytes are all below 128).
func hasByteBelow(w uint64, n byte) bool { return (w-lowBits*uint64(n))&^w&highBits != 0 }

// hasByte reports whether a byte of w is c.
func hasByte(w uint64, c byte) bool {
	x := w ^ lowBits*uint64(c)
	return (x-lowBits)&^x&highBits != 0
}

// mangled refuses cell col of the row (s, as read) when its text was mangled before it reached
// gnlc, and reports whether it did.
func (r *rowCtx) mangled(col colRef, s string) bool {
	m := detectMangled(r.fields[col.i], isNameColumn(col.name))
	if m.kind == mangleNone {
		return false
	}
	r.fail(col, s, m.expected(r.v.sheet != ""), ErrMangledText)
	return true
}
