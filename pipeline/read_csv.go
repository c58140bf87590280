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
	"slices"
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

// Byte-order marks.
var (
	utf8BOM = []byte{0xef, 0xbb, 0xbf}
	utf16LE = []byte{0xff, 0xfe}
	utf16BE = []byte{0xfe, 0xff}
)

// validUTF8Prefix reports whether b, the first bytes of a file, is valid UTF-8 but for a rune
// cut at its end.
func validUTF8Prefix(b []byte) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
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
	case bytes.HasPrefix(sc.head, utf8BOM) && sc.validUTF8:
		return encUTF8BOM, nil
	case bytes.HasPrefix(sc.head, utf16LE), bytes.HasPrefix(sc.head, utf16BE):
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
//
// It reads records itself while they are well formed (csvFast), which costs about half of what
// encoding/csv does: one search for the end of the line, one for a quote, one copy into the
// record's string, where encoding/csv searched each field twice, copied it into a buffer and then
// into the string. At the first record it cannot read as encoding/csv would (a bare or unclosed
// quote, a field separator that is not one byte, fields trimmed of leading spaces, a record
// longer than maxFastRecord), encoding/csv reads the rest of the file, from that record on, and
// its errors are the file's.
type csvSource struct {
	file   string
	comma  rune
	cr     *csv.Reader // nil while the fast path reads
	fast   *csvFast    // nil once encoding/csv reads
	raw    *countingReader
	guard  *lineGuard
	closer io.Closer
	done   bool
	// lineBase is how many lines the fast path read before encoding/csv took over, which
	// numbers its lines from 1.
	lineBase int
	trim     bool
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
	s := &csvSource{file: file, comma: delim, raw: raw, guard: guard, closer: rc, trim: trimLeading}
	if delim < utf8.RuneSelf && !trimLeading && validFastComma(byte(delim)) {
		s.fast = &csvFast{in: guard, comma: byte(delim)}
	} else {
		s.slow(guard, nil)
	}
	return s
}

// slow hands the rest of the file to encoding/csv: the bytes the fast path holds (pending),
// then the rest of in.
func (s *csvSource) slow(in io.Reader, pending []byte) {
	if len(pending) > 0 {
		in = io.MultiReader(bytes.NewReader(pending), in)
	}
	cr := csv.NewReader(in)
	cr.Comma = s.comma
	cr.TrimLeadingSpace = s.trim
	cr.FieldsPerRecord = -1 // rows of the wrong width become RowErrors, and reading goes on
	cr.ReuseRecord = true
	s.cr, s.fast = cr, nil
}

// Next returns the next record (reused by the following call) and the line it starts on. A record
// that cannot be parsed comes back as a *RowError, and reading may continue; a line too long
// comes back as a *RowError and ends the file; other errors (I/O) end the file.
func (s *csvSource) Next() ([]string, int, error) {
	if s.done {
		return nil, 0, io.EOF
	}
	if s.fast != nil {
		rec, line, err := s.fast.next()
		switch {
		case errors.Is(err, errNotFast):
			s.lineBase = s.fast.lines
			s.slow(s.fast.in, s.fast.buf[s.fast.pos:])
		case err == nil, errors.Is(err, io.EOF):
			return rec, line, err
		default:
			return nil, 0, s.readErr(err)
		}
	}
	rec, err := s.cr.Read()
	switch pe, isParse := errors.AsType[*csv.ParseError](err); {
	case err == nil:
		line, _ := s.cr.FieldPos(0)
		return rec, s.lineBase + line, nil
	case errors.Is(err, io.EOF):
		return nil, 0, io.EOF
	case isParse && isCSVSyntax(pe.Err):
		start := s.lineBase + pe.StartLine
		return nil, start, &RowError{File: s.file, Row: start, Err: ErrSyntax,
			Expected: fmt.Sprintf("a well-formed CSV record (line %d, column %d: %v)", s.lineBase+pe.Line, pe.Column, pe.Err)}
	default:
		return nil, 0, s.readErr(err)
	}
}

