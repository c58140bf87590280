package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// streamTable fits its columns to their content by reading the rows twice, but only up to
// maxMeasuredRows: beyond that a second pass would run the query again, so the fixed widths hold.
func TestStreamTable_measure(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 40) // wider than the fixed width, narrower than maxColWidth
	tests := []struct {
		name       string
		n          int64
		measure    bool
		wantPasses int
		wantWidth  float64
	}{
		{"small, measured", 3, true, 2, excelWidth(len(long))},
		{"at the bound, measured", maxMeasuredRows, true, 2, excelWidth(len(long))},
		{"past the bound, fixed", maxMeasuredRows + 1, true, 1, excelWidth(12)},
		{"not asked", 3, false, 1, excelWidth(12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := excelize.NewFile()
			defer f.Close()
			st, err := newStyles(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetSheetName("Sheet1", "Data"); err != nil {
				t.Fatal(err)
			}
			spec := &tableSpec{
				Sheet: "Data", Table: "tblData", Title: "Data",
				Columns: []column{{Header: "Name", Width: 12}, {Header: "N", Width: 6}},
				Measure: tt.measure,
			}
			passes := 0
			rows := func(yield func([]cell, error) bool) {
				passes++
				for i := range tt.n {
					name := "a"
					if i == 1 {
						name = long
					}
					if !yield([]cell{textCell(name), intCell(i)}, nil) {
						return
					}
				}
			}
			if _, err := streamTable(t.Context(), f, st, spec, tt.n, 0, rows); err != nil {
				t.Fatal(err)
			}
			width, err := f.GetColWidth("Data", "A")
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("passes %d, width %g", passes, width)
			want := fmt.Sprintf("passes %d, width %g", tt.wantPasses, tt.wantWidth)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
