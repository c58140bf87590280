package pipeline

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
)

// repairMacRoman undoes Mac Roman text read as Windows-1252 in one cell: the cell encodes back
// to Windows-1252 bytes, at least one of its non-ASCII characters reads as a letter only in
// Mac Roman ("‡" between letters is Mac Roman "á"), and none reads as text only in
// Windows-1252 (see macVote). Characters that both readings take as text, such as "’" between
// letters (an apostrophe in "L’Aquila", Mac Roman "í" in "Medell’n"), count for neither.
func repairMacRoman(s string, name bool) (string, bool) {
	v := macVote{name: name}
	prev, cur, have := byte(0), byte(0), false
	for _, r := range s {
		c, ok := cp1252Byte(r)
		if !ok {
			return "", false
		}
		if have && cur >= 0x80 {
			v.add(prev, cur, c)
			if v.cpOnly > 0 {
				return "", false
			}
		}
		prev, cur, have = cur, c, true
	}
	if have && cur >= 0x80 {
		v.add(prev, cur, 0)
	}
	if v.macOnly == 0 || v.cpOnly > 0 {
		return "", false
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, _ := cp1252Byte(r)
		b = append(b, c)
	}
	out, err := charmap.Macintosh.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return normalizeText(string(out)), true
}

// macVote weighs the non-ASCII bytes of a text between its Windows-1252 and its Mac Roman
// reading. A byte beside an ASCII letter votes for the reading in which it makes a word (see
// fitsWord) when the other reading does not: Mac Roman keeps its accented lowercase letters at
// 0x80–0x9F, where Windows-1252 has typographic symbols ("Culiac‡n"), and Windows-1252 keeps
// them at 0xE0–0xFF, where Mac Roman has symbols and capitals ("BesanÁon").
type macVote struct {
	macOnly, cpOnly int
	name            bool // the text is a name (see fitsWord)
}

// add weighs byte c, found between bytes p and n (0: none); it reports whether c voted for
// Mac Roman.
func (v *macVote) add(p, c, n byte) bool {
	if !isASCIILetter(p) && !isASCIILetter(n) {
		return false
	}
	cp, mac := fitsWord(charmap.Windows1252.DecodeByte(c), p, n, v.name), fitsWord(charmap.Macintosh.DecodeByte(c), p, n, v.name)
	switch {
	case mac && !cp:
		v.macOnly++
		return true
	case cp && !mac:
		v.cpOnly++
	}
	return false
}

