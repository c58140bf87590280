package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// build is the VCS revision gnlc was built from, set by make build (-X main.build=...); "" lets
// the export read it from the binary's build info.
var build = ""

// Exit codes: the one table (DESIGN.md, CLI).
const (
	exitOK        = 0
	exitFailure   = 1
	exitUsage     = 2
	exitRuleBroke = 3
	exitInterrupt = 130
)

// Deps are what every command gets from main: streams, clock, logger. Tests inject their own.
type Deps struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
	Logger *slog.Logger
	// Getenv reads the environment ($GNLC_DB); nil reads none.
	Getenv func(string) string
	// DefaultDB is the database used without --db or $GNLC_DB; "" is out/gnlc.duckdb (defaultDB).
	DefaultDB string
	// StderrIsTTY enables progress bars; StdoutIsTTY picks human tables over tab-separated rows.
	StderrIsTTY bool
	StdoutIsTTY bool
	// SlideCache keeps the charts' drawn slides (SVG) from run to run; "" keeps none. A real run
	// uses the user's cache folder (slideCacheDir).
	SlideCache string
	// Chromium is the browser report --pdf prints with: $GNLC_CHROMIUM, else "" (found on PATH).
	Chromium string
}

// FlagError is a usage error: the command prints its usage and exits 2.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

var _ error = (*FlagError)(nil)

// RuleError means the command ran and found broken rules: exit 3.
type RuleError struct{ Broken int }

func (e *RuleError) Error() string { return fmt.Sprintf("%d rule(s) broken", e.Broken) }

var _ error = (*RuleError)(nil)

// SilentError carries an exit code for a failure already reported on stderr.
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

func isTTY(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(ctx, newDeps(stdin, stdout, stderr), args)
}

// newDeps returns the Deps of a real run on the process's streams: the system clock and
// environment, and the terminals as they are.
func newDeps(stdin io.Reader, stdout, stderr io.Writer) *Deps {
	return &Deps{
		Stdin:       stdin,
		Stdout:      stdout,
		Stderr:      stderr,
		Now:         time.Now,
		Getenv:      os.Getenv,
		DefaultDB:   defaultDB,
		Logger:      slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		StderrIsTTY: isTTY(stderr),
		StdoutIsTTY: isTTY(stdout),
		SlideCache:  slideCacheDir(os.Getenv),
		Chromium:    os.Getenv("GNLC_CHROMIUM"),
	}
}

// slideCacheDir is where drawn slides are kept: $GNLC_CACHE_DIR/slides, else the user's cache
// folder (~/.cache/gnlc/slides on Linux); "" when there is none. GNLC_CACHE_DIR=off keeps none.
func slideCacheDir(getenv func(string) string) string {
	dir := getenv("GNLC_CACHE_DIR")
	if dir == "off" {
		return ""
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "gnlc")
	}
	return filepath.Join(dir, "slides")
}

// execute runs the command line with deps; tests call it directly.
func execute(ctx context.Context, deps *Deps, args []string) int {
	root := newRootCmd(deps)
	root.SetArgs(args)
	root.SetIn(deps.Stdin)
	root.SetOut(deps.Stdout)
	root.SetErr(deps.Stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command ") {
		// Cobra reports an unknown command (with its suggestions) as a plain error, which
		// would exit 1; it is a usage error. Its text is all cobra gives to tell it apart.
		err = &FlagError{Err: fmt.Errorf("%w\n%s", err, root.UsageString())}
	}
	return exitCode(ctx, deps.Stderr, err)
}

// exitCode maps an error to the exit-code table, printing it once.
func exitCode(ctx context.Context, stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	if se, ok := errors.AsType[*SilentError](err); ok {
		return se.Code
	}
	if _, ok := errors.AsType[*RuleError](err); ok {
		return exitRuleBroke
	}
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		fmt.Fprintln(stderr, "gnlc: interrupted")
		return exitInterrupt
	}
	fmt.Fprintf(stderr, "gnlc: %v\n", err)
	if _, ok := errors.AsType[*FlagError](err); ok {
		return exitUsage
	}
	return exitFailure
}

func newRootCmd(deps *Deps) *cobra.Command {
	var verbose bool
	root := &cobra.Command{
		Use:   "gnlc",
		Short: "Reports for the UNESCO Global Network of Learning Cities",
		Long: `gnlc turns the membership register of the UNESCO Global Network of Learning Cities
into the network's reports: the annual workbook for analysts, one workbook per country
for national delegations, and offline HTML charts for conference organizers.

Every command works on one database: --db FILE, or $GNLC_DB when set, or out/gnlc.duckdb.
gnlc ingest creates it; until it exists, check, query, report, export and sources use the
embedded default register and say so on stderr. A database named by --db or $GNLC_DB
must exist (a typo must not report on other data).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if verbose {
				deps.Logger = slog.New(slog.NewTextHandler(deps.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
			}
		},
	}
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log progress and timings to stderr")
	root.SetFlagErrorFunc(usageError)
	root.AddCommand(
		newVersionCmd(deps),
		newIngestCmd(deps, nil),
		newExportCmd(deps, nil),
		newReportCmd(deps, nil),
		newCheckCmd(deps, nil),
		newQueryCmd(deps, nil),
		newSourcesCmd(deps, nil, nil),
	)
	return root
}

func newVersionCmd(deps *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print gnlc's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(deps.Stdout, "gnlc %s\n", version)
			return err
		},
	}
}
