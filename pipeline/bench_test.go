package pipeline

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"gnlc/pipeline/internal/gen"
)

// Benchmark sizes (issue 3): a register far larger than the real one (a few hundred rows).
const (
	benchCSVRows  = 1_000_000
	benchXLSXRows = 100_000
)

// readCSVQuery is DuckDB's own CSV reader on the same file, the yardstick for ingest's speed.
const readCSVQuery = "CREATE TABLE bench AS SELECT * FROM read_csv($1)"

// BenchmarkIngestCSV ingests a generated 1,000,000-row CSV register into a database file and
// reports rows/s, DuckDB's read_csv rows/s on the same file (measured in the same run), their
// ratio, and the peak resident memory of a separate process doing the same ingest.
// Run it with: go test -run '^$' -bench IngestCSV -benchtime 1x ./pipeline/
func BenchmarkIngestCSV(b *testing.B) {
	path := filepath.Join(b.TempDir(), "register.csv")
	if err := gen.WriteCSVFile(path, benchCSVRows); err != nil {
		b.Fatal(err)
	}
	benchIngest(b, path, benchCSVRows, true)
}

// BenchmarkIngestXLSX does the same with a generated 100,000-row workbook (no DuckDB yardstick:
// DuckDB 1.1 has no XLSX reader).
func BenchmarkIngestXLSX(b *testing.B) {
	path := filepath.Join(b.TempDir(), "register.xlsx")
	if err := gen.WriteXLSXFile(path, benchXLSXRows); err != nil {
		b.Fatal(err)
	}
	benchIngest(b, path, benchXLSXRows, false)
}

func benchIngest(b *testing.B, path string, rows int64, yardstick bool) {
	b.ReportAllocs()
	ctx := b.Context()
	var elapsed time.Duration
	n := 0
	for b.Loop() {
		ing := benchIngester(b)
		start := time.Now()
		res, err := ing.IngestFile(ctx, path, FileOptions{})
		elapsed += time.Since(start)
		n++
		if err != nil {
			b.Fatal(err)
		}
		if res.Loaded != rows {
			b.Fatalf("loaded %d rows, want %d", res.Loaded, rows)
		}
		ing.DB.Close()
	}
	b.StopTimer()
	gnlcRate := float64(rows) * float64(n) / elapsed.Seconds()
	b.ReportMetric(gnlcRate, "rows/s")
	if yardstick {
		rate := readCSVRate(b, ctx, path, rows)
		b.ReportMetric(rate, "read_csv_rows/s")
		b.ReportMetric(gnlcRate/rate, "ratio")
	}
	peak, loaded := childPeakRSS(b, path)
	if loaded != rows {
		b.Fatalf("child loaded %d rows, want %d", loaded, rows)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak_MB")
}

// benchIngester opens a fresh database file as gnlc ingest does.
func benchIngester(b *testing.B) *Ingester {
	b.Helper()
	db, err := Open(b.Context(), filepath.Join(b.TempDir(), "gnlc.duckdb"), OpenOptions{MemoryLimit: DefaultMemoryLimit})
	if err != nil {
		b.Fatal(err)
	}
	return &Ingester{DB: db, Countries: testIndex(b), Version: "bench"}
}

// readCSVRate times DuckDB's read_csv loading path into a fresh database file.
func readCSVRate(b *testing.B, ctx context.Context, path string, rows int64) float64 {
	b.Helper()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "read_csv.duckdb"), OpenOptions{MemoryLimit: DefaultMemoryLimit})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.ExecContext(ctx, readCSVQuery, path); err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM bench").Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n != rows {
		b.Fatalf("read_csv loaded %d rows, want %d", n, rows)
	}
	return float64(rows) / d.Seconds()
}

// childPeakRSS ingests path in a separate process (this test binary as a child, see TestMain),
// so the peak resident set size is the ingest's alone, not the benchmark's; the child reports
// its own VmHWM (see peakRSSKiB).
func childPeakRSS(b *testing.B, path string) (peakBytes int64, loaded int64) {
	b.Helper()
	cmd := exec.CommandContext(b.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=ingest", childArgsEnv+"="+filepath.Join(b.TempDir(), "child.duckdb")+"|"+path)
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("child ingest: %v: %s", err, out)
	}
	var kib int64
	if _, err := fmt.Sscan(string(out), &loaded, &kib); err != nil {
		b.Fatalf("child output %q: %v", out, err)
	}
	if kib < 0 {
		b.Skip("no /proc/self/status: peak memory not measured")
	}
	return kib << 10, loaded
}
