package pipeline

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// Hostile files (issue 8): each is refused with a message naming the file (and the row, column
// or limit), or read correctly, in bounded memory and time. Tests that measure memory do not
// run in parallel: they compare runtime.MemStats.TotalAlloc (every byte allocated) before and
// after, which other tests running at the same time would inflate.

// allocBudget is how much a refusal of a huge input may allocate in all: far below the input's
// size, so the reader cannot have held it in memory.
const allocBudget = 64 << 20

// totalAlloc returns the bytes allocated so far by the process.
func totalAlloc() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}

// measured is one ingest's cost: the bytes allocated and the time taken.
type measured struct {
	alloc uint64
	took  time.Duration
}

// ingestMeasured ingests path and returns what it cost and the outcome.
func ingestMeasured(t *testing.T, ing *Ingester, path string) (measured, *FileResult, error) {
	t.Helper()
	runtime.GC()
	before := totalAlloc()
	start := time.Now()
	res, err := ing.IngestFile(t.Context(), path, FileOptions{})
	return measured{alloc: totalAlloc() - before, took: time.Since(start)}, res, err
}

// rowErrors returns the *RowErrors of a refused file, failing the test on any other outcome.
func rowErrors(t *testing.T, err error) []*RowError {
	t.Helper()
	fe, ok := errors.AsType[*FileError](err)
	if !ok {
		t.Fatalf("want a refused file (*FileError), got %T: %v", err, err)
	}
	return fe.Errors
}

// deflateRepeat returns a raw deflate stream that inflates to head, then n MiB of fill (a
// pattern whose length divides 1 MiB), then tail, with its CRC-32 and inflated size, without
// ever compressing more than 2 MiB: the compressed form of the second MiB of fill, sync-flushed
// and so byte-aligned, depends only on the previous 32 KiB (all fill), so it can be repeated.
func deflateRepeat(t *testing.T, head, fill, tail []byte, n int) ([]byte, uint32, uint64) {
	t.Helper()
	const chunk = 1 << 20
	if n < 2 || chunk%len(fill) != 0 {
		t.Fatalf("deflateRepeat: n %d, fill of %d bytes", n, len(fill))
	}
	block := bytes.Repeat(fill, chunk/len(fill))
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	flush := func(p []byte) []byte {
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
		if err := zw.Flush(); err != nil {
			t.Fatal(err)
		}
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		return out
	}
	first := flush(append(bytes.Clone(head), block...))
	unit := flush(block)
	if _, err := zw.Write(tail); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	last := buf.Bytes()

	comp := append(first, bytes.Repeat(unit, n-1)...)
	comp = append(comp, last...)
	crc := crc32.NewIEEE()
	crc.Write(head)
	for range n {
		crc.Write(block)
	}
	crc.Write(tail)
	return comp, crc.Sum32(), uint64(len(head) + n*chunk + len(tail))
}

// smallWorkbook is a valid register workbook.
func smallWorkbook(t *testing.T) []byte {
	t.Helper()
	return xlsxSeed(t, [][]any{{"city", "country", "year_joined"}, {"Cork", "Ireland", 2015}, {"Lyon", "France", 2015}})
}

// zipPart is a part to put in a workbook: plain bytes, or a raw deflate stream.
type zipPart struct {
	data []byte
	// raw deflate form, with its CRC-32 and inflated size
	raw   []byte
	crc   uint32
	usize uint64
}