// readErr is what Next returns for an error reading the file: a line too long is a *RowError
// that ends the file.
func (s *csvSource) readErr(err error) error {
	if errors.Is(err, ErrLineTooLong) {
		s.done = true
		return &RowError{File: s.file, Row: s.guard.lines + 1, Err: ErrLineTooLong,
			Expected: fmt.Sprintf("lines shorter than %d MiB", maxLineBytes>>20)}
	}
	return err
}

func isCSVSyntax(err error) bool {
	return errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrQuote)
}

// Offset is how many raw bytes have been read.
func (s *csvSource) Offset() int64 { return s.raw.n }

func (s *csvSource) Close() error { return s.closer.Close() }

// decimalDot: where fields are split by commas (or tabs), "." is the decimal mark, as in English;
// a ";" file was written where "," is the decimal mark, and "." may group thousands.
func (s *csvSource) decimalDot() bool { return s.comma != ';' }

// validFastComma reports whether the fast path reads fields split by c: a byte encoding/csv
// takes as a separator, and none of the bytes the fast path looks for.
func validFastComma(c byte) bool {
	return c != 0 && c != '"' && c != '\r' && c != '\n'
}

// maxFastRecord bounds the record the fast path reads; a longer one (a cell of a few KiB on each
// of thousands of columns) goes to encoding/csv, as does the rest of the file.
const maxFastRecord = 1 << 20

// errNotFast: the fast path cannot read the next record as encoding/csv would.
var errNotFast = errors.New("record not for the fast path")

// csvFast reads well-formed CSV records as encoding/csv does (no lazy quotes, no trimming, any
// number of fields), from a buffer of its own. What it leaves for encoding/csv is buf[pos:] and
// the rest of in.
type csvFast struct {
	in     io.Reader
	comma  byte
	buf    []byte
	pos    int  // buf[pos:] is not read yet
	eof    bool // in has ended
	lines  int  // lines read, as encoding/csv counts them
	rec    []string
	quoted []byte // a record with quoted fields, unescaped
	ends   []int  // where each field of quoted ends
}

// next returns the next record and the line it starts on; errNotFast leaves it (and the lines
// before it) for encoding/csv; io.EOF at the end; any other error is in's.
func (f *csvFast) next() ([]string, int, error) {
	for {
		rest := f.buf[f.pos:]
		i := bytes.IndexByte(rest, '\n')
		switch {
		case i < 0 && len(rest) >= maxFastRecord:
			return nil, 0, errNotFast
		case i < 0 && !f.eof:
			if err := f.fill(); err != nil {
				return nil, 0, err
			}
			continue
		case i < 0 && len(rest) == 0:
			return nil, 0, io.EOF
		}
		line, used := rest, len(rest) // the last line, without a line break
		if i >= 0 {
			line, used = rest[:i], i+1
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1] // CRLF, or a CR before the end of the file
		}
		if len(line) == 0 {
			f.pos += used
			f.lines++
			continue // encoding/csv skips blank lines
		}
		if bytes.IndexByte(line, '"') >= 0 {
			return f.quotedRecord()
		}
		f.pos += used
		f.lines++
		return f.split(string(line)), f.lines, nil
	}
}

// split cuts the line at every separator into f.rec.
func (f *csvFast) split(line string) []string {
	rec := f.rec[:0]
	for {
		i := strings.IndexByte(line, f.comma)
		if i < 0 {
			break
		}
		rec = append(rec, line[:i])
		line = line[i+1:]
	}
	f.rec = append(rec, line)
	return f.rec
}

// quotedRecord reads a record with a quote in its first line, as encoding/csv's readRecord does
// (a quoted field may span lines, "" is a quote inside it), or returns errNotFast where
// encoding/csv would report an error (a bare quote, a quote not followed by a separator or the
// end of the line, a quote never closed) or where the record outgrows maxFastRecord.
func (f *csvFast) quotedRecord() ([]string, int, error) {
	for {
		rest := f.buf[f.pos:]
		rec, used, more := f.parseQuoted(rest)
		switch {
		case rec != nil:
			f.pos += used
			start := f.lines + 1
			// The lines encoding/csv would have read: each ends in LF but the file's last.
			f.lines += bytes.Count(rest[:used], newline)
			if rest[used-1] != '\n' {
				f.lines++
			}
			return rec, start, nil
		case !more || f.eof || len(f.buf)-f.pos >= maxFastRecord:
			return nil, 0, errNotFast
		}
		if err := f.fill(); err != nil {
			return nil, 0, err
		}
	}
}

