package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTempName: the names this package makes are the names RemoveStale recognizes, with the
// output's name and the writer's process; nothing else is.
func TestTempName(t *testing.T) {
	t.Parallel()
	pid := os.Getpid()
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, tempPattern("gnlc-annual-2024.xlsx", kindTmp))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	made := filepath.Base(f.Name())
	tests := []struct {
		base     string
		wantName string
		wantPID  int
		wantOK   bool
	}{
		{made, "gnlc-annual-2024.xlsx", pid, true},
		{".export.tmp-12-345", "export", 12, true},
		{".export.old-12-345", "export", 12, true},
		{".a.b.tmp-12-345", "a.b", 12, true},
		{".staging-12-345", "", 12, true},
		{".tmp-12-345", "", 12, true},
		{"export.tmp-12-345", "", 0, false}, // no leading dot
		{".export.tmp-12", "", 0, false},
		{".export.tmp-x-1", "", 0, false},
		{".export.new-12-345", "", 0, false},
		{".notes.tmp-old", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			t.Parallel()
			name, gotPID, ok := parseTemp(tt.base)
			if name != tt.wantName || gotPID != tt.wantPID || ok != tt.wantOK {
				t.Errorf("parseTemp(%q) = %q, %d, %v; want %q, %d, %v", tt.base, name, gotPID, ok, tt.wantName, tt.wantPID, tt.wantOK)
			}
		})
	}
}
