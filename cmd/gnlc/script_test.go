package main

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite testdata/script/*.txtar with the actual output (cmp stdout/stderr)")

// TestMain lets testscript run this test binary as the gnlc command: a script's `exec gnlc ...`
// runs run() in a child process, exactly as main does (Ctrl-C included).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gnlc": func() {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
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
