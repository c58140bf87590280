//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"gnlc/pipeline"
)

// Reliability (issue 8): real gnlc processes run at once on one database or one folder, are
// killed (SIGKILL) or interrupted (SIGINT) in the middle of their work, and what they leave is
// checked. The processes are this test binary, which TestMain (script_test.go) puts on PATH as
// "gnlc" and which runs gnlc as main does, signal handling included (on the clock testNow).
//
// "In the middle" is measured, not guessed: on Linux, /proc/<pid>/io counts the bytes a process
// has read, so a test waits until ingest has read the register once (its hashing pass) and
// half of it again (the load) before it strikes. The tests run one after the other: they time
// processes and share two cores.

// bigRows is the size of the generated register: large enough that loading it takes a few
// seconds, small enough that make test stays quick.
const bigRows = 300_000

// interruptBudget is how soon a process must exit after SIGINT: long enough that a loaded CI
// machine never trips it (a stop takes about 0.2 s here), short enough to catch a stop that
// waits for the work to finish or hangs. It guards against a hang; it is not a speed test.
const interruptBudget = 10 * time.Second

// writeRegister writes a members register of n valid rows to path, streaming.
func writeRegister(t *testing.T, path string, n int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	codes := []string{"FRA", "DEU", "IRL", "ESP", "PRT", "COL", "MEX", "CHN", "KOR", "JPN", "NGA", "EGY", "MAR", "BRA", "ARG", "CAN", "IND", "IDN", "AUS", "NZL"}
	fmt.Fprintln(w, "city,country,year_joined,population")
	for i := range n {
		fmt.Fprintf(w, "Testville %d,%s,%d,%d\n", i, codes[i%len(codes)], 2015+i%10, 1000+i)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// gnlcProc is a gnlc process started by a test.
type gnlcProc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer // read them only after done is closed
	done           chan struct{}
	exited         time.Time
}

// startGnlc starts gnlc with args in dir. The process is killed when the test ends.
func startGnlc(t *testing.T, dir string, args ...string) *gnlcProc {
	t.Helper()
	bin, err := exec.LookPath("gnlc")
	if err != nil {
		t.Fatalf("gnlc is not on PATH (TestMain puts it there): %v", err)
	}
	p := &gnlcProc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		p.exited = time.Now()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// wait waits for the process to exit and returns its exit code (-1 when a signal killed it).
func (p *gnlcProc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("gnlc %s: still running after %v; stderr:\n%s", strings.Join(p.cmd.Args[1:], " "), timeout, p.stderr.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

func (p *gnlcProc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// bytesRead returns how many bytes process pid has read (rchar in /proc/<pid>/io).
func bytesRead(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, errors.New("no rchar")
}

// needProcesses skips the test under -short: it runs several gnlc processes (about two seconds).
func needProcesses(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs gnlc processes; skipped with -short")
	}
}

// needProcIO skips the test where /proc/<pid>/io does not exist (not Linux), and under -short.
func needProcIO(t *testing.T) {
	t.Helper()
	needProcesses(t)
	if _, err := bytesRead(os.Getpid()); err != nil {
		t.Skipf("needs /proc/<pid>/io to see how far a process has read: %v", err)
	}
}

// waitRead waits until p has read at least n bytes, and fails if p exits first.
func waitRead(t *testing.T, p *gnlcProc, n int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if !p.running() {
			t.Fatalf("gnlc %s exited before reading %d bytes; stderr:\n%s", strings.Join(p.cmd.Args[1:], " "), n, p.stderr.String())
		}
		if got, err := bytesRead(p.cmd.Process.Pid); err == nil && got >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("gnlc did not read %d bytes within a minute", n)
}

// dbCounts opens the database as the next gnlc would (read-write: DuckDB replays its log) and
// returns the members and the members sources (a new database also holds the published
// figures, a source of their own).
func dbCounts(t *testing.T, path string) (members, sources int64) {
	t.Helper()
	db, err := pipeline.Open(context.Background(), path, pipeline.ReadWrite, pipeline.OpenOptions{})
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	defer db.Close()
	if err := db.QueryRow("SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sources WHERE kind = 'members')").Scan(&members, &sources); err != nil {
		t.Fatal(err)
	}
	return members, sources
}

// noTrace fails when stderr shows a Go or DuckDB stack trace instead of gnlc's own message.
func noTrace(t *testing.T, stderr string) {
	t.Helper()
	for _, s := range []string{"goroutine ", "panic:", "runtime.", "INTERNAL Error", "Stack Trace"} {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr holds a trace (%q):\n%s", s, stderr)
		}
	}
}

// loadFixture ingests the files in dir with a gnlc process and fails unless it succeeds.
func loadFixture(t *testing.T, dir string, args ...string) string {
	t.Helper()
	p := startGnlc(t, dir, append([]string{"ingest", "--db", "gnlc.duckdb"}, args...)...)
	if code := p.wait(t, 2*time.Minute); code != 0 {
		t.Fatalf("gnlc ingest %v: exit %d\n%s", args, code, p.stderr.String())
	}
	return p.stdout.String()
}

const smallRegister = "city,country,year_joined\nCork,Ireland,2015\n"

// TestReliability_concurrentIngest: while one gnlc ingest loads a large file, every other gnlc
// command on the same database fails at once with one clear line, and the first completes.
func TestReliability_concurrentIngest(t *testing.T) {
	needProcIO(t)
	dir := t.TempDir()
	size := writeRegister(t, filepath.Join(dir, "big.csv"), bigRows)
	if err := os.WriteFile(filepath.Join(dir, "small.csv"), []byte(smallRegister), 0o644); err != nil {
		t.Fatal(err)
	}

	first := startGnlc(t, dir, "ingest", "--db", "gnlc.duckdb", "big.csv")
	waitRead(t, first, size+size/10) // hashed, and loading: it holds the database

	others := [][]string{
		{"ingest", "--db", "gnlc.duckdb", "small.csv"},
		{"export", "--db", "gnlc.duckdb", "--format", "csv", "--out", "export"},
		{"query", "--db", "gnlc.duckdb", "SELECT count(*) FROM members"},
		{"check", "--db", "gnlc.duckdb"},
		{"report", "--db", "gnlc.duckdb", "--out", "reports"},
	}
	procs := make([]*gnlcProc, len(others))
	for i, args := range others {
		procs[i] = startGnlc(t, dir, args...)
	}
	const want = "gnlc: open database gnlc.duckdb: database is in use by another gnlc process\n"
	for i, p := range procs {
		code := p.wait(t, 30*time.Second)
		if !first.running() {
			t.Fatalf("the first ingest ended before gnlc %s opened the database: the test proves nothing", others[i][0])
		}
		if code != exitFailure || p.stderr.String() != want {
			t.Errorf("gnlc %s while ingest runs: exit %d, stderr %q; want exit 1 and %q", others[i][0], code, p.stderr.String(), want)
		}
		noTrace(t, p.stderr.String())
	}
	for _, d := range []string{"export", "reports"} {
		if _, err := os.Stat(filepath.Join(dir, d)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: written by a command that could not open the database (%v)", d, err)
		}
	}

	if code := first.wait(t, 2*time.Minute); code != 0 {
		t.Fatalf("first ingest: exit %d\n%s", code, first.stderr.String())
	}
	if want := fmt.Sprintf("big.csv: %d rows loaded, 0 rejected\n", bigRows); first.stdout.String() != want {
		t.Errorf("first ingest: stdout %q, want %q", first.stdout.String(), want)
	}
	loadFixture(t, dir, "small.csv") // the database is free again
	if m, s := dbCounts(t, filepath.Join(dir, "gnlc.duckdb")); m != bigRows+1 || s != 2 {
		t.Errorf("database holds %d members from %d sources, want %d from 2", m, s, bigRows+1)
	}
}

// TestReliability_ingestKilled: SIGKILL in the middle of a large file leaves the database with
// exactly the files loaded before, and loading the file again succeeds.
func TestReliability_ingestKilled(t *testing.T) {
	needProcIO(t)
	dir := t.TempDir()
	size := writeRegister(t, filepath.Join(dir, "big.csv"), bigRows)
	if err := os.WriteFile(filepath.Join(dir, "small.csv"), []byte(smallRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	loadFixture(t, dir, "small.csv")

	p := startGnlc(t, dir, "ingest", "--db", "gnlc.duckdb", "big.csv")
	waitRead(t, p, size+size/2) // hashed it, and loaded about half
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 10*time.Second); code != -1 {
		t.Fatalf("gnlc ingest ended with exit %d before it could be killed", code)
	}

	dbPath := filepath.Join(dir, "gnlc.duckdb")
	if m, s := dbCounts(t, dbPath); m != 1 || s != 1 {
		t.Fatalf("after SIGKILL the database holds %d members from %d sources, want 1 from 1 (small.csv only)", m, s)
	}
	out := loadFixture(t, dir, "big.csv")
	if want := fmt.Sprintf("big.csv: %d rows loaded, 0 rejected\n", bigRows); out != want {
		t.Errorf("ingest after the crash: %q, want %q", out, want)
	}
	if m, s := dbCounts(t, dbPath); m != bigRows+1 || s != 2 {
		t.Errorf("database holds %d members from %d sources, want %d from 2", m, s, bigRows+1)
	}
}

// TestReliability_ingestInterrupted: SIGINT in the middle of a large file stops gnlc promptly
// (interruptBudget) with exit 130, rolls the file back and leaves nothing beside the database (DuckDB's
// log included: the rollback finishes before the database closes). A signal that arrives
// once the file is read may find it committed: then it is loaded whole and listed on stdout.
func TestReliability_ingestInterrupted(t *testing.T) {
	needProcIO(t)
	for _, tt := range []struct {
		name string
		read float64 // how much of the file, in file sizes, gnlc has read when interrupted
	}{
		{"while loading", 1.5},
		{"after reading", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			size := writeRegister(t, filepath.Join(dir, "big.csv"), bigRows)
			if err := os.WriteFile(filepath.Join(dir, "small.csv"), []byte(smallRegister), 0o644); err != nil {
				t.Fatal(err)
			}
			loadFixture(t, dir, "small.csv")

			p := startGnlc(t, dir, "ingest", "--db", "gnlc.duckdb", "big.csv")
			waitRead(t, p, int64(float64(size)*tt.read))
			sent := time.Now()
			if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			code := p.wait(t, 30*time.Second)
			took := p.exited.Sub(sent)
			t.Logf("exited %v after SIGINT; stdout %q", took, p.stdout.String())
			if code != exitInterrupt || !strings.Contains(p.stderr.String(), "gnlc: interrupted") {
				t.Errorf("exit %d, stderr %q; want exit %d and gnlc: interrupted", code, p.stderr.String(), exitInterrupt)
			}
			noTrace(t, p.stderr.String())
			if took > interruptBudget {
				t.Errorf("gnlc ingest took %v to stop after SIGINT, want at most %v", took, interruptBudget)
			}
			if got := dirNames(t, dir); !slices.Equal(got, []string{"big.csv", "gnlc.duckdb", "small.csv"}) {
				t.Errorf("folder after SIGINT: %v, want big.csv, gnlc.duckdb, small.csv", got)
			}
			wantMembers, wantSources := int64(1), int64(1)
			if p.stdout.String() != "" { // committed before the signal
				if want := fmt.Sprintf("big.csv: %d rows loaded, 0 rejected\n", bigRows); p.stdout.String() != want {
					t.Errorf("stdout %q, want empty or %q", p.stdout.String(), want)
				}
				wantMembers, wantSources = bigRows+1, 2
			}
			if m, s := dbCounts(t, filepath.Join(dir, "gnlc.duckdb")); m != wantMembers || s != wantSources {
				t.Errorf("after SIGINT the database holds %d members from %d sources, want %d from %d", m, s, wantMembers, wantSources)
			}
			loadFixture(t, dir, "big.csv")
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// tempName matches the temporary files and staging folders of atomic writes (reports).
var tempName = regexp.MustCompile(`^\.(?:.+\.tmp|staging)-[0-9]+-[0-9]+$`)

// outputs lists the files under dir, and the temporary ones apart.
func outputs(t *testing.T, dir string) (files, temps []string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if tempName.MatchString(d.Name()) {
			temps = append(temps, rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, temps
}

// checkOutputs opens every report under dir: each workbook with excelize, each HTML page with
// an HTML parser, down to its closing tag. It returns the files checked.
func checkOutputs(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := outputs(t, dir)
	if len(files) == 0 {
		t.Fatalf("no report in %s", dir)
	}
	for _, rel := range files {
		path := filepath.Join(dir, rel)
		switch filepath.Ext(rel) {
		case ".xlsx":
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Errorf("%s: %v", rel, err)
				continue
			}
			if len(f.GetSheetList()) == 0 {
				t.Errorf("%s: no sheet", rel)
			} else if _, err := f.GetRows(f.GetSheetList()[0]); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			f.Close()
		case ".html":
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := html.Parse(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			end := "</html>"
			if strings.HasSuffix(rel, ".embed.html") {
				end = ">"
			}
			if !strings.HasSuffix(strings.TrimSpace(string(b)), end) {
				t.Errorf("%s: does not end with %s: cut short?", rel, end)
			}
		}
	}
	return files
}

// reportArgs write the full report of the default register; --as-of keeps runs comparable.
var reportArgs = []string{"report", "--out", "out", "--as-of", "2025-01-15"}

// TestReliability_concurrentReport: two gnlc report into one folder at once both succeed, and
// every file is whole: each was written by one of them (temporary file, then rename).
func TestReliability_concurrentReport(t *testing.T) {
	needProcesses(t)
	dir := t.TempDir()
	a := startGnlc(t, dir, reportArgs...)
	b := startGnlc(t, dir, reportArgs...)
	for _, p := range []*gnlcProc{a, b} {
		if code := p.wait(t, 2*time.Minute); code != 0 {
			t.Fatalf("gnlc report: exit %d\n%s", code, p.stderr.String())
		}
	}
	if a.stdout.String() != b.stdout.String() {
		t.Errorf("the two runs wrote different files:\n%s\n---\n%s", a.stdout.String(), b.stdout.String())
	}
	files := checkOutputs(t, filepath.Join(dir, "out"))
	for _, line := range strings.Split(strings.TrimSpace(a.stdout.String()), "\n") {
		rel, _ := filepath.Rel("out", line)
		if !slices.Contains(files, rel) {
			t.Errorf("%s: printed as written, not there", line)
		}
	}
	if _, temps := outputs(t, filepath.Join(dir, "out")); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// startReportAndWaitTemp starts a report into dir/out over a previous one and waits until it is
// writing: one of its temporary files (or its staging folder) exists.
func startReportAndWaitTemp(t *testing.T, dir string) *gnlcProc {
	t.Helper()
	p := startGnlc(t, dir, reportArgs...)
	mark := "-" + strconv.Itoa(p.cmd.Process.Pid) + "-"
	for p.running() {
		_, temps := outputs(t, filepath.Join(dir, "out"))
		for _, tmp := range temps {
			if strings.Contains(tmp, mark) {
				return p
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("gnlc report finished before it was seen writing; stderr:\n%s", p.stderr.String())
	return nil
}

// TestReliability_reportKilled: SIGKILL while report writes leaves every previous output whole;
// the temporary files of the killed run are hidden, and the next run removes them.
func TestReliability_reportKilled(t *testing.T) {
	needProcesses(t)
	dir := t.TempDir()
	if code := startGnlc(t, dir, reportArgs...).wait(t, 2*time.Minute); code != 0 {
		t.Fatal("first report failed")
	}
	before := checkOutputs(t, filepath.Join(dir, "out"))

	p := startReportAndWaitTemp(t, dir)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait(t, 10*time.Second)
	after := checkOutputs(t, filepath.Join(dir, "out"))
	if !slices.Equal(before, after) {
		t.Errorf("outputs after SIGKILL differ:\nbefore %v\nafter  %v", before, after)
	}
	_, temps := outputs(t, filepath.Join(dir, "out"))
	t.Logf("the killed run left %d temporary files: %v", len(temps), temps)

	next := startGnlc(t, dir, reportArgs...)
	if code := next.wait(t, 2*time.Minute); code != 0 {
		t.Fatalf("report after the crash: exit %d\n%s", code, next.stderr.String())
	}
	checkOutputs(t, filepath.Join(dir, "out"))
	if _, temps := outputs(t, filepath.Join(dir, "out")); len(temps) > 0 {
		t.Errorf("temporary files left after the next run: %v", temps)
	}
}

// TestReliability_reportInterrupted: SIGINT while report writes stops it within a second with
// exit 130, removes its temporary files and leaves the previous outputs whole.
func TestReliability_reportInterrupted(t *testing.T) {
	needProcesses(t)
	dir := t.TempDir()
	if code := startGnlc(t, dir, reportArgs...).wait(t, 2*time.Minute); code != 0 {
		t.Fatal("first report failed")
	}
	before := checkOutputs(t, filepath.Join(dir, "out"))

	p := startReportAndWaitTemp(t, dir)
	sent := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := p.wait(t, 30*time.Second)
	took := p.exited.Sub(sent)
	t.Logf("exited %v after SIGINT", took)
	if code != exitInterrupt {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitInterrupt, p.stderr.String())
	}
	noTrace(t, p.stderr.String())
	if took > interruptBudget {
		t.Errorf("gnlc report took %v to stop after SIGINT, want at most %v", took, interruptBudget)
	}
	after := checkOutputs(t, filepath.Join(dir, "out"))
	if !slices.Equal(before, after) {
		t.Errorf("outputs after SIGINT differ:\nbefore %v\nafter  %v", before, after)
	}
	if _, temps := outputs(t, filepath.Join(dir, "out")); len(temps) > 0 {
		t.Errorf("temporary files left after SIGINT: %v", temps)
	}
}
