package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gnlc/fixtures"
)

// DefaultBatchRows bounds the rows in one Arrow record batch, and so the memory ingest holds per
// file whatever the file's size. Measured on a 1,000,000-row file: 16k rows per batch kept the
// same speed as 64k and half the peak memory (DuckDB's Arrow scan holds several batches); 8k
// takes the same CPU time as 16k (9.06 and 8.95 s, medians of three alternated runs) and peaks
// 24 MB lower (215 and 239 MB).
const DefaultBatchRows = 8 << 10

// MaxErrors bounds the row errors a FileError keeps; FileError.Omitted counts the others.
const MaxErrors = 1000

// maxDiffNames bounds the city names a replacement summary lists; the counts are always exact.
const maxDiffNames = 100

// Ingester loads register, reports and announcements files into one database. Set its fields,
// then call IngestFile or IngestBytes; calls may run concurrently (each takes its own connection
// and transaction), though DuckDB serializes conflicting writes.
type Ingester struct {
	DB        *sql.DB
	Countries *CountryIndex
	Now       func() time.Time // the clock: current year for validation, loaded_at
	Version   string           // recorded in sources.gnlc_version
	Logger    *slog.Logger     // warnings: ignored columns, a file decoded as Windows-1252
	// Progress, when set, is called after each batch from the goroutine reading the file (never
	// concurrently for one file). Done and Total are bytes for CSV, rows for XLSX (Total 0: unknown).
	Progress  func(Progress)
	BatchRows int // rows per Arrow batch; 0 means DefaultBatchRows
	Workers   int // goroutines validating rows; 0 means one per core, at most 4
}

// Progress reports how far the ingest of one file has come.
type Progress struct {
	File        string
	Done, Total int64
	Rows        int64
}

// FileOptions are per-file settings.
type FileOptions struct {
	Sheet string // XLSX: the sheet to read; "" reads the first
	// Replace names a loaded source (an id or a path, see FindSource) that the file replaces, in
	// the file's transaction: its rows go, the file's come, and the result compares the two.
	Replace string
}

// FileResult is the outcome of ingesting one file.
type FileResult struct {
	File     string // as given by the caller
	Source   string // the file's identity in sources.path (see IngestFile)
	Kind     Kind
	SHA256   string
	Encoding string // how a text file was decoded; "" for XLSX
	SourceID int64
	Loaded   int64 // rows loaded (0 when the file was refused)
	Rejected int64 // rows with at least one error
	Blank    int64 // empty rows skipped below the header
	// HeaderRow is the row the header was found on; Skipped counts the rows above it (titles,
	// notes, blank rows, Excel's "sep=" line) that were read past to find it.
	HeaderRow int
	Skipped   int
	// Ignored are the file's headers that map to no column, as written: they are not loaded.
	Ignored []string
	// Hidden counts the rows loaded from an XLSX sheet that were hidden (by hand or by a filter).
	Hidden int64
	// Notes say how values were read that a person should know about ("Hong Kong" counted under
	// China), one line each with the rows it concerns.
	Notes []string
	// Unchanged: the same file (same source, same sha256) was already loaded; nothing was done.
	Unchanged bool
	// SameAs: the file's content (same sha256, same sheet) is already loaded under another path
	// (the file was renamed, copied or moved); nothing was done.
	SameAs *Source
	// Previous is the source the file replaces: an earlier version of the same file, or the one
	// FileOptions.Replace names. When the file is refused, Previous is kept as it was.
	Previous *Source
	// Replaced: an earlier version of this source was loaded; its rows were replaced by these, and
	// Added, Removed and Changed compare the two (members files only).
	Replaced                bool
	Added, Removed, Changed CityList
}

// CityList is a count of cities with the first of their names ("Lyon (FRA)").
type CityList struct {
	Count int
	Names []string // at most 100, in (iso3, city) order
}

// input is one file to ingest: on disk (path) or in memory (data).
type input struct {
	file   string // display name
	source string // identity in sources.path
	path   string
	data   []byte
	xlsx   bool
}

func (in input) open() (io.ReadCloser, error) {
	if in.data != nil {
		return io.NopCloser(bytes.NewReader(in.data)), nil
	}
	return openFile(in.path)
}

// head reads the first sniffBytes bytes of the file, and its size.
func (in input) head() ([]byte, int64, error) {
	if in.data != nil {
		return in.data[:min(len(in.data), sniffBytes)], int64(len(in.data)), nil
	}
	f, err := openFile(in.path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	buf := make([]byte, sniffBytes)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, 0, err
	}
	return buf[:n], st.Size(), nil
}

// openFile opens a regular file: a device or a FIFO would never end.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// IngestFile loads the file at path: CSV (by extension .csv, .txt or .tsv) or XLSX (.xlsx, .xlsm;
// other names are sniffed). The file's identity in sources.path is its cleaned absolute path
// (symbolic links resolved), with
// "#<sheet>" appended when a sheet is named: loading the same identity again is a no-op when its
// sha256 is unchanged, and replaces the rows loaded from it otherwise.
//
// A file with bad rows loads nothing and returns a *FileError listing them (with the partial
// FileResult); other errors (I/O, database, ctx) are returned wrapped.
func (ing *Ingester) IngestFile(ctx context.Context, path string, opts FileOptions) (*FileResult, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return &FileResult{File: path}, fmt.Errorf("ingest %s: %w", path, err)
	}
	// A symbolic link is followed, and the file it leads to is the identity: loading the same
	// file through a link and through its own path is loading it once, not two sources.
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	in := input{file: path, source: abs, path: path}
	head, err := readHead(path, len(oleMagic))
	if err != nil {
		return &FileResult{File: path}, fmt.Errorf("ingest %s: %w", path, err)
	}
	in.xlsx = isWorkbook(path, head)
	if in.xlsx && opts.Sheet != "" {
		in.source += "#" + opts.Sheet
	}
	return ing.ingest(ctx, in, opts)
}

