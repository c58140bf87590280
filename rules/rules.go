// Package rules reads and writes the network's rules file: the quota, the default application
// window and the calls that departed from it, the reporting obligation and the network-wide
// reporting cycles, each with the year it takes effect. Parse reads a rules file, Format writes
// one, and Default parses the embedded default (fixtures/rules.conf).
//
// It sits beside the flow, before queries: cmd/gnlc parses the rules (the default, or the file
// given to --rules) and hands the *Rules to queries, which stores them in the rules_* tables
// that the views read, so no rule is a constant in SQL. The package uses the standard library
// and fixtures only; it never reaches the database.
package rules

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"gnlc/fixtures"
)

// Rules are the network's membership rules as gnlc applies them.
type Rules struct {
	Version   int
	Source    string // DefaultSource or the path of the rules file; set by the caller of Parse
	Quota     Quota
	Window    Window
	Calls     []Call // in file order
	Reporting Reporting
	Cycles    []Cycle // in file order
}

// Quota limits the new member cities a country may have in one cohort.
type Quota struct {
	Limit         int
	EffectiveFrom int // first cohort (year) the limit applies to
}

// Window is the default application window, used for every cohort no Call lists.
type Window struct {
	Opens, Closes MonthDay // inclusive; Closes before Opens means the window spans new year
	CohortLag     int      // years from the call to the announcement of its cohort
	EffectiveFrom int      // first cohort the default window applies to
	// EveryYears is the cadence of calls (1 when the file leaves it out): the expected calls
	// after the last listed one fall every EveryYears years from it. A call the rules file does
	// not list is a projection, and outputs label it "expected".
	EveryYears int
}

// Call is one call for applications that the rules file lists.
type Call struct {
	Year          int       // the year of the call (of Opens)
	Opens, Closes time.Time // inclusive, UTC midnight
	Cohort        int       // the cohort (announcement year) that came from this call
}

// Reporting is the recurring progress-report obligation.
type Reporting struct {
	EveryYears    int
	EffectiveFrom int // year from whose 1 January obligations count
}

// Cycle is one network-wide reporting cycle.
type Cycle struct {
	Name       string
	Begins     time.Time // a report submitted on or after Begins answers the cycle
	Due        time.Time
	ExemptFrom time.Time // members who joined on or after it are exempt; defaults to Begins
}

// MonthDay is a day of the year without the year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// String formats md as the rules file writes it: MM-DD.
func (md MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day) }

// In is the day in year y, UTC midnight.
func (md MonthDay) In(y int) time.Time { return time.Date(y, md.Month, md.Day, 0, 0, 0, 0, time.UTC) }

// DefaultSource is Rules.Source for the embedded default rules file.
const DefaultSource = "embedded default"

// Default parses the embedded default rules file (fixtures/rules.conf). Each call returns a
// fresh *Rules, which the caller may change.
func Default() (*Rules, error) {
	r, err := Parse(bytes.NewReader(fixtures.DefaultRules()))
	if err != nil {
		return nil, fmt.Errorf("embedded rules file: %w", err)
	}
	r.Source = DefaultSource
	return r, nil
}

// ReadFile parses the rules file at path and sets Source to path. A refusal names the file
// and, when it is at one line, the line: "rules PATH:LINE: cause".
func ReadFile(path string) (*Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	defer f.Close()
	r, err := Parse(f)
	if err != nil {
		if pe, ok := errors.AsType[*ParseError](err); ok && pe.Line > 0 {
			return nil, fmt.Errorf("rules %s:%d: %w", path, pe.Line, pe.Err)
		}
		return nil, fmt.Errorf("rules %s: %w", path, err)
	}
	r.Source = path
	return r, nil
}
