// Package browsertest drives a real Chromium from Go tests: the pages of
// the web app are tried the way people use them, in Debian's chromium
// package, headless, through the DevTools protocol (chromedp).
//
// A test starts one browser with Start and opens a Tab per person; each
// tab is its own browser context, so two tabs are two people with their
// own cookies. Tab.Check audits the page the way a reviewer would:
// axe-core for WCAG 2.1 A and AA, no sideways scrolling at 360 px, and a
// screenshot at 360 and 1280 px for people to look at.
//
// Where no browser is installed the test is skipped with a message,
// unless PLP_REQUIRE_BROWSER is set (CI sets it), where it fails: a
// browser test that silently skips in CI would test nothing.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core 4.14.1 (npm package axe-core, MPL-2.0), evaluated
// inside the page under test.
//
//go:embed testdata/axe.min.js
var axeSource string

// RequireEnv names the variable that turns a missing browser from a skip
// into a failure.
const RequireEnv = "PLP_REQUIRE_BROWSER"

// ScreenshotEnv names the folder screenshots are written to; without it
// they go to ScreenshotDir.
const ScreenshotEnv = "PLP_SCREENSHOTS"

// ScreenshotDir is where screenshots go by default: one folder, outside
// the module, that the README names for people to review.
var ScreenshotDir = filepath.Join(os.TempDir(), "plp-screenshots")

// Widths are the viewport widths Check looks at: a small phone and a laptop.
var Widths = []int64{360, 1280}

// Timeout bounds each step of a tab (a navigation, a click, an audit), so a
// page that never answers fails the test instead of hanging it.
var Timeout = 30 * time.Second

// Browser is one Chromium process for a test.
type Browser struct {
	ctx context.Context // the first tab's context: it owns the browser
}

// findChromium returns the browser's path: $PLP_CHROMIUM, then the names
// Debian and others install it under.
func findChromium() string {
	if p := os.Getenv("PLP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches a headless Chromium for the test and stops it when the
// test ends. It skips the test where no browser is installed, or fails it
// when RequireEnv is set.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("no Chromium found (install it: apt-get install -y chromium, or set PLP_CHROMIUM), and %s is set", RequireEnv)
		}
		t.Skip("browser test skipped: no Chromium found (apt-get install -y chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the browser and binds it to its context: that
	// context must live as long as the test, so it has no timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium at %s: %v", path, err)
	}
	return &Browser{ctx: ctx}
}

// TabOption sets up a tab before its first page.
type TabOption func(p *Tab) error

// NoScript opens the tab with JavaScript turned off: the core flows must
// work without it.
func NoScript() TabOption {
	return func(p *Tab) error {
		p.noScript = true
		return setScripts(p.ctx, false)
	}
}

func setScripts(ctx context.Context, on bool) error {
	return chromedp.Do(ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return chromedp.Void{}, err
	})
}

// Language makes the tab ask for pages in the given languages, as a
// browser set to them would (the Accept-Language header), for example
// "es-MX,es;q=0.9".
func Language(acceptLanguage string) TabOption {
	return func(p *Tab) error {
		return chromedp.Do(p.ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
				return chromedp.Void{}, err
			}
			_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
				Headers: network.Headers{"Accept-Language": acceptLanguage},
			})
			return chromedp.Void{}, err
		})
	}
}

// Tab is one person at one browser: its own browser context, so its own
// cookies and storage.
type Tab struct {
	t        testing.TB
	ctx      context.Context
	noScript bool
}

// Tab opens a new person's window. It closes when the test ends.
func (b *Browser) Tab(t testing.TB, opts ...TabOption) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab; bound to ctx, so no timeout
		t.Fatalf("open a tab: %v", err)
	}
	p := &Tab{t: t, ctx: ctx}
	for _, o := range opts {
		if err := o(p); err != nil {
			t.Fatalf("set up the tab: %v", err)
		}
	}
	return p
}

// Context is the tab's chromedp context, for the steps this package does
// not wrap: chromedp.Do(tab.Context(), ...).
func (p *Tab) Context() context.Context { return p.ctx }

func (p *Tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, Timeout)
}

// Go opens url and returns the HTTP status of the page.
func (p *Tab) Go(url string) int64 {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		p.t.Fatalf("open %s: %v", url, err)
	}
	return resp.Status
}

// Fill types value into the form control css selects, replacing what was
// there.
func (p *Tab) Fill(css, value string) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS(css)),
		chromedp.SendKeys(chromedp.CSS(css), value),
	); err != nil {
		p.t.Fatalf("fill %s: %v", css, err)
	}
}