// IngestBytes loads a file held in memory, such as the embedded default register; name is both
// its display name and its identity in sources.path, and its extension picks the format as in
// IngestFile. data is not retained after the call.
func (ing *Ingester) IngestBytes(ctx context.Context, name string, data []byte, opts FileOptions) (*FileResult, error) {
	in := input{file: name, source: name, data: data, xlsx: isWorkbook(name, data)}
	if in.data == nil {
		in.data = []byte{}
	}
	if in.xlsx && opts.Sheet != "" {
		in.source += "#" + opts.Sheet
	}
	return ing.ingest(ctx, in, opts)
}

// IngestDefault loads the embedded default register (fixtures.DefaultRegister: members, then
// announcements), each file as IngestBytes loads it, and passes each file's result and error to
// done. It stops at the first error done returns, and returns it.
func (ing *Ingester) IngestDefault(ctx context.Context, done func(*FileResult, error) error) error {
	for _, f := range fixtures.DefaultRegister() {
		if err := done(ing.IngestBytes(ctx, f.Name, f.Data, FileOptions{})); err != nil {
			return err
		}
	}
	return nil
}

// isWorkbook says whether a file is read as a workbook: by its name (a spreadsheet's, even one
// gnlc refuses, so that the refusal names it), or, whatever its name, by its first bytes: a zip
// archive or an OLE file (legacy .xls), which no text file starts with.
func isWorkbook(name string, head []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".ots", ".fods", ".numbers":
		return true
	}
	return bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, oleMagic)
}

func (ing *Ingester) logger() *slog.Logger {
	if ing.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return ing.Logger
}

// workers is how many goroutines validate a file's rows: Workers, or one per core (at most 4).
func (ing *Ingester) workers() int {
	if ing.Workers > 0 {
		return ing.Workers
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

func (ing *Ingester) now() time.Time {
	if ing.Now == nil {
		return time.Now()
	}
	return ing.Now()
}

// fileErr refuses a file for the row errors of e.
func fileErr(file string, errs ...*RowError) *FileError {
	return &FileError{File: file, Errors: errs}
}

// openSource opens the second pass over the file, reading a text file as enc (head: its first
// bytes, as read), and reads its header into rd: the row source positioned after the header, the
// resolved header and the header's row number, and what opening found (rd.found, rd.warn).
func (ing *Ingester) openSource(ctx context.Context, in input, enc string, head []byte, opts FileOptions, rd *fileRead) error {
	var src rowSource
	if in.xlsx {
		xs, err := openXLSX(in.file, in.path, in.data, opts.Sheet)
		if err != nil {
			return asFileErr(in.file, err)
		}
		src = xs
		if xs.macros {
			rd.warn = append(rd.warn, "workbook holds macros: ignored (gnlc reads cell values only and never runs them)")
		}
		if len(xs.skipped) > 0 {
			rd.found.Notes = append(rd.found.Notes, fmt.Sprintf("read sheet %q, the first visible one; hidden sheets skipped: %s", xs.sheet, quoteList(xs.skipped, "and")))
		}
	} else {
		rd.found.Encoding = enc
		if enc == encWindows1252 {
			rd.warn = append(rd.warn, "file is not UTF-8: read as Windows-1252 (Latin-1); check accented names")
		}
		head, _ := io.ReadAll(io.LimitReader(decoder(bytes.NewReader(head), enc), sniffBytes))
		rc, err := in.open()
		if err != nil {
			return fmt.Errorf("ingest %s: %w", in.file, err)
		}
		delim := sniffDelimiter(head)
		src = newCSVSource(in.file, ctxReadCloser{ctxReader{ctx, rc}, rc}, enc, delim, spacedQuotes(head, delim))
	}
	hm, row, err := findHeader(src, in.file, opts)
	if err != nil {
		src.Close()
		return err
	}
	rd.found.Skipped = row - 1
	rd.src, rd.hm, rd.headerRow = src, hm, row
	rd.xs, _ = src.(*xlsxSource)
	return nil
}

// sheetOf is the sheet src reads, "" for a text file.
func sheetOf(src rowSource) string {
	if xs, ok := src.(*xlsxSource); ok {
		return xs.sheet
	}
	return ""
}

// asFileErr turns a *RowError into a refused file; other errors pass through wrapped.
func asFileErr(file string, err error) error {
	if re, ok := errors.AsType[*RowError](err); ok {
		return fileErr(file, re)
	}
	return fmt.Errorf("ingest %s: %w", file, err)
}

func isBlank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ctxReader stops reading once ctx is done, so a large file's passes end on Ctrl-C.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

type ctxReadCloser struct {
	io.Reader
	io.Closer
}
