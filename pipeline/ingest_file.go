package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ingest runs one file through both passes, the first (scan: sha256, encoding) while the second
// starts (read → validate → batch), then loads it, all inside one transaction on one connection.
func (ing *Ingester) ingest(ctx context.Context, in input, opts FileOptions) (res *FileResult, err error) {
	res = &FileResult{File: in.file, Source: in.source}
	if ing.DB == nil || ing.Countries == nil {
		return res, fmt.Errorf("ingest %s: Ingester needs DB and Countries", in.file)
	}
	start := time.Now()
	head, size, err := in.head()
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", in.file, err)
	}
	if size == 0 {
		res.SHA256 = emptySHA256
		return res, fileErr(in.file, &RowError{File: in.file, Err: ErrEmptyFile, Expected: "a header row and at least one data row"})
	}
	scan := startScan(ctx, in)
	defer scan.stop()

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

	f := &fileLoad{ing: ing, in: in, opts: opts, head: head, size: size, conn: conn, tx: tx, res: res, prevID: -1, start: start}
	// While the first pass reads the file, the second reads its header and validates its first
	// rows, up to the batches that wait for DuckDB: the file is loaded only once the first pass
	// has shown that it is to be (not loaded already), and read as it must be (its encoding).
	early := f.readEarly(ctx)
	defer func() { early.stop() }()
	sc, err := scan.wait()
	switch {
	case errors.Is(err, errOpen):
		return res, fmt.Errorf("ingest %s: %w", in.file, errors.Unwrap(err))
	case err != nil:
		return res, fmt.Errorf("ingest %s: read: %w", in.file, err)
	}
	res.SHA256 = sc.sha256
	f.sc = sc
	prev, done, err := ing.previous(ctx, tx, in, sc, opts, res)
	if err != nil || done {
		return res, err
	}
	if prev != nil {
		f.prevID = prev.ID
		res.Previous = prev
	}
	loaded, err := f.run(ctx, &early)
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

// emptySHA256 is the sha256 of no bytes, an empty file's.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// errOpen marks a scan that could not open the file (wrapping why).
var errOpen = errors.New("open")

// scanning is the first pass over a file (scanFile), on a goroutine of its own.
type scanning struct {
	done   chan struct{}
	cancel context.CancelFunc
	sc     *fileScan
	err    error
}

func startScan(ctx context.Context, in input) *scanning {
	ctx, cancel := context.WithCancel(ctx)
	s := &scanning{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.done)
		rc, err := in.open()
		if err != nil {
			s.err = fmt.Errorf("%w: %w", errOpen, err)
			return
		}
		defer rc.Close()
		s.sc, s.err = scanFile(ctxReader{ctx, rc})
	}()
	return s
}

// wait returns the scan once it has finished.
func (s *scanning) wait() (*fileScan, error) {
	<-s.done
	return s.sc, s.err
}

// stop ends the scan, if it still runs, and waits for it.
func (s *scanning) stop() {
	s.cancel()
	<-s.done
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
	opts   FileOptions
	head   []byte // the file's first bytes, as read
	size   int64
	conn   *sql.Conn
	tx     *sql.Tx
	res    *FileResult
	prevID int64     // the source the file replaces; -1: none
	start  time.Time // when the current step began, for the debug log

	sc       *fileScan // the first pass, once it has finished
	sourceID int64
}

// fileRead is the second pass over a file as far as it goes without the database: the file
// opened as one encoding, its header read and its rows validated into batches, which wait for
// DuckDB's insert. It may run while the first pass still reads the file, so it holds what it
// found (found, warn, err) until the file is to be loaded.
type fileRead struct {
	enc       string      // how a text file is read; "" for a workbook
	found     *FileResult // what opening the file found: Encoding, Skipped, Notes
	warn      []string    // warnings about the file, logged once it is to be loaded
	err       error       // why the file cannot be read, returned once it is to be loaded
	src       rowSource   // positioned after the header
	xs        *xlsxSource // src, when the file is a workbook
	hm        *headerMap
	headerRow int
	v         *validator
	errs      *errorList
	rdr       *batchReader // the batches, or nil when the header could not be read
}

// stop ends the read: the producer, if it still runs, and the file. It is safe on a nil read
// and more than once.
func (rd *fileRead) stop() {
	if rd == nil {
		return
	}
	if rd.rdr != nil {
		rd.rdr.stop()
		rd.rdr.Release()
		rd.rdr = nil
	}
	if rd.src != nil {
		rd.src.Close()
		rd.src = nil
	}
}

// readEarly starts the second pass before the first has finished, when its encoding is
// already known: a workbook, a text file with a UTF-16 byte-order mark, or one whose first bytes
// are UTF-8 (valid throughout, checks the first pass). nil otherwise.
func (f *fileLoad) readEarly(ctx context.Context) *fileRead {
	if f.in.xlsx {
		return f.read(ctx, "")
	}
	switch {
	case bytes.HasPrefix(f.head, utf16LE), bytes.HasPrefix(f.head, utf16BE):
		return f.read(ctx, encUTF16)
	case !validUTF8Prefix(f.head):
		return nil
	case bytes.HasPrefix(f.head, utf8BOM):
		return f.read(ctx, encUTF8BOM)
	}
	return f.read(ctx, encUTF8)
}

