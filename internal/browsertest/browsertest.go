// Package browsertest starts the headless Debian Chromium that Tandem's
// browser tests drive with chromedp, in one place, with the flags it needs
// on these machines: as root (no sandbox) and without a network of its own.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package installs the browser.
const ChromiumPath = "/usr/bin/chromium"

// Need skips the test when the file at path (a browser, a script) is
// missing, or fails it in CI (CI=true), where .ci/run must have installed
// it; install says how.
func Need(t testing.TB, path, install string) {
	t.Helper()
	if _, err := os.Stat(path); err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found; CI must install it: %s", path, install)
	}
	t.Skipf("%s not found: %s to run this browser test", path, install)
}

// New starts Chromium with a fresh profile and a window of width×height,
// skipping the test as Need does when it is not installed. The whole
// browser lives at most timeout, so a hang fails instead of stalling the
// suite; it is closed when the test ends.
func New(t testing.TB, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	Need(t, ChromiumPath, "apt-get install -y chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ChromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	parent, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Do(ctx); err != nil { // start it now, to fail early
		t.Fatalf("starting %s: %v", ChromiumPath, err)
	}
	return ctx
}
