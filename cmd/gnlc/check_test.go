package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// On the embedded default register no rule is broken, and two could check nothing: it has no
// application date and no report, so those rules are unknown ("?"), never "ok 0". Counts of the
// embedded register (310 named members, 71 of them before the window rule, 73 without population). On
// 2 December 2026 the next window (2027) is the rules' projection: expected.
func TestCheck_defaultRegisterTable(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCLI(t, cliOptions{StdoutTTY: true}, "check", "--as-of", "2026-12-02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := `Rules on 2026-12-02 (embedded default): quota 3 per country from the 2019 cohort, window 03-01 to 04-30, report every 2 years
Next application window: 2027-03-01 to 2027-04-30, feeding the 2028 cohort (expected: projected from the rules, not announced by UNESCO)

CHECK                            STATUS   COUNT  OFFENDERS
quota                            ok       0
application window               unknown  ?      nothing checked: 239 application dates unknown
application date unknown         info     239
application window not in force  info     71
reporting overdue                unknown  ?      nothing checked: 310 due dates unknown (no report on record)
reporting unknown                info     310
cohort over-named                ok       0      4 not checked: cohorts with no published figure
country in several regions       ok       0
region differs from reference    ok       0
withdrawn without left year      ok       0
country not in reference         info     0
population unknown               info     73

No rule broken among those checked; 2 rules could not be checked (data unknown).
`
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
}

// brokenRegister is a register that breaks three rules (see testdata/script/check_broken.txtar,
// which uses the same rows): Korea's 4 cities of 2021, two applications outside 1 March-30 April
// 2020, and four overdue reports on 2024-06-30.
const brokenRegister = `city,country,year_joined,applied_on,population,status,left_year,last_report_on
Suwon,Republic of Korea,2021,2020-02-29,1200000,,,
Osan,Republic of Korea,2021,2020-05-01,200000,,,
Gimhae,Republic of Korea,2021,2020-04-30,,,,
Siheung,Republic of Korea,2021,2020-03-01,500000,,,2023-01-10
Lyon,France,2015,,500000,,,2022-03-15
Nantes,France,2016,,300000,withdrawn,2020,
`

func brokenDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.csv")
	if err := os.WriteFile(reg, []byte(brokenRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "gnlc.duckdb")
	if code, _, stderr := runCLI(t, cliOptions{}, "ingest", "--db", db, reg); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	return db
}

func TestCheck_brokenJSON(t *testing.T) {
	t.Parallel()
	db := brokenDB(t)
	code, stdout, stderr := runCLI(t, cliOptions{}, "check", "--db", db, "--as-of", "2024-06-30", "--format", "json")
	if code != 3 {
		t.Fatalf("exit %d, want 3: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr: %q", stderr)
	}
	var got checkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, stdout)
	}
	check := func(rule, kind, status string, count int64, items ...string) checkItemJSON {
		return checkItemJSON{Rule: rule, Kind: kind, Status: status, Count: &count, Items: append([]string{}, items...)}
	}
	want := checkJSON{
		AsOf: "2024-06-30",
		Rules: checkRulesJSON{Source: "embedded default", QuotaLimit: 3, QuotaEffectiveFrom: 2019,
			WindowOpens: "03-01", WindowCloses: "04-30", ReportEveryYears: 2, Calls: 3, Cycles: 1},
		// On 30 June 2024 the next window is the 2025 call, which UNESCO announced.
		Next:   nextWindowJSON{CallYear: 2025, Opens: "2025-05-15", Closes: "2025-06-15", Cohort: 2025, Expected: false},
		Broken: 3,
		Checks: []checkItemJSON{
			check("quota", "rule", "broken", 1, "KOR 2021: 4 new cities, limit 3"),
			check("application window", "rule", "broken", 2,
				"Osan (KOR) applied 2020-05-01, window 2020-03-01 to 2020-04-30",
				"Suwon (KOR) applied 2020-02-29, window 2020-03-01 to 2020-04-30"),
			check("application date unknown", "info", "info", 0),
			check("application window not in force", "info", "info", 2),
			// No announcement: the 2021 cohort joined "by 31 December 2021"; Lyon's 2022 report
			// answered the 2019-2021 cycle, so its next was due two years later.
			check("reporting overdue", "rule", "broken", 4,
				"Gimhae (KOR) due 2023-12-31, 182 days overdue",
				"Osan (KOR) due 2023-12-31, 182 days overdue",
				"Suwon (KOR) due 2023-12-31, 182 days overdue",
				"Lyon (FRA) due 2024-03-15, 107 days overdue"),
			check("reporting unknown", "info", "info", 0),
			check("cohort over-named", "rule", "ok", 0),
			check("country in several regions", "rule", "ok", 0),
			check("region differs from reference", "rule", "ok", 0),
			check("withdrawn without left year", "rule", "ok", 0),
			check("country not in reference", "info", "info", 0),
			check("population unknown", "info", "info", 1),
		},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(checkItemJSON{}, "Checked", "Unknown")); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// --rules applies a rules file for one run, on the read-only database, which keeps its own.
func TestCheck_rulesOverlay(t *testing.T) {
	t.Parallel()
	db := brokenDB(t)
	loose := filepath.Join(t.TempDir(), "loose.conf")
	rules := `version 1
quota limit=4 effective_from=2019
window opens=02-01 closes=05-31 cohort_lag=1 effective_from=2019
reporting every_years=3 effective_from=2019
`
	if err := os.WriteFile(loose, []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	// Limit 4, window 1 February-31 May, every 3 years and no cycle: no rule is broken. The 2021
	// cohort (joined by 31 December 2021) first reports by 2024-12-31; Lyon next by 2025-03-15.
	code, stdout, stderr := runCLI(t, cliOptions{}, "check", "--db", db, "--as-of", "2024-06-30", "--rules", loose)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	// The cohorts with no published figure are counted as unknown, not checked.
	want := "rule\tkind\tstatus\tcount\tchecked\tunknown\toffenders\n" +
		"quota\trule\tok\t0\t1\t0\t\n" +
		"application window\trule\tok\t0\t4\t0\t\n" +
		"application date unknown\tinfo\tinfo\t0\t\t\t\n" +
		"application window not in force\tinfo\tinfo\t2\t\t\t\n" +
		"reporting overdue\trule\tok\t0\t5\t0\t\n" +
		"reporting unknown\tinfo\tinfo\t0\t\t\t\n" +
		"cohort over-named\trule\tok\t0\t6\t3\t\n" +
		"country in several regions\trule\tok\t0\t2\t0\t\n" +
		"region differs from reference\trule\tok\t0\t6\t0\t\n" +
		"withdrawn without left year\trule\tok\t0\t1\t0\t\n" +
		"country not in reference\tinfo\tinfo\t0\t\t\t\n" +
		"population unknown\tinfo\tinfo\t1\t\t\t\n"
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	// The database still holds the default rules.
	code, stdout, _ = runCLI(t, cliOptions{}, "query", "--db", db, "SELECT source, quota_limit FROM rules_settings")
	if code != 0 || stdout != "source\tquota_limit\nembedded default\t3\n" {
		t.Errorf("stored rules after --rules: exit %d, %q", code, stdout)
	}
}

func TestCheck_errors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.conf")
	if err := os.WriteFile(bad, []byte("version 1\n# a comment\nquota limit=3 effective_from=2019 per=country\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"malformed rules file, with its line", []string{"check", "--rules", bad}, 1, "gnlc: rules " + bad + `:3: quota: unknown key "per"` + "\n"},
		{"missing rules file", []string{"check", "--rules", filepath.Join(dir, "none.conf")}, 1, "gnlc: read rules: open " + filepath.Join(dir, "none.conf") + ": no such file or directory\n"},
		{"bad date", []string{"check", "--as-of", "30/06/2024"}, 2, `gnlc: --as-of "30/06/2024": want a date as YYYY-MM-DD` + "\n"},
		{"bad format", []string{"check", "--format", "csv"}, 2, `gnlc: --format "csv": expected table, tsv or json` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cliOptions{}, tt.args...)
			if code != tt.code || stderr != tt.stderr || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q;\nwant %d, stderr %q", code, stdout, stderr, tt.code, tt.stderr)
			}
		})
	}
	code, _, stderr := runCLI(t, cliOptions{}, "check", "extra")
	if code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("check extra: exit %d, stderr %q", code, stderr)
	}
}
