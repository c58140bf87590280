package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the expected.* golden files of testdata/ingest")

// TestIngest_cases runs one ingest per directory of testdata/ingest: setup* files are loaded
// first (and must load), then input.* is ingested. A refused file's errors are compared with
// expected.err, a loaded file's rows with expected.out; why.txt says why the case exists.
// Inputs too big or too binary to commit are written by a generator named after the case.
// A refused file must leave the database exactly as it was.
func TestIngest_cases(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("testdata/ingest/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			copyCase(t, dir, work)
			if gen, ok := caseGenerators[name]; ok {
				gen(t, work)
			}
			ing := newTestIngester(t, "")
			ctx := t.Context()
			setups, _ := filepath.Glob(filepath.Join(work, "setup*"))
			slices.Sort(setups)
			for _, s := range setups {
				if _, err := ing.IngestFile(ctx, s, FileOptions{}); err != nil {
					t.Fatalf("setup %s: %v", s, err)
				}
			}
			inputs, _ := filepath.Glob(filepath.Join(work, "input*"))
			if len(inputs) != 1 {
				t.Fatalf("want one input file, have %q", inputs)
			}
			before := snapshot(t, ing.DB)
			res, err := ing.IngestFile(ctx, inputs[0], FileOptions{})
			got, golden := renderOutcome(t, ing.DB, res, err)
			got = strings.ReplaceAll(got, work+string(filepath.Separator), "")
			if err != nil {
				if diff := cmp.Diff(before, snapshot(t, ing.DB)); diff != "" {
					t.Errorf("a refused file changed the database (-before +after):\n%s", diff)
				}
			}
			checkGolden(t, dir, golden, got)
		})
	}
}

