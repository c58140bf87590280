package pipeline

import (
	"strings"
	"testing"
)

// TestCSVSource_fastPath checks the records the fast path leaves to encoding/csv, and those it
// reads across its buffer's end, against encoding/csv alone (FuzzCSVSource covers short files).
func TestCSVSource_fastPath(t *testing.T) {
	t.Parallel()
	const head = "city,country,year_joined\nLyon,France,2015\n"
	const tail = "Cork,Ireland,2016\n\"Bilbao\",\"Spain\",2017\nlast,\"quote\"here,2018\nafter,the,error\n"
	long := strings.Repeat("x", maxFastRecord+10)
	rows := strings.Repeat("Cork,Ireland,2016\r\n\"Quito, city\",\"Ecuador\n(multi-line)\",2017\n", 20_000) // past the buffer's first 256 KiB
	tests := []struct {
		name, data string
		oneByte    bool
	}{
		{"line longer than the fast path reads", head + "Long," + long + ",2015\n" + tail, false},
		{"quoted cell longer than the fast path reads", head + "Long,\"" + long + "\",2015\n" + tail, false},
		{"quoted cell never closed", head + "Open,\"" + strings.Repeat("y\n", 1000) + tail, true},
		{"records across the buffer's end", head + rows + tail, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkCSVFast(t, tt.data, ',', tt.oneByte)
		})
	}
}
