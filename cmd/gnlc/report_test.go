package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"gnlc/fixtures/fixturestest"
	"gnlc/pipeline"
)

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
// workbook (reports.NewDataset) carries the right values to the right cells.
func TestReport_defaultRegister(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", "2026-12-02")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fig := fixturestest.Shared(t)
	path := filepath.Join(out, "gnlc-annual-2025.xlsx") // the latest cohort is the default year
	if !strings.Contains(stdout, path+"\n") {
		t.Errorf("stdout does not list %s:\n%s", path, stdout)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	t.Run("headline", func(t *testing.T) { checkSummary(t, f, fig) })
	t.Run("growth", func(t *testing.T) { checkGrowth(t, f, fig) })
	t.Run("regions and countries", func(t *testing.T) { checkGeography(t, f, fig) })
	t.Run("members and sources", func(t *testing.T) { checkRegister(t, f, fig) })
}

// itoa formats a count as the workbooks store it.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// checkSummary: the headline figures, as published and named, beside the previous cohort's.
func checkSummary(t *testing.T, f *excelize.File, fig *fixturestest.Figures) {
	t.Helper()
	summary := rowsByFirstCell(t, f, "Summary")
	latest := fig.Latest()
	prev, _ := fig.Year(2024)
	tests := []struct {
		label string
		want  []string // 2025 and 2024 as published, change, change %; 2025 and 2024 named, change
	}{
		{"Figure", []string{"Published 2025", "Published 2024", "Published change", "Published change %", "Named 2025", "Named 2024", "Named change"}},
		// Published: 425 cities in 91 countries, 72 new from 46, beside 2024's 356 in 79.
		{"Member cities", []string{"425", "356", "69", "0.193820224719101", itoa(latest.TotalCities), itoa(prev.TotalCities), itoa(latest.TotalCities - prev.TotalCities)}},
		{"Member countries", []string{"91", "79", "12", "0.151898734177215", itoa(latest.TotalCountries), itoa(prev.TotalCountries), itoa(latest.TotalCountries - prev.TotalCountries)}},
		{"New cities in the cohort", []string{"72", "64", "8", "0.125", itoa(latest.NewCities), itoa(prev.NewCities), itoa(latest.NewCities - prev.NewCities)}},
		{"Countries of the new cities", []string{"46", "35", "11", "0.314285714285714", itoa(latest.NewCountries), itoa(prev.NewCountries), itoa(latest.NewCountries - prev.NewCountries)}},
		// 13 countries new to the network in 2025, 3 in 2024; the named ones are the steps of
		// the cumulative count of countries.
		{"First-time countries", []string{"13", "3", "10", "3.33333333333333", itoa(latest.TotalCountries - prev.TotalCountries)}},
		{"People reached", []string{"500000000", "390000000", "110000000", "0.282051282051282", itoa(fig.PopulationSum)}},
		{"Named members with unknown population", []string{"n/a", "n/a", "n/a", "n/a", itoa(fig.Rows - fig.WithPopulation)}},
	}
	for _, tt := range tests {
		r := append(summary[tt.label], make([]string, 9)...)
		if diff := cmp.Diff(tt.want, r[1:1+len(tt.want)]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.label, diff)
		}
	}
}

// checkGrowth: each year's named new members and countries, and the cumulative totals.
func checkGrowth(t *testing.T, f *excelize.File, fig *fixturestest.Figures) {
	t.Helper()
	growth := rowsByFirstCell(t, f, "Growth")
	// year: named new members, their countries, cumulative named, cumulative countries.
	for _, y := range fig.Years {
		w := [4]string{itoa(y.NewCities), itoa(y.NewCountries), itoa(y.TotalCities), itoa(y.TotalCountries)}
		r := growth[strconv.Itoa(y.Year)]
		if len(r) < 7 {
			t.Errorf("Growth has no full row for %d: %q", y.Year, r)
			continue
		}
		// Columns: Year, New cities, New countries, First-time, Withdrawals, Cities, Countries.
		if got := [4]string{r[1], r[2], r[5], r[6]}; got != w {
			t.Errorf("Growth %d = %q, want %q", y.Year, got, w)
		}
	}
}

