package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures/fixturestest"
)

// requireTool finds a program the readers' tests need, or skips; under CI
// (GNLC_REQUIRE_OFFICE=1, set by .ci/run, which installs them) a missing one fails.
func requireTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("GNLC_REQUIRE_OFFICE") != "" {
		t.Fatalf("%s is not installed (Debian: apt-get install %s)", name, install)
	}
	t.Skipf("%s is not installed (Debian: apt-get install %s)", name, install)
	return ""
}

// annualPath writes the default register's annual workbook, as `make run` does, and returns
// its path.
func annualPath(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	if code, _, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", "2026-12-02", "--lang", "en"); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	return filepath.Join(out, "gnlc-annual-2025.xlsx")
}

// pandasScript reads every sheet of the workbook as an analyst would, with no skiprows, and
// prints each sheet's columns, dtypes and rows; then openpyxl in read-only mode, which trusts
// each sheet's recorded dimension, gives its row count.
const pandasScript = `
import json, sys
import pandas as pd
import openpyxl
path = sys.argv[1]
out = {}
for name, df in pd.read_excel(path, sheet_name=None).items():
    out[name] = {"columns": [str(c) for c in df.columns],
                 "dtypes": {str(c): str(t) for c, t in df.dtypes.items()},
                 "rows": len(df)}
wb = openpyxl.load_workbook(path, read_only=True)
for ws in wb.worksheets:
    out[ws.title]["openpyxl_rows"] = ws.max_row
json.dump(out, sys.stdout)
`

type sheetFrame struct {
	Columns      []string          `json:"columns"`
	Dtypes       map[string]string `json:"dtypes"`
	Rows         int               `json:"rows"`
	OpenpyxlRows int               `json:"openpyxl_rows"`
}

