package pipeline

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// explainMerges adds to the errors of a refused workbook that report an empty required value
// in a merged range: a person reads the range's value ("China" down A2:A4) on every row, but a
// spreadsheet stores it once, in the range's first cell, and the other cells are empty. gnlc
// does not fill merged cells down (which rows a merge was meant to cover is the author's to
// say); the error names the range and what it shows, and the fix. It reads the sheet's merges,
// so it runs only for a refused file.
func (s *xlsxSource) explainMerges(errs *errorList) error {
	empty := errs.emptyRequired()
	if len(empty) == 0 {
		return nil
	}
	merges, err := s.f.GetMergeCells(s.sheet)
	if err != nil {
		return &RowError{File: s.file, Sheet: s.sheet, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable sheet (%s)", printable(err))}
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		for _, e := range empty {
			inside := e.Row >= r1 && e.Row <= r2 && e.Field >= c1 && e.Field <= c2
			if inside && (e.Row != r1 || e.Field != c1) {
				e.Expected += fmt.Sprintf("; the cell is part of the merged range %s:%s, which shows %q: a merged range holds its value once, in its first cell; unmerge it and fill the value into every row",
					m.GetStartAxis(), m.GetEndAxis(), shorten(m.GetCellValue()))
			}
		}
	}
	return nil
}
