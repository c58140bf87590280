package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ingest runs one file through both passes: scan (sha256, encoding), then read → validate →
// batch → load, all inside one transaction on one connection.
func (ing *Ingester) ingest(ctx context.Context, in input, opts FileOptions) (res *FileResult, err error) {
	res = &FileResult{File: in.file, Source: in.source}
	if ing.DB == nil || ing.Countries == nil {
		return res, fmt.Errorf("ingest %s: Ingester needs DB and Countries", in.file)
	}
	rc, err := in.open()
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", in.file, err)
	}
	start := time.Now()
	sc, err := scanFile(ctxReader{ctx, rc})
	rc.Close()
	if err != nil {
		return res, fmt.Errorf("ingest %s: read: %w", in.file, err)
	}
	res.SHA256 = sc.sha256
	if sc.size == 0 {
		return res, fileErr(in.file, &RowError{File: in.file, Err: ErrEmptyFile, Expected: "a header row and at least one data row"})
	}

	conn, err := ing.DB.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", in.file, err)
	}
	defer conn.Close()
	// The transaction does not watch ctx: on Ctrl-C database/sql would roll it back on a
	// goroutine of its own, still running when ingest returns and the database closes, so DuckDB
	// never finished closing (its log stayed beside the file). The statements below take ctx,
	// and the deferred Rollback finishes before ingest returns.
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return res, fmt.Errorf("ingest %s: begin: %w", in.file, err)
	}
	committed := false
	defer func() {
		if !committed {
			if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("ingest %s: rollback: %w", in.file, rbErr))
			}
		}
	}()

	prev, done, err := ing.previous(ctx, tx, in, sc, opts, res)
	if err != nil || done {
		return res, err
	}
	f := &fileLoad{ing: ing, in: in, sc: sc, conn: conn, tx: tx, res: res, prevID: -1, start: start}
	if prev != nil {
		f.prevID = prev.ID
		res.Previous = prev
	}
	loaded, err := f.run(ctx, opts)
	if err != nil {
		return res, err
	}
	start = time.Now()
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("ingest %s: commit: %w", in.file, err)
	}
	committed = true
	ing.logger().Debug("committed", "file", in.file, "took", time.Since(start))
	res.Loaded = loaded
	return res, nil
}

// previous finds the source the file replaces (nil: none) before anything is loaded: the file's
// own earlier version, or the source opts.Replace names. done is true when there is nothing to
// load: the same file is loaded already (res.Unchanged) or its content is, under another path
// (res.SameAs).
func (ing *Ingester) previous(ctx context.Context, tx *sql.Tx, in input, sc *fileScan, opts FileOptions, res *FileResult) (prev *Source, done bool, err error) {
	own, err := scanSource(tx.QueryRowContext(ctx, stmtSourceByPath.text(), in.source))
	if err != nil {
		return nil, false, fmt.Errorf("ingest %s: find source: %w", in.file, err)
	}
	var old *Source
	if opts.Replace != "" {
		if old, err = FindSource(ctx, tx, opts.Replace); err != nil {
			return nil, false, fmt.Errorf("ingest %s: replace %w", in.file, err)
		}
		if own != nil && own.ID != old.ID {
			return nil, false, fmt.Errorf("ingest %s: replace source %d (%s): %w: source %d", in.file, old.ID, old.Path, ErrLoadedAsSource, own.ID)
		}
	}
	if own != nil && own.SHA256 == sc.sha256 {
		res.Unchanged, res.Kind, res.SourceID = true, own.Kind, own.ID
		return own, true, nil
	}
	if own != nil {
		return own, false, nil
	}
	// A new path: is the same content loaded already, renamed, copied or moved?
	except := int64(-1)
	if old != nil {
		except = old.ID
	}
	same, err := sourcesBySHA256(ctx, tx, sc.sha256, except)
	if err != nil {
		return nil, false, fmt.Errorf("ingest %s: find source: %w", in.file, err)
	}
	for _, s := range same {
		if !sameSelection(in, opts.Sheet, s.Path) {
			continue
		}
		if old != nil {
			return nil, false, fmt.Errorf("ingest %s: replace source %d (%s): %w: source %d (%s)", in.file, old.ID, old.Path, ErrSameContent, s.ID, s.Path)
		}
		res.SameAs, res.Kind, res.SourceID = &s, s.Kind, s.ID
		return nil, true, nil
	}
	return old, false, nil
}

// fileLoad is the second pass over one file, inside its transaction: read its header, record
// the source, stream its rows into the table, then check them. Its steps fill its fields in
// that order.
type fileLoad struct {
	ing    *Ingester
	in     input
	sc     *fileScan
	conn   *sql.Conn
	tx     *sql.Tx
	res    *FileResult
	prevID int64     // the source the file replaces; -1: none
	start  time.Time // when the current step began, for the debug log

	src       rowSource   // open: positioned after the header
	xs        *xlsxSource // open: src, when the file is a workbook
	hm        *headerMap
	headerRow int
	sourceID  int64
	v         *validator // stream
	errs      *errorList
}

