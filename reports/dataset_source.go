package reports

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"gnlc/queries"
	"gnlc/rules"
)

// DatasetSource is what NewDataset reads: the questions behind every output, answered in the
// typed rows of package queries. *queries.Queries satisfies it; reports depends on the
// questions, not on how they are asked (so it never opens or holds a database), and a test can
// answer them without one.
//
// NewDataset calls the methods one after the other, from one goroutine. Members and
// ComplianceRows are not ranged over there: the renderers range over them while they write, so
// the source must stay usable (its database open) until every renderer has returned.
type DatasetSource interface {
	LatestCohort(ctx context.Context) (int, error)
	PreviousCohort(ctx context.Context, year int) (int, bool, error)
	Headline(ctx context.Context, year int) (queries.Headline, error)
	Growth(ctx context.Context) ([]queries.GrowthRow, error)
	Reconciliation(ctx context.Context) ([]queries.ReconciliationRow, error)
	Regions(ctx context.Context) ([]queries.RegionRow, error)
	Countries(ctx context.Context) ([]queries.CountryRow, error)
	Cohorts(ctx context.Context) ([]queries.CohortRow, error)
	Quota(ctx context.Context) ([]queries.QuotaRow, error)
	NextCall(ctx context.Context, asOf time.Time) (queries.NextWindow, error)
	QuotaNext(ctx context.Context, asOf time.Time) ([]queries.QuotaNext, error)
	ComplianceSummary(ctx context.Context, asOf time.Time) (queries.ComplianceSummary, error)
	Quality(ctx context.Context) ([]queries.QualityRow, error)
	Sources(ctx context.Context) ([]queries.Source, error)
	Rules(ctx context.Context) (*rules.Rules, error)
	MemberCount(ctx context.Context) (int64, error)
	Members(ctx context.Context) iter.Seq2[queries.Member, error]
	ActiveMembers(ctx context.Context) iter.Seq2[queries.Member, error]
	ComplianceRows(ctx context.Context, asOf time.Time) iter.Seq2[queries.ComplianceRow, error]
	MembersReporting(ctx context.Context, asOf time.Time) iter.Seq2[queries.MemberReporting, error]
}

// DatasetOptions say which report NewDataset gathers the data of.
type DatasetOptions struct {
	Year        int       // the report's year; 0 is the latest cohort in the register
	AsOf        time.Time // date for reporting compliance and obligations
	GeneratedAt time.Time // the run's time
	Version     string    // gnlc version
	// Logger receives one debug line per question, with its time; nil discards.
	Logger *slog.Logger
}

// NewDataset runs the questions the renderers need for opts.Year (the latest cohort when 0),
// as of opts.AsOf. On a register without members it returns an error wrapping
// queries.ErrNoMembers. The register itself (Members) and the per-member compliance rows are
// not read here: the Dataset streams them from src when a renderer ranges over them.
func NewDataset(ctx context.Context, src DatasetSource, opts DatasetOptions) (*Dataset, error) {
	year := opts.Year
	if year == 0 {
		var err error
		if year, err = src.LatestCohort(ctx); err != nil {
			return nil, fmt.Errorf("find the latest cohort: %w", err)
		}
	}
	ds := &Dataset{Year: year, AsOf: opts.AsOf, GeneratedAt: opts.GeneratedAt, Version: opts.Version}
	asOf := opts.AsOf
	var err error
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	step := func(what string, fn func() error) {
		if err == nil {
			start := time.Now()
			if e := fn(); e != nil {
				err = fmt.Errorf("gather the report's data: %s: %w", what, e)
			}
			log.DebugContext(ctx, "report data", "question", what, "took", time.Since(start))
		}
	}
	step("headline", func() (e error) { ds.Headline, e = src.Headline(ctx, year); return })
	step("previous cohort's headline", func() error {
		prev, ok, e := src.PreviousCohort(ctx, year)
		if e != nil || !ok {
			return e
		}
		ds.PreviousHeadline, e = src.Headline(ctx, prev)
		return e
	})
	step("growth", func() (e error) { ds.Growth, e = src.Growth(ctx); return })
	step("reconciliation", func() (e error) { ds.Reconciliation, e = src.Reconciliation(ctx); return })
	step("regions", func() (e error) { ds.Regions, e = src.Regions(ctx); return })
	step("countries", func() (e error) { ds.Countries, e = src.Countries(ctx); return })
	step("cohorts", func() (e error) { ds.Cohorts, e = src.Cohorts(ctx); return })
	step("quota", func() (e error) { ds.Quota, e = src.Quota(ctx); return })
	// One definition (macros next_call_at, quota_next_at): the next window on asOf and the
	// places left in the cohort it feeds, for the annual Quota sheet and the delegations alike.
	step("next call", func() (e error) { ds.NextCall, e = src.NextCall(ctx, asOf); return })
	step("quota in the next call's cohort", func() (e error) { ds.NextCallQuota, e = src.QuotaNext(ctx, asOf); return })
	step("compliance", func() (e error) { ds.ComplianceSummary, e = src.ComplianceSummary(ctx, asOf); return })
	step("data quality", func() (e error) { ds.Quality, e = src.Quality(ctx); return })
	step("sources", func() (e error) { ds.Sources, e = src.Sources(ctx); return })
	step("rules", func() error {
		r, e := src.Rules(ctx)
		if e == nil {
			ds.Rules = NewRules(r)
		}
		return e
	})
	step("member count", func() (e error) { ds.MemberCount, e = src.MemberCount(ctx); return })
	if err != nil {
		return nil, err
	}
	ds.Members = src.Members(ctx)
	ds.ActiveMembers = src.ActiveMembers(ctx)
	ds.Compliance = src.ComplianceRows(ctx, asOf)
	ds.MembersReporting = src.MembersReporting(ctx, asOf)
	return ds, nil
}

// NewRules is the state of r as the reports display it.
func NewRules(r *rules.Rules) Rules {
	md := func(m rules.MonthDay) string { return fmt.Sprintf("%d %s", m.Day, m.Month) }
	return Rules{
		QuotaLimit:         r.Quota.Limit,
		QuotaEffectiveFrom: r.Quota.EffectiveFrom,
		DefaultWindow:      md(r.Window.Opens) + "–" + md(r.Window.Closes),
		Window:             r.Window,
		ReportEveryYears:   r.Reporting.EveryYears,
		Source:             r.Source,
	}
}
