//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
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
			if err := writeBenchRegister(register, n); err != nil {
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

// writeBenchRegister writes the register pipeline/internal/gen writes (gen.WriteCSVFile, which
// cmd/gnlc cannot import), row for row: 15 countries as people write them, every column of the
// input contract, about 80% of the cities with a population and coordinates spread over the
// globe, half with an application date, a third with a last report, 5% withdrawn.
func writeBenchRegister(path string, rows int) error {
	countries := [...]string{"France", "Viet Nam", "República de Corea", "MEX", "Côte d'Ivoire", "Türkiye", "Maroc",
		"Brasil", "Iran (Islamic Republic of)", "DEU", "China", "Nigeria", "Colombia", "Irlande", "EGY"}
	regions := [...]string{"Europe and North America", "", "Asia and the Pacific", "", "Africa", "", "Arab States",
		"Latin America and the Caribbean", "", "", "Asia and the Pacific", "", "", "", "Arab States"}
	prefixes := [...]string{"Saint-", "San ", "Nueva ", "Ville-", "Ciudad ", "", "", "", "Nam ", "Új "}
	stems := [...]string{"Besançon", "Córdoba", "Lyon", "Hải Phòng", "Kraków", "Gwangmyeong", "Izmir", "Fès", "Medellín", "Osun", "Ürümqi", "Málaga"}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "city,country,region,year_joined,applied_on,population,population_source,lat,lon,status,left_year,last_report_on,source_url")
	for i := range rows {
		r := rand.New(rand.NewPCG(uint64(i), 0x9e3779b97f4a7c15))
		year := 2015 + r.IntN(10)
		row := []string{
			fmt.Sprintf("%s%s %d", prefixes[r.IntN(len(prefixes))], stems[r.IntN(len(stems))], i),
			countries[i%len(countries)], regions[i%len(countries)], fmt.Sprint(year), "", "", "", "", "", "active", "", "", "",
		}
		if r.IntN(2) == 0 {
			row[4] = fmt.Sprintf("%02d/04/%d", 1+r.IntN(28), year-1)
		}
		if r.IntN(5) > 0 {
			pop := 10_000 + r.IntN(5_000_000)
			if r.IntN(3) == 0 {
				row[5] = fmt.Sprintf("%d %03d %03d", pop/1_000_000, pop/1000%1000, pop%1000)
				if pop < 1_000_000 {
					row[5] = fmt.Sprintf("%d %03d", pop/1000, pop%1000)
				}
			} else {
				row[5] = fmt.Sprint(pop)
			}
			row[6] = "GeoNames"
			row[7] = fmt.Sprintf("%.5f", r.Float64()*170-85)
			row[8] = fmt.Sprintf("%.5f", r.Float64()*350-175)
		}
		if r.IntN(20) == 0 {
			row[9], row[10] = "withdrawn", fmt.Sprint(year+1)
		}
		if r.IntN(3) == 0 {
			row[11] = fmt.Sprintf("%d-%02d-%02d", year+1, 1+r.IntN(12), 1+r.IntN(28))
		}
		row[12] = fmt.Sprintf("https://uil.unesco.org/learning-cities/member/%d", i)
		for j, cell := range row {
			if j > 0 {
				w.WriteByte(',')
			}
			if strings.ContainsAny(cell, ",\"\n") {
				fmt.Fprintf(w, "%q", cell) // no cell holds a quote, so %q escapes nothing
			} else {
				w.WriteString(cell)
			}
		}
		w.WriteByte('\n')
	}
	return errors.Join(w.Flush(), f.Close())
}
