package pipeline

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits that keep a hostile or broken file from exhausting memory. A register's longest cells
// are URLs and notes, far below maxCellBytes.
const (
	maxCellBytes = 8 << 10
	maxLineBytes = 8 << 20
	sniffBytes   = 64 << 10
)

// Encodings a text file may be read as.
const (
	encUTF8        = "UTF-8"
	encUTF8BOM     = "UTF-8 with BOM"
	encUTF16       = "UTF-16"
	encWindows1252 = "Windows-1252"
)

// fileScan is what a first pass over the raw bytes learns: the provenance hash and enough to
// choose the decoder.
type fileScan struct {
	sha256    string
	size      int64
	validUTF8 bool
	head      []byte // first sniffBytes bytes
}

// scanFile hashes r and checks whether it is valid UTF-8, without holding it in memory.
func scanFile(r io.Reader) (*fileScan, error) {
	h := sha256.New()
	buf := make([]byte, 256<<10)
	sc := &fileScan{validUTF8: true}
	var carry []byte // an incomplete rune split across reads
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			if len(sc.head) < sniffBytes {
				sc.head = append(sc.head, chunk[:min(n, sniffBytes-len(sc.head))]...)
			}
			sc.size += int64(n)
			if sc.validUTF8 {
				if len(carry) > 0 {
					chunk = append(carry, chunk...)
					carry = nil
				}
				// Hold back a trailing partial rune for the next read.
				cut := len(chunk)
				for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
					if utf8.RuneStart(chunk[i]) {
						if !utf8.FullRune(chunk[i:]) {
							cut = i
						}
						break
					}
				}
				if !utf8.Valid(chunk[:cut]) {
					sc.validUTF8 = false
				}
				carry = append([]byte(nil), chunk[cut:]...)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(carry) > 0 {
		sc.validUTF8 = false
	}
	sc.sha256 = hex.EncodeToString(h.Sum(nil))
	return sc, nil
}

// windows1252Undefined are the bytes Windows-1252 leaves unassigned: a file holding them is not
// Windows-1252 text.
var windows1252Undefined = []byte{0x81, 0x8d, 0x8f, 0x90, 0x9d}

// chooseEncoding decides how to decode a text file from its first pass. UTF-8 (with or without
// BOM) and UTF-16 with BOM are read as they are; a file that is not valid UTF-8 is decoded as
// Windows-1252 (a superset of Latin-1, what Excel writes on Western-European Windows) unless it
// shows signs of being something else, in which case it is refused rather than mangled.
func chooseEncoding(file string, sc *fileScan, rescan func() (io.ReadCloser, error)) (string, error) {
	switch {
	case bytes.HasPrefix(sc.head, []byte{0xef, 0xbb, 0xbf}) && sc.validUTF8:
		return encUTF8BOM, nil
	case bytes.HasPrefix(sc.head, []byte{0xff, 0xfe}), bytes.HasPrefix(sc.head, []byte{0xfe, 0xff}):
		return encUTF16, nil
	case sc.validUTF8:
		return encUTF8, nil
	}
	refuse := func(why string) (string, error) {
		return "", &RowError{File: file, Err: ErrEncoding,
			Expected: "UTF-8 or Windows-1252 (Latin-1) text; " + why + "; save the file as CSV UTF-8"}
	}
	rc, err := rescan()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	validMulti := 0
	// Mac Roman is judged on the whole file, whose undefined bytes may be Mac Roman letters.
	mac := newMacRomanScan()
	undefined := -1
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		mac.feed(b)
		switch {
		case b == 0:
			return refuse("the file holds NUL bytes (is it a binary file?)")
		case bytes.IndexByte(windows1252Undefined, b) >= 0:
			if undefined < 0 {
				undefined = int(b)
			}
		case b >= 0xc2 && b <= 0xf4:
			// A lead byte followed by valid continuation bytes: UTF-8 text mixed in.
			peek, _ := br.Peek(3)
			seq := append([]byte{b}, peek...)
			if r, size := utf8.DecodeRune(seq); r != utf8.RuneError && size > 1 {
				validMulti++
				for range size - 1 {
					c, _ := br.ReadByte()
					mac.feed(c)
				}
			}
		}
	}
	mac.finish()
	if re := mac.refusal(file); re != nil {
		return "", re
	}
	if undefined >= 0 {
		return refuse(fmt.Sprintf("byte 0x%02x is not Windows-1252 text", undefined))
	}
	if validMulti > 0 {
		return refuse("it mixes UTF-8 and another encoding")
	}
	return encWindows1252, nil
}

