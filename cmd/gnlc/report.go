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
	"golang.org/x/sync/errgroup"

	"gnlc/internal/atomicfile"
	"gnlc/pipeline"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/annual"
	"gnlc/reports/charts"
	"gnlc/reports/document"
)

// defaultOut is where report writes without --out.
const defaultOut = "out"

// progressMinMembers: registers smaller than this are written too fast for a progress bar.
const progressMinMembers = 50_000

// ReportOptions are the flags of gnlc report, parsed.
type ReportOptions struct {
	Deps   *Deps
	DB     string // "" = the embedded default register
	DBFrom string // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	Year   int    // 0 = the latest cohort in the data
	Out    string
	Lang   string // delegation workbooks and charts: en, fr or es; "" = each delegation's own language, charts in all three
	// Country is --country (a name in any language, or an ISO code) as its ISO3 code, and
	// CountryName its English name: the delegation workbook to write; "" = every member country.
	Country     string
	CountryName string
	AsOf        time.Time // --as-of, or today (UTC) by Deps.Now
	// SharedScript is --shared-script: the charts load ECharts from one file, charts.Options.SharedScript.
	SharedScript bool
	// PDF is --pdf: print each annual report document to PDF through a local Chromium.
	PDF bool
}

// reportLong is gnlc report --help's text.
const reportLong = `Write the network's reports into a folder (default ` + defaultOut + `):

  gnlc-annual-<year>.xlsx   the annual workbook for analysts: Summary (its front
                            page), then data sheets, each one table from A1: Growth,
                            Reconciliation, Regions, Countries, Cohort <year>, Quota,
                            Next call, Compliance, Members, Data quality, Sources,
                            Notes
  delegations/<lang>/<ISO3>-<slug>.xlsx
                            one workbook per member country for its national
                            delegation, in its language (en, fr or es; --lang overrides):
                            Cover, Members, Quota, Obligations. --country writes only
                            that country's workbook (a name in any of the three
                            languages, or a code), not the annual workbook or charts
  charts/<lang>/<chart>.html, charts/<lang>/<chart>.embed.html, charts/index.html
                            offline HTML charts (growth, regions, cohort, map) in en, fr
                            and es (--lang: one language), each page and embeddable
                            snippet with ECharts inlined; index.html shows each chart
                            as its slide, charts/<lang>/<chart>.svg (1920×1080), and
                            links its page, snippet and SVG
  gnlc-annual-<year>.<lang>.html
                            the annual report as a document, in en, fr and es (--lang:
                            one): one self-contained page to read or print on A4, with
                            the charts inline; --pdf also prints each to
                            gnlc-annual-<year>.<lang>.pdf through a local Chromium
  charts/echarts.min.js, charts/echarts-lang-<lang>.js, charts/world.js
                            with --shared-script: ECharts, its French and Spanish texts
                            and the world map, written once; every chart page and
                            snippet loads them from ../ instead of inlining about 1 MB,
                            so a web page with several snippets carries ECharts once
                            (a snippet pasted into a page elsewhere needs its
                            <script src> pointed at where these files are)

The year defaults to the latest cohort in the data. Figures "as published" come from
the network's announcements; everything per city, country and region is counted over
the "named members" of the register, and the workbook shows both side by side.
Compliance (application window, progress reports) is computed as of --as-of, today by
default.

The database is --db, or $GNLC_DB when set, or ` + defaultDB + ` (what gnlc ingest
loads); until that one exists, the embedded default register, with a note on stderr.
A database named by --db or $GNLC_DB must exist. Each file is written
to a temporary file in the folder and renamed, so an interrupted run leaves the
previous reports whole. The paths written are printed, one per line.`

