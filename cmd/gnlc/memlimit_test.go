package main

import (
	"runtime/debug"
	"testing"
)

// gnlc caps Go's heap softly unless GOMEMLIMIT is set, which wins.
func TestSetMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	for _, tt := range []struct {
		env  string
		want int64
	}{
		{"", goMemoryLimit},
		{"1GiB", before},
	} {
		debug.SetMemoryLimit(before)
		got := setMemoryLimit(func(k string) string {
			if k == "GOMEMLIMIT" {
				return tt.env
			}
			return ""
		})
		if got != tt.want || debug.SetMemoryLimit(-1) != tt.want {
			t.Errorf("GOMEMLIMIT=%q: limit %d (in force %d), want %d", tt.env, got, debug.SetMemoryLimit(-1), tt.want)
		}
	}
}
