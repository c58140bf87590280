package reportstest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests open output files from disk in headless Chromium, with every request that is
// not for a local file failed, and check what a reader would see. They need Chromium (CI's
// .ci/run installs Debian's chromium). GNLC_CHROMIUM names another binary;
// GNLC_REQUIRE_BROWSER=1 (set by .ci/run) fails them instead of skipping when it is absent.

// Chromium returns the browser to run, or skips the test when there is none.
func Chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, name := range []string{os.Getenv("GNLC_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	MissingTool(t, "Chromium not found (install Debian's chromium, or set GNLC_CHROMIUM)")
	return ""
}

// MissingTool skips the test, or fails it where CI promised the tools (GNLC_REQUIRE_BROWSER).
func MissingTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("GNLC_REQUIRE_BROWSER") != "" {
		t.Fatal(why)
	}
	t.Skip(why + ": skipped")
}

// NewBrowser starts one headless browser for the test, with a fresh profile.
func NewBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// PageReport is what the browser saw while one page was open. Its lists are final once
// OpenOffline returns.
type PageReport struct {
	mu       sync.Mutex
	Requests []string // every URL the page requested (network and fetch domains)
	Blocked  []string // requests that were not for a local file, failed by the test
	Errors   []string // console errors, uncaught exceptions
	Dialogs  []string // alert/confirm/prompt dialogs: script that ran
}

func (r *PageReport) add(list *[]string, s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*list = append(*list, s)
}

// isLocal reports whether a URL stays on the machine.
func isLocal(u string) bool {
	return strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "about:")
}

// OpenOffline opens file in a new tab, with the network cut off, waits until the JavaScript
// condition ready holds (none when empty) and runs check. It returns what the tab reported.
func OpenOffline(t *testing.T, browser context.Context, file, ready string, check func(ctx context.Context)) *PageReport {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	rep := &PageReport{}
	var wg sync.WaitGroup
	watch(ctx, t, file, rep, &wg)
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("fetch.enable: %v", err)
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	if ready != "" {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Errorf("%s: not ready (%s): %v", filepath.Base(file), ready, err)
		}
	}
	if check != nil {
		check(ctx)
	}
	// Give late errors and requests (a timer, a lazy image) a moment to show.
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()
	return rep
}

// watch records the tab's requests (failing those that leave the machine), dialogs and console
// errors into rep until ctx ends.
func watch(ctx context.Context, t *testing.T, file string, rep *PageReport, wg *sync.WaitGroup) {
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	console := chromedp.Console(ctx)
	wg.Go(func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			u := ev.Request.URL
			rep.add(&rep.Requests, u)
			if isLocal(u) {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			rep.add(&rep.Blocked, u)
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	})
	wg.Go(func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			rep.add(&rep.Requests, ev.Request.URL)
			if !isLocal(ev.Request.URL) {
				rep.add(&rep.Blocked, ev.Request.URL)
			}
		}
	})
	wg.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			rep.add(&rep.Dialogs, string(ev.Type)+": "+ev.Message)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	wg.Go(func() {
		for m, err := range console {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleException:
				rep.add(&rep.Errors, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line))
			case chromedp.ConsoleWarning:
				t.Logf("%s: console warning: %s", filepath.Base(file), m.Text)
			}
		}
	})
}

// AssertClean fails the test for any request that left the machine, console error or dialog.
func AssertClean(t *testing.T, name string, rep *PageReport) {
	t.Helper()
	if len(rep.Blocked) > 0 {
		t.Errorf("%s: requests left the page: %q", name, rep.Blocked)
	}
	if len(rep.Errors) > 0 {
		t.Errorf("%s: console errors: %q", name, rep.Errors)
	}
	if len(rep.Dialogs) > 0 {
		t.Errorf("%s: a dialog opened, so injected script ran: %q", name, rep.Dialogs)
	}
	if len(rep.Requests) == 0 {
		t.Errorf("%s: the browser reported no request at all, not even the page's: interception is not working", name)
	}
}