func newReportCmd(deps *Deps, runF func(context.Context, *ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{Deps: deps}
	var asOf, country string
	cmd := &cobra.Command{
		Use:   "report [--db FILE] [--year Y] [--out DIR] [--lang en|fr|es] [--country NAME|ISO] [--as-of DATE] [--shared-script] [--pdf]",
		Short: "Write the annual workbook, the delegations' workbooks, the charts and the report documents",
		Long:  reportLong,
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
  gnlc report --country MEX --lang en

  # charts for a website with several charts on a page: ECharts in one shared file
  gnlc report --shared-script

  # the report documents as PDF too (needs Chromium)
  gnlc report --pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := parseReportFlags(opts, asOf, country, deps.Now()); err != nil {
				return usageError(cmd, err)
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
	cmd.Flags().StringVar(&country, "country", "", "write the delegation workbook of this country only (name or ISO code)")
	addAsOfFlag(cmd, &asOf, "compliance")
	cmd.Flags().BoolVar(&opts.PDF, "pdf", false, "also print each annual report document to gnlc-annual-<year>.<lang>.pdf (A4) through a local Chromium (Debian: apt-get install chromium; GNLC_CHROMIUM names another browser)")
	cmd.Flags().BoolVar(&opts.SharedScript, "shared-script", false,
		"write ECharts once as charts/echarts.min.js (with its locales and world map) and make chart pages and snippets load it instead of inlining it")
	return cmd
}

// parseReportFlags checks the flags of gnlc report before anything is opened, and sets what
// --as-of and --country resolve to.
func parseReportFlags(opts *ReportOptions, asOf, country string, now time.Time) error {
	if opts.Year != 0 && (opts.Year < 2015 || opts.Year > now.Year()) {
		return fmt.Errorf("--year %d: want a year from 2015 to %d", opts.Year, now.Year())
	}
	if opts.Out == "" {
		return errors.New("--out may not be empty")
	}
	switch opts.Lang {
	case "", "en", "fr", "es":
	default:
		return fmt.Errorf("--lang %q: want en, fr or es", opts.Lang)
	}
	if opts.PDF && country != "" {
		return errors.New("--pdf prints the annual report documents, which --country does not write")
	}
	var err error
	if country != "" {
		if opts.Country, opts.CountryName, err = resolveCountry(country); err != nil {
			return err
		}
	}
	opts.AsOf, err = parseAsOf(asOf, now)
	return err
}

func runReport(ctx context.Context, opts *ReportOptions) error {
	deps := opts.Deps
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
	// The streamed questions (the register, compliance rows) are read as DuckDB streams them.
	q := queries.New(db).WithStream(pipeline.Stream(db))
	ds, err := reports.NewDataset(ctx, q, reports.DatasetOptions{
		Year: opts.Year, AsOf: opts.AsOf, GeneratedAt: deps.Now(), Version: version, Logger: deps.Logger,
	})
	if errors.Is(err, queries.ErrNoMembers) {
		// No rows is not a failure (STYLE.md rule 13): say so and write nothing.
		fmt.Fprintln(deps.Stderr, "gnlc: the register has no members: no report written")
		return nil
	}
	if pipeline.OutdatedSetup(err) {
		return fmt.Errorf("%w\nThe database %s was set up by another version of gnlc: its views lack what this one reads. Ingest into it once with this gnlc (gnlc ingest --db %s FILE...) to bring them up to date, or start a new one", err, opts.DB, opts.DB)
	}
	if err != nil {
		return err
	}

	// Each output is one call; every path written is printed on stdout, in this order whatever
	// finishes first. --country asks for one delegation's workbook, so the network-wide outputs
	// are left as they are. The annual workbook, the delegations and the charts (then the
	// documents, which inline the charts' slides) are drawn side by side: they share the
	// Dataset, which they only read, and one pass over the register (SharedMembers).
	var annualPath string
	var delegations, chartFiles, docs []string
	g, gctx := errgroup.WithContext(ctx)
	if opts.Country == "" {
		// The annual workbook's Members sheet and the delegations read the register in the
		// same order: one pass serves both (reports.SharedMembers).
		shared := reports.ShareMembers(ds.MembersReporting)
		annualDS, delegationDS := *ds, *ds
		annualDS.Members, delegationDS.MembersReporting = shared.Members(), shared.MembersReporting()
		g.Go(func() error { return shared.Run(gctx) })
		g.Go(func() (err error) {
			defer shared.DetachMembers()
			annualPath, err = annual.Write(gctx, opts.Out, &annualDS, annual.Options{
				Logger:   deps.Logger,
				Progress: membersProgress(deps, "annual workbook", ds.MemberCount),
			})
			return err
		})
		g.Go(func() (err error) {
			chartFiles, docs, err = writeCharts(gctx, opts, ds)
			return err
		})
		g.Go(func() (err error) {
			defer shared.DetachReporting()
			delegations, err = writeDelegations(gctx, opts, &delegationDS)
			return err
		})
	} else {
		g.Go(func() (err error) {
			delegations, err = writeDelegations(gctx, opts, ds)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var written []string
	if annualPath != "" {
		written = append(written, annualPath)
	}
	written = append(append(append(written, delegations...), chartFiles...), docs...)
	if opts.PDF {
		// Last, once everything else is written: without a browser, the rest stands.
		pdfs, err := document.PrintPDFs(ctx, docs, document.PrintOptions{Chromium: deps.Chromium})
		if err != nil {
			return err
		}
		written = append(written, pdfs...)
	}

	for _, p := range written {
		if _, err := fmt.Fprintln(deps.Stdout, p); err != nil {
			return err
		}
	}
	return nil
}

// writeCharts writes the charts, in every language or only --lang's (strings.Fields: "" → all,
// "fr" → [fr]), then the annual report documents, whose figures are the charts' slides. It
// returns the documents' paths apart, for --pdf.
func writeCharts(ctx context.Context, opts *ReportOptions, ds *reports.Dataset) (written, docs []string, err error) {
	deps := opts.Deps
	langs := strings.Fields(opts.Lang)
	files, err := charts.Render(ctx, ds, charts.Options{
		Langs:        langs,
		SharedScript: opts.SharedScript,
		Logger:       deps.Logger,
		SlideCache:   deps.SlideCache,
	})
	if err != nil {
		return nil, nil, err
	}
	if written, err = charts.WriteFiles(ctx, filepath.Join(opts.Out, "charts"), files, deps.Logger); err != nil {
		return written, nil, err
	}
	docs, err = document.Write(ctx, opts.Out, ds, document.Options{
		Langs:  langs,
		Slides: func(lang, kind string) []byte { return charts.Slide(files, lang, kind) },
		Logger: deps.Logger,
	})
	return written, docs, err
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