func copyCase(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "expected.") || e.Name() == "why.txt" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkGolden compares got with dir/golden, or rewrites it with -update (removing the other
// golden, so a case that changes outcome does not keep a stale one).
func checkGolden(t *testing.T, dir, golden, got string) {
	t.Helper()
	path := filepath.Join(dir, golden)
	if *update {
		for _, g := range []string{"expected.err", "expected.out"} {
			if g != golden {
				os.Remove(filepath.Join(dir, g))
			}
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (outcome was:\n%s)", err, got)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// renderOutcome prints a refused file's errors (golden expected.err) or a loaded file's summary
// and rows (golden expected.out).
func renderOutcome(t *testing.T, db *sql.DB, res *FileResult, err error) (out, golden string) {
	t.Helper()
	var b strings.Builder
	if err != nil {
		fe, ok := errors.AsType[*FileError](err)
		if !ok {
			t.Fatalf("not a *FileError: %v", err)
		}
		fmt.Fprintf(&b, "refused: %d rows rejected\n", res.Rejected)
		for _, re := range fe.Errors {
			fmt.Fprintln(&b, re.Error())
		}
		if fe.Omitted > 0 {
			fmt.Fprintf(&b, "%d more\n", fe.Omitted)
		}
		return b.String(), "expected.err"
	}
	fmt.Fprintf(&b, "kind=%s loaded=%d rejected=%d blank=%d encoding=%q\n", res.Kind, res.Loaded, res.Rejected, res.Blank, res.Encoding)
	if res.HeaderRow != 1 || res.Skipped > 0 {
		fmt.Fprintf(&b, "header_row=%d skipped=%d\n", res.HeaderRow, res.Skipped)
	}
	if res.Hidden > 0 {
		fmt.Fprintf(&b, "hidden=%d\n", res.Hidden)
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(&b, "ignored=%q\n", res.Ignored)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	q := map[Kind]string{
		KindMembers:       "SELECT * EXCLUDE (source_id) FROM members WHERE source_id = $1 ORDER BY source_row",
		KindReports:       "SELECT * EXCLUDE (source_id) FROM reports WHERE source_id = $1 ORDER BY source_row",
		KindAnnouncements: "SELECT * EXCLUDE (source_id) FROM announcements WHERE source_id = $1 ORDER BY source_row",
	}[res.Kind]
	b.WriteString(dumpRows(t, db, q, res.SourceID))
	return b.String(), "expected.out"
}

// dumpRows prints a query's rows as "column=value" lines, NULL for nulls.
func dumpRows(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		b.WriteString("-")
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				v = "NULL"
			case time.Time:
				v = x.Format(time.DateOnly)
			case string:
				v = fmt.Sprintf("%q", x)
			}
			fmt.Fprintf(&b, " %s=%v", cols[i], v)
		}
		b.WriteString("\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// snapshot is every row of every ingest table, to prove a refused file changed nothing.
func snapshot(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	return map[string]string{
		"members":       dumpRows(t, db, "SELECT * FROM members ORDER BY ALL"),
		"reports":       dumpRows(t, db, "SELECT * FROM reports ORDER BY ALL"),
		"announcements": dumpRows(t, db, "SELECT * FROM announcements ORDER BY ALL"),
		"sources":       dumpRows(t, db, "SELECT * FROM sources ORDER BY ALL"),
	}
}

// caseGenerators write the inputs of cases that cannot be committed as plain files.
var caseGenerators = map[string]func(t *testing.T, dir string){
	"cell_1mb": func(t *testing.T, dir string) {
		big := strings.Repeat("x", 1<<20)
		data := "city,country,year_joined\nLyon,France,2024\n" + big + ",France,2024\nLille,France,2019\n"
		writeFile(t, filepath.Join(dir, "input.csv"), data)
	},
	"xlsx_empty_first_sheet": func(t *testing.T, dir string) {
		f := excelize.NewFile()
		if _, err := f.NewSheet("Data"); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "Data", [][]any{{"city", "country", "year_joined"}, {"Lyon", "France", 2024}})
		saveXLSX(t, f, filepath.Join(dir, "input.xlsx"))
	},
	"xlsx_members": func(t *testing.T, dir string) {
		f := excelize.NewFile()
		setRows(t, f, "Sheet1", [][]any{
			{"City", "Country", "Year joined", "Applied on", "Population", "Latitude", "Longitude", "Status", "Source"},
			{"Besançon", "France", 2024, time.Date(2023, 4, 12, 0, 0, 0, 0, time.UTC), 117912, 47.24, 6.02, "Active", "=HYPERLINK(\"http://evil.example\")"},
			{},
			{"Córdoba", "AR", 2022.0, "14/03/2022", "1 391 000", "-31.4", "-64.18", nil, "@SUM(A1)"},
			{"Yaoundé 1er", "Cameroun", "2024", nil, nil, nil, nil, "retiré"},
		})
		// A withdrawn member needs left_year: add the column after the fact, in column J.
		setRows(t, f, "Sheet1", [][]any{{}, {}, {}, {}, {}})
		if err := f.SetCellValue("Sheet1", "J1", "Left year"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", "J5", 2025); err != nil {
			t.Fatal(err)
		}
		saveXLSX(t, f, filepath.Join(dir, "input.xlsx"))
	},
	"xlsx_formula_excelize": func(t *testing.T, dir string) {
		// excelize, like Apache POI, writes formulas without values and without flagging the
		// workbook for recalculation.
		f := excelize.NewFile()
		setRows(t, f, "Sheet1", [][]any{
			{"city", "country", "year_joined", "thousands", "population"},
			{"Lyon", "France", 2024, 522},
			{"Lille", "France", nil, 236},
		})
		for cell, formula := range map[string]string{"E2": "D2*1000", "C3": "2000+19", "E3": "D3*1000"} {
			if err := f.SetCellFormula("Sheet1", cell, formula); err != nil {
				t.Fatal(err)
			}
		}
		saveXLSX(t, f, filepath.Join(dir, "input.xlsx"))
	},
	"xlsx_bad_rows": func(t *testing.T, dir string) {
		f := excelize.NewFile()
		setRows(t, f, "Sheet1", [][]any{
			{"ville", "pays", "année d'adhésion", "population"},
			{"Lyon", "France", 2024, 522250},
			{"Lille", "Frankreich", 2019, nil},
			{},
			{"Nantes", "France", 2012, "beaucoup"},
		})
		saveXLSX(t, f, filepath.Join(dir, "input.xlsx"))
	},
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func setRows(t *testing.T, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sheet, cell, s) // text stays text, even "=..."
			} else {
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func saveXLSX(t *testing.T, f *excelize.File, path string) {
	t.Helper()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

var _ = context.Background