// checkGeography: the named members per region and per country.
func checkGeography(t *testing.T, f *excelize.File, fig *fixturestest.Figures) {
	t.Helper()
	regions := rowsByFirstCell(t, f, "Regions")
	for region, n := range fig.Regions {
		if r := regions[region]; len(r) < 2 || r[1] != itoa(n) {
			t.Errorf("Regions %s = %q, want %d named members", region, r, n)
		}
	}
	rows, err := f.GetRows("Countries", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]string{}
	for _, r := range rows {
		if len(r) > 4 {
			members[r[2]] = r[4] // ISO3 -> Named members
		}
	}
	for iso, n := range fig.ByCountry {
		if members[iso] != itoa(n) {
			t.Errorf("Countries %s = %q named members, want %d", iso, members[iso], n)
		}
	}
	if got := int64(len(members) - 1); got != fig.Countries { // minus the header
		t.Errorf("Countries lists %d countries, want %d", got, fig.Countries)
	}
}

// checkRegister: one Members row per named member, the sources, the document properties.
func checkRegister(t *testing.T, f *excelize.File, fig *fixturestest.Figures) {
	t.Helper()
	rows, err := f.GetRows("Members")
	if err != nil {
		t.Fatal(err)
	}
	if got := int64(len(rows) - 1); got != fig.Rows { // the header, on row 1
		t.Errorf("Members has %d rows, want %d", got, fig.Rows)
	}
	sources := rowsByFirstCell(t, f, "Sources")
	for id, want := range map[string][2]string{"1": {"fixtures/members.csv", itoa(fig.Rows)}, "2": {"fixtures/announcements.csv", "9"}} {
		r := sources[id]
		if len(r) < 5 || r[1] != want[0] || r[4] != want[1] {
			t.Errorf("Sources row %s = %q, want %s with %s rows", id, r, want[0], want[1])
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-12-02T09:00:00Z" || props.Creator != "gnlc" {
		t.Errorf("created %q by %q, want 2026-12-02T09:00:00Z by gnlc", props.Created, props.Creator)
	}
}

func TestReport_usage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"year too early", []string{"--year", "2014"}, "--year 2014: want a year from 2015 to 2026"},
		{"year in the future", []string{"--year", strconv.Itoa(testNow.Year() + 1)}, "--year 2027: want a year from 2015 to 2026"},
		{"as-of not ISO", []string{"--as-of", "01/03/2025"}, `--as-of "01/03/2025": want a date as YYYY-MM-DD`},
		{"unknown language", []string{"--lang", "de"}, `--lang "de": want en, fr or es`},
		{"empty out", []string{"--out", ""}, "--out may not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"report"}, tt.args...)
			if tt.name != "empty out" {
				args = append(args, "--out", out)
			}
			code, stdout, stderr := runCLI(t, cliOptions{}, args...)
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

// TestReport_outdatedDatabase: a database whose views an older gnlc made (here, reconciliation
// without the announcement date) fails with what to do, not DuckDB's binder error alone.
func TestReport_outdatedDatabase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "old.duckdb")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", dbPath, "--default"); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	db, err := pipeline.Open(t.Context(), dbPath, pipeline.ReadWrite, pipeline.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(t.Context(), `CREATE OR REPLACE VIEW reconciliation AS SELECT year FROM growth`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, cliOptions{}, "report", "--db", dbPath, "--out", t.TempDir())
	if code == 0 || !strings.Contains(stderr, "was set up by another version of gnlc") || !strings.Contains(stderr, "gnlc ingest --db "+dbPath) {
		t.Errorf("exit %d, stderr:\n%s\nwant a failure that says to ingest with this gnlc", code, stderr)
	}
}
