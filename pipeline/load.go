package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/marcboeker/go-duckdb"
)

// rowSource yields a file's records in order. Next returns io.EOF at the end; a *RowError for a
// record that could not be read (reading goes on unless stopsReading says otherwise); any other
// error ends the file. The returned slice may be reused by the next call.
type rowSource interface {
	Next() (fields []string, row int, err error)
	Offset() int64
	Close() error
	// decimalDot reports whether "." is the file's decimal mark, so that a lone "." in a count
	// is a decimal point rather than a thousands separator.
	decimalDot() bool
}

// stopsReading reports whether a read error leaves the rest of the file unreadable.
func stopsReading(err error) bool {
	return errors.Is(err, ErrLineTooLong) || errors.Is(err, ErrNotXLSX)
}

// producerStats is what reading a file found; read it only after the producer has finished.
type producerStats struct {
	loaded, blank int64
	hidden        int64 // XLSX: rows read that the sheet hides
	notes         noteCounts
	fatal         error // an I/O error that ended the file
	canceled      bool  // the producer stopped early: its context ended
	// repeats: two valid members rows share a hash of (iso3, city_key), so the file may list a
	// city twice; checkDuplicates then runs the exact query. False proves it does not.
	repeats bool
}

// producer reads a file's rows on one goroutine and validates and batches them on several
// workers, so that parsing, validation and DuckDB's insert overlap and use every core. Batches
// leave in no particular order: each row carries its source_row, and errors are sorted at the end.
type producer struct {
	src       rowSource
	v         *validator // template: each worker validates with its own copy
	errs      *errorList
	kind      Kind
	batchRows int
	workers   int
	progress  func(Progress)
	file      string
	total     int64
	stats     producerStats
	keys      *keySet // members: the identities seen so far
}

// keySet finds cities listed twice in a file while it is validated: each worker keeps a 64-bit
// hash of every identity (iso3, city_key) it loads, sorts them when its rows are done, and a
// merge of the sorted lists finds a repeat. This spares the database a GROUP BY over the whole
// file after the load (0.13 s per million rows, with nothing else running); the exact query
// runs only when a hash repeats. A shared map cost more than that query: the lock per row.
type keySet struct {
	seed maphash.Seed
}

func newKeySet() *keySet { return &keySet{seed: maphash.MakeSeed()} }

// hash is a city's identity hashed: its key's hash mixed with its country's code. A collision
// costs only the exact query.
func (ks *keySet) hash(iso3, cityKey string) uint64 {
	var code uint64
	for i := 0; i < len(iso3); i++ {
		code = code<<8 | uint64(iso3[i])
	}
	return maphash.String(ks.seed, cityKey) ^ code*0x9e3779b97f4a7c15
}

// anyRepeat reports whether a hash occurs twice across the workers' sorted lists.
func anyRepeat(lists [][]uint64) bool {
	heads := make([]int, len(lists))
	last, started := uint64(0), false
	for {
		best := -1
		for i, l := range lists {
			if heads[i] < len(l) && (best < 0 || l[heads[i]] < lists[best][heads[best]]) {
				best = i
			}
		}
		if best < 0 {
			return false
		}
		k := lists[best][heads[best]]
		if started && k == last {
			return true
		}
		last, started = k, true
		heads[best]++
	}
}

// readAhead is how many finished batches may wait for DuckDB.
const readAhead = 4

// chunkRows is how many rows the reader hands a worker at a time.
const chunkRows = 512

// maxChunkCells bounds the cells one shared allocation of a chunk holds.
const maxChunkCells = 16 << 10

// rawRow is one record as read, before validation.
type rawRow struct {
	fields []string
	row    int
}

// workerResult is what one worker found; read after the worker has finished.
type workerResult struct {
	errs          errorList
	loaded, blank int64
	notes         noteCounts
	canceled      bool
	keys          []uint64 // members: hashes of the identities loaded, sorted
}

func (p *producer) run(ctx context.Context, out chan<- batchOut) {
	workers := max(1, p.workers)
	work := make(chan []rawRow, workers)
	results := make([]workerResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { p.work(ctx, work, out, &results[w]) })
	}
	p.read(ctx, work)
	close(work)
	wg.Wait()
	p.stats.notes = make(noteCounts)
	if hc, ok := p.src.(hiddenCounter); ok {
		p.stats.hidden = hc.hiddenRows()
	}
	for i := range results {
		r := &results[i]
		p.stats.loaded += r.loaded
		p.stats.blank += r.blank
		p.stats.notes.merge(r.notes)
		p.stats.canceled = p.stats.canceled || r.canceled
		p.errs.merge(&r.errs)
	}
	// Without a set (other kinds) the exact checks always run.
	p.stats.repeats = true
	if p.keys != nil {
		lists := make([][]uint64, len(results))
		for i := range results {
			lists[i] = results[i].keys
		}
		p.stats.repeats = anyRepeat(lists)
	}
}