// Choose selects the option with the given value in the select css
// selects, or checks the radio button or checkbox css selects when value
// is empty.
func (p *Tab) Choose(css, value string) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	var err error
	if value == "" {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css)))
	} else {
		err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(css), value))
	}
	if err != nil {
		p.t.Fatalf("choose %s %q: %v", css, value, err)
	}
}

// Submit clicks the button css selects and waits for the page it leads
// to; it returns that page's HTTP status.
func (p *Tab) Submit(css string) int64 {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css)))
	if err != nil {
		p.t.Fatalf("submit with %s: %v", css, err)
	}
	return resp.Status
}

// Click clicks what css selects without waiting for a new page: for what
// htmx or the page's own script does in place.
func (p *Tab) Click(css string) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("click %s: %v", css, err)
	}
}

// Upload puts files into the file input css selects.
func (p *Tab) Upload(css string, files ...string) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(css), files)); err != nil {
		p.t.Fatalf("upload to %s: %v", css, err)
	}
}

// Text returns the visible text of the first element css selects, waiting
// until there is one.
func (p *Tab) Text(css string) string {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		p.t.Fatalf("read %s: %v", css, err)
	}
	return s
}

// Count returns how many elements css selects now, without waiting.
func (p *Tab) Count(css string) int {
	p.t.Helper()
	var n int
	p.Eval(fmt.Sprintf("document.querySelectorAll(%s).length", jsString(css)), &n)
	return n
}

// WaitGone waits until nothing matches css: a slot another family took
// disappearing from an open page, for example.
func (p *Tab) WaitGone(css string) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitNotPresent(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("wait until %s is gone: %v", css, err)
	}
}

// URL returns the address of the page the tab shows.
func (p *Tab) URL() string {
	p.t.Helper()
	var u string
	p.Eval("location.href", &u)
	return u
}

// Eval runs JavaScript in the page and decodes its JSON result into out.
func (p *Tab) Eval(js string, out any) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", clip(js), err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("evaluate %s: decode %s: %v", clip(js), clip(string(raw)), err)
		}
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// Violation is one axe-core finding: a WCAG rule a page breaks, and where.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"` // CSS selectors of the elements at fault
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
}

// axeRun audits the document for the WCAG 2.0 and 2.1 A and AA rules and
// returns each violation with the selectors of the elements at fault.
const axeRun = `(async () => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
  return r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}));
})()`

// Audit runs axe-core in the page and returns what it finds against WCAG
// 2.1 A and AA. In a NoScript tab it turns scripts on for the audit alone
// (axe waits on timers, which do not fire without them); the page's own
// scripts, which did not run at load, do not run then either.
func (p *Tab) Audit() []Violation {
	p.t.Helper()
	if p.noScript {
		if err := setScripts(p.ctx, true); err != nil {
			p.t.Fatalf("turn scripts on for the audit: %v", err)
		}
		defer func() {
			if err := setScripts(p.ctx, false); err != nil {
				p.t.Fatalf("turn scripts off after the audit: %v", err)
			}
		}()
	}
	var loaded bool
	p.Eval("typeof axe !== 'undefined'", &loaded)
	if !loaded {
		p.Eval(axeSource+"\n;true", nil)
	}
	var vs []Violation
	p.Eval(axeRun, &vs)
	return vs
}

// Overflow reports how many CSS pixels the page is wider than the window
// at the given width: 0 when nothing scrolls sideways.
func (p *Tab) Overflow(width int64) int {
	p.t.Helper()
	p.resize(width)
	var extra int
	p.Eval("Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)", &extra)
	return extra
}

func (p *Tab) resize(width int64) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
		p.t.Fatalf("resize to %d px: %v", width, err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Screenshot writes a full-page PNG of the tab at the given width to the
// screenshot folder and returns its path.
func (p *Tab) Screenshot(name string, width int64) string {
	p.t.Helper()
	p.resize(width)
	ctx, cancel := p.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv(ScreenshotEnv)
	if dir == "" {
		dir = ScreenshotDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatalf("screenshot folder: %v", err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%dpx.png", unsafeName.ReplaceAllString(name, "_"), width))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("write screenshot: %v", err)
	}
	return path
}

// Check holds the page to the bars every page must meet, and fails the
// test (without stopping it) for each one it misses: no axe-core violation
// of WCAG 2.1 A/AA, nothing scrolls sideways at 360 px. It writes a
// screenshot at each of Widths, named after name, and leaves the tab at
// 1280 px.
func (p *Tab) Check(name string) {
	p.t.Helper()
	for _, v := range p.Audit() {
		p.t.Errorf("%s: accessibility: %s", name, v)
	}
	for _, w := range Widths {
		if extra := p.Overflow(w); extra > 0 && w <= 360 {
			p.t.Errorf("%s: at %d px the page scrolls sideways by %d px", name, w, extra)
		}
		p.Screenshot(name, w)
	}
}
