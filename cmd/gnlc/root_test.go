package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The exit-code table for the root command: an unknown command is a usage error like an
// unknown flag, with cobra's suggestion when one is close.
func TestRoot_exitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr []string
	}{
		{"no command prints help", nil, exitOK, nil},
		{"unknown command", []string{"bogus"}, exitUsage, []string{`unknown command "bogus" for "gnlc"`, "Available Commands:"}},
		{"misspelt command", []string{"chek"}, exitUsage, []string{`unknown command "chek"`, "Did you mean this?\n\tcheck"}},
		{"misspelt command with a flag", []string{"chek", "--as-of", "2024-01-01"}, exitUsage, []string{`unknown command "chek"`, "Did you mean this?\n\tcheck"}},
		{"help on no such topic", []string{"help", "nosuch"}, exitOK, nil},
		{"unknown flag", []string{"--bogus"}, exitUsage, []string{"unknown flag: --bogus"}},
		{"version", []string{"version"}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCLI(t, cliOptions{}, tt.args...)
			if diff := cmp.Diff(tt.wantCode, code); diff != "" {
				t.Errorf("exit code (-want +got):\n%s\nstderr: %s", diff, stderr)
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if code == exitOK && stdout == "" && stderr == "" {
				t.Error("nothing printed")
			}
		})
	}
}