// read feeds the workers chunks of rows until the file ends, a read error ends it, or ctx is done.
func (p *producer) read(ctx context.Context, work chan<- []rawRow) {
	chunk := make([]rawRow, 0, chunkRows)
	// The fields of a chunk's rows share one allocation: a slice per row was a million small
	// objects per million rows for the garbage collector.
	var cells []string
	rows := int64(0)
	send := func() bool {
		select {
		case work <- chunk:
		case <-ctx.Done():
			p.stats.canceled = true
			return false
		}
		chunk = make([]rawRow, 0, chunkRows)
		cells = nil
		if p.progress != nil && rows%int64(p.batchRows) < chunkRows {
			p.progress(Progress{File: p.file, Done: p.src.Offset(), Total: p.total, Rows: rows})
		}
		return true
	}
	for {
		fields, row, err := p.src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if re, ok := errors.AsType[*RowError](err); ok {
				p.errs.addRow([]*RowError{re})
				if stopsReading(re) {
					break
				}
				continue
			}
			p.stats.fatal = err
			return
		}
		rows++
		if cap(cells)-len(cells) < len(fields) {
			// Bounded, so that a hostile row of a million empty cells costs only itself.
			cells = make([]string, 0, max(min(chunkRows*len(fields), maxChunkCells), len(fields)))
		}
		start := len(cells)
		cells = append(cells, fields...)
		chunk = append(chunk, rawRow{fields: cells[start:len(cells):len(cells)], row: row})
		if len(chunk) == chunkRows && !send() {
			return
		}
	}
	if len(chunk) > 0 {
		send()
	}
}

// work validates chunks into batches of at most batchRows rows and sends each full batch to out.
func (p *producer) work(ctx context.Context, work <-chan []rawRow, out chan<- batchOut, res *workerResult) {
	v := *p.v
	v.lookups = make(map[string]lookupResult)
	v.regions = make(map[string]string)
	v.notes = make(noteCounts)
	res.notes = v.notes
	b := newBatch(p.kind, p.batchRows)
	emit := func() bool {
		rec := b.out()
		select {
		case out <- rec:
			return true
		case <-ctx.Done():
			rec.release()
			res.canceled = true
			return false
		}
	}
	for chunk := range work {
		for _, raw := range chunk {
			rc := rowCtx{v: &v, row: raw.row, fields: raw.fields}
			ok, blank := rc.shape()
			if blank {
				res.blank++
				continue
			}
			if ok {
				switch p.kind {
				case KindMembers:
					var m memberRow
					if m, ok = v.member(&rc); ok {
						b.addMember(&m, raw.row)
						if p.keys != nil {
							res.keys = append(res.keys, p.keys.hash(m.iso3, m.cityKey))
						}
					}
				case KindReports:
					var r reportRow
					if r, ok = v.report(&rc); ok {
						b.addReport(&r, raw.row)
					}
				case KindAnnouncements:
					var a announcementRow
					if a, ok = v.announcement(&rc); ok {
						b.addAnnouncement(&a, raw.row)
					}
				}
			}
			if !ok {
				v.explainRow(&rc)
				res.errs.addRow(rc.errs)
				continue
			}
			res.loaded++
			if b.n >= p.batchRows && !emit() {
				drain(work)
				return
			}
		}
	}
	if b.n > 0 {
		emit()
	}
	// Sorted here, on every worker at once, while DuckDB inserts the last batches.
	slices.Sort(res.keys)
}

// drain empties work so the reader, blocked on a send, sees ctx done rather than waiting.
func drain(work <-chan []rawRow) {
	for range work {
	}
}

// batchReader is the array.RecordReader DuckDB's Arrow scan pulls from: each Next takes the next
// batch from the producer and adds the source's id to it. DuckDB calls it from its own threads,
// one call at a time. Set sourceID before DuckDB reads.
type batchReader struct {
	refs     atomic.Int64
	schema   *arrow.Schema
	recs     chan batchOut
	cur      arrow.Record
	p        *producer
	cancel   context.CancelFunc
	done     chan struct{}
	sourceID atomic.Int32
	source   arrow.Array // sourceID repeated, as long as the longest batch yet
	col      int         // the source_id column
}

// newBatchReader starts the producer. The caller must call stop once DuckDB is done with the
// reader, then Release.
func newBatchReader(ctx context.Context, schema *arrow.Schema, p *producer) *batchReader {
	ctx, cancel := context.WithCancel(ctx)
	// A few batches of slack let the workers run ahead while DuckDB is busy (or descheduled).
	r := &batchReader{schema: schema, recs: make(chan batchOut, readAhead), p: p, cancel: cancel, done: make(chan struct{})}
	r.col = schema.FieldIndices(sourceIDColumn)[0]
	r.refs.Store(1)
	go func() {
		defer close(r.done)
		defer close(r.recs)
		p.run(ctx, r.recs)
	}()
	return r
}

