package document

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gnlc/internal/atomicfile"
)

// ErrNoBrowser is PrintPDFs' error when no Chromium is installed.
var ErrNoBrowser = errors.New("no Chromium found")

// PrintOptions say which browser prints.
type PrintOptions struct {
	// Chromium is the browser's path or name; "" tries chromium, chromium-browser and
	// google-chrome on PATH.
	Chromium string
}

// printTimeout bounds one document's printing: a page that never finishes loading is an error.
const printTimeout = 60 * time.Second

// FindChromium returns the browser to print with, or ErrNoBrowser with what to install.
func FindChromium(name string) (string, error) {
	names := []string{"chromium", "chromium-browser", "google-chrome"}
	if name != "" {
		names = []string{name}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (tried %s): --pdf prints through a local Chromium; install one (Debian: apt-get install chromium) or name it with GNLC_CHROMIUM", ErrNoBrowser, strings.Join(names, ", "))
}

// PrintPDFs prints each HTML document to a PDF beside it (.html → .pdf), A4 as the document's
// @page rules say, in one headless Chromium with every request that is not for a local file
// refused. It returns the PDFs' paths.
func PrintPDFs(ctx context.Context, docs []string, opts PrintOptions) ([]string, error) {
	exe, err := FindChromium(opts.Chromium)
	if err != nil {
		return nil, err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true))...)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		return nil, fmt.Errorf("print PDF: start %s: %w", exe, err)
	}
	var paths []string
	for _, doc := range docs {
		out := strings.TrimSuffix(doc, filepath.Ext(doc)) + ".pdf"
		pdf, err := printOne(browser, doc)
		if err != nil {
			return paths, fmt.Errorf("print PDF of %s: %w", doc, err)
		}
		if err := atomicfile.WriteFile(out, pdf, 0o644); err != nil {
			return paths, fmt.Errorf("print PDF: %w", err)
		}
		paths = append(paths, out)
	}
	return paths, nil
}

// printOne opens a document in a new tab, offline, and prints it.
func printOne(browser context.Context, doc string) ([]byte, error) {
	abs, err := filepath.Abs(doc)
	if err != nil {
		return nil, err
	}
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, printTimeout)
	defer cancelTimeout()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range paused {
			if err != nil {
				return
			}
			if u := ev.Request.URL; strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:") {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	defer func() { cancel(); <-done }()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		return nil, err
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes,
		GenerateTaggedPDF: &yes, GenerateDocumentOutline: &yes})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}
