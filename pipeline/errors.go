package pipeline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sentinels say what went wrong; a *RowError says where. Inspect them with errors.Is.
var (
	ErrDatabaseInUse = errors.New("database is in use by another gnlc process")

	ErrEmptyFile       = errors.New("empty file")
	ErrNoRows          = errors.New("no data rows")
	ErrEncoding        = errors.New("unsupported text encoding")
	ErrNotXLSX         = errors.New("not an xlsx workbook")
	ErrNoSheet         = errors.New("no such sheet")
	ErrEmptySheet      = errors.New("empty sheet")
	ErrUnknownKind     = errors.New("no header found")
	ErrMissingColumn   = errors.New("missing required column")
	ErrDuplicateColumn = errors.New("duplicate column")
	ErrScaledColumn    = errors.New("column in other units")
	ErrRepeatedHeader  = errors.New("header row repeated")
	ErrTotalsRow       = errors.New("totals row")
	ErrHeaderContinued = errors.New("header continued on a second row")
	ErrLineTooLong     = errors.New("line too long")
	ErrSyntax          = errors.New("malformed csv")
	ErrFieldCount      = errors.New("wrong number of fields")
	ErrCellTooLong     = errors.New("cell too long")
	ErrRequired        = errors.New("required value missing")
	ErrBadText         = errors.New("invalid text")
	ErrMangledText     = errors.New("text mangled before it reached gnlc")
	ErrUnknownCountry  = errors.New("unknown country")
	ErrCountryMismatch = errors.New("iso3 does not match country")
	ErrRegionMismatch  = errors.New("region does not match country")
	ErrBadInteger      = errors.New("not an integer")
	ErrBadNumber       = errors.New("not a number")
	ErrOutOfRange      = errors.New("value out of range")
	ErrBadDate         = errors.New("not a date")
	ErrBadStatus       = errors.New("unknown status")
	ErrLeftYear        = errors.New("left_year inconsistent with status")
	ErrDuplicateCity   = errors.New("duplicate city")
	ErrCityElsewhere   = errors.New("city already loaded from another source")
	ErrDuplicateYear   = errors.New("duplicate year")
	ErrYearElsewhere   = errors.New("year already loaded from another source")

	// ErrLooksLikeDate: a year column holds an Excel date (a day number), as when the column is
	// formatted as a date.
	ErrLooksLikeDate = errors.New("looks like a date")
	// ErrNoSavedValue: a workbook cell holds a formula but not its value (read_xlsx_formula.go).
	ErrNoSavedValue = errors.New("value missing")

	ErrNoSource       = errors.New("no such source")
	ErrLoadedAsSource = errors.New("the file is already loaded as another source")
	ErrSameContent    = errors.New("the same content is already loaded as another source")
)

// maxShownValue bounds how much of a bad value an error message quotes (a cell may hold 1 MB).
const maxShownValue = 60

// RowError is one bad row (or header, or file) of an input file.
//
// Row is the 1-based row in the file: for CSV the line where the record starts, for XLSX the sheet
// row; the header is row 1 in a file that starts with its header. Row 0 means the whole file.
// Sheet is the XLSX sheet read ("" for CSV, and for a workbook refused before a sheet was opened).
// Column is the canonical column name (city, year_joined, ...), "" for a field that maps to none;
// Header is the column's header as written in the file, and Field its 1-based position (0:
// unknown), shown as the spreadsheet column letter for XLSX. Err is one of the sentinels above.
type RowError struct {
	File     string
	Sheet    string
	Row      int
	Column   string
	Header   string
	Field    int
	Value    string
	Expected string
	Err      error
}

var _ error = (*RowError)(nil)

// Error renders the error as `file:row: column "Header" (key): value "v": err: expected ...`,
// with `file [Sheet]:row: column C "Header" (key): ...` for XLSX. The canonical key is shown
// only when the header differs from it, and a field without a header by its position.
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " [%s]", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ":%d", e.Row)
	}
	b.WriteString(": ")
	if col := e.column(); col != "" {
		b.WriteString(col)
		b.WriteString(": ")
	}
	if e.Value != "" || errors.Is(e.Err, ErrRequired) {
		fmt.Fprintf(&b, "value %q: ", shorten(e.Value))
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.Expected != "" {
		if e.Err != nil {
			b.WriteString(": ")
		}
		b.WriteString("expected ")
		b.WriteString(e.Expected)
	}
	return b.String()
}

// column names the error's column as the user sees it: `column "Pays" (country)` in a CSV file,
// `column B "Pays" (country)` in a workbook (whose users navigate by letters), `column 4 (no
// header)` for a field beyond the header, "" when the error concerns no column.
func (e *RowError) column() string {
	header := strings.TrimSpace(e.Header)
	if header == "" && e.Column == "" && e.Field <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("column")
	if pos := fieldName(e.Field, e.Sheet != ""); pos != "" && (e.Sheet != "" || header == "" && e.Column == "") {
		b.WriteString(" ")
		b.WriteString(pos)
	}
	switch {
	case header != "":
		fmt.Fprintf(&b, " %q", shorten(header))
		if e.Column != "" && !strings.EqualFold(header, e.Column) {
			fmt.Fprintf(&b, " (%s)", e.Column)
		}
	case e.Column != "":
		fmt.Fprintf(&b, " %q", e.Column)
	default:
		b.WriteString(" (no header)")
	}
	return b.String()
}

// fieldName is the position of 1-based field i: its spreadsheet column letter (A, B, ..., AA)
// in a workbook, its number in a text file, "" when unknown.
func fieldName(i int, xlsx bool) string {
	if i <= 0 {
		return ""
	}
	if !xlsx {
		return strconv.Itoa(i)
	}
	name, err := excelize.ColumnNumberToName(i)
	if err != nil { // past Excel's last column (XFD): no letter to give
		return strconv.Itoa(i)
	}
	return name
}

func (e *RowError) Unwrap() error { return e.Err }

// shorten keeps error messages readable when a value is huge.
func shorten(s string) string {
	if len(s) <= maxShownValue {
		return s
	}
	cut := maxShownValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

// FileError is a refused file: every RowError found (up to MaxErrors; Omitted counts the rest).
// Nothing of the file was loaded.
type FileError struct {
	File    string
	Errors  []*RowError
	Omitted int
	// Elsewhere lists the paths of the other sources that already hold cities (or years) of the
	// file, in order: the sources the file may be meant to replace.
	Elsewhere []string
}

var _ error = (*FileError)(nil)

func (e *FileError) Error() string {
	n := len(e.Errors) + e.Omitted
	if len(e.Errors) == 0 {
		return fmt.Sprintf("%s: file refused", e.File)
	}
	if n == 1 {
		return e.Errors[0].Error()
	}
	return fmt.Sprintf("%s: file refused: %d errors, first: %v", e.File, n, e.Errors[0])
}

// Unwrap lets errors.Is find any of the row errors' sentinels.
func (e *FileError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, re := range e.Errors {
		out[i] = re
	}
	return out
}
