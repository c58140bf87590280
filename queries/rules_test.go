package queries_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
	"gnlc/queries"
)

// The embedded default, as its comments document it (fixtures/rules.conf).
func TestParseRules_default(t *testing.T) {
	t.Parallel()
	got, err := queries.ParseRules(bytes.NewReader(fixtures.DefaultRules()))
	if err != nil {
		t.Fatal(err)
	}
	want := &queries.Rules{
		Version: 1,
		Quota:   queries.QuotaRule{Limit: 3, EffectiveFrom: 2019},
		Window: queries.WindowRule{
			Opens: queries.MonthDay{Month: time.March, Day: 1}, Closes: queries.MonthDay{Month: time.April, Day: 30},
			CohortLag: 1, EffectiveFrom: 2019, EveryYears: 2,
		},
		Calls: []queries.Call{
			{Year: 2021, Opens: day("2021-09-01"), Closes: day("2022-02-28"), Cohort: 2022},
			{Year: 2023, Opens: day("2023-04-01"), Closes: day("2023-05-31"), Cohort: 2024},
			{Year: 2025, Opens: day("2025-05-15"), Closes: day("2025-06-15"), Cohort: 2025},
		},
		Reporting: queries.ReportingRule{EveryYears: 2, EffectiveFrom: 2019},
		Cycles:    []queries.Cycle{{Name: "2019-2021", Begins: day("2019-04-01"), Due: day("2021-12-31"), ExemptFrom: day("2020-09-01")}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default rules (-want +got):\n%s", diff)
	}
	def, err := queries.DefaultRules()
	if err != nil || def.Source != queries.DefaultRulesSource {
		t.Errorf("DefaultRules: source %q, error %v", def.Source, err)
	}
}

const minimal = `version 1
quota limit=3 effective_from=2019
window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019
reporting every_years=2 effective_from=2019
`

func TestParseRules_accepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		check func(*queries.Rules) string
	}{
		{"minimal", minimal, func(r *queries.Rules) string {
			if len(r.Calls) != 0 || len(r.Cycles) != 0 {
				return "calls or cycles from nowhere"
			}
			if r.Window.EveryYears != 1 {
				return fmt.Sprintf("window every_years %d, want 1 when left out", r.Window.EveryYears)
			}
			return ""
		}},
		{"calls every two years", strings.Replace(minimal, "effective_from=2019\nreporting", "effective_from=2019 every_years=2\nreporting", 1),
			func(r *queries.Rules) string {
				if r.Window.EveryYears != 2 {
					return fmt.Sprintf("window every_years %d, want 2", r.Window.EveryYears)
				}
				return ""
			}},
		{"CRLF, comments and blank lines", "# rules\r\n\r\n" + strings.ReplaceAll(minimal, "\n", "  # why\r\n"), nil},
		{"quoted name with spaces and a hash", minimal + `cycle name="2019 # 2021" begins=2019-04-01 due=2021-12-31` + "\n",
			func(r *queries.Rules) string {
				c := r.Cycles[0]
				if c.Name != "2019 # 2021" || !c.ExemptFrom.Equal(c.Begins) {
					return "cycle " + c.Name + ": exempt_from should default to begins"
				}
				return ""
			}},
		{"window across new year", strings.Replace(minimal, "opens=03-01 closes=04-30", "opens=11-01 closes=02-28", 1), nil},
		{"directives in any order after version", "version 1\n" + strings.Join(reverse(strings.Split(strings.TrimSpace(minimal), "\n")[1:]), "\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := queries.ParseRules(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				if msg := tt.check(r); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func reverse(s []string) []string {
	out := make([]string, 0, len(s))
	for i := len(s) - 1; i >= 0; i-- {
		out = append(out, s[i])
	}
	return out
}

func TestParseRules_refuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		line  int
		want  error
	}{
		{"empty file", "", 0, queries.ErrMissingDirective},
		{"only comments", "# nothing\n", 0, queries.ErrMissingDirective},
		{"no version first", "quota limit=3 effective_from=2019\n", 1, queries.ErrNoVersion},
		{"future version", "# v2\nversion 2\n", 2, queries.ErrRulesVersion},
		{"version twice", "version 1\nversion 1\n", 2, queries.ErrDuplicate},
		{"unknown directive", minimal + "holiday from=2020-01-01\n", 5, queries.ErrUnknownDirective},
		{"unknown key", strings.Replace(minimal, "effective_from=2019\nwindow", "effective_from=2019 per=country\nwindow", 1), 2, queries.ErrUnknownKey},
		{"missing key", strings.Replace(minimal, "quota limit=3 effective_from=2019", "quota limit=3", 1), 2, queries.ErrMissingKey},
		{"key twice", strings.Replace(minimal, "quota limit=3", "quota limit=3 limit=4", 1), 2, queries.ErrDuplicate},
		{"quota twice", minimal + "quota limit=4 effective_from=2020\n", 5, queries.ErrDuplicate},
		{"not a number", strings.Replace(minimal, "limit=3", "limit=three", 1), 2, queries.ErrBadValue},
		{"negative limit", strings.Replace(minimal, "limit=3", "limit=-1", 1), 2, queries.ErrBadValue},
		{"year typo", strings.Replace(minimal, "quota limit=3 effective_from=2019", "quota limit=3 effective_from=20019", 1), 2, queries.ErrBadValue},
		{"29 February is not a day of every year", strings.Replace(minimal, "closes=04-30", "closes=02-29", 1), 3, queries.ErrBadValue},
		{"day of year as a date", strings.Replace(minimal, "opens=03-01", "opens=2020-03-01", 1), 3, queries.ErrBadValue},
		{"calls every 0 years", strings.Replace(minimal, "effective_from=2019\nreporting", "effective_from=2019 every_years=0\nreporting", 1), 3, queries.ErrBadValue},
		{"empty window", strings.Replace(minimal, "closes=04-30", "closes=03-01", 1), 3, queries.ErrBadValue},
		{"missing window", strings.Replace(minimal, "window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019\n", "", 1), 0, queries.ErrMissingDirective},
		{"call opens in another year", minimal + "call year=2021 opens=2022-09-01 closes=2022-10-01 cohort=2022\n", 5, queries.ErrBadValue},
		{"call closes before it opens", minimal + "call year=2021 opens=2021-09-01 closes=2021-08-01 cohort=2022\n", 5, queries.ErrBadValue},
		{"call for an earlier cohort", minimal + "call year=2021 opens=2021-09-01 closes=2021-11-01 cohort=2020\n", 5, queries.ErrBadValue},
		{"bad date", minimal + "call year=2021 opens=2021-02-30 closes=2021-11-01 cohort=2022\n", 5, queries.ErrBadValue},
		{"two calls for one cohort", minimal + "call year=2021 opens=2021-09-01 closes=2021-11-01 cohort=2022\n" +
			"call year=2021 opens=2021-10-01 closes=2021-12-01 cohort=2022\n", 6, queries.ErrDuplicate},
		{"cycle due before it begins", minimal + "cycle name=x begins=2021-01-01 due=2020-12-31\n", 5, queries.ErrBadValue},
		{"cycle name twice", minimal + "cycle name=x begins=2021-01-01 due=2021-12-31\ncycle name=x begins=2023-01-01 due=2023-12-31\n", 6, queries.ErrDuplicate},
		{"empty cycle name", minimal + `cycle name="  " begins=2021-01-01 due=2021-12-31` + "\n", 5, queries.ErrBadValue},
		{"unterminated quote", minimal + `cycle name="x begins=2021-01-01 due=2021-12-31` + "\n", 5, queries.ErrSyntax},
		{"stray quote", minimal + `cycle name=x"y begins=2021-01-01 due=2021-12-31` + "\n", 5, queries.ErrSyntax},
		{"not key=value", strings.Replace(minimal, "quota limit=3", "quota 3 limit=3", 1), 2, queries.ErrSyntax},
		{"upper-case key", strings.Replace(minimal, "quota limit=3", "quota LIMIT=3", 1), 2, queries.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := queries.ParseRules(strings.NewReader(tt.input))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			fe, ok := errors.AsType[*queries.RulesFileError](err)
			if !ok {
				t.Fatalf("error %T, want *RulesFileError", err)
			}
			if fe.Line != tt.line {
				t.Errorf("error %q at line %d, want line %d", err, fe.Line, tt.line)
			}
		})
	}
}

func TestRulesFileError_message(t *testing.T) {
	t.Parallel()
	_, err := queries.ParseRules(strings.NewReader(readFile(t, "testdata/rules/bad_key.conf")))
	want := `line 3: quota: unknown key "per"`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestRules_Format(t *testing.T) {
	t.Parallel()
	r := defaultRules(t)
	want := `version 1
quota limit=3 effective_from=2019
window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019 every_years=2
call year=2021 opens=2021-09-01 closes=2022-02-28 cohort=2022
call year=2023 opens=2023-04-01 closes=2023-05-31 cohort=2024
call year=2025 opens=2025-05-15 closes=2025-06-15 cohort=2025
reporting every_years=2 effective_from=2019
cycle name="2019-2021" begins=2019-04-01 due=2021-12-31 exempt_from=2020-09-01
`
	if diff := cmp.Diff(want, string(r.Format())); diff != "" {
		t.Errorf("Format (-want +got):\n%s", diff)
	}
}
