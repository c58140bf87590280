package annual

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gnlc/reports/internal/reportstest"
)

// TestWrite_opensInLibreOffice converts the workbook to PDF with LibreOffice, which
// refuses (or asks to repair) a malformed package, and checks the PDF has pages. CI installs
// libreoffice-calc and poppler-utils (.ci/run); `make check-office` runs only this test.
func TestWrite_opensInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	soffice, err := exec.LookPath("libreoffice")
	if err != nil {
		skipOrFail(t, "libreoffice is not installed (Debian: apt-get install libreoffice-calc)")
	}
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		skipOrFail(t, "pdfinfo is not installed (Debian: apt-get install poppler-utils)")
	}
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
			pdf, pages := convertToPDF(t, soffice, pdfinfo, xlsx)
			if pages < 1 {
				t.Errorf("PDF has %d pages, want at least 1", pages)
			}
			// What LibreOffice shows: formatted numbers, and formula-like names as text.
			text := pdfText(t, strings.TrimSuffix(pdf, ".pdf"))
			for _, want := range []string{"390,000,000", "Yaoundé 1er", `=HYPERLINK("http://x","y")`, "@SUM(A1)"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not show %q", want)
				}
			}
		})
	}
}

// skipOrFail skips for a missing tool, or fails under `make check-office`
// (GNLC_REQUIRE_OFFICE=1), whose whole point is to run the conversion.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("GNLC_REQUIRE_OFFICE") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// convertToPDF runs LibreOffice headless with a fresh profile and returns the PDF and its
// number of pages.
func convertToPDF(t *testing.T, soffice, pdfinfo, xlsx string) (string, int) {
	t.Helper()
	out := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("libreoffice --convert-to pdf: %v\n%s", err, stderr.String())
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(xlsx), ".xlsx")+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("no PDF after conversion (%v); libreoffice said:\n%s", err, stderr.String())
	}
	info, err := exec.CommandContext(ctx, pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(info))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo pages %q: %v", v, err)
			}
			return pdf, n
		}
	}
	t.Fatalf("pdfinfo printed no page count:\n%s", info)
	return "", 0
}

// pdfText extracts the PDF's text with pdftotext (poppler-utils, like pdfinfo).
func pdfText(t *testing.T, base string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		skipOrFail(t, "pdftotext is not installed (Debian: apt-get install poppler-utils)")
	}
	out, err := exec.CommandContext(t.Context(), bin, "-enc", "UTF-8", base+".pdf", "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
