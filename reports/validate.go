package reports

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidDataset is wrapped by every error a renderer returns because its Dataset cannot
// be rendered; nothing is written in that case.
var ErrInvalidDataset = errors.New("invalid dataset")

// FirstCohortYear is the year membership opened: no report can be for an earlier year.
const FirstCohortYear = 2015

// Validate checks ds before a renderer writes a byte (the annual workbook calls it first), and
// lists every problem it finds, not only the first. The error wraps ErrInvalidDataset.
func Validate(ds *Dataset) error {
	if ds == nil {
		return fmt.Errorf("%w: no dataset", ErrInvalidDataset)
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if ds.Year < FirstCohortYear || ds.Year > 9999 {
		add("year %d is outside %d..9999", ds.Year, FirstCohortYear)
	}
	if ds.GeneratedAt.IsZero() {
		add("generated-at time is not set")
	}
	if ds.Headline.Year != 0 && ds.Headline.Year != ds.Year {
		add("headline is for %d, report for %d", ds.Headline.Year, ds.Year)
	}
	if ds.PreviousHeadline.Year != 0 && ds.PreviousHeadline.Year >= ds.Year {
		add("previous cohort's headline is for %d, not before %d", ds.PreviousHeadline.Year, ds.Year)
	}
	if ds.MemberCount < 0 {
		add("member count %d is negative", ds.MemberCount)
	}
	if ds.MemberCount > 0 && ds.Members == nil {
		add("%d members announced but no member rows", ds.MemberCount)
	}
	seen := map[int]bool{}
	for _, g := range ds.Growth {
		if seen[g.Year] {
			add("growth lists year %d twice", g.Year)
		}
		seen[g.Year] = true
	}
	clear(seen)
	for _, r := range ds.Reconciliation {
		if seen[r.Year] {
			add("reconciliation lists year %d twice", r.Year)
		}
		seen[r.Year] = true
	}
	for i, r := range ds.Regions {
		if r.Region == "" {
			add("region row %d has no name", i+1)
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidDataset, strings.Join(probs, "; "))
	}
	return nil
}
