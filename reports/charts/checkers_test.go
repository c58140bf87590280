package charts

import (
	"gnlc/reports/internal/reportstest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The HTML and accessibility checks run tools from npm (reportstest.CheckerFile).

func checkerFile(t *testing.T, rel string) string { t.Helper(); return reportstest.CheckerFile(t, rel) }

// writeT writes the chart set of the default register into out, its slides from the tests'
// cache (see renderT).
func writeT(t *testing.T, out string, opts Options) {
	t.Helper()
	if opts.SlideCache == "" {
		opts.SlideCache = filepath.Join(os.TempDir(), "gnlc-test-slides")
	}
	if _, err := Write(t.Context(), out, defaultDataset(t), opts); err != nil {
		t.Fatal(err)
	}
}

// writeBoth writes the default chart set into dir/inline and the --shared-script one into
// dir/shared, with host pages under each (see writeHosts).
func writeBoth(t *testing.T, dir string) (inline, shared string) {
	t.Helper()
	inline, shared = filepath.Join(dir, "inline"), filepath.Join(dir, "shared")
	for out, opts := range map[string]Options{inline: {}, shared: {SharedScript: true}} {
		writeT(t, out, opts)
		writeHosts(t, out)
	}
	return inline, shared
}

// writeHosts pastes the snippets of out into host pages in out/hosts/, one folder below the
// charts as the language folders are, so a shared script's ../ path holds: one page per snippet
// (<lang>-<kind>.html) and all.html with every snippet of every language, as a conference site
// with several charts on one page would be.
func writeHosts(t *testing.T, out string) {
	t.Helper()
	dir := filepath.Join(out, "hosts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	snippets, err := filepath.Glob(filepath.Join(out, "*", "*.embed.html"))
	if err != nil || len(snippets) == 0 {
		t.Fatalf("no snippets in %s (%v)", out, err)
	}
	var all []string
	for _, p := range snippets {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lang := filepath.Base(filepath.Dir(p))
		name := lang + "-" + strings.TrimSuffix(filepath.Base(p), ".embed.html")
		writeHost(t, filepath.Join(dir, name+".html"), "Snippet "+name, string(b))
		all = append(all, string(b))
	}
	writeHost(t, filepath.Join(dir, "all.html"), "Every snippet", strings.Join(all, "\n<p>Between two charts.</p>\n"))
}

// writeHost writes a minimal valid, accessible page around body.
func writeHost(t *testing.T, file, title, body string) {
	t.Helper()
	page := "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title + "</title>\n</head>\n" +
		"<body>\n<main>\n<h1>" + title + "</h1>\n" + body + "\n</main>\n</body>\n</html>\n"
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
}

// documents lists the files under out that are whole HTML documents: the pages, the gallery and
// the host pages. Snippets are fragments: they are checked as pasted into the hosts.
func documents(t *testing.T, out string) []string {
	t.Helper()
	var docs []string
	page := regexp.MustCompile(`^(index|[a-z]{2}/[a-z]+|hosts/[a-z-]+)\.html$`)
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err == nil && page.MatchString(filepath.ToSlash(rel)) {
			docs = append(docs, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}