// read opens the file as enc and starts validating its rows into batches.
func (f *fileLoad) read(ctx context.Context, enc string) *fileRead {
	ing, in := f.ing, f.in
	rd := &fileRead{enc: enc, found: &FileResult{}}
	if rd.err = ing.openSource(ctx, in, enc, f.head, f.opts, rd); rd.err != nil {
		return rd
	}
	hm := rd.hm
	rd.v = newValidator(in, sheetOf(rd.src), hm, ing.Countries, ing.now().Year())
	rd.v.headerRow = rd.headerRow
	rd.v.decimalDot = rd.src.decimalDot()
	if rd.xs != nil {
		rd.xs.headerRow = rd.headerRow
		var err error
		if rd.v.formulas, err = rd.xs.uncomputedFormulas(ctx, hm, rd.headerRow); err != nil {
			rd.err = asFileErr(in.file, err)
			return rd
		}
	}
	rd.errs = &errorList{}
	batchRows := ing.BatchRows
	if batchRows <= 0 {
		batchRows = DefaultBatchRows
	}
	total := f.size
	if in.xlsx {
		total = 0
	}
	p := &producer{
		src: rd.src, v: rd.v, errs: rd.errs, kind: hm.kind, batchRows: batchRows,
		workers: ing.workers(), progress: ing.Progress, file: in.file, total: total,
	}
	if hm.kind == KindMembers {
		p.keys = newKeySet()
	}
	rd.rdr = newBatchReader(ctx, schemaOf(hm.kind), p)
	return rd
}

// run loads the file into the transaction and returns how many rows it loaded; any error
// refuses the file (the caller rolls back). early is the second pass begun before the first
// ended (nil: none); run reads the file again where it was read as another encoding than the
// first pass chose, and stops what it reads.
func (f *fileLoad) run(ctx context.Context, early **fileRead) (int64, error) {
	in := f.in
	enc := ""
	if !in.xlsx {
		if f.opts.Sheet != "" {
			f.ing.logger().Warn("--sheet ignored for a CSV file", "file", in.file)
		}
		var err error
		if enc, err = chooseEncoding(in.file, f.sc, in.open); err != nil {
			return 0, asFileErr(in.file, err)
		}
	}
	rd := *early
	if rd == nil || rd.enc != enc {
		rd.stop()
		rd = f.read(ctx, enc)
		*early = rd
	}
	res := f.res
	res.Encoding, res.Notes, res.Skipped = rd.found.Encoding, append(res.Notes, rd.found.Notes...), rd.found.Skipped
	for _, w := range rd.warn {
		f.ing.logger().Warn(w, "file", in.file)
	}
	if rd.err != nil {
		return 0, rd.err
	}
	if err := f.record(ctx, rd); err != nil {
		return 0, err
	}
	stats, err := f.stream(ctx, rd)
	if err != nil {
		return 0, err
	}
	if err := f.check(ctx, rd, stats); err != nil {
		return 0, err
	}
	return stats.loaded, nil
}

// record records the file in sources.
func (f *fileLoad) record(ctx context.Context, rd *fileRead) error {
	in, res, hm := f.in, f.res, rd.hm
	res.Kind = hm.kind
	res.HeaderRow = rd.headerRow
	res.Ignored = hm.ignored
	if err := f.tx.QueryRowContext(ctx, stmtInsertSource.text(), in.source, string(hm.kind), f.sc.sha256, f.ing.now(), f.ing.Version).Scan(&f.sourceID); err != nil {
		return fmt.Errorf("ingest %s: record source: %w", in.file, err)
	}
	res.SourceID = f.sourceID
	return nil
}

// stream loads the validated rows into the kind's table (loadView) as they are read.
func (f *fileLoad) stream(ctx context.Context, rd *fileRead) (producerStats, error) {
	ing, in := f.ing, f.in
	ing.logger().Debug("scanned", "file", in.file, "bytes", f.sc.size, "took", time.Since(f.start))
	f.start = time.Now()
	rdr := rd.rdr
	rdr.sourceID.Store(int32(f.sourceID))
	loadErr := loadView(ctx, f.conn, f.tx, rd.hm.kind, rdr)
	stats := rdr.stop()
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
func (f *fileLoad) check(ctx context.Context, rd *fileRead, stats producerStats) error {
	in, res, errs := f.in, f.res, rd.errs
	dups := duplicateCheck{tx: f.tx, v: rd.v, kind: rd.hm.kind, sourceID: f.sourceID, prevID: f.prevID, errs: errs}
	if err := dups.run(ctx, stats.repeats); err != nil {
		return fmt.Errorf("ingest %s: %w", in.file, err)
	}
	if rd.xs != nil && errs.badRows > 0 {
		if err := rd.xs.explainFormulas(ctx, errs); err != nil {
			return asFileErr(in.file, err)
		}
		if err := rd.xs.explainMerges(errs); err != nil {
			return asFileErr(in.file, err)
		}
	}
	res.Rejected = errs.badRows
	if errs.badRows > 0 || len(errs.errs) > 0 {
		return errs.fileError(in.file)
	}
	if stats.loaded == 0 {
		return fileErr(in.file, &RowError{File: in.file, Sheet: rd.v.sheet, Row: rd.headerRow, Err: ErrNoRows, Expected: "at least one data row below the header"})
	}
	if f.prevID >= 0 {
		res.Replaced = true
		if err := replace(ctx, f.tx, rd.hm.kind, f.sourceID, f.prevID, res); err != nil {
			return fmt.Errorf("ingest %s: replace previous version: %w", in.file, err)
		}
	}
	if _, err := f.tx.ExecContext(ctx, stmtUpdateSourceRows.text(), f.sourceID, stats.loaded); err != nil {
		return fmt.Errorf("ingest %s: record source: %w", in.file, err)
	}
	f.ing.logger().Debug("checked", "file", in.file, "took", time.Since(f.start))
	return nil
}
