package pipeline

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Formulas whose value a workbook does not hold. A workbook stores each formula with the value it
// last computed; Excel and LibreOffice compute it when they save. Programs that write workbooks
// without a calculation engine (openpyxl, XlsxWriter, Apache POI, excelize) store the formula
// alone, or a placeholder 0 (XlsxWriter), and openpyxl and XlsxWriter flag the workbook to be
// recalculated when opened (calcPr fullCalcOnLoad). excelize's Rows gives such a cell as "" or
// "0", like an empty cell or a real 0, so gnlc reads the sheet's XML itself to tell them apart,
// at no cost to a workbook that needs it not:
//   - a workbook flagged for recalculation is scanned before its rows are validated (xlsxSource.
//     uncomputedFormulas); each formula cell of a mapped column with no value, or with 0, is an
//     error, since a formula that fills an optional column would otherwise load as NULL, or 0;
//   - any other workbook is scanned only once its rows were refused for an empty value
//     (explainFormulas): the errors on formula cells say so instead of "required value missing".

// maxFormulaCells bounds the cells the pre-validation scan keeps (a few MiB); a workbook with more
// is refused all the same, with only the rows of the first ones reported.
const maxFormulaCells = 1 << 16

// maxFormulaText bounds the text of a formula kept for a message.
const maxFormulaText = 256

// formulaCell is a cell that holds a formula without a value the file gives: value is "" (none)
// or the placeholder written in place of one.
type formulaCell struct {
	row, col int // 1-based
	formula  string
	value    string
}

// explain makes e the error on the formula cell c: what the cell holds, and the fix.
func (c formulaCell) explain(e *RowError) {
	what := "a formula"
	if f := displayFormula(c.formula); f != "" {
		what = "a formula (=" + f + ")"
	}
	e.Value = ""
	if c.value == "" {
		e.Err = fmt.Errorf("%w: the cell holds %s with no saved value", ErrNoSavedValue, what)
	} else {
		e.Err = fmt.Errorf("%w: the cell holds %s saved with %s in place of its value, by a program that does not compute formulas", ErrNoSavedValue, what, shorten(c.value))
	}
	e.Expected = "the value it computes: open the workbook in Excel or LibreOffice, which compute formulas, and save it"
}

// displayFormula is a formula for a message: control characters (a hostile file's) as spaces,
// invalid UTF-8 replaced, and shortened.
func displayFormula(f string) string {
	f = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(f, "\uFFFD"))
	return shorten(strings.TrimSpace(f))
}

// uncomputedFormulas scans the sheet of a workbook flagged for recalculation for formula cells
// below headerRow in the columns hm maps, and returns them by row (nil: none, or the workbook
// holds computed values). It runs before the rows are validated; the validators only read the map.
func (s *xlsxSource) uncomputedFormulas(ctx context.Context, hm *headerMap, headerRow int) (map[int][]formulaCell, error) {
	if !s.recalc {
		return nil, nil
	}
	mapped := make(map[int]bool, len(hm.index))
	for _, i := range hm.index {
		mapped[i+1] = true
	}
	var cells map[int][]formulaCell
	n := 0
	err := s.scanFormulas(ctx, func(c formulaCell) bool {
		if c.row <= headerRow || !mapped[c.col] {
			return true
		}
		if cells == nil {
			cells = make(map[int][]formulaCell)
		}
		cells[c.row] = append(cells[c.row], c)
		n++
		return n < maxFormulaCells
	})
	return cells, err
}

// explainFormulas rewrites the errors of a refused workbook that report an empty required value
// in a cell holding a formula with no saved value. It reads the sheet only when there is such an
// error; a workbook flagged for recalculation had its formula cells reported already.
func (s *xlsxSource) explainFormulas(ctx context.Context, errs *errorList) error {
	if s.recalc {
		return nil
	}
	type at struct{ row, col int }
	empty := make(map[at]*RowError)
	for _, e := range errs.emptyRequired() {
		empty[at{e.Row, e.Field}] = e
	}
	if len(empty) == 0 {
		return nil
	}
	left := len(empty)
	return s.scanFormulas(ctx, func(c formulaCell) bool {
		if e, ok := empty[at{c.row, c.col}]; ok && c.value == "" {
			c.explain(e)
			left--
		}
		return left > 0
	})
}

// scanFormulas opens the source's sheet once more, as a zip part of its own (excelize's Rows is
// busy with the rows), and calls found for each formula cell without a computed value until
// found returns false.
func (s *xlsxSource) scanFormulas(ctx context.Context, found func(formulaCell) bool) error {
	zr, closer, err := openZip(s.path, s.data)
	if err != nil {
		return err
	}
	if closer != nil {
		defer closer.Close()
	}
	bad := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &RowError{File: s.file, Sheet: s.sheet, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable sheet (%s)", printable(err))}
	}
	part, err := sheetPart(zr, s.sheet)
	if err != nil {
		return bad(err)
	}
	// Most sheets hold no formula: looking for one in the bytes costs a tenth of decoding the XML.
	rc, err := part.Open()
	if err != nil {
		return bad(err)
	}
	maybe, err := hasFormula(ctxReader{ctx, rc})
	rc.Close()
	if err != nil || !maybe {
		if err != nil {
			return bad(err)
		}
		return nil
	}
	if rc, err = part.Open(); err != nil {
		return bad(err)
	}
	defer rc.Close()
	if err := scanFormulas(ctxReader{ctx, rc}, s.recalc, found); err != nil {
		return bad(err)
	}
	return nil
}