// rewriteZip copies the workbook base, replacing or adding parts, into path.
func rewriteZip(t *testing.T, base []byte, path string, parts map[string]zipPart) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, zf := range zr.File {
		if _, replaced := parts[zf.Name]; replaced {
			continue
		}
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	for name, p := range parts {
		var w io.Writer
		if p.raw != nil {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: p.crc,
				CompressedSize64: uint64(len(p.raw)), UncompressedSize64: p.usize})
			if err == nil {
				_, err = w.Write(p.raw)
			}
		} else {
			w, err = zw.Create(name)
			if err == nil {
				_, err = w.Write(p.data)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>city</t></is></c><c r="B1" t="inlineStr"><is><t>country</t></is></c><c r="C1" t="inlineStr"><is><t>year_joined</t></is></c></row>`
const sheetTail = `</sheetData></worksheet>`

// TestHostile_zipBomb: workbooks of a few MB that inflate to GBs are refused from their zip
// directory, before anything is inflated, with the limit in the message.
func TestHostile_zipBomb(t *testing.T) {
	ing := newTestIngester(t, "")
	dir := t.TempDir()
	base := smallWorkbook(t)

	// A sheet of 3 GiB: whitespace between rows, valid XML.
	sheet, sheetCRC, sheetSize := deflateRepeat(t, []byte(sheetHead), []byte(" "), []byte(sheetTail), 3<<10)
	// A 512 MiB part excelize would hold in memory (it streams only sheets and shared strings).
	blob, blobCRC, blobSize := deflateRepeat(t, []byte("\x89PNG"), []byte{0}, nil, 512)
	// A sheet of 600 MiB of empty rows: under the size limits (excelize would stream it through a
	// temporary file), but 700 to 1: parsing it took excelize 3 minutes and 28 GB of allocations.
	rows, rowsCRC, rowsSize := deflateRepeat(t, []byte(sheetHead), []byte(`<row/>  `), []byte(sheetTail), 600)

	tests := []struct {
		name      string
		parts     map[string]zipPart
		wantErr   error
		wantInMsg []string
	}{
		{"sheet of 3 GiB", map[string]zipPart{"xl/worksheets/sheet1.xml": {raw: sheet, crc: sheetCRC, usize: sheetSize}},
			ErrTooLarge, []string{"at most 1 GiB", "3.0 GiB", "zip bomb"}},
		{"part of 512 MiB held in memory", map[string]zipPart{"xl/media/image1.png": {raw: blob, crc: blobCRC, usize: blobSize}},
			ErrTooLarge, []string{"at most 128 MiB", "512.0 MiB", "xl/media/image1.png"}},
		{"sheet of 600 MiB of empty rows", map[string]zipPart{"xl/worksheets/sheet1.xml": {raw: rows, crc: rowsCRC, usize: rowsSize}},
			ErrTooLarge, []string{"at most 100 to 1", "to 600.0 MiB", "xl/worksheets/sheet1.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".xlsx")
			rewriteZip(t, base, path, tt.parts)
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := ingestMeasured(t, ing, path)
			alloc, took := m.alloc, m.took
			t.Logf("%s: %d KiB file, allocated %d MiB, %v: %v", tt.name, st.Size()>>10, alloc>>20, took, err)
			errs := rowErrors(t, err)
			if len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) || errs[0].File != path {
				t.Fatalf("got %v, want one error of %v naming %s", err, tt.wantErr, path)
			}
			for _, s := range tt.wantInMsg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			if alloc > allocBudget {
				t.Errorf("allocated %d MiB refusing a bomb, want at most %d MiB", alloc>>20, allocBudget>>20)
			}
		})
	}
}

// The bombs above really inflate to what they declare: archive/zip checks it while inflating.
func TestHostile_zipBombIsReal(t *testing.T) {
	t.Parallel()
	comp, crc, size := deflateRepeat(t, []byte("<x>"), []byte(" "), []byte("</x>"), 3)
	r := flate.NewReader(bytes.NewReader(comp))
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	want := "<x>" + strings.Repeat(" ", 3<<20) + "</x>"
	if string(got) != want || uint64(len(got)) != size || crc32.ChecksumIEEE(got) != crc {
		t.Fatalf("inflated %d bytes (crc %08x), want %d (crc %08x)", len(got), crc32.ChecksumIEEE(got), size, crc)
	}
}

// TestHostile_xlsxMacrosAndLinks: a macro-enabled workbook saved as .xlsx is read (its macros
// are never run) with a warning; a workbook with links to other workbooks is refused, since its
// linked cells are copies gnlc cannot check.
func TestHostile_xlsxMacrosAndLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	f := excelize.NewFile()
	for i, r := range [][]any{{"city", "country", "year_joined"}, {"Cork", "Ireland", 2015}, {"Lyon", "France", 2015}} {
		if err := f.SetSheetRow("Sheet1", "A"+string(rune('1'+i)), &r); err != nil {
			t.Fatal(err)
		}
	}
	// An OLE header is all excelize checks in a VBA project.
	vba := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...)
	if err := f.AddVBAProject(vba); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	macros := filepath.Join(dir, "macros.xlsx") // an .xlsm renamed
	if err := os.WriteFile(macros, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	links := filepath.Join(dir, "links.xlsx")
	rewriteZip(t, smallWorkbook(t), links, map[string]zipPart{
		"xl/externalLinks/externalLink1.xml":            {data: []byte(`<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>`)},
		"xl/externalLinks/_rels/externalLink1.xml.rels": {data: []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/registers/other.xlsx" TargetMode="External"/></Relationships>`)},
	})

	t.Run("macros", func(t *testing.T) {
		var log bytes.Buffer
		ing := newTestIngester(t, "")
		ing.Logger = slog.New(slog.NewTextHandler(&log, nil))
		res, err := ing.IngestFile(t.Context(), macros, FileOptions{})
		if err != nil || res.Loaded != 2 {
			t.Fatalf("ingest: %d rows, %v; want 2 rows loaded", res.Loaded, err)
		}
		if !strings.Contains(log.String(), "workbook holds macros: ignored") {
			t.Errorf("no warning about the macros in the log:\n%s", log.String())
		}
	})
	t.Run("external links", func(t *testing.T) {
		ing := newTestIngester(t, "")
		_, err := ing.IngestFile(t.Context(), links, FileOptions{})
		errs := rowErrors(t, err)
		if len(errs) != 1 || !errors.Is(errs[0], ErrExternalLinks) {
			t.Fatalf("got %v, want ErrExternalLinks", err)
		}
		for _, s := range []string{links, "xl/externalLinks/externalLink1.xml", "Break Link"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("message %q lacks %q", err, s)
			}
		}
	})
}

