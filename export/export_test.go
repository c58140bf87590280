package export

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "github.com/marcboeker/go-duckdb" // the "duckdb" database/sql driver
)

// testSchema is a small database shaped like gnlc's: tables with and without year_joined, a view
// with NULL year_joined values, an empty table, text that CSV must quote, and a view whose name
// cannot be a file name.
const testSchema = `
CREATE TABLE members (city VARCHAR NOT NULL, iso3 VARCHAR NOT NULL, year_joined INTEGER NOT NULL,
    applied_on DATE, population BIGINT, lat DOUBLE, status VARCHAR NOT NULL);
INSERT INTO members VALUES
    ('Cork', 'IRL', 2015, DATE '2015-04-30', 210000, 51.8985, 'active'),
    ('Limerick', 'IRL', 2016, NULL, 94192, 52.6638, 'active'),
    ('Hamburg', 'DEU', 2016, DATE '2016-03-01', NULL, 53.5511, 'active'),
    ('Évora, "the museum city"', 'PRT', 2019, NULL, 56596, 38.5714, 'withdrawn'),
    ('=HYPERLINK("x")', 'FRA', 2019, NULL, 0, -4.25, 'active'),
    ('line
break', 'ESP', 2024, DATE '2023-04-01', 390000000, NULL, 'active');
CREATE TABLE countries (iso3 VARCHAR, name_en VARCHAR, region VARCHAR);
INSERT INTO countries VALUES ('IRL', 'Ireland', 'Europe and North America'),
    ('DEU', 'Germany', 'Europe and North America'), ('PRT', 'Portugal', 'Europe and North America');
CREATE TABLE sources (source_id INTEGER, path VARCHAR, loaded_at TIMESTAMPTZ, rows BIGINT);
INSERT INTO sources VALUES (1, 'register.csv', TIMESTAMPTZ '2024-02-14 10:30:00+00', 6);
CREATE TABLE reports (iso3 VARCHAR, city VARCHAR, submitted_on DATE);
CREATE TABLE announcements (year INTEGER, total_cities INTEGER, coverage DECIMAL(5,2));
INSERT INTO announcements VALUES (2023, 292, 12.50), (2024, 356, 100.00);
CREATE TABLE not_exported (x INTEGER);
INSERT INTO not_exported VALUES (1);
CREATE VIEW growth AS SELECT year_joined AS year, count(*) AS new_cities FROM members GROUP BY ALL;
CREATE VIEW cohorts AS
    SELECT year_joined, count(*) AS cities FROM members GROUP BY ALL
    UNION ALL SELECT NULL, 0;
CREATE VIEW "../escape" AS SELECT 1 AS x;
`

// wantObjects is what the catalog of testSchema yields, in export order (kind, then name).
var wantObjects = []struct {
	name, kind  string
	partitioned bool
}{
	{"announcements", "table", false},
	{"countries", "table", false},
	{"members", "table", true},
	{"reports", "table", false},
	{"sources", "table", false},
	{"cohorts", "view", true},
	{"growth", "view", false},
}

