package pipeline

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxHeaderRow is how far down a file the header is looked for: registers often open with a
// title, a date or a note, and a blank row, before the header.
const maxHeaderRow = 20

// maxShownRows bounds the rows an error quotes when no header is found.
const maxShownRows = 4

// findHeader reads src up to its header: the first row, within the first maxHeaderRow, that maps
// to a kind of file with every required column. The rows above it (titles, notes, blank rows,
// Excel's "sep=" line) are read past. When none qualifies, the error is that of the first row
// that named a kind of file (a required column missing), or else quotes the first rows read and
// says what a header needs.
func findHeader(src rowSource, file string, opts FileOptions) (*headerMap, int, error) {
	xs, isXLSX := src.(*xlsxSource)
	sheet := sheetOf(src)
	var (
		firstErrs []*RowError // of the first row that maps to a kind
		shown     []string    // the first non-blank rows read, for the error
		lastRow   int
	)
	for {
		fields, row, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if re, ok := errors.AsType[*RowError](err); ok && !stopsReading(re) && lastRow < maxHeaderRow {
				// A malformed record above the header (a title with a stray quote) is no header.
				lastRow = max(lastRow, re.Row)
				continue
			}
			return nil, 0, asFileErr(file, err)
		}
		if row > maxHeaderRow {
			break
		}
		lastRow = row
		if isBlank(fields) {
			continue
		}
		if len(shown) < maxShownRows {
			shown = append(shown, fmt.Sprintf("row %d %q", row, shorten(joinCells(fields))))
		}
		if _, ok := detectKind(fields); !ok {
			continue
		}
		hm, herrs := mapHeader(file, sheet, row, slices.Clone(fields))
		if !hasMissingColumn(herrs) {
			if len(herrs) > 0 {
				return nil, 0, fileErr(file, herrs...)
			}
			return hm, row, nil
		}
		if firstErrs == nil {
			firstErrs = herrs
		}
	}
	if firstErrs != nil {
		return nil, 0, fileErr(file, firstErrs...)
	}
	if len(shown) == 0 {
		if isXLSX {
			return nil, 0, fileErr(file, &RowError{File: file, Sheet: sheet, Err: ErrEmptySheet,
				Expected: "a sheet starting with a header row; " + xs.sheetsHint()})
		}
		return nil, 0, fileErr(file, &RowError{File: file, Err: ErrEmptyFile, Expected: "a header row and at least one data row"})
	}
	re := &RowError{File: file, Sheet: sheet, Err: ErrUnknownKind, Expected: fmt.Sprintf(
		"a header row within the first %d rows naming city, country and year_joined (members; also ville, pays, année d'adhésion "+
			"or ciudad, país, año de adhesión), city, country and submitted_on (reports), or year, new_cities and total_cities "+
			"(published figures); the rows read were %s",
		maxHeaderRow, strings.Join(shown, ", "))}
	if isXLSX && opts.Sheet == "" {
		// The register may be on another sheet than the first: say which there are.
		re.Expected += "; " + xs.sheetsHint()
	}
	return nil, 0, fileErr(file, re)
}

// hasMissingColumn reports whether a header's errors include a required column it lacks: such
// a row may be a title or note that happens to name a column, so the search goes on below it.
func hasMissingColumn(errs []*RowError) bool {
	for _, e := range errs {
		if errors.Is(e, ErrMissingColumn) {
			return true
		}
	}
	return false
}

// joinCells shows a row as a person sees it: its non-empty cells separated by " | ".
func joinCells(fields []string) string {
	var cells []string
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			cells = append(cells, f)
		}
	}
	return strings.Join(cells, " | ")
}

// explainRow names a refused row for what a reader takes it to be when it is no city's row: a
// totals row, the header's continuation or its repetition. Their cells would otherwise read as a
// string of unrelated errors (an unknown country "Country", a missing year). It runs only for rows
// already refused, so clean files pay nothing.
func (v *validator) explainRow(r *rowCtx) {
	_ = v.explainTotalsRow(r) || v.explainHeaderContinuation(r) || v.explainRepeatedHeader(r)
}

// explainRepeatedHeader replaces the errors of a refused row that names the file's columns again
// (a bilingual register's second header row, "Ville, Pays" above "City, Country"; a header
// repeated at a page break) with one error that says so: its values read as unknown countries
// and missing years otherwise. It runs only for rows already refused.
func (v *validator) explainRepeatedHeader(r *rowCtx) bool {
	named := 0
	for i, f := range r.fields {
		if strings.TrimSpace(f) == "" {
			continue
		}
		name, ok := lookupHeader(v.hm.aliases, f)
		if !ok || name != v.hm.name(i) {
			return false
		}
		named++
	}
	if named < 2 {
		return false
	}
	r.errs = []*RowError{{File: v.file, Sheet: v.sheet, Row: r.row, Err: ErrRepeatedHeader, Value: shorten(joinCells(r.fields)),
		Expected: fmt.Sprintf("data rows below the header (row %d); this row names the same columns again (a header in a second language?): delete it, or keep its names in the header row as \"Ville / City\"", v.headerRow)}}
	return true
}

// explainTotalsRow replaces the errors of a refused row that is a table's totals ("Total", "",
// 12) with one error that says so: its empty country and year are no mistake of a city's.
func (v *validator) explainTotalsRow(r *rowCtx) bool {
	for _, f := range r.fields {
		if strings.TrimSpace(f) == "" {
			continue
		}
		switch Fold(f) {
		case "total", "totals", "grandtotal", "sum", "somme", "suma", "totales", "totaux", "totalgeneral":
			r.errs = []*RowError{{File: v.file, Sheet: v.sheet, Row: r.row, Err: ErrTotalsRow, Value: shorten(joinCells(r.fields)),
				Expected: "a city on every row below the header; this is a totals row (gnlc computes totals itself): delete it"}}
			return true
		}
		return false
	}
	return false
}

// explainHeaderContinuation replaces the errors of the row just below the header when it holds
// only bracketed qualifiers ("(2020)", "[WGS84]"): a header merged over two rows, "Population"
// above "(2020)", which a reader takes as one header.
func (v *validator) explainHeaderContinuation(r *rowCtx) bool {
	if r.row != v.headerRow+1 {
		return false
	}
	n := 0
	for _, f := range r.fields {
		if strings.TrimSpace(f) == "" {
			continue
		}
		if bare, _ := splitQualifiers(f); strings.TrimSpace(bare) != "" {
			return false
		}
		n++
	}
	if n == 0 {
		return false
	}
	r.errs = []*RowError{{File: v.file, Sheet: v.sheet, Row: r.row, Err: ErrHeaderContinued, Value: shorten(joinCells(r.fields)),
		Expected: fmt.Sprintf("data rows below the header (row %d); this row continues it (a header over two rows): write each qualifier into its header cell, as \"Population (2020)\", and delete this row", v.headerRow)}}
	return true
}