// fitsWord reports whether r is plausible text between bytes p and n, at least one of them an
// ASCII letter, in a name (name true) or other text: a letter in the case its neighbours allow
// (no capital after a lowercase letter, as in "MontrŽal", nor between a capital and a lowercase
// letter, nor a lowercase letter before a capital), a space, an apostrophe ("L’Aquila"), a dash
// outside names ("Paris–Lyon"), a quote or an opening mark on the side of a word it opens or
// closes, a trailing mark ("Excel®", "Paris†") after a word. "‡" is not a trailing mark: after
// a letter it is Mac Roman "á" far more often than a footnote ("Bogot‡").
//
// "œ" is real text before u, i or e (cœur, œil, œuvre) and as the second letter of a word
// (Bœrsch, Rœschwoog, Œting: Alsatian place names write it before consonants); elsewhere it is
// Mac Roman "ú" ("Repœblica", "Perœ", "Setœbal"). A capital then "ú" ("Tœnez") reads as real.
func fitsWord(r rune, p, n byte, name bool) bool {
	pl, nl := isASCIILetter(p), isASCIILetter(n)
	if unicode.IsLetter(r) && r != 'ƒ' { // ƒ is the florin sign in Windows-1252 text
		switch {
		case (r == 'œ' || r == 'Œ') && !strings.ContainsRune("uUiIeE", rune(n)) && 'a' <= p && p <= 'z':
			return false
		case unicode.IsUpper(r) && 'a' <= p && p <= 'z':
			return false
		case unicode.IsUpper(r) && 'A' <= p && p <= 'Z' && 'a' <= n && n <= 'z':
			return false // "TŸrkiye", "MŽrida": a capital within a word
		case unicode.IsLower(r) && 'A' <= n && n <= 'Z':
			return false
		}
		return true
	}
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '’', '‘', '´', '`', '\u00ad', '·':
		return true
	case '–', '—', '…':
		// A name joins its words with hyphens: a dash touching a letter is Mac Roman "ñ", "ó" or
		// "Ö" ("C—rdoba"); in other text it may be a dash between words.
		return !name
	case '“', '”', '„', '‚', '«', '»', '‹', '›':
		return !pl || !nl
	case '¿', '¡', '•', '€', '£', '§', '¶', '#':
		return !pl
	case '™', '®', '©', '°', '†', '¹', '²', '³', '*', '%':
		return !nl
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// macRomanScan watches the bytes of a CSV file that is not UTF-8, before it is decoded as
// Windows-1252, for Mac Roman text (see macVote), and keeps the first field that voted for Mac
// Roman with its line, to show in the refusal. Judging the whole file is more reliable than a
// cell: one file holds one encoding, and a real Windows-1252 file votes for itself with every
// accented lowercase letter. Feed it every byte, then call finish.
type macRomanScan struct {
	vote        macVote
	prev, cur   byte
	have        bool
	line        int    // the line of cur, 1-based
	field       []byte // the field of cur so far (at most maxCellBytes)
	hit         int    // offset in field of the byte that voted for Mac Roman; -1: none
	example     []byte // the first field that voted for Mac Roman
	exampleLine int
}

func newMacRomanScan() *macRomanScan { return &macRomanScan{line: 1, hit: -1} }

// feed takes the file's next byte; the byte before it is weighed now that its neighbours are known.
func (s *macRomanScan) feed(b byte) {
	if s.have {
		s.step(b)
	}
	s.prev, s.cur, s.have = s.cur, b, true
}

// finish weighs the last byte.
func (s *macRomanScan) finish() {
	if s.have {
		s.step(0)
		s.have = false
	}
	s.endField()
}

func (s *macRomanScan) step(n byte) {
	c := s.cur
	switch c {
	case ',', ';', '\t', '"', '\n', '\r':
		// Separators of any dialect: the delimiter is not known yet, and a shorter excerpt is fine.
		s.endField()
		if c == '\n' || c == '\r' && n != '\n' {
			s.line++
		}
		return
	}
	kept := len(s.field) < maxCellBytes
	if kept {
		s.field = append(s.field, c)
	}
	if c >= 0x80 && s.vote.add(s.prev, c, n) && s.exampleLine == 0 && kept {
		s.exampleLine, s.hit = s.line, len(s.field)-1
	}
}

func (s *macRomanScan) endField() {
	if s.hit >= 0 {
		s.example = excerpt(s.field, s.hit)
		s.hit = -1
	}
	s.field = s.field[:0]
}

// excerpt is field, or, when too long to show, the word around offset at.
func excerpt(field []byte, at int) []byte {
	if len(field) <= maxShownValue {
		return append([]byte(nil), field...)
	}
	start, end := at, at
	for start > 0 && field[start-1] != ' ' {
		start--
	}
	for end < len(field) && field[end] != ' ' {
		end++
	}
	return append([]byte(nil), field[start:end]...)
}

// refusal is the error refusing a file that reads as Mac Roman, nil for one that does not: more
// than twice as many bytes voted for Mac Roman as for Windows-1252.
func (s *macRomanScan) refusal(file string) *RowError {
	if s.vote.macOnly == 0 || s.vote.macOnly <= 2*s.vote.cpOnly || s.example == nil {
		return nil
	}
	asCP, _ := charmap.Windows1252.NewDecoder().Bytes(s.example)
	asMac, _ := charmap.Macintosh.NewDecoder().Bytes(s.example)
	return &RowError{File: file, Row: s.exampleLine, Value: string(asCP), Err: ErrEncoding,
		Expected: fmt.Sprintf(`UTF-8 or Windows-1252 (Latin-1) text; the file looks like Mac Roman (Excel's "CSV (Macintosh)"), in which this reads %q; save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)`, string(asMac))}
}
