package main

import (
	"bytes"
	"io"
	"text/tabwriter"
)

// newTable returns an aligned-columns writer for terminals (cells separated by tabs, rows by
// newlines); Flush writes it to w. Trailing spaces, which tabwriter leaves after an empty last
// cell, are removed.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(&trimLines{w: w}, 0, 4, 2, ' ', 0)
}

// trimLines writes each complete line without its trailing spaces. tabwriter only writes whole
// lines when the table ends with a newline, which every table here does.
type trimLines struct {
	w       io.Writer
	pending []byte
}

func (t *trimLines) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	for {
		i := bytes.IndexByte(t.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := bytes.TrimRight(t.pending[:i], " ")
		if _, err := t.w.Write(append(line, '\n')); err != nil {
			return 0, err
		}
		t.pending = t.pending[i+1:]
	}
}
