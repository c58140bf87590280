package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestZZProf(t *testing.T) {
	f := os.Getenv("ZZFILE")
	if f == "" {
		t.Skip()
	}
	for _, mode := range []string{"ingest", "readcsv"} {
		db, err := Open(t.Context(), filepath.Join(t.TempDir(), "x.duckdb"), OpenOptions{MemoryLimit: os.Getenv("ZZLIMIT")})
		if err != nil {
			t.Fatal(err)
		}
		if th := os.Getenv("ZZTHREADS"); th != "" {
			if _, err := db.Exec("SET threads = " + th); err != nil {
				t.Fatal(err)
			}
		}
		var r0, r1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
		start := time.Now()
		if mode == "ingest" {
			ing := &Ingester{DB: db, Countries: testIndex(t), Version: "x"}
			if _, err := ing.IngestFile(t.Context(), f, FileOptions{}); err != nil {
				t.Fatal(err)
			}
		} else if _, err := db.Exec(readCSVQuery, f); err != nil {
			t.Fatal(err)
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
		cpu := time.Duration(r1.Utime.Nano() - r0.Utime.Nano() + r1.Stime.Nano() - r0.Stime.Nano())
		fmt.Printf("%s wall %v cpu %v  ", mode, time.Since(start).Round(time.Millisecond), cpu.Round(time.Millisecond))
		db.Close()
	}
	fmt.Println()
}
