package charts

import (
	"fmt"
	"gnlc/reports/internal/reportstest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type vnuMessage = reportstest.VNUMessage

func runVNU(t *testing.T, files []string) map[string][]vnuMessage {
	t.Helper()
	return reportstest.RunVNU(t, files)
}

// TestCharts_validHTML runs the Nu Html Checker over every page, the gallery and pages that embed
// the snippets, in the default and the --shared-script form, and wants no error. A page written
// the way the figures were before (style and caption placed before the chart) must be refused,
// so the check is shown to bite.
func TestCharts_validHTML(t *testing.T) {
	checkerFile(t, "vnu-jar/build/dist/vnu.jar") // skip before rendering when absent
	dir := t.TempDir()
	inline, shared := writeBoth(t, dir)
	bad := filepath.Join(dir, "bad.html")
	writeHost(t, bad, "Bad", `<figure class="gnlc-chart" id="x-figure"><style>#x-figure{color:red}</style>`+
		`<figcaption>Title</figcaption><div id="x"></div><p>Note</p></figure>`)
	docs := append(documents(t, inline), documents(t, shared)...)
	// 12 pages, the gallery, 12 pages of one snippet and one of all of them, in each form.
	if len(docs) != 2*(12+1+12+1) {
		t.Fatalf("%d documents to check, want %d: %q", len(docs), 2*26, docs)
	}
	byFile := runVNU(t, append(slices.Clone(docs), bad))

	for _, doc := range docs {
		rel, _ := filepath.Rel(dir, doc)
		var errs []string
		for _, m := range byFile[doc] {
			msg := fmt.Sprintf("line %d: %s (%s)", m.Line, m.Message, strings.TrimSpace(m.Extract))
			if m.Type == "error" || m.Type == "non-document-error" {
				errs = append(errs, msg)
			} else {
				t.Logf("%s: %s %s: %s", rel, m.Type, m.SubType, msg)
			}
		}
		if len(errs) > 0 {
			t.Errorf("%s: %d error(s) from the Nu Html Checker:\n  %s", rel, len(errs), strings.Join(errs, "\n  "))
		}
	}
	var caught bool
	for _, m := range byFile[bad] {
		caught = caught || m.Type == "error" && strings.Contains(m.Message, "not allowed as child of element “figure”")
	}
	if !caught {
		t.Errorf("the checker did not refuse a figure with its caption in the middle: %+v", byFile[bad])
	}
	t.Logf("Nu Html Checker: %d documents checked", len(docs))
}
