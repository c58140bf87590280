package document

import (
	"os"
	"path/filepath"
	"testing"

	"gnlc/reports/charts"
	"gnlc/reports/internal/reportstest"
)

// BenchmarkWrite writes the three documents with real slides (drawn once, before the timer):
// what the documents add to `gnlc report`.
func BenchmarkWrite(b *testing.B) {
	ds := reportstest.AnnualDataset()
	files, err := charts.Render(b.Context(), ds, charts.Options{SlideCache: filepath.Join(os.TempDir(), "gnlc-test-slides")})
	if err != nil {
		b.Fatal(err)
	}
	slides := func(lang, kind string) []byte { return charts.Slide(files, lang, kind) }
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(b.Context(), dir, ds, Options{Slides: slides}); err != nil {
			b.Fatal(err)
		}
	}
}
