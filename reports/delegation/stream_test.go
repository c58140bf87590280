package delegation

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
)

// largeCountry is the members of the largest country of a generated 1,000,000-city register
// spread over 15 countries (internal/gen).
const largeCountry = 66_667

// sheetXML is what a reader of a worksheet part finds in it.
type sheetXML struct {
	Dimension        string   // <dimension ref>
	LastCol, LastRow int      // the farthest cell (<c r>) in each direction
	Rows             int      // <row> elements
	TableParts       int      // <tableParts> elements: a sheet may have one
	TablePartsCount  int      // its count attribute
	TableIDs         []string // its <tablePart r:id> relationships
}

// readSheetXML scans a worksheet part.
func readSheetXML(t *testing.T, data []byte) sheetXML {
	t.Helper()
	const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	var s sheetXML
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return s
		}
		if err != nil {
			t.Fatalf("parse worksheet: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(space, local string) string {
			for _, a := range el.Attr {
				if a.Name.Space == space && a.Name.Local == local {
					return a.Value
				}
			}
			return ""
		}
		switch el.Name.Local {
		case "dimension":
			s.Dimension = attr("", "ref")
		case "row":
			s.Rows++
		case "c":
			col, row, err := excelize.CellNameToCoordinates(attr("", "r"))
			if err != nil {
				t.Fatalf("cell reference: %v", err)
			}
			s.LastCol, s.LastRow = max(s.LastCol, col), max(s.LastRow, row)
		case "tableParts":
			s.TableParts++
			s.TablePartsCount, _ = strconv.Atoi(attr("", "count"))
		case "tablePart":
			s.TableIDs = append(s.TableIDs, attr(relNS, "id"))
		}
	}
}

