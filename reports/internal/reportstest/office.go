package reportstest

// Helpers for the tests that open workbooks in other programs (LibreOffice, openpyxl). Those
// programs are optional on a developer's machine, so a missing one skips the test, except under
// GNLC_REQUIRE_OFFICE=1 (`make check-office`, CI), where it fails: there the test's whole point
// is to run.

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
)

// SkipOrFail skips the test for a missing tool, or fails it under GNLC_REQUIRE_OFFICE=1.
func SkipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("GNLC_REQUIRE_OFFICE") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// Tool is the path of the first of names found on PATH; when none is, it skips or fails the
// test (SkipOrFail) saying why.
func Tool(t *testing.T, why string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	SkipOrFail(t, why)
	return ""
}

// Office is LibreOffice's binary, soffice or libreoffice.
func Office(t *testing.T) string {
	t.Helper()
	return Tool(t, "LibreOffice is not installed (Debian: apt-get install libreoffice-calc)", "soffice", "libreoffice")
}

// ConvertToPDF converts xlsx to PDF with LibreOffice (office, from Office) headless and returns
// the PDF's path. Each call has its own profile folder (UserInstallation), so conversions
// running in parallel do not collide over LibreOffice's lock, and a fresh profile takes its
// locale from the environment: env ("LANG=fr_FR.UTF-8") sets the reader's system.
func ConvertToPDF(t *testing.T, office, xlsx string, env ...string) string {
	t.Helper()
	out := t.TempDir()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, office,
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, xlsx)
	cmd.Env = append(append(os.Environ(), "HOME="+profile), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("libreoffice --convert-to pdf: %v\n%s", err, stderr.String())
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(xlsx), filepath.Ext(xlsx))+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("no PDF after conversion (%v); libreoffice said:\n%s", err, stderr.String())
	}
	return pdf
}

// PDFPages is the PDF's number of pages, from pdfinfo (poppler-utils).
func PDFPages(t *testing.T, pdf string) int {
	t.Helper()
	bin := Tool(t, "pdfinfo is not installed (Debian: apt-get install poppler-utils)", "pdfinfo")
	info, err := exec.CommandContext(t.Context(), bin, pdf).Output()
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
			return n
		}
	}
	t.Fatalf("pdfinfo printed no page count:\n%s", info)
	return 0
}

// PDFText is the PDF's text, from pdftotext (poppler-utils).
func PDFText(t *testing.T, pdf string) string {
	t.Helper()
	bin := Tool(t, "pdftotext is not installed (Debian: apt-get install poppler-utils)", "pdftotext")
	out, err := exec.CommandContext(t.Context(), bin, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	return string(out)
}
