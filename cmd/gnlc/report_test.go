package main

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// testNow is the clock of every in-process CLI test: 2 December 2026, a year after the 2025
// cohort was announced (4 December 2025), with the next call (2027) not yet announced.
var testNow = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// execReport runs `gnlc report args...` in-process with a fixed clock.
func execReport(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	deps := &Deps{
		DefaultDB: missingDefaultDB(t),
		Stdout:    &out,
		Stderr:    &errs,
		Now:       func() time.Time { return testNow },
		Logger:    slog.New(slog.NewTextHandler(&errs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	code = execute(t.Context(), deps, append([]string{"report"}, args...))
	return code, out.String(), withoutFallbackNote(deps, errs.String())
}

// rowsByFirstCell maps each row's first cell to the row's raw values.
func rowsByFirstCell(t *testing.T, f *excelize.File, sheet string) map[string][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 {
			if _, seen := out[r[0]]; !seen {
				out[r[0]] = r
			}
		}
	}
	return out
}

// TestReport_defaultRegister writes the annual report of the embedded default register and
// checks it against the figures in ../shared/data/README.md: the glue from queries to the
// workbook (buildDataset) carries the right values to the right cells.
func TestReport_defaultRegister(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := execReport(t, "--out", out, "--as-of", "2025-03-01")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	path := filepath.Join(out, "gnlc-annual-2024.xlsx")
	if !strings.Contains(stdout, path+"\n") {
		t.Errorf("stdout does not list %s:\n%s", path, stdout)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	t.Run("headline", func(t *testing.T) {
		summary := rowsByFirstCell(t, f, "Summary")
		tests := []struct {
			label string
			want  []string // 2024 published, 2024 named, 2023 published
		}{
			{"Member cities", []string{"356", "226", "292"}},
			{"Member countries", []string{"79", "61", "76"}},
			{"New cities in the cohort", []string{"64", "56", "0"}},
			{"New countries in the cohort", []string{"35", "29", "0"}},
			{"People reached", []string{"390000000", "141152710", "310000000"}},
			// 226 rows, 181 with a population.
			{"Named members with unknown population", []string{"", "45", ""}},
		}
		for _, tt := range tests {
			r := append(summary[tt.label], "", "", "", "")
			if diff := cmp.Diff(tt.want, r[1:4]); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.label, diff)
			}
		}
	})

	t.Run("growth", func(t *testing.T) {
		growth := rowsByFirstCell(t, f, "Growth")
		// year: named new members, their countries, cumulative named, cumulative countries.
		want := map[string][4]string{
			"2015": {"4", "4", "4", "4"}, "2016": {"22", "12", "26", "14"}, "2017": {"8", "5", "34", "17"},
			"2018": {"5", "4", "39", "18"}, "2019": {"22", "14", "61", "24"}, "2020": {"42", "23", "103", "37"},
			"2022": {"67", "40", "170", "58"}, "2024": {"56", "29", "226", "61"},
		}
		for year, w := range want {
			r := growth[year]
			if len(r) < 7 {
				t.Errorf("Growth has no full row for %s: %q", year, r)
				continue
			}
			// Columns: Year, New cities, New countries, First-time, Withdrawals, Cities, Countries.
			got := [4]string{r[1], r[2], r[5], r[6]}
			if got != w {
				t.Errorf("Growth %s = %q, want %q", year, got, w)
			}
		}
	})

	t.Run("regions and countries", func(t *testing.T) {
		regions := rowsByFirstCell(t, f, "Regions")
		for region, n := range map[string]string{
			"Africa": "29", "Arab States": "35", "Asia and the Pacific": "52",
			"Europe and North America": "73", "Latin America and the Caribbean": "37",
		} {
			if r := regions[region]; len(r) < 2 || r[1] != n {
				t.Errorf("Regions %s = %q, want %s named members", region, r, n)
			}
		}
		rows, err := f.GetRows("Countries", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		members := map[string]string{}
		for _, r := range rows {
			if len(r) > 6 {
				members[r[2]] = r[6] // ISO3 -> Named members
			}
		}
		for iso, n := range map[string]string{"FRA": "5", "MEX": "7", "VNM": "5", "KOR": "21"} {
			if members[iso] != n {
				t.Errorf("Countries %s = %q named members, want %s", iso, members[iso], n)
			}
		}
		if got := len(members) - 1; got != 61 { // minus the header
			t.Errorf("Countries lists %d countries, want 61", got)
		}
	})

	t.Run("members and sources", func(t *testing.T) {
		rows, err := f.GetRows("Members")
		if err != nil {
			t.Fatal(err)
		}
		if got := len(rows) - 4; got != 226 { // title, two notes, header
			t.Errorf("Members has %d rows, want 226", got)
		}
		sources := rowsByFirstCell(t, f, "Sources")
		for id, want := range map[string][2]string{"1": {"fixtures/members.csv", "226"}, "2": {"fixtures/announcements.csv", "8"}} {
			r := sources[id]
			if len(r) < 5 || r[1] != want[0] || r[4] != want[1] {
				t.Errorf("Sources row %s = %q, want %s with %s rows", id, r, want[0], want[1])
			}
		}
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if props.Created != "2025-03-01T12:00:00Z" || props.Creator != "gnlc" {
			t.Errorf("created %q by %q, want 2025-03-01T12:00:00Z by gnlc", props.Created, props.Creator)
		}
	})
}

func TestReport_usage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"year too early", []string{"--year", "2014"}, "--year 2014: want a year from 2015 to 2025"},
		{"year in the future", []string{"--year", strconv.Itoa(testNow.Year() + 1)}, "--year 2027: want a year from 2015 to 2026"},
		{"as-of not ISO", []string{"--as-of", "01/03/2025"}, `--as-of "01/03/2025": want a date as YYYY-MM-DD`},
		{"unknown language", []string{"--lang", "de"}, `--lang "de": want en, fr or es`},
		{"empty out", []string{"--out", ""}, "--out may not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := tt.args
			if tt.name != "empty out" {
				args = append(args, "--out", out)
			}
			code, stdout, stderr := execReport(t, args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "Usage:") {
				t.Errorf("stderr lacks %q and the usage:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}
