package rules

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Version is the rules file format Parse reads.
const Version = 1

// directive describes what one kind of line accepts.
type directive struct {
	required []string
	optional []string
	once     bool
}

var directives = map[string]directive{
	"quota":     {required: []string{"limit", "effective_from"}, once: true},
	"window":    {required: []string{"opens", "closes", "cohort_lag", "effective_from"}, optional: []string{"every_years"}, once: true},
	"call":      {required: []string{"year", "opens", "closes", "cohort"}},
	"reporting": {required: []string{"every_years", "effective_from"}, once: true},
	"cycle":     {required: []string{"name", "begins", "due"}, optional: []string{"exempt_from"}},
}

// Year bounds keep dates within what both Go and DuckDB handle and catch typos like 20219.
const (
	minYear = 1900
	maxYear = 2999
)

// Parse reads a rules file (format: fixtures/rules.conf). It is strict: the first error
// is returned as a *ParseError naming its line; nothing is guessed.
func Parse(r io.Reader) (*Rules, error) {
	p := parser{rules: &Rules{}, seen: map[string]int{}, cohorts: map[int]int{}, cycles: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if err := p.line(line, sc.Text()); err != nil {
			return nil, &ParseError{Line: line, Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Line: line + 1, Err: fmt.Errorf("read: %w", err)}
	}
	if p.rules.Version == 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: version", ErrMissingDirective)}
	}
	for _, name := range []string{"quota", "window", "reporting"} {
		if p.seen[name] == 0 {
			return nil, &ParseError{Err: fmt.Errorf("%w: %s", ErrMissingDirective, name)}
		}
	}
	return p.rules, nil
}

type parser struct {
	rules   *Rules
	seen    map[string]int // directive -> line first seen
	cohorts map[int]int    // call cohort -> line
	cycles  map[string]int // cycle name -> line
}

func (p *parser) line(n int, text string) error {
	toks, err := tokenize(text)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return nil
	}
	name := toks[0]
	if p.rules.Version == 0 {
		if name != "version" {
			return ErrNoVersion
		}
		if len(toks) != 2 {
			return fmt.Errorf("%w: want `version %d`", ErrSyntax, Version)
		}
		v, err := strconv.Atoi(toks[1])
		if err != nil || v != Version {
			return fmt.Errorf("%w %q: this gnlc reads version %d", ErrVersion, toks[1], Version)
		}
		p.rules.Version = v
		return nil
	}
	if name == "version" {
		return fmt.Errorf("version: %w", ErrDuplicate)
	}
	d, ok := directives[name]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownDirective, name)
	}
	if first, dup := p.seen[name]; dup && d.once {
		return fmt.Errorf("%s (first on line %d): %w", name, first, ErrDuplicate)
	}
	if p.seen[name] == 0 {
		p.seen[name] = n
	}
	kv, err := keyValues(name, d, toks[1:])
	if err != nil {
		return err
	}
	switch name {
	case "quota":
		return p.quota(kv)
	case "window":
		return p.window(kv)
	case "call":
		return p.call(n, kv)
	case "reporting":
		return p.reporting(kv)
	default: // cycle
		return p.cycle(n, kv)
	}
}

// tokenize splits a line into words, honouring double-quoted values and '#' comments.
func tokenize(text string) ([]string, error) {
	var toks []string
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			return toks, nil
		default:
			start := i
			for i < len(text) && text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '#' {
				if text[i] != '"' {
					i++
					continue
				}
				// A quoted part runs to the next unescaped quote.
				end, err := quotedEnd(text, i)
				if err != nil {
					return nil, err
				}
				i = end
			}
			toks = append(toks, text[start:i])
		}
	}
	return toks, nil
}

// quotedEnd returns the index just past the quoted string that starts at text[i].
func quotedEnd(text string, i int) (int, error) {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("%w: unterminated quote", ErrSyntax)
}

// keyValues checks the key=value words of one directive against what it accepts.
func keyValues(name string, d directive, words []string) (map[string]string, error) {
	kv := make(map[string]string, len(words))
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%w: %s: %q is not key=value", ErrSyntax, name, w)
		}
		if !isIdent(k) || !(contains(d.required, k) || contains(d.optional, k)) {
			return nil, fmt.Errorf("%s: %w %q", name, ErrUnknownKey, k)
		}
		if _, dup := kv[k]; dup {
			return nil, fmt.Errorf("%s: key %q %w", name, k, ErrDuplicate)
		}
		if strings.HasPrefix(v, `"`) {
			u, err := strconv.Unquote(v)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %s: bad quoted value %s", ErrSyntax, name, k, v)
			}
			v = u
		} else if strings.Contains(v, `"`) {
			return nil, fmt.Errorf("%w: %s: %s: stray quote in %s", ErrSyntax, name, k, v)
		}
		kv[k] = v
	}
	for _, k := range d.required {
		if _, ok := kv[k]; !ok {
			return nil, fmt.Errorf("%s: %w %q", name, ErrMissingKey, k)
		}
	}
	return kv, nil
}