// newTestDB opens a fresh DuckDB file holding testSchema and returns it reopened read-only, as
// gnlc export opens a database.
func newTestDB(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.duckdb")
	rw, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.ExecContext(t.Context(), testSchema); err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var frozen = time.Date(2024, 2, 14, 9, 0, 0, 0, time.UTC)

func runExport(t *testing.T, db *sql.DB, format Format, dir string) *Manifest {
	t.Helper()
	m, err := Run(t.Context(), db, Options{Format: format, Dir: dir, Version: "test", Now: func() time.Time { return frozen }})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return m
}

// rowsAsText reads query's result with every value as text and each row as "col=value" pairs in
// column-name order, sorted: a comparison that ignores column order (the Hive partition column
// comes back last) and row order, and sees every value.
func rowsAsText(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		pairs := make([]string, len(cols))
		for i, c := range cols {
			v := "NULL"
			if vals[i].Valid {
				v = "'" + vals[i].String + "'"
			}
			pairs[i] = c + "=" + v
		}
		slices.Sort(pairs)
		out = append(out, strings.Join(pairs, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestRun_parquetRoundTrip(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	m := runExport(t, db, FormatParquet, dir)

	var got []string
	for _, o := range m.Objects {
		got = append(got, o.Kind+" "+o.Name+" "+o.PartitionedBy)
	}
	var want []string
	for _, o := range wantObjects {
		p := ""
		if o.partitioned {
			p = PartitionColumn
		}
		want = append(want, o.kind+" "+o.name+" "+p)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exported objects (-want +got):\n%s", diff)
	}

	for _, o := range m.Objects {
		t.Run(o.Name, func(t *testing.T) {
			glob := filepath.Join(dir, o.Path, "**", "*.parquet")
			// DuckDB renders text the same way for the source and the copy, except that the
			// partition column comes back as BIGINT from the folder name: cast both to text.
			src := rowsAsText(t, db, "SELECT COLUMNS(*)::VARCHAR FROM query_table($1)", o.Name)
			back := rowsAsText(t, db, "SELECT COLUMNS(*)::VARCHAR FROM read_parquet($1, hive_partitioning = true)", glob)
			// Hive, Spark and Trino read the folder __HIVE_DEFAULT_PARTITION__ as NULL; DuckDB
			// 1.1.2 reads it as that text.
			for i, r := range back {
				back[i] = strings.ReplaceAll(r, "year_joined='"+hiveNull+"'", "year_joined=NULL")
			}
			slices.Sort(back)
			if diff := cmp.Diff(src, back); diff != "" {
				t.Errorf("rows read back from %s (-source +parquet):\n%s", glob, diff)
			}
			if o.Rows != int64(len(src)) {
				t.Errorf("manifest rows = %d, source has %d", o.Rows, len(src))
			}
		})
	}

	// The promise analysts rely on, spelled out: counts and checksums of members match.
	var srcN, backN, srcPop, backPop, srcHash, backHash int64
	if err := db.QueryRowContext(t.Context(),
		"SELECT count(*), sum(population), sum(hash(city) % 1000003) FROM members").Scan(&srcN, &srcPop, &srcHash); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(t.Context(),
		"SELECT count(*), sum(population), sum(hash(city) % 1000003) FROM read_parquet($1, hive_partitioning = true)",
		filepath.Join(dir, "members", "**", "*.parquet")).Scan(&backN, &backPop, &backHash); err != nil {
		t.Fatal(err)
	}
	if srcN != 6 || srcPop != 210000+94192+56596+0+390000000 {
		t.Fatalf("source members: %d rows, population %d: the fixture changed", srcN, srcPop)
	}
	if backN != srcN || backPop != srcPop || backHash != srcHash {
		t.Errorf("members read back: rows %d, sum(population) %d, city checksum %d; want %d, %d, %d",
			backN, backPop, backHash, srcN, srcPop, srcHash)
	}
}

// The files are where Spark, Trino and BigQuery look: one folder per object, Hive folders named
// year_joined=<value>, __HIVE_DEFAULT_PARTITION__ for NULL, and no year_joined column inside.
func TestRun_parquetLayout(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	runExport(t, db, FormatParquet, dir)

	var got []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"_gnlc_export.json",
		"announcements/data_0.parquet",
		"cohorts/year_joined=2015/data_0.parquet",
		"cohorts/year_joined=2016/data_0.parquet",
		"cohorts/year_joined=2019/data_0.parquet",
		"cohorts/year_joined=2024/data_0.parquet",
		"cohorts/year_joined=__HIVE_DEFAULT_PARTITION__/data_0.parquet",
		"countries/data_0.parquet",
		"growth/data_0.parquet",
		"members/year_joined=2015/data_0.parquet",
		"members/year_joined=2016/data_0.parquet",
		"members/year_joined=2019/data_0.parquet",
		"members/year_joined=2024/data_0.parquet",
		"reports/data_0.parquet",
		"sources/data_0.parquet",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	// Inside a partition, the partition column is not repeated (Hive readers add it from the path).
	var cols []string
	rows, err := db.QueryContext(t.Context(), "SELECT name FROM parquet_schema($1) WHERE name <> 'duckdb_schema' ORDER BY name",
		filepath.Join(dir, "members", "year_joined=2016", "data_0.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if diff := cmp.Diff([]string{"applied_on", "city", "iso3", "lat", "population", "schema", "status"}, cols); diff != "" {
		t.Errorf("columns of a partition file (-want +got):\n%s", diff)
	}
}

// An empty table keeps its schema: one file with no rows and every column.
func TestRun_parquetEmptyTable(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	runExport(t, db, FormatParquet, dir)
	var cols []string
	rows, err := db.QueryContext(t.Context(), "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet($1))",
		filepath.Join(dir, "reports", "data_0.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if diff := cmp.Diff([]string{"iso3", "city", "submitted_on"}, cols); diff != "" {
		t.Errorf("columns of the empty reports table (-want +got):\n%s", diff)
	}
}

func TestRun_csv(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	m := runExport(t, db, FormatCSV, dir)

	for _, o := range m.Objects {
		if o.PartitionedBy != "" || o.Path != o.Name+".csv" {
			t.Errorf("%s: partitioned_by %q, path %q; want none, %s.csv", o.Name, o.PartitionedBy, o.Path, o.Name)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "members.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Quotes, commas and line breaks quoted; NULL empty; a would-be formula kept as written.
	want := `city,iso3,year_joined,applied_on,population,lat,status
Cork,IRL,2015,2015-04-30,210000,51.8985,active
Limerick,IRL,2016,,94192,52.6638,active
Hamburg,DEU,2016,2016-03-01,,53.5511,active
"Évora, ""the museum city""",PRT,2019,,56596,38.5714,withdrawn
"=HYPERLINK(""x"")",FRA,2019,,0,-4.25,active
"line
break",ESP,2024,2023-04-01,390000000,,active
`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("members.csv (-want +got):\n%s", diff)
	}

	// Every object reads back through DuckDB's CSV reader with the same rows.
	for _, o := range m.Objects {
		t.Run(o.Name, func(t *testing.T) {
			src := rowsAsText(t, db, "SELECT COLUMNS(*)::VARCHAR FROM query_table($1)", o.Name)
			back := rowsAsText(t, db, "SELECT COLUMNS(*)::VARCHAR FROM read_csv($1, header = true, all_varchar = true)",
				filepath.Join(dir, o.Path))
			if diff := cmp.Diff(src, back); diff != "" {
				t.Errorf("rows read back (-source +csv):\n%s", diff)
			}
		})
	}
}

func TestRun_manifest(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	runExport(t, db, FormatParquet, dir)
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := Manifest{Format: FormatParquet, GnlcVersion: "test", ExportedAt: frozen, Objects: []Object{
		{Name: "announcements", Kind: "table", Rows: 2, Path: "announcements"},
		{Name: "countries", Kind: "table", Rows: 3, Path: "countries"},
		{Name: "members", Kind: "table", PartitionedBy: "year_joined", Rows: 6, Path: "members"},
		{Name: "reports", Kind: "table", Rows: 0, Path: "reports"},
		{Name: "sources", Kind: "table", Rows: 1, Path: "sources"},
		{Name: "cohorts", Kind: "view", PartitionedBy: "year_joined", Rows: 5, Path: "cohorts"},
		{Name: "growth", Kind: "view", Rows: 4, Path: "growth"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
}

// A second export replaces the first whole; a folder that is not an export is never touched.
func TestRun_replace(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)

	t.Run("previous export", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "export")
		runExport(t, db, FormatParquet, dir)
		runExport(t, db, FormatCSV, dir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		want := []string{"_gnlc_export.json", "announcements.csv", "cohorts.csv", "countries.csv",
			"growth.csv", "members.csv", "reports.csv", "sources.csv"}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Errorf("folder after the second export (-want +got):\n%s", diff)
		}
		assertNoTemp(t, filepath.Dir(dir))
	})

	t.Run("empty folder", func(t *testing.T) {
		dir := t.TempDir()
		runExport(t, db, FormatCSV, dir)
		if _, err := os.Stat(filepath.Join(dir, ManifestName)); err != nil {
			t.Error(err)
		}
	})

	t.Run("foreign folder", func(t *testing.T) {
		dir := t.TempDir()
		keep := filepath.Join(dir, "thesis.docx")
		if err := os.WriteFile(keep, []byte("years of work"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Run(t.Context(), db, Options{Format: FormatCSV, Dir: dir})
		if !errors.Is(err, ErrNotExport) {
			t.Fatalf("Run into a foreign folder: %v, want ErrNotExport", err)
		}
		if b, err := os.ReadFile(keep); err != nil || string(b) != "years of work" {
			t.Errorf("foreign file after the refused export: %q, %v", b, err)
		}
		assertNoTemp(t, filepath.Dir(dir))
	})

	t.Run("a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "out")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(t.Context(), db, Options{Format: FormatCSV, Dir: path}); !errors.Is(err, ErrNotExport) {
			t.Fatalf("Run into a file: %v, want ErrNotExport", err)
		}
	})
}

// A cancelled export leaves nothing: no folder, no temporary folder.
func TestRun_cancelled(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Run(ctx, db, Options{Format: FormatParquet, Dir: filepath.Join(parent, "export")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with a cancelled context: %v, want context.Canceled", err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestRun_badFormat(t *testing.T) {
	t.Parallel()
	_, err := Run(t.Context(), nil, Options{Format: "xlsx", Dir: t.TempDir()})
	if !errors.Is(err, ErrFormat) {
		t.Errorf("Run(format xlsx) = %v, want ErrFormat", err)
	}
}

func assertNoTemp(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary folder left behind: %s", e.Name())
		}
	}
}

func TestHiveEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"2015", "2015"},
		{"-1", "-1"},
		{"", "__HIVE_DEFAULT_PARTITION__"},
		{"a/b", "a%2Fb"},
		{"..", "%2E%2E"},
		{".", "%2E"},
		{"1.5", "1.5"},
		{"x=y", "x%3Dy"},
		{"é", "%C3%A9"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := hiveEscape(tt.in); got != tt.want {
				t.Errorf("hiveEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCopyTargetNotBindable is why Run writes Parquet through Arrow instead of DuckDB's COPY:
// DuckDB 1.1.2 refuses a bound parameter as COPY's target, and SQL is never built in Go. When
// this test fails after a DuckDB upgrade, COPY ... TO $2 (FORMAT parquet, PARTITION_BY ...) can
// replace parquet.go.
func TestCopyTargetNotBindable(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	if _, err := db.ExecContext(ctx, "CREATE TABLE members AS SELECT 2015 AS year_joined"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "members")
	_, err = db.ExecContext(ctx, "COPY (SELECT * FROM query_table($1)) TO $2 (FORMAT parquet, PARTITION_BY (year_joined))", "members", out)
	if err == nil {
		t.Fatal("DuckDB accepted a bound COPY target: simplify parquet.go to use COPY")
	}
	// query_table does take a bound name, which is what makes the fixed statements possible.
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM query_table($1)", "members").Scan(&n); err != nil || n != 1 {
		t.Fatalf("query_table($1): %d, %v", n, err)
	}
}
