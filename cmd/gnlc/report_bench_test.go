//go:build unix

package main

import (
	"fmt"
	"gnlc/internal/gen"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReport runs the whole gnlc report (annual workbook, delegations, charts with their
// slides, documents) as a separate process, on generated registers of 10,000, 100,000 and
// 1,000,000 members in 15 countries, and reports its wall time and its peak resident memory
// (the child's rusage, what /usr/bin/time -v prints as "Maximum resident set size"): the curve
// in README, Performance, which should be flat in memory and linear in time. The process is
// this test binary run as gnlc (TestMain); slides are drawn every time (GNLC_CACHE_DIR=off).
// -short stops at 100,000.
//
//	go test ./cmd/gnlc -run '^$' -bench Report -benchtime 1x
func BenchmarkReport(b *testing.B) {
	bin, err := exec.LookPath("gnlc")
	if err != nil {
		b.Fatalf("gnlc is not on PATH (TestMain puts it there): %v", err)
	}
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		if testing.Short() && n > 100_000 {
			continue
		}
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			register, db := filepath.Join(dir, "register.csv"), filepath.Join(dir, "big.duckdb")
			if err := gen.WriteCSVFile(register, n); err != nil {
				b.Fatal(err)
			}
			benchGnlc(b, bin, "ingest", "--db", db, register)
			var wall time.Duration
			var peak int64
			for b.Loop() {
				out := filepath.Join(dir, "out")
				start := time.Now()
				ru := benchGnlc(b, bin, "report", "--db", db, "--as-of", "2024-06-30", "--out", out)
				wall = time.Since(start)
				peak = max(peak, ru.Maxrss<<10) // kilobytes on Linux
				if err := os.RemoveAll(out); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(wall.Seconds(), "s/report")
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
		})
	}
}

// benchGnlc runs gnlc with args to completion and returns its resource usage.
func benchGnlc(b *testing.B, bin string, args ...string) *syscall.Rusage {
	b.Helper()
	cmd := exec.CommandContext(b.Context(), bin, args...)
	cmd.Env = append(os.Environ(), "GNLC_CACHE_DIR=off")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("gnlc %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatalf("gnlc %s: no rusage", args[0])
	}
	return ru
}
