package rules_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
	"gnlc/rules"
)

// The embedded default, as its comments document it (fixtures/rules.conf).
func TestParse_default(t *testing.T) {
	t.Parallel()
	got, err := rules.Parse(bytes.NewReader(fixtures.DefaultRules()))
	if err != nil {
		t.Fatal(err)
	}
	want := &rules.Rules{
		Version: 1,
		Quota:   rules.Quota{Limit: 3, EffectiveFrom: 2019},
		Window: rules.Window{
			Opens: rules.MonthDay{Month: time.March, Day: 1}, Closes: rules.MonthDay{Month: time.April, Day: 30},
			CohortLag: 1, EffectiveFrom: 2019, EveryYears: 2,
		},
		Calls: []rules.Call{
			{Year: 2021, Opens: day("2021-09-01"), Closes: day("2022-02-28"), Cohort: 2022},
			{Year: 2023, Opens: day("2023-04-01"), Closes: day("2023-05-31"), Cohort: 2024},
			{Year: 2025, Opens: day("2025-05-15"), Closes: day("2025-06-15"), Cohort: 2025},
		},
		Reporting: rules.Reporting{EveryYears: 2, EffectiveFrom: 2019},
		Cycles:    []rules.Cycle{{Name: "2019-2021", Begins: day("2019-04-01"), Due: day("2021-12-31"), ExemptFrom: day("2020-09-01")}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default rules (-want +got):\n%s", diff)
	}
	def, err := rules.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if def.Source != rules.DefaultSource {
		t.Errorf("Default: source %q, want %q", def.Source, rules.DefaultSource)
	}
}

const minimal = `version 1
quota limit=3 effective_from=2019
window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019
reporting every_years=2 effective_from=2019
`

func TestParse_accepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		check func(*rules.Rules) string
	}{
		{"minimal", minimal, func(r *rules.Rules) string {
			if len(r.Calls) != 0 || len(r.Cycles) != 0 {
				return "calls or cycles from nowhere"
			}
			if r.Window.EveryYears != 1 {
				return fmt.Sprintf("window every_years %d, want 1 when left out", r.Window.EveryYears)
			}
			return ""
		}},
		{"calls every two years", strings.Replace(minimal, "effective_from=2019\nreporting", "effective_from=2019 every_years=2\nreporting", 1),
			func(r *rules.Rules) string {
				if r.Window.EveryYears != 2 {
					return fmt.Sprintf("window every_years %d, want 2", r.Window.EveryYears)
				}
				return ""
			}},
		{"CRLF, comments and blank lines", "# rules\r\n\r\n" + strings.ReplaceAll(minimal, "\n", "  # why\r\n"), nil},
		{"quoted name with spaces and a hash", minimal + `cycle name="2019 # 2021" begins=2019-04-01 due=2021-12-31` + "\n",
			func(r *rules.Rules) string {
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
			r, err := rules.Parse(strings.NewReader(tt.input))
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

func TestParse_refuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		input string
		line  int
		want  error
	}{
		{"empty file", "", 0, rules.ErrMissingDirective},
		{"only comments", "# nothing\n", 0, rules.ErrMissingDirective},
		{"no version first", "quota limit=3 effective_from=2019\n", 1, rules.ErrNoVersion},
		{"future version", "# v2\nversion 2\n", 2, rules.ErrVersion},
		{"version twice", "version 1\nversion 1\n", 2, rules.ErrDuplicate},
		{"unknown directive", minimal + "holiday from=2020-01-01\n", 5, rules.ErrUnknownDirective},
		{"unknown key", strings.Replace(minimal, "effective_from=2019\nwindow", "effective_from=2019 per=country\nwindow", 1), 2, rules.ErrUnknownKey},
		{"missing key", strings.Replace(minimal, "quota limit=3 effective_from=2019", "quota limit=3", 1), 2, rules.ErrMissingKey},
		{"key twice", strings.Replace(minimal, "quota limit=3", "quota limit=3 limit=4", 1), 2, rules.ErrDuplicate},
		{"quota twice", minimal + "quota limit=4 effective_from=2020\n", 5, rules.ErrDuplicate},
		{"not a number", strings.Replace(minimal, "limit=3", "limit=three", 1), 2, rules.ErrBadValue},
		{"negative limit", strings.Replace(minimal, "limit=3", "limit=-1", 1), 2, rules.ErrBadValue},
		{"year typo", strings.Replace(minimal, "quota limit=3 effective_from=2019", "quota limit=3 effective_from=20019", 1), 2, rules.ErrBadValue},
		{"29 February is not a day of every year", strings.Replace(minimal, "closes=04-30", "closes=02-29", 1), 3, rules.ErrBadValue},
		{"day of year as a date", strings.Replace(minimal, "opens=03-01", "opens=2020-03-01", 1), 3, rules.ErrBadValue},
		{"calls every 0 years", strings.Replace(minimal, "effective_from=2019\nreporting", "effective_from=2019 every_years=0\nreporting", 1), 3, rules.ErrBadValue},
		{"empty window", strings.Replace(minimal, "closes=04-30", "closes=03-01", 1), 3, rules.ErrBadValue},
		{"missing window", strings.Replace(minimal, "window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019\n", "", 1), 0, rules.ErrMissingDirective},
		{"call opens in another year", minimal + "call year=2021 opens=2022-09-01 closes=2022-10-01 cohort=2022\n", 5, rules.ErrBadValue},
		{"call closes before it opens", minimal + "call year=2021 opens=2021-09-01 closes=2021-08-01 cohort=2022\n", 5, rules.ErrBadValue},
		{"call for an earlier cohort", minimal + "call year=2021 opens=2021-09-01 closes=2021-11-01 cohort=2020\n", 5, rules.ErrBadValue},
		{"bad date", minimal + "call year=2021 opens=2021-02-30 closes=2021-11-01 cohort=2022\n", 5, rules.ErrBadValue},
		{"two calls for one cohort", minimal + "call year=2021 opens=2021-09-01 closes=2021-11-01 cohort=2022\n" +
			"call year=2021 opens=2021-10-01 closes=2021-12-01 cohort=2022\n", 6, rules.ErrDuplicate},
		{"cycle due before it begins", minimal + "cycle name=x begins=2021-01-01 due=2020-12-31\n", 5, rules.ErrBadValue},
		{"cycle name twice", minimal + "cycle name=x begins=2021-01-01 due=2021-12-31\ncycle name=x begins=2023-01-01 due=2023-12-31\n", 6, rules.ErrDuplicate},
		{"empty cycle name", minimal + `cycle name="  " begins=2021-01-01 due=2021-12-31` + "\n", 5, rules.ErrBadValue},
		{"unterminated quote", minimal + `cycle name="x begins=2021-01-01 due=2021-12-31` + "\n", 5, rules.ErrSyntax},
		{"stray quote", minimal + `cycle name=x"y begins=2021-01-01 due=2021-12-31` + "\n", 5, rules.ErrSyntax},
		{"not key=value", strings.Replace(minimal, "quota limit=3", "quota 3 limit=3", 1), 2, rules.ErrSyntax},
		{"upper-case key", strings.Replace(minimal, "quota limit=3", "quota LIMIT=3", 1), 2, rules.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := rules.Parse(strings.NewReader(tt.input))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			fe, ok := errors.AsType[*rules.ParseError](err)
			if !ok {
				t.Fatalf("error %T, want *rules.ParseError", err)
			}
			if fe.Line != tt.line {
				t.Errorf("error %q at line %d, want line %d", err, fe.Line, tt.line)
			}
		})
	}
}

func TestParseError_message(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/bad_key.conf")
	if err != nil {
		t.Fatal(err)
	}
	_, err = rules.Parse(bytes.NewReader(b))
	want := `line 3: quota: unknown key "per"`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		path    string
		wantErr string
		is      error
	}{
		{"bad key: file and line", "testdata/bad_key.conf", `rules testdata/bad_key.conf:3: quota: unknown key "per"`, rules.ErrUnknownKey},
		{"missing directive: file only", "testdata/no_window.conf", "rules testdata/no_window.conf: missing directive: window", rules.ErrMissingDirective},
		{"no such file", "testdata/absent.conf", "read rules: open testdata/absent.conf: no such file or directory", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := rules.ReadFile(tt.path)
			if err == nil || err.Error() != tt.wantErr || !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %q (%v)", err, tt.wantErr, tt.is)
			}
		})
	}
	t.Run("source is the path", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "my.conf")
		if err := os.WriteFile(path, []byte(minimal), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := rules.ReadFile(path)
		if err != nil || r.Source != path {
			t.Fatalf("ReadFile: source %v, error %v; want %q", r, err, path)
		}
	})
}

func TestRules_Format(t *testing.T) {
	t.Parallel()
	r, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
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

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