// TestAnnual_readsInPandas reads every data sheet of the default register's annual workbook with
// Debian's python3-pandas and python3-openpyxl: row 1 is the header (no "Unnamed" column), the
// counts are the register's, and whole numbers come back as integers.
func TestAnnual_readsInPandas(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Python; -short skips it")
	}
	// Debian's python3, where apt installs pandas and openpyxl, ahead of any other on PATH.
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		python = requireTool(t, "python3", "python3-pandas python3-openpyxl")
	}
	if err := exec.Command(python, "-c", "import pandas, openpyxl").Run(); err != nil {
		if os.Getenv("GNLC_REQUIRE_OFFICE") != "" {
			t.Fatal("python3 lacks pandas or openpyxl (Debian: apt-get install python3-pandas python3-openpyxl)")
		}
		t.Skip("python3 lacks pandas or openpyxl (Debian: apt-get install python3-pandas python3-openpyxl)")
	}
	path := annualPath(t)
	cmd := exec.CommandContext(t.Context(), python, "-c", pandasScript, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, stderr.String())
	}
	var sheets map[string]sheetFrame
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatalf("pandas output: %v\n%s", err, out)
	}
	fig := fixturestest.Shared(t)
	latest := fig.Latest()
	tests := []struct {
		sheet string
		rows  int
		// dtypes of some columns: int64 where every value is a whole number, float64 where some
		// are unknown (an empty cell, NaN), datetime64 for dates, object for words.
		dtypes map[string]string
	}{
		{"Growth", latest.Year - 2015 + 1, map[string]string{"Year": "int64", "Cities (named)": "int64", "New cities (named)": "int64",
			"First-time countries (named)": "int64", "Cities (as published)": "float64"}},
		{"Reconciliation", 0, map[string]string{"Year": "int64", "New cities (named)": "int64", "Named more than published": "object"}},
		{"Regions", len(fig.Regions), map[string]string{"Region": "object", "Named members": "int64", "Share of named members": "float64",
			"New in 2025": "int64"}},
		{"Countries", int(fig.Countries), map[string]string{"Rank": "int64", "Country": "object", "Named members": "int64",
			"New in 2025": "int64", "New in 2015": "int64", "Members, population unknown": "int64"}},
		{"Cohort 2025", int(latest.NewCities), map[string]string{"City": "object", "Population": "float64", "Latitude": "float64"}},
		// Limit is empty for cohorts before the limit was in force.
		{"Quota", 0, map[string]string{"Cohort": "int64", "New cities": "int64", "Limit": "float64", "Over the limit": "object"}},
		{"Next call", int(fig.Countries), map[string]string{"Next cohort": "int64", "Window opens": "datetime64[ns]",
			"Places used": "int64", "Places left": "int64"}},
		{"Compliance", int(fig.Rows), map[string]string{"Year joined": "int64", "Window opens": "datetime64[ns]", "Application": "object"}},
		{"Members", int(fig.Rows), map[string]string{"Year joined": "int64", "Population": "float64", "Source ID": "int64", "Status": "object"}},
		{"Data quality", 0, map[string]string{"Check": "object", "Count": "int64"}},
		{"Sources", 0, map[string]string{"Source ID": "int64", "SHA-256": "object", "Rows": "int64", "Loaded at (UTC)": "datetime64[ns]"}},
		{"Notes", 0, map[string]string{"Sheet": "object", "Notes": "object"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			s, ok := sheets[tt.sheet]
			if !ok {
				t.Fatalf("pandas read no sheet %q; it read %v", tt.sheet, keys(sheets))
			}
			for _, c := range s.Columns {
				if strings.HasPrefix(c, "Unnamed") || regexp.MustCompile(`\.\d+$`).MatchString(c) {
					t.Errorf("column %q: the header is not row 1, or two tables share the sheet: %q", c, s.Columns)
				}
			}
			if tt.rows > 0 && s.Rows != tt.rows {
				t.Errorf("%d rows, want %d", s.Rows, tt.rows)
			}
			if s.Rows == 0 {
				t.Errorf("no rows")
			}
			if s.OpenpyxlRows != s.Rows+1 {
				t.Errorf("openpyxl (read-only) sees %d rows, pandas %d data rows and a header", s.OpenpyxlRows, s.Rows)
			}
			got := map[string]string{}
			for c := range tt.dtypes {
				got[c] = s.Dtypes[c]
			}
			if diff := cmp.Diff(tt.dtypes, got); diff != "" {
				t.Errorf("dtypes (-want +got):\n%s", diff)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// a4Landscape is A4 landscape in PDF points, as pdfinfo prints it (595.3 or 595.304).
const a4Landscape = "841.89 x 595.3"

// TestAnnual_prints converts the default register's annual workbook to PDF through LibreOffice
// and checks the printed pages: A4 landscape, a bounded page count, every page numbered "page X
// of Y" with its sheet's name, no page below 70% scale (the body text's height against the
// footer's, which does not scale), and text that used to be clipped printed whole.
func TestAnnual_prints(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	soffice := requireTool(t, "libreoffice", "libreoffice-calc")
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	pdf := toPDF(t, soffice, annualPath(t))

	// 310 members: the Summary, a page or two per small sheet, about 25 for the register.
	checkPrinted(t, pdfinfo, pdftotext, pdf, 25, 110)

	raw, err := exec.CommandContext(t.Context(), pdftotext, "-raw", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	for _, want := range []string{
		"United Kingdom of Great Britain and Northern Ireland", // clipped at "…and No" before
		"Latin America and the Caribbean",
		"In 2025, 72 new member cities from 46 countries (13 new to the network): 425 member cities in 91 countries",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not print %q whole", want)
		}
	}
	// The register's SHA-256, whose last character was clipped.
	if m := regexp.MustCompile(`\b[0-9a-f]{64}\b`).FindString(text); m == "" {
		t.Errorf("the PDF prints no whole SHA-256")
	}
}

var (
	wordBox  = regexp.MustCompile(`yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
	pageOfRe = regexp.MustCompile(`(?:page|página) (\d+) (?:of|sur|de) (\d+)`)
)

// checkPrinted checks a printed workbook: A4 landscape, between least and most pages, and every
// page numbered and at 70% scale at least (checkPages).
func checkPrinted(t *testing.T, pdfinfo, pdftotext, pdf string, least, most int) {
	t.Helper()
	info, err := exec.CommandContext(t.Context(), pdfinfo, pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), a4Landscape) {
		t.Errorf("paper is not A4 landscape:\n%s", info)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	if pages < least || pages > most {
		t.Errorf("%d pages, want %d to %d", pages, least, most)
	}
	bbox := filepath.Join(t.TempDir(), "bbox.html")
	if out, err := exec.CommandContext(t.Context(), pdftotext, "-bbox", pdf, bbox).CombinedOutput(); err != nil {
		t.Fatalf("pdftotext -bbox: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bbox)
	if err != nil {
		t.Fatal(err)
	}
	checkPages(t, string(data), pages)
}

// checkPages reads pdftotext's word boxes page by page: each page says "page i of n", and the
// median height of its words is at least 70% of its footer's (Page: the footer does not scale
// with the sheet).
func checkPages(t *testing.T, bbox string, pages int) {
	t.Helper()
	parts := strings.Split(bbox, "<page ")[1:]
	if len(parts) != pages {
		t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(parts), pages)
	}
	for i, p := range parts {
		var heights []float64
		var words []string
		for _, m := range wordBox.FindAllStringSubmatch(p, -1) {
			y0, _ := strconv.ParseFloat(m[1], 64)
			y1, _ := strconv.ParseFloat(m[2], 64)
			heights = append(heights, y1-y0)
			words = append(words, m[3])
		}
		line := strings.Join(words, " ")
		if m := pageOfRe.FindStringSubmatch(line); m == nil || m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(pages) {
			t.Errorf("page %d does not say \"page %d of %d\" in its language", i+1, i+1, pages)
			continue
		}
		// The footer's "page" word is the unscaled reference.
		ref := 0.0
		for j, w := range words {
			if (w == "page" || w == "página") && j+1 < len(words) && words[j+1] == strconv.Itoa(i+1) {
				ref = heights[j]
			}
		}
		sorted := append([]float64(nil), heights...)
		sort.Float64s(sorted)
		median := sorted[len(sorted)/2]
		if ref == 0 || median < 0.7*ref {
			t.Errorf("page %d prints at about %.0f%% (text %.1f pt high, footer %.1f pt): below 70%%", i+1, 100*median/ref, median, ref)
		}
	}
}

// toPDF converts xlsx to PDF with LibreOffice headless, in a fresh profile.
func toPDF(t *testing.T, soffice, xlsx string) string {
	t.Helper()
	out, profile := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice --convert-to pdf: %v\n%s", err, b)
	}
	return filepath.Join(out, strings.TrimSuffix(filepath.Base(xlsx), ".xlsx")+".pdf")
}

// TestDelegation_prints prints a French and a Spanish delegation workbook through LibreOffice:
// A4 landscape, every page numbered in the workbook's language ("page 2 sur 4", "página 2 de
// 4"), none below 70%.
func TestDelegation_prints(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; -short skips it")
	}
	soffice := requireTool(t, "libreoffice", "libreoffice-calc")
	pdftotext := requireTool(t, "pdftotext", "poppler-utils")
	pdfinfo := requireTool(t, "pdfinfo", "poppler-utils")
	for _, tt := range []struct{ country, file string }{{"FRA", "fr/FRA-france.xlsx"}, {"MEX", "es/MEX-mexico.xlsx"}} {
		t.Run(tt.country, func(t *testing.T) {
			out := t.TempDir()
			if code, _, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", "2026-12-02", "--country", tt.country); code != 0 {
				t.Fatalf("report: exit %d\n%s", code, stderr)
			}
			pdf := toPDF(t, soffice, filepath.Join(out, "delegations", filepath.FromSlash(tt.file)))
			checkPrinted(t, pdfinfo, pdftotext, pdf, 4, 12) // one page a sheet at least
		})
	}
}
