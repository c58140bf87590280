package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/internal/gen"
)

// TestRegisterViewProjectionBug_duckdbGo24 guards against go-duckdb's RegisterView bug
// (duckdb/duckdb-go#24): a query projecting a subset of an Arrow view's columns reads other
// columns' buffers. Ingest must materialize the view with SELECT *; if it ever projected, the
// aggregates of these non-first columns would come out wrong. Two-row batches make the stream
// cross batch boundaries. Expected values are computed by hand from the file below.
func TestRegisterViewProjectionBug_duckdbGo24(t *testing.T) {
	t.Parallel()
	const file = "city,country,year_joined,population,lat,lon,source_url\n" +
		"Lyon,France,2024,522250,45.76,4.84,https://a.example\n" +
		"Cork,Ireland,2015,,51.9,-8.47,\n" +
		"Bilbao,Spain,2022,345821,,,https://c.example\n" +
		"Quito,Ecuador,2016,2011388,-0.22,-78.51,\n" +
		"Hue,Viet Nam,2024,,,,\n"
	ing := newTestIngester(t, "")
	ing.BatchRows = 2
	if _, err := ing.IngestBytes(t.Context(), "bug24.csv", []byte(file), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	got := queryInts(t, ing.DB, `SELECT count(*), sum(year_joined), sum(population), count(population),
		count(lat), round(sum(lat) * 100), round(sum(lon) * 100), sum(source_row), count(source_url)
		FROM members`)
	want := []int64{
		5, // rows
		2024 + 2015 + 2022 + 2016 + 2024,
		522250 + 345821 + 2011388, // population
		3,                         // with population
		3,                         // with lat
		4576 + 5190 - 22,          // lat × 100
		484 - 847 - 7851,          // lon × 100
		2 + 3 + 4 + 5 + 6,         // source_row
		2,                         // with source_url
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aggregates of non-first columns (-want +got):\n%s", diff)
	}
	var order string
	if err := ing.DB.QueryRow("SELECT string_agg(iso3 || ':' || city, ',' ORDER BY source_row) FROM members").Scan(&order); err != nil {
		t.Fatal(err)
	}
	if want := "FRA:Lyon,IRL:Cork,ESP:Bilbao,ECU:Quito,VNM:Hue"; order != want {
		t.Errorf("rows = %q, want %q", order, want)
	}
	// The Arrow view is gone: nothing of the load remains in the catalog.
	if n := queryInts(t, ing.DB, "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'gnlc_ingest_%'")[0]; n != 0 {
		t.Errorf("%d gnlc_ingest_ views left behind", n)
	}
}

// TestIngest_manyBatches streams a file of many batches (and the odd last one) and checks totals
// computed from the generator's arithmetic.
func TestIngest_manyBatches(t *testing.T) {
	t.Parallel()
	const rows = 20_003
	var b strings.Builder
	b.WriteString("city,country,year_joined,population\n")
	for i := range rows {
		fmt.Fprintf(&b, "City %d,France,%d,%d\n", i, 2015+i%10, i)
	}
	ing := newTestIngester(t, "")
	ing.BatchRows = 1000
	res, err := ing.IngestBytes(t.Context(), "many.csv", []byte(b.String()), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var sumYears int64
	for i := range rows {
		sumYears += int64(2015 + i%10)
	}
	want := []int64{rows, sumYears, rows * (rows - 1) / 2, rows}
	got := queryInts(t, ing.DB, "SELECT count(*), sum(year_joined), sum(population), count(DISTINCT city_key) FROM members")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if res.Loaded != rows {
		t.Errorf("Loaded = %d, want %d", res.Loaded, rows)
	}
}

// TestIngest_replace covers the yearly workflow: the same file loaded again is a no-op; an edited
// version replaces its rows in one transaction and says which cities were added, removed and
// changed; a refused edit leaves the loaded version in place.
func TestIngest_replace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "register.csv")
	other := filepath.Join(dir, "other.csv")
	ing := newTestIngester(t, filepath.Join(dir, "gnlc.duckdb"))
	ctx := t.Context()
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cities := func() string {
		t.Helper()
		var s string
		if err := ing.DB.QueryRow(`SELECT string_agg(iso3 || ' ' || city || ' ' || year_joined || ' ' || coalesce(population, -1), '; ' ORDER BY iso3, city) FROM members`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	write(other, "city,country,year_joined\nGenève,Suisse,2020\n")
	if _, err := ing.IngestFile(ctx, other, FileOptions{}); err != nil {
		t.Fatal(err)
	}
	write(path, "city,country,year_joined,population\nLyon,France,2024,522250\nCork,Ireland,2015,\nBilbao,Spain,2022,345821\n")
	first, err := ing.IngestFile(ctx, path, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Replaced || first.Unchanged || first.Loaded != 3 {
		t.Errorf("first load: %+v", first)
	}

	again, err := ing.IngestFile(ctx, path, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing of the second pass, begun while the first ran, shows in the result.
	wantAgain := &FileResult{File: path, Source: path, Kind: KindMembers, SHA256: first.SHA256, SourceID: first.SourceID, Unchanged: true}
	if diff := cmp.Diff(wantAgain, again); diff != "" {
		t.Errorf("same file again (-want +got):\n%s", diff)
	}

	// Edited: Lyon's population changes, Cork goes, Quito comes, Bilbao stays as it was.
	write(path, "city,country,year_joined,population\nBilbao,Spain,2022,345821\nLyon,France,2024,522969\nQuito,Ecuador,2016,2011388\n")
	edited, err := ing.IngestFile(ctx, path, FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantRes := &FileResult{
		File: path, Source: path, Kind: KindMembers, SHA256: edited.SHA256, Encoding: encUTF8,
		SourceID: edited.SourceID, Loaded: 3, HeaderRow: 1, Replaced: true,
		Previous: &Source{ID: first.SourceID, Path: path, Kind: KindMembers, SHA256: first.SHA256, Rows: 3, LoadedAt: frozenNow},
		Added:    CityList{Count: 1, Names: []string{"Quito (ECU)"}},
		Removed:  CityList{Count: 1, Names: []string{"Cork (IRL)"}},
		Changed:  CityList{Count: 1, Names: []string{"Lyon (FRA)"}},
	}
	if diff := cmp.Diff(wantRes, edited); diff != "" {
		t.Errorf("edited file (-want +got):\n%s", diff)
	}
	wantCities := "CHE Genève 2020 -1; ECU Quito 2016 2011388; ESP Bilbao 2022 345821; FRA Lyon 2024 522969"
	if got := cities(); got != wantCities {
		t.Errorf("after the edit:\n got %s\nwant %s", got, wantCities)
	}
	if got := queryInts(t, ing.DB, "SELECT count(*), sum(rows) FROM sources"); !cmp.Equal(got, []int64{2, 4}) {
		t.Errorf("sources: count, rows = %v, want [2 4]", got)
	}

	// A refused edit (a city of another file, and a bad year) changes nothing.
	write(path, "city,country,year_joined,population\nGeneve,Switzerland,2020,\nLyon,France,1999,1\n")
	refused, err := ing.IngestFile(ctx, path, FileOptions{})
	if !errors.Is(err, ErrCityElsewhere) || !errors.Is(err, ErrOutOfRange) {
		t.Errorf("refused edit: err = %v, want ErrCityElsewhere and ErrOutOfRange", err)
	}
	// The rows kept are the edited version's: the caller says so.
	if refused.Previous == nil || refused.Previous.ID != edited.SourceID || refused.Previous.Rows != 3 {
		t.Errorf("refused edit: Previous = %+v, want source %d with 3 rows", refused.Previous, edited.SourceID)
	}
	if fe, ok := errors.AsType[*FileError](err); !ok || !cmp.Equal(fe.Elsewhere, []string{other}) {
		t.Errorf("refused edit: Elsewhere = %v, want [%s]", fe, other)
	}
	if got := cities(); got != wantCities {
		t.Errorf("after a refused edit:\n got %s\nwant %s", got, wantCities)
	}
}

// TestIngest_latin1 reads a Windows-1252 file back with its accents.
func TestIngest_latin1(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	res, err := ing.IngestFile(t.Context(), "testdata/ingest/latin1/input.csv", FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Encoding != encWindows1252 {
		t.Errorf("Encoding = %q, want %q", res.Encoding, encWindows1252)
	}
	rows, err := ing.DB.Query("SELECT city, country FROM members ORDER BY source_row")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var city, country string
		if err := rows.Scan(&city, &country); err != nil {
			t.Fatal(err)
		}
		got = append(got, city+", "+country)
	}
	want := []string{"Besançon, France", "Córdoba, Argentina", "São Paulo, Brazil", "Genève, Switzerland"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestIngest_latin1Late reads a Windows-1252 file whose first non-ASCII byte comes after the
// bytes read to start the second pass early (as UTF-8): it is read again, as Windows-1252, and
// warned about once.
func TestIngest_latin1Late(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("city,country,year_joined\n")
	rows := 0
	for b.Len() <= sniffBytes {
		rows++
		fmt.Fprintf(&b, "City %d,France,2020\n", rows)
	}
	b.WriteString("Besan\xe7on,France,2021\n")
	var log bytes.Buffer
	ing := newTestIngester(t, "")
	ing.Logger = slog.New(slog.NewTextHandler(&log, nil))
	res, err := ing.IngestBytes(t.Context(), "late.csv", []byte(b.String()), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Encoding != encWindows1252 || res.Loaded != int64(rows+1) {
		t.Errorf("Encoding %q, %d rows loaded; want %q, %d", res.Encoding, res.Loaded, encWindows1252, rows+1)
	}
	var city string
	if err := ing.DB.QueryRow("SELECT city FROM members WHERE year_joined = 2021").Scan(&city); err != nil || city != "Besançon" {
		t.Errorf("city of 2021: %q, %v; want Besançon", city, err)
	}
	if n := strings.Count(log.String(), "Windows-1252"); n != 1 {
		t.Errorf("%d warnings about Windows-1252, want 1:\n%s", n, log.String())
	}
}

// TestOpen_inUse opens a database file here and again from another process: the second open
// fails with ErrDatabaseInUse instead of DuckDB's lock message.
func TestOpen_inUse(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "gnlc.duckdb")
	db, err := open(t.Context(), path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=open", childArgsEnv+"="+path)
	out, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("child exit %d (%v), output %q; want 3 (in use)", code, err, out)
	}
	if !strings.Contains(string(out), "database is in use by another gnlc process") {
		t.Errorf("child output %q", out)
	}
}

// TestOpen_readOnly reads a database without changing it, and refuses a missing file.
func TestOpen_readOnly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "gnlc.duckdb")
	if _, err := Open(t.Context(), path, ReadOnly, OpenOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only open of a missing file: %v, want os.ErrNotExist", err)
	}
	ing := newTestIngester(t, path)
	if _, err := ing.IngestBytes(t.Context(), "x.csv", []byte("city,country,year_joined\nLyon,France,2024\n"), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	ing.DB.Close()
	db, err := Open(t.Context(), path, ReadOnly, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := queryInts(t, db, "SELECT count(*) FROM members"); got[0] != 1 {
		t.Errorf("members = %d, want 1", got[0])
	}
	if _, err := db.Exec("DELETE FROM members"); err == nil {
		t.Error("a read-only database accepted a DELETE")
	}
}

// TestIngest_canceled: a ctx canceled in the middle of a file stops the ingest with ctx's error
// and loads nothing.
func TestIngest_canceled(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("city,country,year_joined\n")
	for i := range 50_000 {
		fmt.Fprintf(&b, "City %d,France,2020\n", i)
	}
	ing := newTestIngester(t, "")
	ing.BatchRows = 1000
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	calls := 0
	ing.Progress = func(p Progress) {
		calls++
		cancel()
	}
	_, err := ing.IngestBytes(ctx, "big.csv", []byte(b.String()), FileOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls == 0 {
		t.Fatal("Progress never called")
	}
	if got := queryInts(t, ing.DB, "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sources)"); !cmp.Equal(got, []int64{0, 0}) {
		t.Errorf("members, sources = %v after a canceled ingest, want [0 0]", got)
	}
}

// TestIngestFile_missing: a file that cannot be read is an I/O error, not a refused file.
func TestIngestFile_missing(t *testing.T) {
	t.Parallel()
	ing := newTestIngester(t, "")
	_, err := ing.IngestFile(t.Context(), filepath.Join(t.TempDir(), "nope.csv"), FileOptions{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want os.ErrNotExist", err)
	}
	if _, ok := errors.AsType[*FileError](err); ok {
		t.Errorf("a missing file came back as a *FileError: %v", err)
	}
}

// TestGen_loads: the benchmarks' synthetic registers are valid, so the benchmarks measure
// loading rather than refusing (small sizes here; the benchmarks use the same generator).
func TestGen_loads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	csvPath, xlsxPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.xlsx")
	if err := gen.WriteCSVFile(csvPath, 3000); err != nil {
		t.Fatal(err)
	}
	if err := gen.WriteXLSXFile(xlsxPath, 500); err != nil {
		t.Fatal(err)
	}
	ing := newTestIngester(t, "")
	for path, rows := range map[string]int64{csvPath: 3000, xlsxPath: 500} {
		res, err := ing.IngestFile(t.Context(), path, FileOptions{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if res.Loaded != rows {
			t.Errorf("%s: loaded %d, want %d", path, res.Loaded, rows)
		}
		if _, err := ing.DB.Exec("DELETE FROM members"); err != nil { // the two files hold the same cities
			t.Fatal(err)
		}
	}
}
