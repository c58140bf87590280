package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// childEnv makes the test binary act as a separate gnlc process: tests that need one (a second
// process on a locked database, the benchmark's peak-memory measurement) re-run it with
// childEnv=<mode> and arguments in childArgsEnv.
const (
	childEnv     = "GNLC_PIPELINE_TEST_CHILD"
	childArgsEnv = "GNLC_PIPELINE_TEST_ARGS"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv(childArgsEnv)))
	}
	os.Exit(m.Run())
}

// runChild is the child process's main. It prints one result line on stdout.
func runChild(mode, arg string) int {
	ctx := context.Background()
	switch mode {
	case "open":
		db, err := open(ctx, arg, ReadWrite)
		switch {
		case errors.Is(err, ErrDatabaseInUse):
			fmt.Println("in use:", err)
			return 3
		case err != nil:
			fmt.Println("error:", err)
			return 1
		}
		db.Close()
		fmt.Println("opened")
		return 0
	case "ingest":
		return childIngest(ctx, arg)
	case "read_csv":
		return childReadCSV(ctx, arg, readCSVDefaults)
	case "read_csv_unordered":
		return childReadCSV(ctx, arg, readCSVUnordered)
	}
	fmt.Println("unknown child mode", mode)
	return 2
}

// childIngest does what gnlc ingest --db DB FILE does, the file and database named in arg
// ("db|file"): it opens a new database (the schema, the reference tables, the published
// figures), ingests the file and prints the rows loaded and its peak memory.
func childIngest(ctx context.Context, arg string) int {
	dbPath, file, _ := strings.Cut(arg, "|")
	db, err := Open(ctx, dbPath, ReadWrite, OpenOptions{Version: "bench"})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer db.Close()
	ix, err := EmbeddedCountryIndex()
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	ing := &Ingester{DB: db, Countries: ix, Version: "bench"}
	res, err := ing.IngestFile(ctx, file, FileOptions{})
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println(res.Loaded, peakRSSKiB())
	return 0
}

// childReadCSV loads the file in arg ("db|file") with DuckDB's read_csv after setting (the
// insertion order) and prints its row count and peak memory, as childIngest does.
func childReadCSV(ctx context.Context, arg, setting string) int {
	dbPath, file, _ := strings.Cut(arg, "|")
	db, err := openYardstick(dbPath)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, setting); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if _, err := db.ExecContext(ctx, readCSVQuery, file); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM bench").Scan(&n); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println(n, peakRSSKiB())
	return 0
}

// peakRSSKiB is this process's peak resident set size (VmHWM), or -1 when /proc is missing.
// It is read here rather than from the parent's rusage, because Linux carries ru_maxrss across
// execve: a child of a large benchmark process would report the parent's peak.
func peakRSSKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kib); err == nil {
				return kib
			}
		}
	}
	return -1
}
