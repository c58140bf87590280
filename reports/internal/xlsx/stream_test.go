package xlsx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// Stream.Write fits its columns to their content by reading the rows twice, but only up to
// maxMeasuredRows: beyond that a second pass would run the query again, so the fixed widths hold.
func TestStream_measure(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 40) // wider than the fixed width, narrower than maxColWidth
	tests := []struct {
		name       string
		n          int64
		measure    bool
		wantPasses int
		wantWidth  float64
	}{
		// A measured column is its widest cell and a character of padding.
		{"small, measured", 3, true, 2, float64(len(long) + 1)},
		{"at the bound, measured", maxMeasuredRows, true, 2, float64(len(long) + 1)},
		{"past the bound, fixed", maxMeasuredRows + 1, true, 1, 13},
		{"not asked", 3, false, 1, 13},
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
			if err := f.SetSheetName("Sheet1", "Data"); err != nil {
				t.Fatal(err)
			}
			spec := &TableSpec{
				Sheet: "Data", Table: "tblData", Title: "Data",
				Columns: []Column{{Header: "Name", Width: 12}, {Header: "N", Width: 6}},
				Measure: tt.measure,
			}
			passes := 0
			rows := func(yield func([]Cell, error) bool) {
				passes++
				for i := range tt.n {
					name := "a"
					if i == 1 {
						name = long
					}
					if !yield([]Cell{Text(name), Int(i)}, nil) {
						return
					}
				}
			}
			if _, err := (Stream{Spec: spec, Rows: tt.n}).Write(t.Context(), f, st, rows); err != nil {
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
