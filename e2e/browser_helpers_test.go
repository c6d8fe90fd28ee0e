//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// A real browser — Debian's chromium, driven through the DevTools
// protocol by github.com/chromedp/chromedp — for the tests that use a
// site as a person does.

// stepTimeout bounds one step of a browser test: generous, since CI
// machines are slow and shared.
const stepTimeout = 30 * time.Second

// browser is one headless chromium with one tab, its screenshots and
// what it saw on the network.
type browser struct {
	t      *testing.T
	ctx    context.Context // the tab's; no deadline (steps add theirs)
	shots  string          // where the screenshots go
	nshots int

	mu     sync.Mutex
	events []string            // network and console events, for a failure's report
	loaded []*network.Response // every response received
	output *syncBuf            // chromium's own output
}

// newBrowser starts chromium for the test, headless, with a fresh
// profile; it is stopped when the test ends, after a failure's report
// (the page's address, its HTML and the browser's log).
func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := need(t, "chromium", "/usr/bin/chromium")
	out := &syncBuf{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,  // --headless: Chromium's new headless mode
		chromedp.NoSandbox, // CI runs as root, where the sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	b := &browser{t: t, ctx: ctx, shots: t.ArtifactDir(), output: out}
	t.Cleanup(func() {
		if t.Failed() {
			b.report()
		}
		cancelTab()
		cancelAlloc()
	})

	// The first action starts the browser and binds it to ctx, which
	// therefore has no deadline; a browser that never answers fails the
	// test after a while instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v\nits output:\n%s", exe, err, out.String())
		}
	case <-time.After(2 * stepTimeout):
		t.Fatalf("%s did not start within %v; its output:\n%s", exe, 2*stepTimeout, out.String())
	}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventResponseReceived:
			b.loaded = append(b.loaded, ev.Response)
			b.events = append(b.events, fmt.Sprintf("%d %s (%s)", ev.Response.Status, ev.Response.URL, ev.Response.MimeType))
		case *network.EventLoadingFailed:
			b.events = append(b.events, fmt.Sprintf("failed: %s %s", ev.Type, ev.ErrorText))
		case *runtime.EventExceptionThrown:
			b.events = append(b.events, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			b.events = append(b.events, fmt.Sprintf("console.%s (%d arguments)", ev.Type, len(ev.Args)))
		}
	})
	if err != nil {
		t.Fatalf("listening to the browser's events: %v", err)
	}
	t.Logf("screenshots in %s (keep them with go test -artifacts -outputdir DIR)", b.shots)
	return b
}

// do runs actions as one step, within stepTimeout, failing the test
// with what the step was doing.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that gives a value, within stepTimeout.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// navigate opens url and waits until it has loaded; the page must answer
// with status want.
func (b *browser) navigate(url string, want int64) {
	b.t.Helper()
	resp := run(b, "opening "+url, chromedp.NavigateResponse(url))
	if resp == nil || resp.Status != want {
		b.t.Fatalf("opening %s: %s, want status %d", url, describeResponse(resp), want)
	}
}

// click clicks the element sel finds and waits until the page it leads
// to (through any redirects) has loaded; that page must answer with
// status want.
func (b *browser) click(sel string, want int64) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel))
	if err != nil {
		b.t.Fatalf("clicking %s: %v", sel, err)
	}
	if resp == nil || resp.Status != want {
		b.t.Fatalf("clicking %s led to %s, want status %d", sel, describeResponse(resp), want)
	}
}

// fill replaces the text of the form field the CSS selector css finds
// by value, typing it as a person does.
func (b *browser) fill(css, value string) {
	b.t.Helper()
	b.do("filling "+css,
		chromedp.WaitVisible(chromedp.CSS(css)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, css)),
		chromedp.SendKeys(chromedp.CSS(css), value))
}

// text is the text of the page as a person sees it.
func (b *browser) text() string {
	b.t.Helper()
	return run(b, "reading the page", chromedp.Evaluate[string](`document.body.innerText`))
}

// location is the address of the page shown.
func (b *browser) location() string {
	b.t.Helper()
	return run(b, "reading the address", chromedp.Location())
}

// count is the number of elements the CSS selector css matches.
func (b *browser) count(css string) int {
	b.t.Helper()
	return run(b, "counting "+css, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
}

// shot saves a screenshot of the whole page as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	png := run(b, "taking a screenshot", chromedp.FullScreenshot(100))
	b.nshots++
	path := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.nshots, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// responses are the responses received so far whose URL matches re.
func (b *browser) responses(re *regexp.Regexp) []*network.Response {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*network.Response
	for _, r := range b.loaded {
		if re.MatchString(r.URL) {
			out = append(out, r)
		}
	}
	return out
}

// report logs what the browser shows and saw, for a failed test, and
// saves a last screenshot.
func (b *browser) report() {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		html = fmt.Sprintf("(not readable: %v)", err)
	}
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(b.shots, "failure.png"), png, 0o644)
	}
	b.mu.Lock()
	events := strings.Join(b.events, "\n")
	b.mu.Unlock()
	var output []string // less the noise of a machine without D-Bus
	for _, line := range strings.Split(b.output.String(), "\n") {
		if !strings.Contains(line, "dbus/") {
			output = append(output, line)
		}
	}
	b.t.Logf("the browser shows %s:\n%s\n\nwhat it loaded:\n%s\n\nchromium's output:\n%s", loc, html, events, strings.Join(output, "\n"))
}

// describeResponse is a response's status and address, for messages.
func describeResponse(r *network.Response) string {
	if r == nil {
		return "no response"
	}
	return fmt.Sprintf("%d %s from %s", r.Status, r.StatusText, r.URL)
}

// stylesheetEffectJS checks that the page's stylesheets change how it
// looks: it reads the computed style of every element, disables the
// stylesheets, reads again, enables them, and counts the elements whose
// style changed. It also gives the stylesheets' addresses and rule
// counts (a stylesheet that did not load has none).
const stylesheetEffectJS = `(() => {
	const snap = () => Array.from(document.querySelectorAll('*'), el => {
		const s = getComputedStyle(el);
		return [s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.margin, s.padding, s.maxWidth, s.display, s.border].join('|');
	});
	const sheets = Array.from(document.styleSheets);
	const styled = snap();
	sheets.forEach(s => { s.disabled = true; });
	const plain = snap();
	sheets.forEach(s => { s.disabled = false; });
	return {
		changed: styled.filter((v, i) => v !== plain[i]).length,
		sheets: sheets.map(s => ({href: s.href || '(inline)', rules: s.cssRules.length})),
	};
})()`

// styleEffect is stylesheetEffectJS's answer.
type styleEffect struct {
	Changed int `json:"changed"`
	Sheets  []struct {
		Href  string `json:"href"`
		Rules int    `json:"rules"`
	} `json:"sheets"`
}

// styleEffect evaluates stylesheetEffectJS on the page shown.
func (b *browser) styleEffect() styleEffect {
	b.t.Helper()
	return run(b, "measuring the stylesheets", chromedp.Evaluate[styleEffect](stylesheetEffectJS))
}
