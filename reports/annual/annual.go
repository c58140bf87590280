// Package annual renders the annual workbook for the network's analysts from a
// reports.Dataset, through the shared helpers of reports/internal/xlsx: a Summary that is the
// report's front page, then data sheets that machines read as people do (one table from A1, the
// header on row 1, a number in every numeric cell or nothing when it is unknown), with native
// Excel charts, and a Notes sheet saying what each holds. It reads typed rows, never the
// database.
package annual

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/xlsx"
)

// The annual workbook's sheets, in the order a reader finds them. The cohort sheet is named
// after the year (cohortSheet); Members and Compliance may be split into "Members (2)"...
const (
	sheetSummary        = "Summary"
	sheetGrowth         = "Growth"
	sheetReconciliation = "Reconciliation"
	sheetRegions        = "Regions"
	sheetCountries      = "Countries"
	sheetQuota          = "Quota"
	sheetNextCall       = "Next call"
	sheetCompliance     = "Compliance"
	sheetMembers        = "Members"
	sheetQuality        = "Data quality"
	sheetSources        = "Sources"
	sheetNotes          = "Notes"
)

func cohortSheet(year int) string { return "Cohort " + strconv.Itoa(year) }

// annualSheets lists the sheets of the workbook for year, in order (before any split).
func annualSheets(year int) []string {
	return []string{sheetSummary, sheetGrowth, sheetReconciliation, sheetRegions, sheetCountries,
		cohortSheet(year), sheetQuota, sheetNextCall, sheetCompliance, sheetMembers, sheetQuality,
		sheetSources, sheetNotes}
}

// Labels that tell a reader where a figure comes from (DESIGN.md, "The default register").
const (
	labelPublished = "as published"
	labelNamed     = "named members"
	noteSources    = "As published: the network's figures as UNESCO announced them. Named members: the member cities a public source names; they cover part of the network."
	noteGeoNames   = "Populations and coordinates: GeoNames (geonames.org), licensed CC BY 4.0, unless a member's population source says otherwise."
	// noteRegisterBlank says what an empty cell of the register means: unknown, never zero.
	noteRegisterBlank = "An empty cell is a value the register does not give: application date, population, coordinates or last report unknown, not zero or none. Left in is empty for active members."
)

// Options tune Write. The zero value is ready to use.
type Options struct {
	// Logger receives debug timings; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is called from the writing goroutine with the register rows
	// written so far and the total, every few thousand rows and once at the end.
	Progress func(done, total int64)
	// RowsPerSheet caps the data rows of one sheet of a streamed table (Members, Compliance,
	// the cohort); beyond it the table continues on "Members (2)"... 0 means as many as an
	// Excel sheet holds under the header (1,048,573).
	RowsPerSheet int64
}

// FileName is the annual workbook's file name for year.
func FileName(year int) string { return fmt.Sprintf("gnlc-annual-%d.xlsx", year) }

