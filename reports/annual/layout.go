package annual

import (
	"fmt"
	"slices"
	"strings"

	"gnlc/reports/internal/xlsx"
)

// sheetNote is what a data sheet is and what its cells mean: the title and notes that a
// machine-readable sheet keeps off its cells (its row 1 is the header), written on the Notes
// sheet and, the title, in the printed page's header.
type sheetNote struct {
	sheet, title string
	notes        []string
}

// page is how a sheet titled title prints: the title over every page, and below it which
// sheet, which page and which run.
func (b *annualBuild) page(title string) xlsx.Page {
	return xlsx.Page{
		Header: title,
		PageOf: "page &P of &N",
		Footer: fmt.Sprintf("gnlc %s · %s", orUnknown(b.ds.Version), b.ds.GeneratedAt.UTC().Format("2 January 2006")),
	}
}

// dataSheet is the spec of a machine-readable table on sheet: its header on row 1 and its title
// and notes recorded for the Notes sheet and the printed page.
func (b *annualBuild) dataSheet(sheet, table, title string, notes []string, cols []xlsx.Column) *xlsx.TableSpec {
	b.notes = append(b.notes, sheetNote{sheet: sheet, title: title, notes: notes})
	return &xlsx.TableSpec{Sheet: sheet, Table: table, Columns: cols, Page: b.page(title)}
}

// notesSheet writes the Notes sheet: for each data sheet, what it holds and what its cells
// mean, a row each (a table too, header on row 1).
func (b *annualBuild) notesSheet() error {
	t := &xlsx.TableSpec{
		Sheet: sheetNotes, Table: "tblNotes",
		Columns: []xlsx.Column{{Header: "Sheet"}, {Header: "What it holds"}, {Header: "Notes", Width: 90}},
		Page:    b.page("Notes: what each sheet holds and what its cells mean"),
	}
	// In the workbook's order, not the order the sheets were written in.
	slices.SortStableFunc(b.notes, func(x, y sheetNote) int {
		i, _ := b.f.GetSheetIndex(x.sheet)
		j, _ := b.f.GetSheetIndex(y.sheet)
		return i - j
	})
	rows := make([][]xlsx.Cell, 0, len(b.notes)+1)
	rows = append(rows, []xlsx.Cell{xlsx.Text(sheetSummary), xlsx.Text(fmt.Sprintf("The front page: how the network changed in %d", b.ds.Year)),
		xlsx.Text("The year's figures beside the previous cohort's, as UNESCO published them and for the named members; the cohort by region; growth; the rules and what checking them found. Words stand for what is not published or not known.")})
	for _, n := range b.notes {
		rows = append(rows, []xlsx.Cell{xlsx.Text(n.sheet), xlsx.Text(n.title), xlsx.Text(strings.Join(n.notes, "\n"))})
	}
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}
