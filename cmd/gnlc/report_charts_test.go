package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReport_sharedScript: --shared-script writes ECharts, the locale of the language asked
// and the world outline once under charts/, lists them among the paths written, and the chart
// pages load them; without it, the pages inline ECharts and no shared file is written.
func TestReport_sharedScript(t *testing.T) {
	for _, shared := range []bool{false, true} {
		out := t.TempDir()
		args := []string{"report", "--out", out, "--lang", "fr", "--as-of", "2026-12-02"}
		if shared {
			args = append(args, "--shared-script")
		}
		code, stdout, stderr := runCLI(t, cliOptions{}, args...)
		if code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr)
		}
		for _, name := range []string{"echarts.min.js", "echarts-lang-fr.js", "world.js"} {
			p := filepath.Join(out, "charts", name)
			_, err := os.Stat(p)
			if written := err == nil; written != shared || strings.Contains(stdout, p+"\n") != shared {
				t.Errorf("%q: %s written %v, listed %v; want %v", args, name, written, strings.Contains(stdout, p+"\n"), shared)
			}
		}
		page, err := os.ReadFile(filepath.Join(out, "charts", "fr", "map.embed.html"))
		if err != nil {
			t.Fatal(err)
		}
		loads := strings.Contains(string(page), `<script src="../echarts.min.js"></script>`)
		if loads != shared {
			t.Errorf("%q: the map snippet loads ../echarts.min.js: %v, want %v", args, loads, shared)
		}
	}
}
