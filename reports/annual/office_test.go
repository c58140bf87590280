package annual

import (
	"strings"
	"testing"

	"gnlc/reports/internal/reportstest"
)

// TestWrite_opensInLibreOffice converts the workbook to PDF with LibreOffice, which
// refuses (or asks to repair) a malformed package, and checks the PDF has pages. CI installs
// libreoffice-calc and poppler-utils (.ci/run); `make check-office` runs only this test.
func TestWrite_opensInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	office := reportstest.Office(t)
	tests := []struct {
		name string
		opts Options
	}{
		{"one sheet per table", Options{}},
		{"split tables", Options{RowsPerSheet: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xlsx := writeAnnualT(t, reportstest.AnnualDataset(), tt.opts)
			pdf := reportstest.ConvertToPDF(t, office, xlsx)
			if pages := reportstest.PDFPages(t, pdf); pages < 1 {
				t.Errorf("PDF has %d pages, want at least 1", pages)
			}
			// What LibreOffice shows: formatted numbers, and formula-like names as text.
			text := reportstest.PDFText(t, pdf)
			for _, want := range []string{"390,000,000", "Yaoundé 1er", `=HYPERLINK("http://x","y")`, "@SUM(A1)"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not show %q", want)
				}
			}
		})
	}
}