// TestHostile_longLine: a 200 MB CSV that is a single line is refused at row 1 once a line
// passes 8 MiB, without reading it into memory. The file is written in 1 MiB pieces.
func TestHostile_longLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "one-line.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("city,country,year_joined,")
	piece := bytes.Repeat([]byte("x"), 1<<20)
	for range 200 {
		w.Write(piece)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}

	ing := newTestIngester(t, "")
	m, _, err := ingestMeasured(t, ing, path)
	alloc, took := m.alloc, m.took
	t.Logf("allocated %d MiB in %v: %v", alloc>>20, took, err)
	errs := rowErrors(t, err)
	if len(errs) != 1 || !errors.Is(errs[0], ErrLineTooLong) || errs[0].Row != 1 || errs[0].File != path {
		t.Fatalf("got %v, want one ErrLineTooLong at %s:1", err, path)
	}
	if !strings.Contains(err.Error(), "8 MiB") {
		t.Errorf("message %q does not give the limit (8 MiB)", err)
	}
	// encoding/csv grows its line buffer by appending up to the 8 MiB cut, which costs about
	// five times that in allocations (measured: 56 MiB); still far from the file's 200 MB.
	const lineBudget = 12 * maxLineBytes
	if alloc > lineBudget {
		t.Errorf("allocated %d MiB reading a 200 MB line, want at most %d MiB", alloc>>20, lineBudget>>20)
	}
}

// hostileCase is a small CSV and what ingest must make of it: the errors (file:row: column)
// it is refused with, or the cities it loads with their rows.
type hostileCase struct {
	name string
	data string
	// want is "loaded" rows as "row city" (in file order), or the refusal's errors as
	// "row column sentinel".
	want []string
}

