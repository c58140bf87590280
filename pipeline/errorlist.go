package pipeline

import (
	"errors"
	"slices"
)

// errorList collects a file's row errors, up to MaxErrors, and counts the bad rows.
type errorList struct {
	errs    []*RowError
	omitted int
	badRows int64
	lastRow int
	sqlRows map[int]bool // rows flagged by the duplicate checks
	// elsewhere: the other sources holding the file's cities or years, in the order found
	elsewhere []string
}

// addElsewhere records another source that holds a city (or year) of the file.
func (l *errorList) addElsewhere(path string) {
	if !slices.Contains(l.elsewhere, path) {
		l.elsewhere = append(l.elsewhere, path)
	}
}

// addRow records the errors of one row read from the file (rows arrive in file order).
func (l *errorList) addRow(errs []*RowError) {
	if len(errs) == 0 {
		return
	}
	if errs[0].Row != l.lastRow || errs[0].Row == 0 {
		l.badRows++
		l.lastRow = errs[0].Row
	}
	l.keep(errs...)
}

// addChecked records an error found by a duplicate check on an otherwise valid row.
func (l *errorList) addChecked(e *RowError) {
	if l.sqlRows == nil {
		l.sqlRows = make(map[int]bool)
	}
	if !l.sqlRows[e.Row] {
		l.sqlRows[e.Row] = true
		l.badRows++
	}
	l.keep(e)
}

// merge adds the errors a worker collected (its rows are distinct from everyone else's).
func (l *errorList) merge(o *errorList) {
	l.badRows += o.badRows
	l.omitted += o.omitted
	l.errs = append(l.errs, o.errs...)
}

func (l *errorList) keep(errs ...*RowError) {
	for _, e := range errs {
		if len(l.errs) < MaxErrors {
			l.errs = append(l.errs, e)
		} else {
			l.omitted++
		}
	}
}

// fileError sorts the errors by row and keeps the first MaxErrors (workers each kept their first
// MaxErrors, so these are the file's first).
func (l *errorList) fileError(file string) *FileError {
	slices.SortStableFunc(l.errs, func(a, b *RowError) int { return a.Row - b.Row })
	if len(l.errs) > MaxErrors {
		l.omitted += len(l.errs) - MaxErrors
		l.errs = l.errs[:MaxErrors]
	}
	return &FileError{File: file, Errors: l.errs, Omitted: l.omitted, Elsewhere: l.elsewhere}
}

// emptyRequired are the kept errors that report an empty cell of a required column: in a
// workbook, such a cell may hold a formula without its value, or sit inside a merged range.
func (l *errorList) emptyRequired() []*RowError {
	var out []*RowError
	for _, e := range l.errs {
		if e.Value == "" && e.Field > 0 && errors.Is(e.Err, ErrRequired) {
			out = append(out, e)
		}
	}
	return out
}