func (r *batchReader) Retain() { r.refs.Add(1) }

func (r *batchReader) Release() {
	if r.refs.Add(-1) == 0 {
		if r.cur != nil {
			r.cur.Release()
			r.cur = nil
		}
		if r.source != nil {
			r.source.Release()
			r.source = nil
		}
	}
}

func (r *batchReader) Schema() *arrow.Schema { return r.schema }

func (r *batchReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	b, ok := <-r.recs
	if !ok {
		return false
	}
	b.cols[r.col] = r.sourceColumn(b.n)
	r.cur = array.NewRecord(r.schema, b.cols, int64(b.n))
	b.release() // the record holds the arrays
	return true
}

// sourceColumn returns n times sourceID, for the caller to release.
func (r *batchReader) sourceColumn(n int) arrow.Array {
	if r.source == nil || r.source.Len() < n {
		if r.source != nil {
			r.source.Release()
		}
		ids := make([]int32, n)
		for i := range ids {
			ids[i] = r.sourceID.Load()
		}
		data := array.NewData(arrow.PrimitiveTypes.Int32, n, []*memory.Buffer{nil, memory.NewBufferBytes(arrow.GetBytes(ids))}, nil, 0, 0)
		r.source = array.MakeFromData(data)
		data.Release()
	}
	return array.NewSlice(r.source, 0, int64(n))
}

func (r *batchReader) Record() arrow.Record { return r.cur }

// Err reports why the stream ended early. It is called after Next returned false, that is after
// the producer closed the channel, which orders the producer's writes before these reads.
func (r *batchReader) Err() error {
	switch {
	case r.p.stats.fatal != nil:
		return r.p.stats.fatal
	case r.p.stats.canceled:
		return context.Canceled
	}
	return nil
}

// stop ends the producer (if DuckDB stopped reading early) and waits for it.
func (r *batchReader) stop() producerStats {
	r.cancel()
	for b := range r.recs {
		b.release()
	}
	<-r.done
	return r.p.stats
}

// viewName is the Arrow view a kind loads through; its loadStatements read and drop it.
func viewName(k Kind) string { return "gnlc_ingest_" + string(k) }

// loadView registers rdr as a view on the transaction's connection and materializes it with one
// INSERT … SELECT * (see sql/insert_members.sql for why never a projection), then drops the view.
func loadView(ctx context.Context, conn *sql.Conn, tx *sql.Tx, kind Kind, rdr *batchReader) error {
	var release func()
	err := conn.Raw(func(dc any) error {
		drv, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a database/sql/driver connection: %T", dc)
		}
		ar, err := duckdb.NewArrowFromConn(drv)
		if err != nil {
			return err
		}
		release, err = ar.RegisterView(rdr, viewName(kind))
		return err
	})
	if err != nil {
		return fmt.Errorf("register arrow view: %w", err)
	}
	defer release()
	stmts := loadStatements[kind]
	if _, err := tx.ExecContext(ctx, stmts.insert.text()); err != nil {
		return fmt.Errorf("insert %s: %w", kind, err)
	}
	if _, err := tx.ExecContext(ctx, stmts.dropView.text()); err != nil {
		return fmt.Errorf("drop arrow view: %w", err)
	}
	return nil
}

// replace compares a source's new rows (sourceID) with those of the source it replaces (prevID:
// its previous version, or the source named by --replace), then deletes that source. It runs
// inside the file's transaction.
func replace(ctx context.Context, tx *sql.Tx, kind Kind, sourceID, prevID int64, res *FileResult) error {
	if kind == KindMembers {
		for _, d := range []struct {
			diff statement
			list *CityList
		}{{stmtDiffMembersAdded, &res.Added}, {stmtDiffMembersRemoved, &res.Removed}, {stmtDiffMembersChanged, &res.Changed}} {
			if err := cityList(ctx, tx, d.diff, sourceID, prevID, d.list); err != nil {
				return err
			}
		}
	}
	// The previous version may have been of another kind: clear every table.
	return deleteSource(ctx, tx, prevID)
}

// cityList lists the cities diff finds between the two sources.
func cityList(ctx context.Context, tx *sql.Tx, diff statement, sourceID, prevID int64, list *CityList) error {
	rows, err := tx.QueryContext(ctx, diff.text(), sourceID, prevID)
	if err != nil {
		return fmt.Errorf("%s: %w", diff, err)
	}
	if err := appendCities(rows, list); err != nil {
		return fmt.Errorf("%s: %w", diff, err)
	}
	return nil
}
