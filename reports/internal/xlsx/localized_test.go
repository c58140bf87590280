package xlsx

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// LongDate and Share cells are numbers, written by a SheetWriter and by a Stream alike, in the
// formats Localize registers (or the ISO date and two-decimal percentage before it), and a long
// date's column is as wide as its words.
func TestLocalize(t *testing.T) {
	t.Parallel()
	due := time.Date(2024, time.February, 14, 0, 0, 0, 0, time.UTC)
	words := "14 de septiembre de 2024" // wider than "yyyy-mm-dd"
	tests := []struct {
		name     string
		localize bool
		stream   bool
		want     [2]string // the date and the share as excelize draws them
	}{
		{"sheet", true, false, [2]string{"14 de febrero de 2024", "2.3%"}},
		{"stream", true, true, [2]string{"14 de febrero de 2024", "2.3%"}},
		{"not localized", false, false, [2]string{"2024-02-14", "2.34%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := excelize.NewFile()
			defer f.Close()
			st, err := NewStyles(f)
			if err != nil {
				t.Fatal(err)
			}
			if tt.localize {
				if err := st.Localize(f, `[$-C0A]d "de" mmmm "de" yyyy`); err != nil {
					t.Fatal(err)
				}
			}
			row := []Cell{LongDate(due, words), Share(0.0234)}
			spec := &TableSpec{Sheet: "Sheet1", Table: "tblT", Title: "T", Columns: []Column{{Header: "D"}, {Header: "S"}}, Measure: true}
			if tt.stream {
				rows := func(yield func([]Cell, error) bool) { yield(row, nil) }
				_, err = Stream{Spec: spec, Rows: 1}.Write(t.Context(), f, st, rows)
			} else {
				_, err = WriteTable(f, st, spec, [][]Cell{row})
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.stream {
				// A stream's rows are in the workbook once it is saved.
				f = savedCopy(t, f, st)
			}
			var got [2]string
			for i, ref := range []string{"A3", "B3"} {
				if typ, _ := f.GetCellType("Sheet1", ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
					t.Errorf("%s is text", ref)
				}
				if got[i], err = f.GetCellValue("Sheet1", ref); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("drawn (-want +got):\n%s", diff)
			}
			if w, err := f.GetColWidth("Sheet1", "A"); err != nil || w <= float64(len([]rune(words))) {
				t.Errorf("date column width %g (%v), want more than the %d characters of %q", w, err, len([]rune(words)), words)
			}
		})
	}
}