// hasFormula reports whether worksheet XML may hold a formula: an element named f, prefixed or
// not ("<f>", "<x:f t=..."). It may say yes for text that looks like one, never no for a formula.
func hasFormula(r io.Reader) (bool, error) {
	buf := make([]byte, 64<<10)
	keep := 0 // bytes carried over from the previous read: a tag cut in two
	for {
		n, err := io.ReadFull(r, buf[keep:])
		chunk := buf[:keep+n]
		for i := 0; ; {
			j := bytes.IndexByte(chunk[i:], 'f')
			if j < 0 {
				break
			}
			k := i + j
			if k > 0 && k+1 < len(chunk) && (chunk[k-1] == '<' || chunk[k-1] == ':') {
				switch chunk[k+1] {
				case '>', '/', ' ', '\t', '\n', '\r':
					return true, nil
				}
			}
			i = k + 1
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		keep = min(2, len(chunk))
		copy(buf, chunk[len(chunk)-keep:])
	}
}

// scanFormulas reads worksheet XML and calls found for each formula cell whose value the file
// does not give: no <v>, or an empty one (but for t="str", a formula's computed empty text), or,
// when recalc is set (the workbook asks to be recalculated: its writer computed nothing), a
// numeric 0, XlsxWriter's placeholder. It stops when found returns false or sheetData ends.
func scanFormulas(r io.Reader, recalc bool, found func(formulaCell) bool) error {
	d := xml.NewDecoder(r)
	// The structure is ASCII in any encoding a sheet declares; text in another one only garbles
	// the formula shown in a message.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	sc := formulaScan{recalc: recalc, found: found}
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			sc.start(t)
		case xml.CharData:
			if sc.text != nil && len(*sc.text) < maxFormulaText {
				*sc.text = append(*sc.text, t[:min(len(t), maxFormulaText-len(*sc.text))]...)
			}
		case xml.EndElement:
			if sc.end(t) {
				return nil
			}
		}
	}
}

// formulaScan is scanFormulas' place in the sheet: the cell being read and what it holds.
type formulaScan struct {
	recalc       bool
	found        func(formulaCell) bool
	row, col     int
	inCell       bool
	hasF, hasV   bool
	typ          string
	formula, val []byte
	text         *[]byte // the element whose text is being read: <f> or <v>
}

// start takes an opening tag: a row or a cell sets the position, <f> and <v> start their text.
func (sc *formulaScan) start(t xml.StartElement) {
	switch t.Name.Local {
	case "row":
		sc.row++
		sc.col = 0
		for _, a := range t.Attr {
			if a.Name.Local == "r" {
				if n, ok := atoiPositive(a.Value); ok {
					sc.row = n
				}
			}
		}
	case "c":
		sc.col++
		sc.inCell, sc.hasF, sc.hasV, sc.typ = true, false, false, ""
		sc.formula, sc.val = sc.formula[:0], sc.val[:0]
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "r":
				if c, r, err := excelize.CellNameToCoordinates(a.Value); err == nil {
					sc.col, sc.row = c, r
				}
			case "t":
				sc.typ = a.Value
			}
		}
	case "f":
		if sc.inCell {
			sc.hasF, sc.text = true, &sc.formula
		}
	case "v":
		if sc.inCell {
			sc.hasV, sc.text = true, &sc.val
		}
	case "is": // an inline string: a value
		if sc.inCell && len(sc.val) == 0 {
			sc.hasV, sc.val = true, append(sc.val, 'x')
		}
	}
}

// end takes a closing tag; it reports whether the scan is over (the sheet's data ended, or found
// asked to stop).
func (sc *formulaScan) end(t xml.EndElement) bool {
	switch t.Name.Local {
	case "f", "v":
		sc.text = nil
	case "c":
		if sc.inCell && sc.hasF && uncomputed(sc.typ, sc.hasV, sc.val, sc.recalc) {
			c := formulaCell{row: sc.row, col: sc.col, formula: string(sc.formula)}
			if sc.hasV {
				c.value = string(bytes.TrimSpace(sc.val))
			}
			if !sc.found(c) {
				return true
			}
		}
		sc.inCell, sc.text = false, nil
	case "sheetData":
		return true
	}
	return false
}

// uncomputed says whether a formula cell's saved value is missing (or, in a workbook flagged for
// recalculation, XlsxWriter's placeholder 0).
func uncomputed(typ string, hasV bool, val []byte, recalc bool) bool {
	v := bytes.TrimSpace(val)
	switch {
	case !hasV:
		return true
	case len(v) == 0:
		return typ != "str"
	case recalc && (typ == "" || typ == "n"):
		return string(v) == "0"
	}
	return false
}

func atoiPositive(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > excelize.TotalRows {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, s != "" && n > 0
}
