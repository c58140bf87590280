package pipeline

import (
	"fmt"
	"maps"
	"slices"
)

// noteCounts counts, per note, the rows it concerns: a value read in a way a person should know
// about ("Hong Kong" counted under China). Each worker keeps its own; they are merged at the end.
type noteCounts map[string]int64

func (n noteCounts) add(note string) { n[note]++ }

func (n noteCounts) merge(o noteCounts) {
	for k, c := range o {
		n[k] += c
	}
}

// lines are the notes in order, each with its count of rows: "… (3 rows)".
func (n noteCounts) lines() []string {
	if len(n) == 0 {
		return nil
	}
	out := make([]string, 0, len(n))
	for _, k := range slices.Sorted(maps.Keys(n)) {
		out = append(out, fmt.Sprintf("%s (%s)", k, plural(n[k], "row")))
	}
	return out
}

// plural is "1 row", "2 rows".
func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// hiddenCounter is a row source that knows how many of the rows it gave were hidden (XLSX).
type hiddenCounter interface {
	hiddenRows() int64
}
