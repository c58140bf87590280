package reportstest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gnlc/fixtures/fixturestest"
)

// The HTML and accessibility checks run tools from npm, pinned in
// reports/charts/testdata/checkers/package.json: the Nu Html Checker (vnu-jar, run with Java) and
// axe-core (run inside Chromium). `npm ci` in that folder installs them (.ci/run does);
// GNLC_CHECKERS names another folder holding their node_modules. Without them the checks skip,
// unless GNLC_REQUIRE_BROWSER=1 (CI) makes that a failure, as for Chromium.

// CheckerFile returns the path of a file that the checkers' npm install provides.
func CheckerFile(t *testing.T, rel string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("checker test skipped in -short mode")
	}
	dir := cmp.Or(os.Getenv("GNLC_CHECKERS"), filepath.Join(fixturestest.ModuleDir(t), "reports", "charts", "testdata", "checkers"))
	p := filepath.Join(dir, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		MissingTool(t, fmt.Sprintf("%s not found (run `npm ci` in %s, or set GNLC_CHECKERS)", rel, dir))
	}
	return p
}

// LookJava returns the java binary vnu.jar runs on.
func LookJava(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath(cmp.Or(os.Getenv("GNLC_JAVA"), "java"))
	if err != nil {
		MissingTool(t, "java not found (Debian: default-jre-headless), needed by the Nu Html Checker")
	}
	return p
}

// VNUMessage is one message of the Nu Html Checker's JSON output.
type VNUMessage struct {
	Type     string `json:"type"`    // error, info, non-document-error
	SubType  string `json:"subType"` // warning, fatal, io…
	URL      string `json:"url"`
	Line     int    `json:"lastLine"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
	Filename string `json:"-"`
}

// IsError reports whether the message is an error (not a warning or an info).
func (m VNUMessage) IsError() bool { return m.Type == "error" || m.Type == "non-document-error" }

func (m VNUMessage) String() string {
	return fmt.Sprintf("line %d: %s (%s)", m.Line, m.Message, strings.TrimSpace(m.Extract))
}

// RunVNU checks every file in one run of the checker (the JVM's start is most of its time) and
// returns its messages by file.
func RunVNU(t *testing.T, files []string) map[string][]VNUMessage {
	t.Helper()
	jar := CheckerFile(t, "vnu-jar/build/dist/vnu.jar")
	java := LookJava(t)
	args := append([]string{"-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"}, files...)
	cmd := exec.CommandContext(t.Context(), java, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, stderr.String())
	}
	var res struct {
		Messages []VNUMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("vnu output is not JSON: %v\n%.2000s", err, out)
	}
	byFile := map[string][]VNUMessage{}
	for _, m := range res.Messages {
		u, err := url.Parse(m.URL)
		if err != nil || u.Scheme != "file" {
			t.Fatalf("vnu message about %q: %s", m.URL, m.Message)
		}
		m.Filename = filepath.Clean(filepath.FromSlash(u.Path))
		byFile[m.Filename] = append(byFile[m.Filename], m)
	}
	return byFile
}

// AxeViolation is one failed axe-core rule, with the first few elements it failed on.
type AxeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

func (v AxeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s, at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
}

// AxeWCAG runs the WCAG 2.1 A and AA rules; AxeStructure runs the rules for a page's frame,
// which axe files under best practice: one main landmark, all content in landmarks, one h1.
const (
	AxeWCAG      = `{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}`
	AxeStructure = `{runOnly: {type: "rule", values: ["landmark-one-main", "landmark-no-duplicate-main", "landmark-unique", "region", "page-has-heading-one", "heading-order", "scrollable-region-focusable"]}, resultTypes: ["violations"]}`
)

// RunAxe injects axe-core into the open page (once) and runs it with options.
func RunAxe(ctx context.Context, axeJS, options string) ([]AxeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("look for axe: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeJS)); err != nil {
			return nil, fmt.Errorf("inject axe: %w", err)
		}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](`axe.run(document, `+options+`).then(function (r) {
		return r.violations.map(function (v) {
			return {id: v.id, impact: v.impact || "", help: v.help,
				nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })};
		});
	})`, chromedp.EvalAwaitPromise))
}

// A11yCheck is what one page's axe run found: serious or critical WCAG violations, and any
// violation of the page-frame rules.
func A11yCheck(t *testing.T, ctx context.Context, axeJS string) (bad []AxeViolation) {
	t.Helper()
	wcag, err := RunAxe(ctx, axeJS, AxeWCAG)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range wcag {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
		} else {
			t.Logf("axe, %s: %s", v.Impact, v)
		}
	}
	frame, err := RunAxe(ctx, axeJS, AxeStructure)
	if err != nil {
		t.Fatal(err)
	}
	return append(bad, frame...)
}
