package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/annual"
	"gnlc/reports/charts"
	"gnlc/rules"
)

// defaultOut is where report writes without --out.
const defaultOut = "out"

// progressMinMembers: registers smaller than this are written too fast for a progress bar.
const progressMinMembers = 50_000

// ReportOptions are the flags of gnlc report.
type ReportOptions struct {
	Deps    *Deps
	DB      string // "" = the embedded default register
	DBFrom  string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Year    int    // 0 = the latest cohort in the data
	Out     string
	Lang    string // delegation workbooks and charts: en, fr or es; "" = each delegation's own language, charts in all three
	Country string // delegation workbooks: one country (name or ISO code); "" = every member country
	AsOf    string // YYYY-MM-DD; "" = today
}

func newReportCmd(deps *Deps, runF func(context.Context, *ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{Deps: deps}
	cmd := &cobra.Command{
		Use:   "report [--db FILE] [--year Y] [--out DIR] [--lang en|fr|es] [--country NAME|ISO] [--as-of DATE]",
		Short: "Write the annual workbook, the delegations' workbooks and the charts",
		Long: `Write the network's reports into a folder (default ` + defaultOut + `):

  gnlc-annual-<year>.xlsx   the annual workbook for analysts: Summary, Growth,
                            Reconciliation, Regions, Countries, Cohort <year>, Quota,
                            Compliance, Members, Sources
  delegations/<lang>/<ISO3>-<slug>.xlsx
                            one workbook per member country for its national
                            delegation, in its language (en, fr or es; --lang overrides):
                            Cover, Members, Quota, Obligations. --country writes only
                            that country's workbook (a name in any of the three
                            languages, or a code), not the annual workbook or charts
  charts/<lang>/<chart>.html, charts/<lang>/<chart>.embed.html, charts/index.html
                            offline HTML charts (growth, regions, cohort, map) in en, fr
                            and es (--lang: one language), each page and embeddable
                            snippet with ECharts inlined; index.html links them all

The year defaults to the latest cohort in the data. Figures "as published" come from
the network's announcements; everything per city, country and region is counted over
the "named members" of the register, and the workbook shows both side by side.
Compliance (application window, progress reports) is computed as of --as-of, today by
default.

The database is --db, or $GNLC_DB when set, or ` + defaultDB + ` (what gnlc ingest
loads); until that one exists, the embedded default register, with a note on stderr.
A database named by --db or $GNLC_DB must exist. Each file is written
to a temporary file in the folder and renamed, so an interrupted run leaves the
previous reports whole. The paths written are printed, one per line.`,
		Example: `  # the full report of out/gnlc.duckdb (or, before any ingest, of the embedded register) into out/
  gnlc report

  # load your register, then report on it
  gnlc ingest my-register.csv && gnlc report

  # the 2022 report of your own database, into reports/
  gnlc report --db gnlc.duckdb --year 2022 --out reports

  # compliance as of the end of 2024
  gnlc report --as-of 2024-12-31

  # Côte d'Ivoire's delegation workbook (in French, its delegation's language), then Mexico's in English
  gnlc report --country "Côte d'Ivoire"
  gnlc report --country MEX --lang en`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := checkReportFlags(opts, deps.Now()); err != nil {
				return &FlagError{Err: fmt.Errorf("%w\n\n%s", err, cmd.UsageString())}
			}
			var err error
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runReport(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file to report on, opened read-only")
	cmd.Flags().IntVar(&opts.Year, "year", 0, "the report's year (default: the latest cohort)")
	cmd.Flags().StringVar(&opts.Out, "out", defaultOut, "folder to write the reports into (created if missing)")
	cmd.Flags().StringVar(&opts.Lang, "lang", "", "language of the delegations' workbooks and of the charts: en, fr or es (default: each delegation's; charts in all three)")
	cmd.Flags().StringVar(&opts.Country, "country", "", "write the delegation workbook of this country only (name or ISO code)")
	cmd.Flags().StringVar(&opts.AsOf, "as-of", "", "date for compliance, YYYY-MM-DD (default: today)")
	return cmd
}

// checkReportFlags validates the flags before anything is opened and returns the as-of date
// (today, UTC, by default).
func checkReportFlags(opts *ReportOptions, now time.Time) (asOf time.Time, err error) {
	if opts.Year != 0 && (opts.Year < 2015 || opts.Year > now.Year()) {
		return time.Time{}, fmt.Errorf("--year %d: want a year from 2015 to %d", opts.Year, now.Year())
	}
	if opts.Out == "" {
		return time.Time{}, errors.New("--out may not be empty")
	}
	switch opts.Lang {
	case "", "en", "fr", "es":
	default:
		return time.Time{}, fmt.Errorf("--lang %q: want en, fr or es", opts.Lang)
	}
	if opts.Country != "" {
		if _, _, err := resolveCountry(opts.Country); err != nil {
			return time.Time{}, err
		}
	}
	if opts.AsOf == "" {
		y, m, d := now.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	asOf, err = time.Parse(time.DateOnly, opts.AsOf)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of %q: want a date as YYYY-MM-DD", opts.AsOf)
	}
	return asOf, nil
}

func runReport(ctx context.Context, opts *ReportOptions) error {
	deps := opts.Deps
	now := deps.Now()
	asOf, err := checkReportFlags(opts, now)
	if err != nil {
		return &FlagError{Err: err}
	}
	// What a killed run left in the folder (temporary files, a staging folder) goes now; a
	// concurrent run's temporary files stay (atomicfile.RemoveStale).
	removed, err := atomicfile.RemoveStale(opts.Out)
	if len(removed) > 0 {
		deps.Logger.Info("removed temporary files of an interrupted run", "count", len(removed))
	}
	if err != nil {
		deps.Logger.Warn("could not remove temporary files of an interrupted run", "err", err)
	}
	db, err := openForReading(ctx, deps, opts.DB, opts.DBFrom)
	if err != nil {
		return err
	}
	defer db.Close()
	q := queries.New(db)

	year := opts.Year
	if year == 0 {
		year, err = q.LatestCohort(ctx)
		if errors.Is(err, queries.ErrNoMembers) {
			// No rows is not a failure (STYLE.md rule 13): say so and write nothing.
			fmt.Fprintln(deps.Stderr, "gnlc: the register has no members: no report written")
			return nil
		}
		if err != nil {
			return fmt.Errorf("find the latest cohort: %w", err)
		}
	}
	ds, err := buildDataset(ctx, q, year, asOf, now)
	if err != nil {
		return err
	}

	// Each output is one call; every path written is printed on stdout. --country asks for one
	// delegation's workbook, so the network-wide outputs are left as they are.
	var written []string
	if opts.Country == "" {
		annualPath, err := annual.Write(ctx, opts.Out, ds, annual.Options{
			Logger:   deps.Logger,
			Progress: membersProgress(deps, "annual workbook", ds.MemberCount),
		})
		if err != nil {
			return err
		}
		written = append(written, annualPath)
	}
	delegations, err := writeDelegations(ctx, opts, ds)
	if err != nil {
		return err
	}
	written = append(written, delegations...)
	if opts.Country == "" {
		// Charts: every language, or only --lang's (strings.Fields: "" → all, "fr" → [fr]).
		chartFiles, err := charts.Write(ctx, filepath.Join(opts.Out, "charts"), ds, charts.Options{
			Langs:  strings.Fields(opts.Lang),
			Logger: deps.Logger,
		})
		if err != nil {
			return err
		}
		written = append(written, chartFiles...)
	}

	for _, p := range written {
		if _, err := fmt.Fprintln(deps.Stdout, p); err != nil {
			return err
		}
	}
	return nil
}

// buildDataset runs the queries the renderers need for year, as of asOf, at the run time now.
// The register itself (Members) and the per-member compliance rows are not read here: the
// renderers stream them.
func buildDataset(ctx context.Context, q *queries.Queries, year int, asOf, now time.Time) (*reports.Dataset, error) {
	ds := &reports.Dataset{Year: year, AsOf: asOf, GeneratedAt: now, Version: version}
	var err error
	step := func(what string, fn func() error) {
		if err == nil {
			if e := fn(); e != nil {
				err = fmt.Errorf("gather the report's data: %s: %w", what, e)
			}
		}
	}
	step("headline", func() (e error) { ds.Headline, e = q.Headline(ctx, year); return })
	step("previous cohort's headline", func() error {
		prev, ok, e := q.PreviousCohort(ctx, year)
		if e != nil || !ok {
			return e
		}
		ds.PreviousHeadline, e = q.Headline(ctx, prev)
		return e
	})
	step("growth", func() (e error) { ds.Growth, e = q.Growth(ctx); return })
	step("reconciliation", func() (e error) { ds.Reconciliation, e = q.Reconciliation(ctx); return })
	step("regions", func() (e error) { ds.Regions, e = q.Regions(ctx); return })
	step("countries", func() (e error) { ds.Countries, e = q.Countries(ctx); return })
	step("cohorts", func() (e error) { ds.Cohorts, e = q.Cohorts(ctx); return })
	step("quota", func() (e error) { ds.Quota, e = q.Quota(ctx); return })
	// One definition (macros next_call_at, quota_next_at): the next window on asOf and the
	// places left in the cohort it feeds, for the annual Quota sheet and the delegations alike.
	step("next call", func() (e error) { ds.NextCall, e = q.NextCall(ctx, asOf); return })
	step("quota in the next call's cohort", func() (e error) { ds.NextCallQuota, e = q.QuotaNext(ctx, asOf); return })
	step("compliance", func() (e error) { ds.ComplianceSummary, e = q.ComplianceSummary(ctx, asOf); return })
	step("data quality", func() (e error) { ds.Quality, e = q.Quality(ctx); return })
	step("sources", func() (e error) { ds.Sources, e = q.Sources(ctx); return })
	step("rules", func() error {
		r, e := q.Rules(ctx)
		if e == nil {
			ds.Rules = reportRules(r)
		}
		return e
	})
	step("member count", func() (e error) { ds.MemberCount, e = q.MemberCount(ctx); return })
	if err != nil {
		return nil, err
	}
	ds.Members = q.Members(ctx)
	ds.Compliance = q.ComplianceRows(ctx, asOf)
	return ds, nil
}

// reportRules is the rules' state as the reports display it.
func reportRules(r *rules.Rules) reports.Rules {
	md := func(m rules.MonthDay) string { return fmt.Sprintf("%d %s", m.Day, m.Month) }
	return reports.Rules{
		QuotaLimit:         r.Quota.Limit,
		QuotaEffectiveFrom: r.Quota.EffectiveFrom,
		DefaultWindow:      md(r.Window.Opens) + "–" + md(r.Window.Closes),
		ReportEveryYears:   r.Reporting.EveryYears,
		Source:             r.Source,
	}
}

// membersProgress returns a Progress callback drawing a bar on stderr while a large register
// is written, when stderr is a terminal; nil otherwise.
func membersProgress(deps *Deps, what string, total int64) func(done, total int64) {
	if !deps.StderrIsTTY || total < progressMinMembers {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(deps.Stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return func(done, total int64) {
		_ = bar.Set64(done)
		if done >= total {
			_ = bar.Finish()
		}
	}
}