// TestWrite_sheetParts reads each worksheet part of delegation workbooks as a strict
// reader would, for two excelize limitations:
//   - excelize leaves every sheet's <dimension ref="A1">, and openpyxl in read-only mode trusts
//     it: it shows the first cell of each sheet and nothing else. Each sheet's dimension must
//     cover its cells, and on Members end at the last city's row.
//   - excelize's StreamWriter.AddTable holds one table per sheet, and Obligations, streamed, has
//     two (Due and Overdue): the sheet must list both, in one <tableParts>, each resolving to a
//     table part of the package.
func TestWrite_sheetParts(t *testing.T) {
	t.Parallel()
	// A country the register lists no city of yet: its tables keep one blank row.
	empty := registerDataset(t)
	empty.Countries = append(empty.Countries, queries.CountryRow{ISO3: "AND", NameEN: "Andorra", NameFR: "Andorre", NameES: "Andorra",
		Region: "Europe and North America", Language: "fr", Rank: 74})
	tests := []struct {
		name    string
		ds      func() *reports.Dataset
		iso     string
		file    string
		members int
		tables  map[string][]string // sheet (by position) -> its tables
		long    bool
	}{
		{
			name: "France", ds: func() *reports.Dataset { return registerDataset(t) }, iso: "FRA",
			file: "fr/FRA-france.xlsx", members: 7, // README: FRA has 7 named members
			tables: map[string][]string{"Membres": {"Membres"}, "Quota": {"Quota"}, "Obligations": {"Échéances", "En_retard"}},
		},
		{
			name: "no city yet", ds: func() *reports.Dataset { return empty }, iso: "AND",
			file: "fr/AND-andorre.xlsx", members: 0,
			tables: map[string][]string{"Membres": {"Membres"}, "Quota": {"Quota"}},
		},
		{
			// Over excelize's 16 MB stream buffer: the rows go through its temporary file.
			name: "large country", ds: func() *reports.Dataset { return syntheticDataset(1, largeCountry) }, iso: "AAA",
			file: "en/AAA-country-aaa.xlsx", members: largeCountry,
			tables: map[string][]string{"Members": {"Members"}, "Quota": {"Quota"}, "Obligations": {"Due", "Overdue"}},
			long:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.long && testing.Short() {
				t.Skip("a 66,667-city workbook takes seconds; -short skips it")
			}
			out := t.TempDir()
			if _, err := Write(t.Context(), out, tt.ds(), Options{Countries: []string{tt.iso}}); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(out, "delegations", filepath.FromSlash(tt.file))
			files := reportstest.ZipFiles(t, p)
			f := reportstest.Open(t, p)
			for i, sheet := range f.GetSheetList() {
				part := reportstest.SheetPath(t, files, sheet)
				s := readSheetXML(t, files[part])
				last, err := excelize.CoordinatesToCellName(max(s.LastCol, 1), max(s.LastRow, 1))
				if err != nil {
					t.Fatal(err)
				}
				dimCol, dimRow, err := excelize.CellNameToCoordinates(s.Dimension[min(len(s.Dimension), 3):])
				if len(s.Dimension) < 4 || s.Dimension[:3] != "A1:" || err != nil || dimCol < s.LastCol || dimRow < s.LastRow {
					t.Errorf("%s: dimension %q does not cover its cells (A1:%s)", sheet, s.Dimension, last)
				}
				if i == 1 { // Members: title, as-of date, header, a row per city (an empty table keeps one)
					if want := "A1:G" + strconv.Itoa(3+max(tt.members, 1)); s.Dimension != want {
						t.Errorf("%s: dimension %q, want %q", sheet, s.Dimension, want)
					}
					if s.Rows != 3+tt.members {
						t.Errorf("%s: %d rows, want %d", sheet, s.Rows, 3+tt.members)
					}
				}

				var names []string
				tables, err := f.GetTables(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for _, tb := range tables {
					names = append(names, tb.Name)
				}
				if diff := gocmp.Diff(tt.tables[sheet], names); diff != "" {
					t.Errorf("%s: tables (-want +got):\n%s", sheet, diff)
				}
				if n := len(tt.tables[sheet]); n == 0 {
					if s.TableParts != 0 {
						t.Errorf("%s: %d <tableParts>, want none", sheet, s.TableParts)
					}
				} else if s.TableParts != 1 || s.TablePartsCount != n || len(s.TableIDs) != n {
					t.Errorf("%s: %d <tableParts> of count %d listing %q, want one of count %d", sheet, s.TableParts, s.TablePartsCount, s.TableIDs, n)
				}
				rs := reportstest.Rels(files, part)
				for _, id := range s.TableIDs {
					if target := rs[id][1]; files[target] == nil {
						t.Errorf("%s: table relationship %q leads to %q, not a part of the package", sheet, id, target)
					}
				}
			}
			for sheet := range tt.tables {
				if !slices.Contains(f.GetSheetList(), sheet) {
					t.Errorf("no sheet %q among %q", sheet, f.GetSheetList())
				}
			}
		})
	}
}

// heapPeak runs fn while sampling the Go heap (live and not yet swept objects) and returns the
// highest value seen above the heap before fn, in bytes.
func heapPeak(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var (
		peak uint64
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	peak = max(peak, read())
	if peak < base {
		return 0
	}
	return peak - base
}

// BenchmarkDelegationsLargeCountry writes the workbook of one country of 66,667 cities, each
// with a report due or overdue (so Obligations lists them too), and reports the peak of the Go
// heap above the dataset's own while the workbook is drawn and saved.
// go test ./reports -run '^$' -bench DelegationsLargeCountry -benchtime 1x
func BenchmarkDelegationsLargeCountry(b *testing.B) {
	ds := syntheticDataset(1, largeCountry)
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		out := b.TempDir()
		var err error
		peak = max(peak, heapPeak(func() {
			var paths []string
			paths, err = Write(b.Context(), out, ds, Options{})
			if err == nil && len(paths) != 1 {
				b.Errorf("wrote %d workbooks, want 1", len(paths))
			}
		}))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
}