func runHostileCases(t *testing.T, tests []hostileCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ing := newTestIngester(t, "")
			path := filepath.Join(t.TempDir(), "register.csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := ing.IngestFile(t.Context(), path, FileOptions{})
			var got []string
			if err != nil {
				for _, re := range rowErrors(t, err) {
					if re.File != path {
						t.Errorf("error names %q, want %q", re.File, path)
					}
					parts := []string{sentinelName(re.Err)}
					if re.Column != "" {
						parts = append([]string{re.Column}, parts...)
					}
					if re.Row != 0 {
						parts = append([]string{strconv.Itoa(re.Row)}, parts...)
					}
					got = append(got, strings.Join(parts, " "))
				}
			} else {
				rows, err := ing.DB.QueryContext(t.Context(), "SELECT source_row, city FROM members WHERE source_id = $1 ORDER BY source_row", res.SourceID)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var row int
					var city string
					if err := rows.Scan(&row, &city); err != nil {
						t.Fatal(err)
					}
					got = append(got, strconv.Itoa(row)+" "+city)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

// sentinelName names the sentinel an error wraps, for compact expectations.
func sentinelName(err error) string {
	for name, s := range map[string]error{
		"ErrBadText": ErrBadText, "ErrCellTooLong": ErrCellTooLong, "ErrSyntax": ErrSyntax,
		"ErrUnknownKind": ErrUnknownKind, "ErrFieldCount": ErrFieldCount, "ErrEncoding": ErrEncoding,
		"ErrLineTooLong": ErrLineTooLong, "ErrMissingColumn": ErrMissingColumn, "ErrRequired": ErrRequired,
	} {
		if errors.Is(err, s) {
			return name
		}
	}
	return err.Error()
}

// TestHostile_NUL: a NUL byte in a cell is a bad value at its row and column; a file of NULs is
// not a register; NULs in a file that is not UTF-8 mark it as binary.
func TestHostile_NUL(t *testing.T) {
	t.Parallel()
	runHostileCases(t, []hostileCase{
		{"in a cell", "city,country,year_joined\nCo\x00rk,Ireland,2015\nLyon,France,2015\n", []string{"2 city ErrBadText"}},
		{"in a later row", "city,country,year_joined\nCork,Ireland,2015\nLyon,France,20\x0015\n", []string{"3 year_joined " + ErrBadInteger.Error()}},
		{"only NULs", strings.Repeat("\x00", 1<<20), []string{"ErrUnknownKind"}},
		{"binary, not UTF-8", "city,country,year_joined\n\x00\xff\xfe\x00\x89PNG\n", []string{"ErrEncoding"}},
	})
}

// TestHostile_quotes: escaped and nested quotes load exactly; a run of 100,000 escaped quotes
// is a cell too long; a quote never closed is a syntax error at the row where it opened.
func TestHostile_quotes(t *testing.T) {
	t.Parallel()
	runHostileCases(t, []hostileCase{
		{"escaped", "city,country,year_joined\n\"a\"\"b\"\"\"\"c\",Ireland,2015\n" + strings.Repeat(`"`, 7) + "Cork" + strings.Repeat(`"`, 7) + ",France,2015\n", []string{`2 a"b""c`, `3 """Cork"""`}},
		{"quoted header", "\"ci\"\"ty\",\"\"\"country\"\"\",year_joined\nCork,Ireland,2015\n", []string{"2 Cork"}},
		{"100000 escaped quotes", "city,country,year_joined\n\"" + strings.Repeat(`""`, 100000) + "\",Ireland,2015\n", []string{"2 city ErrCellTooLong"}},
		{"never closed", "city,country,year_joined\nCork,Ireland,2015\n\"" + strings.Repeat(`""`, 100000) + ",Ireland,2015\nLyon,France,2015\n", []string{"3 ErrSyntax"}},
		{"bare quote", "city,country,year_joined\nCo\"rk,Ireland,2015\n", []string{"2 ErrSyntax"}},
	})
}

// TestHostile_lineEndings: CRLF, LF and CR (classic Mac OS), alone or mixed in one file, all
// end lines, and rows keep their numbers.
func TestHostile_lineEndings(t *testing.T) {
	t.Parallel()
	want := []string{"2 Cork", "3 Lyon", "4 Hamburg"}
	lines := []string{"city,country,year_joined", "Cork,Ireland,2015", "Lyon,France,2015", "Hamburg,Germany,2016"}
	runHostileCases(t, []hostileCase{
		{"LF", strings.Join(lines, "\n") + "\n", want},
		{"CRLF", strings.Join(lines, "\r\n") + "\r\n", want},
		{"CR", strings.Join(lines, "\r") + "\r", want},
		{"CR without a last one", strings.Join(lines, "\r"), want},
		{"mixed", lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3] + "\r\n", want},
		{"CR inside quotes", "city,country,year_joined\n\"Co\rrk\",Ireland,2015\n", []string{"2 city ErrBadText"}},
	})
}

// TestHostile_wideCSV: a CSV with 10,000 columns loads (its unknown columns ignored, with a
// bounded number of warnings), and a row wider than its header is refused at its row.
func TestHostile_wideCSV(t *testing.T) {
	t.Parallel()
	const width = 10_000
	header := []string{"city", "country", "year_joined"}
	row := []string{"Cork", "Ireland", "2015"}
	for i := len(header); i < width; i++ {
		header = append(header, "note "+strconv.Itoa(i))
		row = append(row, "x")
	}
	data := strings.Join(header, ",") + "\n" + strings.Join(row, ",") + "\n"

	var log bytes.Buffer
	ing := newTestIngester(t, "")
	ing.Logger = slog.New(slog.NewTextHandler(&log, nil))
	start := time.Now()
	res, err := ing.IngestBytes(t.Context(), "wide.csv", []byte(data), FileOptions{})
	if err != nil || res.Loaded != 1 {
		t.Fatalf("ingest: %d rows, %v; want 1 row", res.Loaded, err)
	}
	t.Logf("10,000 columns in %v", time.Since(start))
	// The unknown columns come back for the summary line (which bounds the list), not as a
	// log line each.
	if len(res.Ignored) != width-3 || res.Ignored[0] != "note 3" {
		t.Errorf("%d ignored columns (first %q), want %d from \"note 3\"", len(res.Ignored), res.Ignored[:min(1, len(res.Ignored))], width-3)
	}
	if log.Len() > 0 {
		t.Errorf("unknown columns were logged:\n%.500s", log.String())
	}

	row[0] = "Lyon"
	wider := strings.Join(header, ",") + "\n" + strings.Join(row, ",") + "\n" + strings.Join(row, ",") + ",extra\n"
	_, err = ing.IngestBytes(t.Context(), "wider.csv", []byte(wider), FileOptions{})
	errs := rowErrors(t, err)
	if len(errs) != 1 || errs[0].Row != 3 || !errors.Is(errs[0], ErrFieldCount) {
		t.Errorf("got %v, want ErrFieldCount at row 3", err)
	}
}

// A hostile file never leaves the database changed: refusals roll back whole.
func TestHostile_refusalLeavesNothing(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	ctx := context.Background()
	if _, err := ing.IngestBytes(ctx, "good.csv", []byte("city,country,year_joined\nCork,Ireland,2015\n"), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	before := queryInts(t, ing.DB, "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sources)")
	for _, data := range []string{
		"city,country,year_joined\nLyon,France,2015\n\"never closed,France,2015\n",
		"city,country,year_joined\nLyon,France,2015\nHamburg,Germany,20\x0016\n",
	} {
		if _, err := ing.IngestBytes(ctx, "bad.csv", []byte(data), FileOptions{}); err == nil {
			t.Fatalf("%q loaded", data)
		}
	}
	after := queryInts(t, ing.DB, "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sources)")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("members and sources after refusals (-before +after):\n%s", diff)
	}
}