func isIdent(s string) bool {
	for _, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) quota(kv map[string]string) error {
	limit, err := intValue("quota", "limit", kv["limit"], 0, 1000)
	if err != nil {
		return err
	}
	from, err := intValue("quota", "effective_from", kv["effective_from"], minYear, maxYear)
	if err != nil {
		return err
	}
	p.rules.Quota = Quota{Limit: limit, EffectiveFrom: from}
	return nil
}

func (p *parser) window(kv map[string]string) error {
	opens, err := monthDayValue("window", "opens", kv["opens"])
	if err != nil {
		return err
	}
	closes, err := monthDayValue("window", "closes", kv["closes"])
	if err != nil {
		return err
	}
	if opens == closes {
		return fmt.Errorf("window: %w: opens and closes are the same day", ErrBadValue)
	}
	lag, err := intValue("window", "cohort_lag", kv["cohort_lag"], 0, 10)
	if err != nil {
		return err
	}
	from, err := intValue("window", "effective_from", kv["effective_from"], minYear, maxYear)
	if err != nil {
		return err
	}
	every := 1
	if v, ok := kv["every_years"]; ok {
		if every, err = intValue("window", "every_years", v, 1, 10); err != nil {
			return err
		}
	}
	p.rules.Window = Window{Opens: opens, Closes: closes, CohortLag: lag, EffectiveFrom: from, EveryYears: every}
	return nil
}

func (p *parser) call(n int, kv map[string]string) error {
	year, err := intValue("call", "year", kv["year"], minYear, maxYear)
	if err != nil {
		return err
	}
	opens, err := dateValue("call", "opens", kv["opens"])
	if err != nil {
		return err
	}
	closes, err := dateValue("call", "closes", kv["closes"])
	if err != nil {
		return err
	}
	cohort, err := intValue("call", "cohort", kv["cohort"], minYear, maxYear)
	if err != nil {
		return err
	}
	switch {
	case opens.Year() != year:
		return fmt.Errorf("call: %w: opens %s is not in year %d", ErrBadValue, kv["opens"], year)
	case closes.Before(opens):
		return fmt.Errorf("call: %w: closes %s before opens %s", ErrBadValue, kv["closes"], kv["opens"])
	case cohort < year:
		return fmt.Errorf("call: %w: cohort %d before the call's year %d", ErrBadValue, cohort, year)
	}
	if first, dup := p.cohorts[cohort]; dup {
		return fmt.Errorf("call: cohort %d (first on line %d): %w", cohort, first, ErrDuplicate)
	}
	p.cohorts[cohort] = n
	p.rules.Calls = append(p.rules.Calls, Call{Year: year, Opens: opens, Closes: closes, Cohort: cohort})
	return nil
}

func (p *parser) reporting(kv map[string]string) error {
	every, err := intValue("reporting", "every_years", kv["every_years"], 1, 20)
	if err != nil {
		return err
	}
	from, err := intValue("reporting", "effective_from", kv["effective_from"], minYear, maxYear)
	if err != nil {
		return err
	}
	p.rules.Reporting = Reporting{EveryYears: every, EffectiveFrom: from}
	return nil
}

func (p *parser) cycle(n int, kv map[string]string) error {
	name := strings.TrimSpace(kv["name"])
	if name == "" {
		return fmt.Errorf("cycle: %w: empty name", ErrBadValue)
	}
	begins, err := dateValue("cycle", "begins", kv["begins"])
	if err != nil {
		return err
	}
	due, err := dateValue("cycle", "due", kv["due"])
	if err != nil {
		return err
	}
	if due.Before(begins) {
		return fmt.Errorf("cycle: %w: due %s before begins %s", ErrBadValue, kv["due"], kv["begins"])
	}
	exempt := begins
	if v, ok := kv["exempt_from"]; ok {
		if exempt, err = dateValue("cycle", "exempt_from", v); err != nil {
			return err
		}
	}
	if first, dup := p.cycles[name]; dup {
		return fmt.Errorf("cycle %q (first on line %d): %w", name, first, ErrDuplicate)
	}
	p.cycles[name] = n
	p.rules.Cycles = append(p.rules.Cycles, Cycle{Name: name, Begins: begins, Due: due, ExemptFrom: exempt})
	return nil
}

func intValue(dir, key, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi || strings.HasPrefix(v, "+") {
		return 0, fmt.Errorf("%s: %s: %w %q: want a whole number from %d to %d", dir, key, ErrBadValue, v, lo, hi)
	}
	return n, nil
}

func dateValue(dir, key, v string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, fmt.Errorf("%s: %s: %w %q: want a date YYYY-MM-DD", dir, key, ErrBadValue, v)
	}
	return t, nil
}

// monthDayValue parses MM-DD. 29 February is refused: the default window must exist every year.
func monthDayValue(dir, key, v string) (MonthDay, error) {
	t, err := time.Parse("01-02", v)
	// time.Parse takes year 0, a leap year, so 02-29 passes it.
	if err != nil || len(v) != 5 || t.Month() == time.February && t.Day() == 29 {
		return MonthDay{}, fmt.Errorf("%s: %s: %w %q: want a day of the year MM-DD (not 02-29)", dir, key, ErrBadValue, v)
	}
	return MonthDay{Month: t.Month(), Day: t.Day()}, nil
}
