package main

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite testdata/script/*.txtar with the actual output (cmp stdout/stderr)")

// TestMain lets testscript run this test binary as the gnlc command: a script's `exec gnlc ...`
// (and a reliability test's process) runs execute() in a child process, as main does (Ctrl-C
// included) but on the tests' clock, testNow.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gnlc": func() {
			setMemoryLimit(os.Getenv) // as main does
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			deps := newDeps(os.Stdin, os.Stdout, os.Stderr)
			deps.Now = func() time.Time { return testNow }
			code := execute(ctx, deps, os.Args[1:])
			stop()
			os.Exit(code)
		},
	})
}

// TestScripts runs every testdata/script/*.txtar: the whole CLI, its exit codes, output and files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
	})
}
