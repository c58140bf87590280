package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Zip and OLE (legacy .xls) signatures: an .xlsx is a zip archive.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
)

// Limits on what a workbook may unpack to, so a zip bomb is refused rather than filling memory
// or disk. Sheets larger than xlsxXMLInMemory are streamed through a temporary file by excelize.
// 1 GiB holds a full Excel sheet (1,048,576 rows) of a register; inspectXLSX enforces it (and
// xlsxInMemoryLimit) before excelize unpacks anything.
const (
	xlsxUnzipLimit  = 1 << 30
	xlsxXMLInMemory = 16 << 20
)

// xlsxSource yields the rows of one sheet, streamed with excelize's Rows.
type xlsxSource struct {
	file  string
	path  string // the workbook on disk, or
	data  []byte // the workbook in memory (read again by scanFormulas)
	f     *excelize.File
	rows  *excelize.Rows
	row   int
	sheet string
	// macros: the workbook holds a VBA project, ignored (the caller warns).
	macros bool
	// skipped are the hidden sheets before the one read, which was chosen as the first visible.
	skipped []string
	// recalc: the workbook asks to be recalculated when opened (calcPr fullCalcOnLoad), as
	// programs that write formulas without computing them do (see read_xlsx_formula.go).
	recalc bool
	// Hidden rows with content: hidden counts them; hiddenAt keeps the first few row numbers, so
	// that those at or above the header (set by the caller once it is found) are not counted.
	hidden    int64
	hiddenAt  []int
	headerRow int
}

// maxHiddenAt bounds xlsxSource.hiddenAt: the header is found among the first rows.
const maxHiddenAt = 64

// openXLSX opens the workbook in data (or at path when data is nil) and the sheet to read: the
// named one (hidden or not), or the first visible one. Input problems come back as *RowError.
func openXLSX(file, path string, data []byte, sheet string) (*xlsxSource, error) {
	head := data
	if data == nil {
		var err error
		if head, err = readHead(path, sniffLen); err != nil {
			return nil, err
		}
	}
	switch {
	case bytes.HasPrefix(head, oleMagic):
		return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: "an .xlsx workbook; this is a legacy .xls (or encrypted) file: save it as .xlsx"}
	case !bytes.HasPrefix(head, zipMagic):
		if what := sniffText(head); what != "" {
			return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: "an .xlsx workbook or a CSV file; this is " + what}
		}
		if len(head) > 0 && utf8.Valid(head) && bytes.IndexByte(head, 0) < 0 {
			return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: "an .xlsx workbook (a zip archive); the file is text, not a workbook: if it is a CSV file, give it the .csv extension"}
		}
		return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: "an .xlsx workbook (a zip archive); the file is not a zip archive"}
	}
	info, err := inspectXLSX(file, path, data)
	if err != nil {
		return nil, err
	}
	opts := excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLInMemory}
	var f *excelize.File
	if data != nil {
		f, err = excelize.OpenReader(bytes.NewReader(data), opts)
	} else {
		f, err = excelize.OpenFile(path, opts)
	}
	if err != nil {
		return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable .xlsx workbook (%s)", printable(err))}
	}
	src := &xlsxSource{file: file, path: path, data: data, f: f, macros: info.macros}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			_ = f.Close()
			return nil, &RowError{File: file, Err: ErrEmptySheet, Expected: "a workbook with at least one sheet"}
		}
		// A hidden sheet (lookups, an old copy) is no one's register: read the first visible one.
		for _, name := range sheets {
			if visible, _ := f.GetSheetVisible(name); visible {
				sheet = name
				break
			}
			src.skipped = append(src.skipped, name)
		}
		if sheet == "" {
			err := &RowError{File: file, Err: ErrNoSheet, Expected: "a visible sheet; " + src.sheetsHint()}
			_ = f.Close()
			return nil, err
		}
	}
	if calc, err := f.GetCalcProps(); err == nil && calc.FullCalcOnLoad != nil {
		src.recalc = *calc.FullCalcOnLoad
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		_ = f.Close()
		if _, ok := errors.AsType[excelize.ErrSheetNotExist](err); ok {
			return nil, &RowError{File: file, Err: ErrNoSheet, Value: sheet, Expected: "one of the sheets " + quoteList(sheets, "or")}
		}
		return nil, &RowError{File: file, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable sheet %q (%s)", sheet, printable(err))}
	}
	src.rows, src.sheet = rows, sheet
	return src, nil
}

func readHead(path string, n int) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:m], nil
}

// Next returns the next row's cells as stored (RawCellValue: numbers and dates unformatted, so
// an Excel date arrives as its serial number) and its sheet row number.
func (s *xlsxSource) Next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, &RowError{File: s.file, Sheet: s.sheet, Row: s.row + 1, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable sheet (%s)", printable(err))}
		}
		return nil, 0, io.EOF
	}
	s.row++
	cols, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, s.row, &RowError{File: s.file, Sheet: s.sheet, Row: s.row, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable row (%s)", printable(err))}
	}
	// Rows hidden by hand or by a filter are data all the same: they load, and are counted for
	// the summary. (For a row missing from the sheet's XML, GetRowOpts gives the next stored
	// row's options, but such a row has no cells.)
	if s.rows.GetRowOpts().Hidden && !isBlank(cols) {
		s.hidden++
		if len(s.hiddenAt) < maxHiddenAt {
			s.hiddenAt = append(s.hiddenAt, s.row)
		}
	}
	return cols, s.row, nil
}

// hiddenRows counts the hidden rows with content below the header: a hidden header (or title)
// is no data row, and blank rows are skipped whether hidden or not.
func (s *xlsxSource) hiddenRows() int64 {
	n := s.hidden
	for _, r := range s.hiddenAt {
		if r <= s.headerRow {
			n--
		}
	}
	return n
}

// decimalDot: a workbook stores its numbers with "." as the decimal point, whatever they show.
func (s *xlsxSource) decimalDot() bool { return true }

// Offset reports progress in rows for workbooks: their bytes are compressed.
func (s *xlsxSource) Offset() int64 { return int64(s.row) }

func (s *xlsxSource) Close() error {
	err := s.rows.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sheetsHint names the workbook's sheets (marking the hidden ones) and the flag that picks one,
// for an error on a sheet that holds no register.
func (s *xlsxSource) sheetsHint() string {
	sheets := s.f.GetSheetList()
	names := make([]string, len(sheets))
	for i, name := range sheets {
		names[i] = fmt.Sprintf("%q", name)
		if visible, _ := s.f.GetSheetVisible(name); !visible {
			names[i] += " (hidden)"
		}
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	return fmt.Sprintf("the workbook's sheets are %s (choose one with --sheet)", list)
}
