package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"gnlc/fixtures/fixturestest"
)

// cardValues returns the document's headline cards, value by label.
func cardValues(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	class := func(n *html.Node) string {
		for _, a := range n.Attr {
			if a.Key == "class" {
				return a.Val
			}
		}
		return ""
	}
	textOf := func(n *html.Node) string {
		var s strings.Builder
		for c := range n.Descendants() {
			if c.Type == html.TextNode {
				s.WriteString(c.Data)
			}
		}
		return strings.TrimSpace(s.String())
	}
	cards := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || class(n) != "card" {
			continue
		}
		var value, label string
		for c := range n.Descendants() {
			switch class(c) {
			case "value":
				value = textOf(c)
			case "label":
				label = textOf(c)
			}
		}
		cards[label] = value
	}
	return cards
}

// TestReport_documents: the default register's report writes the three documents, listed on
// stdout, whose cards give UNESCO's 2025 figures and the register's named members, each in its
// language's words.
func TestReport_documents(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", "2026-12-02")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fig := fixturestest.Shared(t)
	named := itoa(fig.Latest().TotalCities)
	for lang, want := range map[string]map[string]string{
		"en": {"member cities": "425", "countries": "91", "new member cities in 2025": "72", "countries new to the network": "13", "members named by public sources": named},
		"fr": {"villes membres": "425", "pays": "91", "nouvelles villes membres en 2025": "72", "nouveaux pays membres": "13", "membres nommés par les sources publiques": named},
		"es": {"ciudades miembro": "425", "países": "91", "nuevas ciudades miembro en 2025": "72", "países nuevos en la red": "13", "miembros nombrados por fuentes públicas": named},
	} {
		path := filepath.Join(out, "gnlc-annual-2025."+lang+".html")
		if !strings.Contains(stdout, path+"\n") {
			t.Errorf("stdout does not list %s", path)
		}
		got := cardValues(t, path)
		for label, v := range want {
			if got[label] != v {
				t.Errorf("%s: card %q = %q, want %q (cards: %q)", lang, label, got[label], v, got)
			}
		}
	}
	// Byte for byte the same on a second run.
	again := t.TempDir()
	if code, _, stderr := runCLI(t, cliOptions{}, "report", "--out", again, "--as-of", "2026-12-02", "--lang", "fr"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(out, "gnlc-annual-2025.fr.html"))
	b, _ := os.ReadFile(filepath.Join(again, "gnlc-annual-2025.fr.html"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("two runs wrote different French documents")
	}
	if _, err := os.Stat(filepath.Join(again, "gnlc-annual-2025.en.html")); err == nil {
		t.Error("--lang fr wrote the English document")
	}
}

// TestReport_pdf: --pdf prints each document through Chromium, and without one it fails saying
// what to install, having written everything else.
func TestReport_pdf(t *testing.T) {
	t.Run("no browser", func(t *testing.T) {
		out := t.TempDir()
		code, _, stderr := runCLI(t, cliOptions{Chromium: "no-such-chromium"}, "report", "--out", out, "--lang", "en", "--pdf")
		if code == 0 || !strings.Contains(stderr, "no Chromium found") || !strings.Contains(stderr, "apt-get install chromium") {
			t.Errorf("exit %d, stderr %q: want a failure naming what to install", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "gnlc-annual-2025.en.html")); err != nil {
			t.Errorf("the document was not written before the PDF failed: %v", err)
		}
	})
	t.Run("with --country", func(t *testing.T) {
		code, _, stderr := runCLI(t, cliOptions{}, "report", "--out", t.TempDir(), "--country", "FRA", "--pdf")
		if code != exitUsage || !strings.Contains(stderr, "--pdf prints the annual report documents") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("printed", func(t *testing.T) {
		if testing.Short() {
			t.Skip("prints through Chromium")
		}
		if _, err := exec.LookPath("chromium"); err != nil && os.Getenv("GNLC_CHROMIUM") == "" {
			if os.Getenv("GNLC_REQUIRE_BROWSER") != "" {
				t.Fatal("Chromium not found")
			}
			t.Skip("Chromium not found: skipped")
		}
		out := t.TempDir()
		code, stdout, stderr := runCLI(t, cliOptions{Chromium: os.Getenv("GNLC_CHROMIUM")}, "report", "--out", out, "--lang", "es", "--pdf", "--as-of", "2026-12-02")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		pdf := filepath.Join(out, "gnlc-annual-2025.es.pdf")
		if !strings.Contains(stdout, pdf+"\n") {
			t.Errorf("stdout does not list %s", pdf)
		}
		text, err := exec.CommandContext(t.Context(), "pdftotext", "-l", "1", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		flat := strings.Join(strings.Fields(string(text)), " ")
		for _, want := range []string{"Informe anual 2025", "425 ciudades miembro en 91 países", "72 ciudades de 46 países se unieron a la red"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the PDF's first page lacks %q:\n%.800s", want, flat)
			}
		}
	})
}
