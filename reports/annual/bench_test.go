package annual

import (
	"bufio"
	"fmt"
	"iter"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/internal/reportstest"
)

// annualBenchCountries is a synthetic country list: enough countries for realistic sheet sizes.
func annualBenchCountries(n int) [][2]string {
	out := make([][2]string, n)
	for i := range out {
		out[i] = [2]string{fmt.Sprintf("Country %03d", i), fmt.Sprintf("C%02d", i)}
	}
	return out
}

var annualBenchYears = []int{2015, 2016, 2017, 2018, 2019, 2020, 2022, 2023, 2024}

// syntheticAnnualMembers yields n members in (country, city) order without holding them, as the
// database iterator does.
func syntheticAnnualMembers(n int, countries [][2]string) iter.Seq2[queries.Member, error] {
	return func(yield func(queries.Member, error) bool) {
		per := (n + len(countries) - 1) / len(countries)
		applied := time.Date(2023, 4, 15, 0, 0, 0, 0, time.UTC)
		for i := range n {
			c := countries[min(i/per, len(countries)-1)]
			pop := int64(10_000 + i%5_000_000)
			lat, lon := float64(i%180)-90+0.12345, float64(i%360)-180+0.54321
			m := queries.Member{
				City: fmt.Sprintf("City %07d", i), Country: c[0], ISO3: c[1], Region: "Europe and North America",
				YearJoined: annualBenchYears[i%len(annualBenchYears)], Population: &pop, PopulationSource: "GeoNames",
				Lat: &lat, Lon: &lon, Status: "active", SourceURL: "https://example.org/members/" + strconv.Itoa(i), SourceID: 1,
			}
			if i%3 == 0 {
				m.AppliedOn = &applied
			}
			if !yield(m, nil) {
				return
			}
		}
	}
}

// syntheticAnnualCompliance yields a window and a reporting row per synthetic member, in the
// members' order (also (country, city, ISO3) byte order), without holding them, as
// queries.ComplianceRows does.
func syntheticAnnualCompliance(n int, countries [][2]string) iter.Seq2[queries.ComplianceRow, error] {
	return func(yield func(queries.ComplianceRow, error) bool) {
		due := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
		for m, err := range syntheticAnnualMembers(n, countries) {
			if err != nil {
				yield(queries.ComplianceRow{}, err)
				return
			}
			c := queries.ComplianceRow{
				Window: &queries.WindowRow{City: m.City, ISO3: m.ISO3, Country: m.Country, YearJoined: m.YearJoined,
					AppliedOn: m.AppliedOn, CallYear: m.YearJoined - 1, Opens: due, Closes: due, Status: queries.WindowInside},
				Reporting: &queries.ReportingRow{City: m.City, ISO3: m.ISO3, Country: m.Country, YearJoined: m.YearJoined,
					NextDue: &due, Status: queries.ReportOverdue, DaysOverdue: 60},
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// syntheticAnnualDataset is the dataset of an n-member register: the register streamed
// from an iterator, as cmd/gnlc streams it from the database. With compliance, the
// per-member window and reporting rows are streamed too, as the queries stream them.
func syntheticAnnualDataset(n int, compliance bool) *reports.Dataset {
	ds := reportstest.AnnualDataset()
	countries := annualBenchCountries(190)
	ds.Members, ds.MemberCount = syntheticAnnualMembers(n, countries), int64(n)
	ds.Compliance, ds.ComplianceSummary = nil, queries.ComplianceSummary{}
	if compliance {
		ds.Compliance = syntheticAnnualCompliance(n, countries)
		ds.ComplianceSummary = queries.ComplianceSummary{Rows: int64(n), Window: int64(n), Reporting: int64(n), ReportingOverdue: int64(n)}
	}
	ds.Countries = nil
	for i, c := range countries {
		ds.Countries = append(ds.Countries, queries.CountryRow{ISO3: c[1], NameEN: c[0], Region: "Europe and North America",
			Members: int64(n / len(countries)), Rank: i + 1, FirstYear: 2015, LatestYear: 2024})
	}
	return ds
}

// BenchmarkAnnualWorkbook1M writes the annual workbook for a 1,000,000-member register and
// reports the file size and the process's peak resident memory while writing (VmHWM, reset
// once the dataset is built: the peak counts the dataset plus what writing adds).
// "register" streams Members (and the cohort) with no per-member compliance rows;
// "register+compliance" adds 1,000,000 streamed window and reporting rows.
//
//	go test ./reports -run '^$' -bench AnnualWorkbook1M -benchtime 1x
func BenchmarkAnnualWorkbook1M(b *testing.B) {
	const n = 1_000_000
	for _, tc := range []struct {
		name       string
		compliance bool
	}{{"register", false}, {"register+compliance", true}} {
		b.Run(tc.name, func(b *testing.B) {
			ds := syntheticAnnualDataset(n, tc.compliance)
			dir := b.TempDir()
			// Return the previous sub-benchmark's freed heap to the OS, so its pages do not
			// count in this one's peak.
			debug.FreeOSMemory()
			start := procRSS()
			procResetPeakRSS()
			b.ReportAllocs()
			var size int64
			for b.Loop() {
				p, err := Write(b.Context(), dir, ds, Options{})
				if err != nil {
					b.Fatal(err)
				}
				fi, err := os.Stat(p)
				if err != nil {
					b.Fatal(err)
				}
				size = fi.Size()
			}
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
			if peak := procPeakRSS(); peak > 0 {
				b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
				b.ReportMetric(float64(start)/(1<<20), "start-RSS-MB")
			} else {
				b.ReportMetric(float64(runtimeTotalBytes())/(1<<20), "go-mapped-MB")
			}
			runtime.KeepAlive(ds)
		})
	}
}

// procResetPeakRSS resets the kernel's peak resident set size of this process (Linux 4.0+);
// elsewhere it does nothing and the peak includes setup.
func procResetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procPeakRSS is VmHWM from /proc/self/status, in bytes; 0 when unavailable.
func procPeakRSS() int64 { return procStatusBytes("VmHWM:") }

// procRSS is VmRSS, in bytes; 0 when unavailable.
func procRSS() int64 { return procStatusBytes("VmRSS:") }

func procStatusBytes(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// runtimeTotalBytes is the Go runtime's current total mapped memory (runtime/metrics), a
// portable stand-in where /proc is missing.
func runtimeTotalBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