// decoder wraps raw bytes in the reader that yields UTF-8 for enc.
func decoder(r io.Reader, enc string) io.Reader {
	switch enc {
	case encUTF8BOM:
		return transform.NewReader(r, unicode.UTF8BOM.NewDecoder())
	case encUTF16:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encWindows1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	default:
		return r
	}
}

// sniffLines is how many non-blank lines sniffDelimiter weighs: as many as the header may sit
// below (maxHeaderRow), so a title line cannot outvote the header and the rows under it.
const sniffLines = maxHeaderRow

// sniffDelimiter picks the field separator: the one Excel's "sep=;" first line names, or else
// among ",", ";" (as French and Spanish Excel writes CSV) and tab, the one that splits the most
// of the first lines into the same number of fields. A title line ("GNLC members, 2025") above a
// ";" header has one comma; the header and every row under it have the same count of ";".
func sniffDelimiter(head []byte) rune {
	text := string(head)
	if d, ok := sepLine(text); ok {
		return d
	}
	candidates := []rune{',', ';', '\t'}
	var lines []map[rune]int
	counts := map[rune]int{}
	inQuote := false
	for _, r := range text {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			if len(counts) > 0 {
				lines = append(lines, counts)
				counts = map[rune]int{}
			}
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
		if len(lines) == sniffLines {
			break
		}
	}
	if len(counts) > 0 && len(lines) < sniffLines {
		lines = append(lines, counts)
	}
	best, bestScore := ',', 0
	for _, d := range candidates {
		// The most frequent non-zero count of d per line, and on how many lines it occurs.
		freq := map[int]int{}
		for _, l := range lines {
			if n := l[d]; n > 0 {
				freq[n]++
			}
		}
		score := 0
		for _, f := range freq {
			score = max(score, f)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// sepLine reads Excel's "sep=X" first line, which names the separator of the lines below it.
func sepLine(text string) (rune, bool) {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimRight(line, "\r")
	rest, ok := strings.CutPrefix(strings.ToLower(line), "sep=")
	if !ok {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(rest)
	if size == 0 || size != len(rest) || r == 0 || r == '"' || r == '\r' || r == utf8.RuneError {
		return 0, false
	}
	return r, true
}

// spacedQuotes reports whether fields open with spaces before a quote (`"a", "b"`), as some
// scripts write CSV; encoding/csv then needs TrimLeadingSpace, which clean files are spared.
func spacedQuotes(head []byte, delim rune) bool {
	if delim == ' ' || delim == '\t' {
		return false
	}
	return regexp.MustCompile(regexp.QuoteMeta(string(delim)) + `[ \t]+"`).Match(head)
}

// lineGuard fails a read once a line exceeds maxLineBytes, so a file with no line breaks cannot
// make encoding/csv buffer it whole.
type lineGuard struct {
	r       io.Reader
	lineLen int
	lines   int // complete lines read
}

func (g *lineGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	chunk := p[:n]
	// Counted and measured with the vectorized byte searches: a read holds some thousand lines.
	if last := bytes.LastIndexByte(chunk, '\n'); last < 0 {
		g.lineLen += len(chunk)
	} else {
		g.lines += bytes.Count(chunk, newline)
		g.lineLen = len(chunk) - last - 1
	}
	if g.lineLen > maxLineBytes {
		return n, fmt.Errorf("%w: more than %d MiB without a line break", ErrLineTooLong, maxLineBytes>>20)
	}
	return n, err
}

// lineEndings turns every lone CR (the line ending of classic Mac OS, still written by some
// exports) into LF and leaves CRLF alone, so a file mixing CRLF, LF and CR reads as its lines;
// encoding/csv knows only the first two. A CR inside a quoted cell is a control character that
// validation refuses either way.
type lineEndings struct{ r *bufio.Reader }

func (l lineEndings) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	// Jump from CR to CR: most files have none, or one per line.
	for i := bytes.IndexByte(p[:n], '\r'); i >= 0; i = nextCR(p[:n], i) {
		var next byte
		if i+1 < n {
			next = p[i+1]
		} else if b, perr := l.r.Peek(1); perr == nil {
			next = b[0]
		}
		if next != '\n' {
			p[i] = '\n'
		}
	}
	return n, err
}

// nextCR is the index of the first CR in p after index i, or -1.
func nextCR(p []byte, i int) int {
	j := bytes.IndexByte(p[i+1:], '\r')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

var newline = []byte{'\n'}

// csvSource yields the records of a CSV file.
type csvSource struct {
	file   string
	cr     *csv.Reader
	raw    *countingReader
	guard  *lineGuard
	closer io.Closer
	done   bool
}

// countingReader counts the raw bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newCSVSource(file string, rc io.ReadCloser, enc string, delim rune, trimLeading bool) *csvSource {
	raw := &countingReader{r: rc}
	guard := &lineGuard{r: lineEndings{bufio.NewReaderSize(decoder(raw, enc), 256<<10)}}
	cr := csv.NewReader(guard)
	cr.Comma = delim
	cr.TrimLeadingSpace = trimLeading
	cr.FieldsPerRecord = -1 // rows of the wrong width become RowErrors, and reading goes on
	cr.ReuseRecord = true
	return &csvSource{file: file, cr: cr, raw: raw, guard: guard, closer: rc}
}

// Next returns the next record (reused by the following call) and the line it starts on. A record
// that cannot be parsed comes back as a *RowError, and reading may continue; a line too long
// comes back as a *RowError and ends the file; other errors (I/O) end the file.
func (s *csvSource) Next() ([]string, int, error) {
	if s.done {
		return nil, 0, io.EOF
	}
	rec, err := s.cr.Read()
	switch pe, isParse := errors.AsType[*csv.ParseError](err); {
	case err == nil:
		line, _ := s.cr.FieldPos(0)
		return rec, line, nil
	case errors.Is(err, io.EOF):
		return nil, 0, io.EOF
	case errors.Is(err, ErrLineTooLong):
		s.done = true
		return nil, 0, &RowError{File: s.file, Row: s.guard.lines + 1, Err: ErrLineTooLong,
			Expected: fmt.Sprintf("lines shorter than %d MiB", maxLineBytes>>20)}
	case isParse && isCSVSyntax(pe.Err):
		return nil, pe.StartLine, &RowError{File: s.file, Row: pe.StartLine, Err: ErrSyntax,
			Expected: fmt.Sprintf("a well-formed CSV record (line %d, column %d: %v)", pe.Line, pe.Column, pe.Err)}
	default:
		return nil, 0, err
	}
}

func isCSVSyntax(err error) bool {
	return errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrQuote)
}

// Offset is how many raw bytes have been read.
func (s *csvSource) Offset() int64 { return s.raw.n }

func (s *csvSource) Close() error { return s.closer.Close() }

// decimalDot: where fields are split by commas (or tabs), "." is the decimal mark, as in English;
// a ";" file was written where "," is the decimal mark, and "." may group thousands.
func (s *csvSource) decimalDot() bool { return s.cr.Comma != ';' }
