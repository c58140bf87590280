package pipeline

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"gnlc/pipeline/internal/gen"
)

func TestZZExperiment(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	if err := gen.WriteCSVFile(path, 1_000_000); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	t.Logf("size %d MB", st.Size()>>20)
	for _, mode := range []string{"mem", "readcsv-mem", "file", "readcsv-file"} {
		dbp := ""
		if mode == "file" || mode == "readcsv-file" {
			dbp = filepath.Join(t.TempDir(), "x.duckdb")
		}
		ing := newTestIngester(t, dbp)
		start := time.Now()
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		if mode[0] == 'r' {
			if _, err := ing.DB.Exec(readCSVQuery, path); err != nil {
				t.Fatal(err)
			}
		} else {
			if _, err := ing.IngestFile(t.Context(), path, FileOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		cpu := time.Duration(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano())
		t.Logf("%s: wall %v cpu %v", mode, time.Since(start), cpu)
		ing.DB.Close()
	}
}
