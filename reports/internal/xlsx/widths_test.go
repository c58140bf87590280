package xlsx

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFitColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		chars   []int
		headers []string
		aligns  Aligns
		want    []float64
	}{
		{
			name:    "content and padding",
			chars:   []int{20, 5},
			headers: []string{"City", "Pop"},
			aligns:  Aligns{AlignLeft, AlignRight},
			want:    []float64{21, 6},
		},
		{
			// "Members, population unknown" wraps onto three lines: its longest word and a
			// third of it, plus the filter button.
			name:    "a long header wraps, its longest word holds",
			chars:   []int{3},
			headers: []string{"Members, population unknown"},
			aligns:  Aligns{AlignRight},
			want:    []float64{12},
		},
		{
			name:    "capped at the widest a column gets",
			chars:   []int{200},
			headers: []string{"Source URL"},
			aligns:  Aligns{AlignLeft},
			want:    []float64{maxColWidth},
		},
		{
			// Five 60-character text columns and a number: 2,135 pixels, more than the page holds
			// at 75%. The text columns give way evenly; the number keeps its width.
			name:    "too wide for the page: text columns wrap",
			chars:   []int{60, 60, 60, 60, 60, 10},
			headers: []string{"A", "B", "C", "D", "E", "N"},
			aligns:  Aligns{AlignLeft, AlignLeft, AlignLeft, AlignLeft, AlignLeft, AlignRight},
			want:    []float64{36, 36, 36, 36, 36, 11},
		},
		{
			// A URL of 80 characters beside two names of 30: each gives in proportion to what it
			// can, so the URL stays the widest.
			name:    "too wide for the page: in proportion",
			chars:   []int{80, 30, 30, 12, 12, 12, 12, 12, 12, 12},
			headers: []string{"URL", "City", "Country", "N", "N", "N", "N", "N", "N", "N"},
			aligns:  Aligns{AlignLeft, AlignLeft, AlignLeft, AlignRight, AlignRight, AlignRight, AlignRight, AlignRight, AlignRight, AlignRight},
			want:    []float64{50, 25, 25, 13, 13, 13, 13, 13, 13, 13},
		},
		{
			name:    "numbers alone wider than the page keep their width",
			chars:   []int{59, 59, 59, 59},
			headers: []string{"A", "B", "C", "D"},
			aligns:  Aligns{AlignRight, AlignRight, AlignRight, AlignRight},
			want:    []float64{60, 60, 60, 60},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := FitColumns(tt.chars, tt.headers, tt.aligns)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FitColumns (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFitColumns_fitsThePage(t *testing.T) {
	t.Parallel()
	chars := make([]int, 15)
	headers := make([]string, 15)
	aligns := make(Aligns, 15)
	// The register's shape: eight text columns (names, URLs) and seven numbers.
	for i := range chars {
		chars[i], headers[i], aligns[i] = 40, strings.Repeat("h", 5), AlignLeft
		if i >= 8 {
			chars[i], aligns[i] = 10, AlignRight
		}
	}
	var px float64
	for _, w := range FitColumns(chars, headers, aligns) {
		px += columnPx(w)
	}
	if px > printBudgetPx {
		t.Errorf("8 text columns of 40 characters and 7 numbers fit to %.0f pixels, more than the %d an A4 landscape page holds at 75%%", px, printBudgetPx)
	}
}

func TestAligns(t *testing.T) {
	t.Parallel()
	var a Aligns
	for _, c := range []Cell{{}, Text("unknown"), Int(3)} {
		a.See(0, c)
	}
	a.See(1, YesNo(true))
	a.See(2, Text("Lyon"))
	a.See(2, Centered("active"))
	got := []Align{a.At(0), a.At(1), a.At(2), a.At(3)}
	want := []Align{AlignRight, AlignCenter, AlignLeft, AlignLeft}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aligns (-want +got):\n%s", diff)
	}
}

func TestWrappedLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     string
		width float64
		want  int
	}{
		{"Lyon", 10, 1},
		{"", 10, 1},
		{"Latin America and the Caribbean", 21, 2}, // 22 characters a line: "Latin America and the", then "Caribbean"
		{"Latin America and the Caribbean", 32, 1},
		{"one\ntwo", 30, 2},
		{"https://example.org/a/very/long/path", 13, 4}, // 36 characters, 9 a line: a URL breaks at "/"
		{"New cities per country in the 2025 cohort, at most", 25, 2},
	}
	for _, tt := range tests {
		if got := wrappedLines(tt.s, tt.width); got != tt.want {
			t.Errorf("wrappedLines(%q, %g) = %d, want %d", tt.s, tt.width, got, tt.want)
		}
	}
}