// run loads the file into the transaction and returns how many rows it loaded; any error
// refuses the file (the caller rolls back).
func (f *fileLoad) run(ctx context.Context, opts FileOptions) (int64, error) {
	if err := f.open(ctx, opts); err != nil {
		return 0, err
	}
	defer f.src.Close()
	stats, err := f.stream(ctx)
	if err != nil {
		return 0, err
	}
	if err := f.check(ctx, stats); err != nil {
		return 0, err
	}
	return stats.loaded, nil
}

// open reads the file's header and records the file in sources.
func (f *fileLoad) open(ctx context.Context, opts FileOptions) error {
	in, res := f.in, f.res
	src, hm, headerRow, err := f.ing.openSource(ctx, in, f.sc, opts, res)
	if err != nil {
		return err
	}
	f.src, f.hm, f.headerRow = src, hm, headerRow
	f.xs, _ = src.(*xlsxSource)
	res.Kind = hm.kind
	res.HeaderRow = headerRow
	res.Ignored = hm.ignored
	if err := f.tx.QueryRowContext(ctx, stmtInsertSource.text(), in.source, string(hm.kind), f.sc.sha256, f.ing.now(), f.ing.Version).Scan(&f.sourceID); err != nil {
		return fmt.Errorf("ingest %s: record source: %w", in.file, err)
	}
	res.SourceID = f.sourceID
	return nil
}

// stream validates the rows and loads them into the kind's table (loadView) as they are read.
func (f *fileLoad) stream(ctx context.Context) (producerStats, error) {
	ing, in, hm := f.ing, f.in, f.hm
	f.v = newValidator(in, sheetOf(f.src), hm, ing.Countries, ing.now().Year())
	f.v.headerRow = f.headerRow
	f.v.decimalDot = f.src.decimalDot()
	if f.xs != nil {
		f.xs.headerRow = f.headerRow
		var err error
		if f.v.formulas, err = f.xs.uncomputedFormulas(ctx, hm, f.headerRow); err != nil {
			return producerStats{}, asFileErr(in.file, err)
		}
	}
	f.errs = &errorList{}
	batchRows := ing.BatchRows
	if batchRows <= 0 {
		batchRows = DefaultBatchRows
	}
	total := f.sc.size
	if in.xlsx {
		total = 0
	}
	p := &producer{
		src: f.src, v: f.v, errs: f.errs, kind: hm.kind, sourceID: int32(f.sourceID), batchRows: batchRows,
		workers: ing.workers(), progress: ing.Progress, file: in.file, total: total,
	}
	if hm.kind == KindMembers {
		p.keys = newKeySet()
	}
	rdr := newBatchReader(ctx, schemaOf(hm.kind), p)
	ing.logger().Debug("scanned", "file", in.file, "bytes", f.sc.size, "took", time.Since(f.start))
	f.start = time.Now()
	loadErr := loadView(ctx, f.conn, f.tx, hm.kind, rdr)
	stats := rdr.stop()
	rdr.Release()
	f.res.Blank = stats.blank
	f.res.Hidden = stats.hidden
	f.res.Notes = append(f.res.Notes, stats.notes.lines()...)
	switch {
	case ctx.Err() != nil:
		return stats, fmt.Errorf("ingest %s: %w", in.file, ctx.Err())
	case stats.fatal != nil:
		return stats, fmt.Errorf("ingest %s: read: %w", in.file, stats.fatal)
	case loadErr != nil:
		return stats, fmt.Errorf("ingest %s: %w", in.file, loadErr)
	}
	ing.logger().Debug("loaded", "file", in.file, "rows", stats.loaded, "took", time.Since(f.start))
	f.start = time.Now()
	return stats, nil
}

// check refuses the file for its bad rows, its duplicates or for holding no row; otherwise it
// replaces the previous source, if any, and records how many rows the file loaded.
func (f *fileLoad) check(ctx context.Context, stats producerStats) error {
	in, res, errs := f.in, f.res, f.errs
	dups := duplicateCheck{tx: f.tx, v: f.v, kind: f.hm.kind, sourceID: f.sourceID, prevID: f.prevID, errs: errs}
	if err := dups.run(ctx, stats.repeats); err != nil {
		return fmt.Errorf("ingest %s: %w", in.file, err)
	}
	if f.xs != nil && errs.badRows > 0 {
		if err := f.xs.explainFormulas(ctx, errs); err != nil {
			return asFileErr(in.file, err)
		}
		if err := f.xs.explainMerges(errs); err != nil {
			return asFileErr(in.file, err)
		}
	}
	res.Rejected = errs.badRows
	if errs.badRows > 0 || len(errs.errs) > 0 {
		return errs.fileError(in.file)
	}
	if stats.loaded == 0 {
		return fileErr(in.file, &RowError{File: in.file, Sheet: f.v.sheet, Row: f.headerRow, Err: ErrNoRows, Expected: "at least one data row below the header"})
	}
	if f.prevID >= 0 {
		res.Replaced = true
		if err := replace(ctx, f.tx, f.hm.kind, f.sourceID, f.prevID, res); err != nil {
			return fmt.Errorf("ingest %s: replace previous version: %w", in.file, err)
		}
	}
	if _, err := f.tx.ExecContext(ctx, stmtUpdateSourceRows.text(), f.sourceID, stats.loaded); err != nil {
		return fmt.Errorf("ingest %s: record source: %w", in.file, err)
	}
	f.ing.logger().Debug("checked", "file", in.file, "took", time.Since(f.start))
	return nil
}