// parseQuoted parses the record at the start of b. It returns the record and the bytes it spans;
// or more: the record may go on beyond b; or neither: encoding/csv must read it.
func (f *csvFast) parseQuoted(b []byte) (rec []string, used int, more bool) {
	q := f.quoted[:0]
	ends := f.ends[:0]
	defer func() { f.quoted, f.ends = q, ends }()
	pos := 0
	for {
		if pos < len(b) && b[pos] == '"' {
			// A quoted field: up to the quote that is not doubled, line breaks included.
			pos++
			for {
				i := bytes.IndexByte(b[pos:], '"')
				if i < 0 {
					return nil, 0, true // not closed in b
				}
				q = appendQuoted(q, b[pos:pos+i])
				pos += i + 1
				if pos < len(b) && b[pos] == '"' {
					q = append(q, '"')
					pos++
					continue
				}
				break
			}
			ends = append(ends, len(q))
			switch {
			case pos == len(b):
				if !f.eof {
					return nil, 0, true
				}
				return f.quotedFields(q, ends), pos, false
			case b[pos] == f.comma:
				pos++
				continue
			case b[pos] == '\n':
				return f.quotedFields(q, ends), pos + 1, false
			case b[pos] == '\r' && pos+1 < len(b) && b[pos+1] == '\n':
				return f.quotedFields(q, ends), pos + 2, false
			}
			return nil, 0, false // a quote followed by something else: ErrQuote
		}
		// A field without quotes: up to the separator or the end of the line.
		end, last := len(b), true
		for j := pos; j < len(b); j++ {
			if c := b[j]; c == f.comma {
				end, last = j, false
				break
			} else if c == '\n' {
				end = j
				break
			}
		}
		if end == len(b) && !f.eof {
			return nil, 0, true
		}
		field := b[pos:end]
		if bytes.IndexByte(field, '"') >= 0 {
			return nil, 0, false // a bare quote: ErrBareQuote
		}
		if last && len(field) > 0 && field[len(field)-1] == '\r' {
			field = field[:len(field)-1]
		}
		q = append(q, field...)
		ends = append(ends, len(q))
		if !last {
			pos = end + 1
			continue
		}
		if end < len(b) {
			end++ // the line break
		}
		return f.quotedFields(q, ends), end, false
	}
}

// appendQuoted appends the inside of a quoted field to q, each CRLF read as LF, as encoding/csv
// normalizes the lines it reads.
func appendQuoted(q, s []byte) []byte {
	for {
		i := bytes.Index(s, crlf)
		if i < 0 {
			return append(q, s...)
		}
		q = append(q, s[:i]...)
		q = append(q, '\n')
		s = s[i+2:]
	}
}

var crlf = []byte("\r\n")

// quotedFields makes the record of the unescaped fields q, ending at ends, in one string.
func (f *csvFast) quotedFields(q []byte, ends []int) []string {
	str := string(q)
	rec := f.rec[:0]
	prev := 0
	for _, e := range ends {
		rec = append(rec, str[prev:e])
		prev = e
	}
	f.rec = rec
	return rec
}

// fill reads more of in into buf, keeping what is not read yet.
func (f *csvFast) fill() error {
	if f.pos > 0 {
		n := copy(f.buf, f.buf[f.pos:])
		f.buf, f.pos = f.buf[:n], 0
	}
	if len(f.buf) == cap(f.buf) {
		f.buf = slices.Grow(f.buf, max(256<<10, len(f.buf)))
	}
	n, err := f.in.Read(f.buf[len(f.buf):cap(f.buf)])
	f.buf = f.buf[:len(f.buf)+n]
	switch {
	case errors.Is(err, io.EOF):
		f.eof = true
	case err != nil:
		return err
	}
	return nil
}