// Write writes the annual workbook for ds.Year into outDir (created if missing) as
// gnlc-annual-<year>.xlsx, atomically: an earlier workbook stays whole until the new one is
// complete, and a failed run leaves no partial file. It returns the path written.
// It reads ds only, so it may run concurrently with other renderers on the same Dataset.
func Write(ctx context.Context, outDir string, ds *reports.Dataset, opts Options) (string, error) {
	if err := reports.Validate(ds); err != nil {
		return "", fmt.Errorf("annual workbook: %w", err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", fmt.Errorf("annual workbook: create output folder: %w", err)
	}
	f, st, err := buildAnnual(ctx, ds, opts)
	if err != nil {
		return "", err
	}
	start := time.Now()
	path := filepath.Join(outDir, FileName(ds.Year))
	if err := xlsx.Save(f, st, atomicfile.Write, path); err != nil {
		return "", fmt.Errorf("annual workbook: %w", err)
	}
	logger(opts.Logger).DebugContext(ctx, "annual workbook saved", "path", path, "took", time.Since(start))
	return path, nil
}

// logger is l, or a logger that discards when l is nil.
func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// annualBuild carries what one sheet learns for another while the workbook is built.
type annualBuild struct {
	f      *excelize.File
	st     *xlsx.Styles
	ds     *reports.Dataset
	opts   Options
	cohort []queries.Member // the report year's new members, collected while Members streams
	// sheets written for the streamed tables (more than one when split).
	memberSheets, cohortSheets, complianceSheets []string
	complianceRows                               int64
	notes                                        []sheetNote // the data sheets', in order
	growthRows                                   int         // data rows of the Growth sheet, which charts read
}

// inMemory adapts a sheet written from the dataset in one go, with nothing to cancel, to a step
// that holds the workbook's lock (the Compliance sheet streams meanwhile: see buildAnnual).
func inMemory(st *xlsx.Styles, write func() error) func(context.Context) error {
	return func(context.Context) error { return st.Locked(write) }
}

// buildAnnual builds the workbook in memory (Members and other long tables streamed to
// excelize's temporary files). The caller writes and closes the returned file.
func buildAnnual(ctx context.Context, ds *reports.Dataset, opts Options) (_ *excelize.File, _ *xlsx.Styles, err error) {
	log := logger(opts.Logger)
	f := excelize.NewFile()
	var st *xlsx.Styles
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = st.Discard()
			err = fmt.Errorf("annual workbook: %w", err)
		}
	}()
	st, err = xlsx.NewStyles(f)
	if err != nil {
		return nil, nil, err
	}
	names := annualSheets(ds.Year)
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return nil, nil, fmt.Errorf("name sheet %s: %w", names[0], err)
	}
	for _, name := range names[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return nil, nil, fmt.Errorf("create sheet %s: %w", name, err)
		}
	}
	// Now, while every sheet is empty: SetActiveSheet reads back each sheet it visits, and a
	// streamed sheet read back is the whole table parsed into memory (2 s at 10,000 members).
	f.SetActiveSheet(0)
	// The Compliance sheet, as long as the register, streams on its own goroutine beside the
	// Members sheet (xlsx.Stream calls into excelize under the workbook's lock, and writes its
	// rows without it); its step waits for it. Its notes are taken here, in the sheets' order.
	streamCtx, stopStream := context.WithCancel(ctx)
	var compliance errgroup.Group
	defer func() {
		stopStream()
		if err != nil {
			_ = compliance.Wait() // a failed build stops the stream before the file closes
		}
	}()
	b := &annualBuild{f: f, st: st, ds: ds, opts: opts}
	// Members first: it collects the cohort's cities for the cohort sheet, so the register is
	// read once. Summary last: it reports how the long tables were split.
	// The streamed sheets take ctx: they are the ones long enough to cancel midway.
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{sheetMembers, b.members},
		{cohortSheet(ds.Year), b.cohortSheet},
		{sheetGrowth, inMemory(st, b.growth)},
		{sheetReconciliation, inMemory(st, b.reconciliation)},
		{sheetRegions, inMemory(st, b.regions)},
		{sheetCountries, inMemory(st, b.countries)},
		{sheetQuota, inMemory(st, b.quota)},
		{sheetNextCall, inMemory(st, b.nextCall)},
		{sheetCompliance, func(context.Context) error { return compliance.Wait() }},
		{sheetQuality, inMemory(st, b.quality)},
		{sheetSources, inMemory(st, b.sources)},
		{sheetSummary, inMemory(st, b.summary)},
		{sheetNotes, inMemory(st, b.notesSheet)},
	}
	complianceTable := b.complianceSpec()
	compliance.Go(func() error { return b.compliance(streamCtx, complianceTable) })
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		start := time.Now()
		if err := s.fn(ctx); err != nil {
			return nil, nil, fmt.Errorf("sheet %s: %w", s.name, err)
		}
		log.DebugContext(ctx, "annual workbook sheet", "sheet", s.name, "took", time.Since(start))
	}
	if err := st.SetRepeatRows(f); err != nil {
		return nil, nil, err
	}
	if err := setAnnualProps(f, ds); err != nil {
		return nil, nil, err
	}
	return f, st, nil
}

// setAnnualProps sets the document properties; times come from the Dataset so that a run
// is reproducible.
func setAnnualProps(f *excelize.File, ds *reports.Dataset) error {
	at := ds.GeneratedAt.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          fmt.Sprintf("GNLC annual report %d", ds.Year),
		Subject:        "UNESCO Global Network of Learning Cities: membership, growth, quota and compliance",
		Creator:        "gnlc",
		LastModifiedBy: "gnlc",
		Description:    noteSources,
		Keywords:       "GNLC; UNESCO; learning cities; annual report",
		Created:        at,
		Modified:       at,
		Language:       "en",
		Version:        ds.Version,
	}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	return nil
}

// reportProgress calls opts.Progress if set.
func (b *annualBuild) reportProgress(done, total int64) {
	if b.opts.Progress != nil {
		b.opts.Progress(done, total)
	}
}
