package main

import (
	"encoding/csv"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// nextPlaces is what an output says of one country and the next application window.
type nextPlaces struct {
	Cohort   string
	Left     string
	Expected bool
}

// TestNextWindow_oneAnswer: on every as-of day, the annual Quota sheet, every delegation
// workbook and the quota_next_at view give one next window, one cohort and the same places left
// per country, and all three say "expected" exactly when the rules project the window. The days
// are those of issue 11: before the 2025 call, during it, after it, after its cohort was
// announced, and today.
func TestNextWindow_oneAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		asOf     string
		cohort   string
		expected bool
	}{
		{"2025-01-15", "2025", false}, // the 2025 call, announced, ahead
		{"2025-05-20", "2025", false}, // inside it
		{"2025-07-01", "2028", true},  // after it: the 2027 window, projected
		{"2025-12-05", "2028", true},
		{"2026-12-02", "2028", true},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			t.Parallel()
			// The view.
			code, stdout, stderr := runCLI(t, cliOptions{}, "query", "--format", "csv",
				"SELECT iso3, year, remaining, expected FROM quota_next_at(DATE '"+tt.asOf+"')")
			if code != 0 {
				t.Fatalf("query: exit %d: %s", code, stderr)
			}
			recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
			if err != nil || len(recs) < 2 {
				t.Fatalf("query: %v, %q", err, stdout)
			}
			view := map[string]nextPlaces{}
			for _, r := range recs[1:] {
				view[r[0]] = nextPlaces{Cohort: r[1], Left: r[2], Expected: r[3] == "true"}
				if r[1] != tt.cohort || (r[3] == "true") != tt.expected {
					t.Fatalf("view: %s cohort %s expected %s; want %s, %v", r[0], r[1], r[3], tt.cohort, tt.expected)
				}
			}

			out := t.TempDir()
			if code, _, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", tt.asOf); code != 0 {
				t.Fatalf("report: exit %d: %s", code, stderr)
			}
			annual := annualNextPlaces(t, filepath.Join(out, "gnlc-annual-2025.xlsx"))
			if diff := cmp.Diff(view, annual); diff != "" {
				t.Errorf("annual Quota sheet against the view (-view +annual):\n%s", diff)
			}
			paths, err := filepath.Glob(filepath.Join(out, "delegations", "*", "*.xlsx"))
			if err != nil || len(paths) != len(view) {
				t.Fatalf("%d delegation workbooks (%v), want one per member country (%d)", len(paths), err, len(view))
			}
			for _, p := range paths {
				iso := strings.SplitN(filepath.Base(p), "-", 2)[0]
				if got := delegationNextPlaces(t, p); got != view[iso] {
					t.Errorf("%s: %+v; the view says %+v", filepath.Base(p), got, view[iso])
				}
			}
		})
	}
}

// annualNextPlaces reads the annual Next call sheet (tblQuotaNext, its header on row 1).
func annualNextPlaces(t *testing.T, path string) map[string]nextPlaces {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Next call", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || !slices.Contains(rows[0], "Next cohort") {
		t.Fatalf("%s: the Next call sheet's row 1 is not its header: %q", path, rows)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	iso, cohort, window, left := col("ISO3"), col("Next cohort"), col("Window"), col("Places left")
	got := map[string]nextPlaces{}
	for _, r := range rows[1:] {
		if len(r) <= left || r[iso] == "" {
			continue
		}
		got[r[iso]] = nextPlaces{Cohort: r[cohort], Left: r[left], Expected: r[window] == "expected"}
	}
	return got
}

var (
	cohortInLabel = regexp.MustCompile(`\b(20\d\d)\b`)
	// The Obligations sheet's window section title, announced or expected, in each language.
	windowTitles = map[string]bool{
		"Next call for applications": false, "Next call for applications (expected)": true,
		"Prochain appel à candidatures": false, "Prochain appel à candidatures (prévisionnel)": true,
		"Próxima convocatoria": false, "Próxima convocatoria (prevista)": true,
	}
)

// delegationNextPlaces reads the next window's cohort, the places left and whether it is
// expected from a delegation workbook's Obligations sheet (the fourth), and checks that the
// Quota sheet (the third) names the same cohort.
func delegationNextPlaces(t *testing.T, path string) nextPlaces {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	obl, err := f.GetRows(sheets[3])
	if err != nil {
		t.Fatal(err)
	}
	// The title, then the window's opening (with its cohort) and closing, then the places left.
	i := slices.IndexFunc(obl, func(r []string) bool { return len(r) > 0 && hasKey(r[0]) })
	if i < 0 || i+3 >= len(obl) || len(obl[i+3]) < 2 {
		t.Fatalf("%s: no next window section in %q", path, obl)
	}
	var got nextPlaces
	got.Expected = windowTitles[obl[i][0]]
	got.Cohort = cohortInLabel.FindString(obl[i+1][0])
	got.Left = obl[i+3][1]
	if c := cohortInLabel.FindString(obl[i+3][0]); c != got.Cohort {
		t.Errorf("%s: the window feeds cohort %s, the places left are in %s", path, got.Cohort, c)
	}
	quota, err := f.GetRows(sheets[2])
	if err != nil {
		t.Fatal(err)
	}
	var titled bool
	for _, r := range quota {
		if len(r) == 1 && strings.Contains(r[0], "("+got.Cohort) {
			titled = true
		}
	}
	if !titled {
		t.Errorf("%s: the Quota sheet does not name cohort %s", path, got.Cohort)
	}
	return got
}

func hasKey(s string) bool { _, ok := windowTitles[s]; return ok }
