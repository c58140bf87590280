package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// testNow is the clock of every CLI test, in-process (runCLI, parseFlags) and in the scripts and
// processes that TestMain runs: 2 December 2026, a year after the 2025 cohort was announced
// (4 December 2025), with the next call (2027) not yet announced.
var testNow = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// cliOptions say how a test runs gnlc: what its streams are taken for, and which databases it
// finds without --db.
type cliOptions struct {
	StdoutTTY bool // stdout is a terminal: aligned tables rather than tab-separated rows
	StderrTTY bool // stderr is a terminal: progress bars
	// DefaultDB is the database used without --db or $GNLC_DB. "" is one that does not exist,
	// so that a test without --db works on the embedded default register whatever the package
	// folder holds; runCLI then leaves the note saying so out of stderr (TestDB_choice checks it).
	DefaultDB string
	Env       string // $GNLC_DB; "" = unset (a test never reads the real environment)
	Chromium  string // the browser report --pdf prints with; "" = found on PATH
}

// newTestDeps returns the Deps a test runs gnlc with: the clock testNow, opts' terminals and
// databases, stdout and stderr into buffers, and warnings logged to stderr.
func newTestDeps(t *testing.T, opts cliOptions) (deps *Deps, stdout, stderr *bytes.Buffer) {
	t.Helper()
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	if opts.DefaultDB == "" {
		opts.DefaultDB = filepath.Join(t.TempDir(), "out", "gnlc.duckdb")
	}
	deps = &Deps{
		Stdin:     strings.NewReader(""),
		Stdout:    stdout,
		Stderr:    stderr,
		Now:       func() time.Time { return testNow },
		Logger:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		DefaultDB: opts.DefaultDB,
		Getenv: func(key string) string {
			if key == envDB {
				return opts.Env
			}
			return ""
		},
		StdoutIsTTY: opts.StdoutTTY,
		StderrIsTTY: opts.StderrTTY,
		// One folder for every test run: a slide is a pure function of its cache key, and drawing
		// the default register's twelve takes seconds.
		SlideCache: filepath.Join(os.TempDir(), "gnlc-test-slides"),
		Chromium:   opts.Chromium,
	}
	return deps, stdout, stderr
}

// runCLI runs `gnlc args...` in-process, as main does but with newTestDeps' Deps, and returns
// its exit code, stdout and stderr.
func runCLI(t *testing.T, opts cliOptions, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	deps, out, errs := newTestDeps(t, opts)
	code = execute(t.Context(), deps, args)
	stderr = errs.String()
	if opts.DefaultDB == "" {
		stderr = strings.Replace(stderr, fallbackNote(deps.DefaultDB), "", 1)
	}
	return code, out.String(), stderr
}

// parseFlags parses args with the command newCmd builds, as its RunE does, and returns the
// Options it would run with, without running it: the runF seam of gh's commands. The error is
// RunE's (or cobra's) when the flags are refused; the Options are nil then.
func parseFlags[O any](t *testing.T, opts cliOptions, newCmd func(*Deps, func(context.Context, *O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	deps, _, _ := newTestDeps(t, opts)
	var got *O
	cmd := newCmd(deps, func(_ context.Context, o *O) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.ExecuteContext(t.Context())
	return got, err
}
