package pipeline

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gnlc/pipeline/internal/gen"
)

// TEMPORARY (H8): phase timing. Deleted before handing back.
func TestH8Phases(t *testing.T) {
	path := os.Getenv("H8_CSV")
	if path == "" {
		t.Skip()
	}
	if _, err := os.Stat(path); err != nil {
		if err := gen.WriteCSVFile(path, benchCSVRows); err != nil {
			t.Fatal(err)
		}
	}
	lim := os.Getenv("H8_LIMIT")
	for range 3 {
		db, err := Open(t.Context(), filepath.Join(t.TempDir(), "x.duckdb"), OpenOptions{MemoryLimit: lim})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range strings.Split(os.Getenv("H8_SQL"), ";") {
			if strings.TrimSpace(q) == "" {
				continue
			}
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		ing := &Ingester{DB: db, Countries: testIndex(t), Version: "bench",
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))}
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		start := time.Now()
		res, err := ing.IngestFile(t.Context(), path, FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wall := time.Since(start)
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano())
		t.Logf("total %v cpu %v rows %d", wall, cpu, res.Loaded)
		if os.Getenv("H8_RC") != "" {
			db2, err := Open(t.Context(), filepath.Join(t.TempDir(), "y.duckdb"), OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
			start := time.Now()
			if _, err := db2.Exec(readCSVQuery, path); err != nil {
				t.Fatal(err)
			}
			wall := time.Since(start)
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
			cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano())
			t.Logf("read_csv %v cpu %v ratio %.3f", wall, cpu, wall.Seconds()/time.Since(start).Seconds())
			db2.Close()
		}
		db.Close()
	}
}
