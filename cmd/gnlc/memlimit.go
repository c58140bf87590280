package main

import (
	"runtime/debug"
)

// goMemoryLimit is the soft limit gnlc gives Go's heap unless GOMEMLIMIT says otherwise. Go
// otherwise lets its heap grow to twice what is live before collecting: a report on a
// 1,000,000-member register, its outputs drawn side by side, then peaked at 823 MB; with this
// limit at 566 MB, for 15-20% more time (README, Performance). DuckDB's own memory is capped
// apart (pipeline.Open). A small register never comes near the limit.
const goMemoryLimit = 256 << 20

// setMemoryLimit sets goMemoryLimit as Go's soft memory limit when the environment (getenv)
// sets no GOMEMLIMIT, and returns the limit in force.
func setMemoryLimit(getenv func(string) string) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(goMemoryLimit)
	return goMemoryLimit
}
