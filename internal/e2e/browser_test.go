package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/httpstatus/site/internal/chromium"
)

// browserTimeout bounds a whole browser test, so that a hung browser
// fails the test instead of stopping the run.
const browserTimeout = 3 * time.Minute

// newBrowser starts headless Chromium with a fresh profile and returns a
// context for opening tabs in it.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromium.Options(chromiumPath(t), t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath(t), err)
	}
	return ctx
}

// cspReporter runs in every document a tab loads and writes each
// violation of the Content-Security-Policy to the console, where the tab
// sees it.
const cspReporter = `document.addEventListener('securitypolicyviolation', function (e) {
  console.error('Content-Security-Policy violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline code') + ' in ' + e.sourceFile + ':' + e.lineNumber);
});`

// tab is a browser tab that records the problems its pages report:
// console errors and warnings, uncaught exceptions and CSP violations.
type tab struct {
	ctx      context.Context
	base     string // URL of the site
	mu       sync.Mutex
	problems []string
}

// openTab opens a tab on the site at base that records its problems.
func openTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	tb := &tab{base: base}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	tb.ctx = ctx
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspReporter})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// listen is called for each event of the tab; it must return fast.
func (tb *tab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, d.Text)
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if e := ev.Entry; e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning {
			problem = fmt.Sprintf("browser log, %s %s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
		}
	}
	if problem != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, problem)
		tb.mu.Unlock()
	}
}

// takeProblems returns the problems reported so far and forgets them.
// The listener sees an event before the command that follows it returns,
// so a round trip first makes sure every earlier event is counted.
func (tb *tab) takeProblems(t *testing.T) []string {
	t.Helper()
	tb.eval(t, `1`)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// noProblems fails the test for every problem the tab's pages reported.
func (tb *tab) noProblems(t *testing.T) {
	t.Helper()
	for _, p := range tb.takeProblems(t) {
		t.Errorf("page reported: %s", p)
	}
}

// do runs actions in the tab.
func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// open loads a path of the site and waits for its load event.
func (tb *tab) open(t *testing.T, path string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(tb.base+path))
}

// filterReady focuses the index's filter, which then loads its terms,
// and waits until it has.
func (tb *tab) filterReady(t *testing.T) {
	t.Helper()
	tb.do(t, chromedp.Focus(chromedp.ID("filter-input")), chromedp.WaitVisible(chromedp.CSS("#filter.ready")))
}

// eval returns the value of a JavaScript expression in the page.
func (tb *tab) eval(t *testing.T, expr string) any {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// evalString returns the string value of a JavaScript expression.
func (tb *tab) evalString(t *testing.T, expr string) string {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// path returns the path, query and fragment of the tab's location.
func (tb *tab) path(t *testing.T) string {
	t.Helper()
	u, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u, tb.base)
}

// follow runs an action that makes the page load another document, such
// as a click on a link or a key press, waits for the new document's load
// event, and checks that the tab is then at path.
func (tb *tab) follow(t *testing.T, path string, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, action)); err != nil {
		t.Fatalf("waiting for %s: %v", path, err)
	}
	if got := tb.path(t); got != path {
		t.Fatalf("the tab is at %s, want %s", got, path)
	}
}

// press presses and releases a key the way a keyboard does: the key
// down event carries the text, so a page that cancels it types nothing.
func (tb *tab) press(t *testing.T, key, code string, keyCode int64) {
	t.Helper()
	text := ""
	if len([]rune(key)) == 1 {
		text = key
	}
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		_, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: key, Code: code, Text: text, UnmodifiedText: text,
			WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode,
		})
		if err != nil {
			t.Fatal(err)
		}
		text = ""
	}
}

// colorScheme makes the tab's pages see prefers-color-scheme as scheme.
func (tb *tab) colorScheme(t *testing.T, scheme string) {
	t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// media makes the tab's pages render for print, or for a screen in the
// light or dark colour scheme.
func (tb *tab) media(t *testing.T, m string) {
	t.Helper()
	if m != "print" {
		tb.colorScheme(t, m)
		return
	}
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	if err != nil {
		t.Fatal(err)
	}
}

// shownCodes returns the codes of the index entries the filter leaves visible.
func (tb *tab) shownCodes(t *testing.T) []int {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]int](
		`[...document.querySelectorAll('.entry')].filter(e => e.offsetParent !== null).map(e => +e.dataset.code)`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowser drives the built site in Chromium, one tab per subtest.
func TestBrowser(t *testing.T) {
	t.Parallel()
	srv := newSiteServer(t, buildSite(t))
	browser := newBrowser(t)
	run := func(name string, f func(t *testing.T, tb *tab)) {
		t.Run(name, func(t *testing.T) {
			tb := openTab(t, browser, srv.URL)
			f(t, tb)
			tb.noProblems(t)
		})
	}
	run("filter", testFilter)
	run("enter opens the single match", testFilterEnter)
	run("slash focuses the filter", testFilterSlash)
	run("without javascript", testNoScript)
	run("index to a code and back", testBackToEntry)
	run("arrow keys", testArrowKeys)
	run("dark mode", testDarkMode)
	run("320 px wide", testNarrow)
	run("no layout shift", testNoShift)
	run("print", testPrint)
	run("axe", testAxe)
	run("screenshots", testScreenshots)
	t.Run("problems are reported", func(t *testing.T) { testProblemsReported(t, browser, srv.URL) })
}

func codesOfClass(digit int) []int {
	var codes []int
	for _, c := range allCodes {
		if c/100 == digit {
			codes = append(codes, c)
		}
	}
	return codes
}

// allCodes are the codes of the index's entries, in order: the
// article's, then the unofficial ones.
var allCodes = []int{
	100, 101, 102, 103,
	200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
	300, 301, 302, 303, 304, 305, 307, 308,
	400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
	500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
	// The unofficial codes, by vendor as content/unofficial-codes.md lists them.
	444, 494, 495, 496, 497, 499,
	499, 520, 521, 522, 523, 524, 525, 526, 530,
	460, 463, 464, 561,
	440, 449, 451,
	419,
	419,
	509,
	599,
	599,
	598, 599,
}

func testFilter(t *testing.T, tb *tab) {
	tb.open(t, "/")
	tb.filterReady(t)
	if got := tb.shownCodes(t); !slices.Equal(got, allCodes) {
		t.Fatalf("before filtering, the index shows %v", got)
	}
	const order = `[...document.querySelector('.article').children].map(e => e.id || e.tagName).join(' ')`
	before := tb.evalString(t, order)
	// Each query lists its matches in order of rank: the code typed
	// whole, then a synonym from content/synonyms.yaml, then a name (the
	// article's, the registry's or a constant), then any other word.
	tests := []struct {
		query  string
		first  []int // the first matches, in order
		all    int   // how many match, or -1 for no check
		status string
	}{
		{"404", []int{404}, 1, "1 code matches. Press Enter to open it."},
		{"4", codesOfClass(4), 44, "44 codes match."},
		{"40", []int{400, 401, 402, 403, 404, 405, 406, 407, 408, 409}, 10, "10 codes match."},
		{"content too large", []int{413}, -1, ""},
		{"Payload Too Large", []int{413}, -1, ""},
		{"unprocessable content", []int{422}, -1, ""},
		{"unprocessable entity", []int{422}, -1, ""},
		{"rate limit", []int{429}, -1, ""},
		{"StatusTeapot", []int{418}, 1, "1 code matches. Press Enter to open it."},
		{"statusnotfound", []int{404}, 1, ""},
		{"HTTP_NOT_FOUND", []int{404}, 1, ""},
		{"unprocessable_entity", []int{422}, 1, ""},
		{"HttpStatusCode.NotFound", []int{404}, 1, ""},
		{"teapot", []int{418}, -1, ""},
		{"im a teapot", []int{418}, 1, ""},
		{"auth", []int{401, 407, 203}, -1, ""},
		{"timeout", []int{408, 504, 524, 598}, -1, ""},
		{"too large", []int{413, 414, 431}, -1, ""},
		{"4xx", codesOfClass(4), 44, ""},
		{"nginx", []int{444, 494, 495, 496, 497, 499}, -1, ""},
		{"cloudflare", []int{499, 520, 521, 522, 523, 524, 525, 526, 530}, -1, ""},
		{"client closed", []int{499, 499, 460}, -1, ""},
		{"ssl handshake", []int{525}, -1, ""},
		{"webdav", []int{102, 207, 208, 422, 423, 424, 507, 508}, -1, ""},
		{"5 webdav", []int{507, 508}, 2, "2 codes match."},
		{"nothing-like-this", nil, 0, "No code matches “nothing-like-this”."},
	}
	for _, tt := range tests {
		tb.do(t, chromedp.SendKeys(chromedp.ID("filter-input"), tt.query))
		got := tb.shownCodes(t)
		if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) || tt.all >= 0 && len(got) != tt.all {
			t.Errorf("filter %q lists %v, want %v first and %d in all", tt.query, got, tt.first, tt.all)
		}
		t.Logf("filter %q lists %v", tt.query, got)
		if status := tb.evalString(t, `document.querySelector('#filter [aria-live]').textContent`); tt.status != "" && status != tt.status {
			t.Errorf("filter %q: status %q, want %q", tt.query, status, tt.status)
		}
		// The rest of the article hides, so matches follow the box.
		if hidden := tb.eval(t, `[...document.querySelectorAll('.filter ~ :not(.entry)')].every(e => e.offsetParent === null)`); hidden != true {
			t.Errorf("filter %q leaves parts of the article other than its matches shown", tt.query)
		}
		tb.do(t, chromedp.KeyEvent(kb.Escape))
		if v := tb.evalString(t, `document.getElementById('filter-input').value`); v != "" {
			t.Errorf("after Escape, the filter holds %q", v)
		}
		if got := tb.shownCodes(t); !slices.Equal(got, allCodes) {
			t.Errorf("after Escape on %q, the index shows %d codes, want all %d in order", tt.query, len(got), len(allCodes))
		}
	}
	// Cleared, the article is whole again, each element at its place.
	if got := tb.evalString(t, order); got != before {
		t.Errorf("after filtering, the article's children are in another order")
	}
}

func testFilterEnter(t *testing.T, tb *tab) {
	tb.open(t, "/")
	tb.filterReady(t)
	// Enter with several matches stays on the index.
	tb.do(t, chromedp.SendKeys(chromedp.ID("filter-input"), "auth"))
	if prevented := tb.eval(t, `(() => {
		const e = new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true});
		document.getElementById('filter-input').dispatchEvent(e);
		return e.defaultPrevented;
	})()`); prevented != false {
		t.Errorf("Enter with four matches was taken by the page")
	}
	tb.do(t, chromedp.KeyEvent(kb.Escape), chromedp.SendKeys(chromedp.ID("filter-input"), "teapot"))
	tb.follow(t, "/codes/418", chromedp.KeyEvent(kb.Enter))
	if h1 := tb.evalString(t, `document.querySelector('h1').textContent`); h1 != "418 I'm a teapot" {
		t.Errorf("after Enter, h1 = %q", h1)
	}
}

func testFilterSlash(t *testing.T, tb *tab) {
	tb.open(t, "/")
	tb.press(t, "/", "Slash", 191)
	if id := tb.evalString(t, `document.activeElement.id`); id != "filter-input" {
		t.Errorf("after /, the focus is on %q, want the filter", id)
	}
	// In the box, "/" is text.
	tb.do(t, chromedp.KeyEvent("4/"))
	if v := tb.evalString(t, `document.getElementById('filter-input').value`); v != "4/" {
		t.Errorf("typing 4/ in the filter gives %q", v)
	}
}

func testNoScript(t *testing.T, tb *tab) {
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		t.Fatal(err)
	}
	tb.open(t, "/")
	if got := tb.shownCodes(t); !slices.Equal(got, allCodes) {
		t.Errorf("without JavaScript, the index shows %d codes, want all %d", len(got), len(allCodes))
	}
	if shown := tb.eval(t, `document.getElementById('filter').offsetParent !== null`); shown != false {
		t.Error("without JavaScript, the filter box is shown")
	}
}

func testBackToEntry(t *testing.T, tb *tab) {
	tb.open(t, "/")
	tb.follow(t, "/codes/418", chromedp.Click(chromedp.CSS(`.entry[data-code="418"] h3 a[href="/codes/418"]`)))
	crumbs, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.breadcrumb li')].map(li => li.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Home", "4xx Client Error", "418"}; !slices.Equal(crumbs, want) {
		t.Errorf("breadcrumb = %q, want %q", crumbs, want)
	}
	tb.follow(t, "/#418-im-a-teapot", chromedp.Click(chromedp.CSS(`.back a`)))
	// The entry is at the top of the viewport.
	top := tb.eval(t, `Math.round(document.getElementById('418-im-a-teapot').getBoundingClientRect().top)`)
	if top, ok := top.(float64); !ok || top < 0 || top > 40 {
		t.Errorf("the entry of 418 is %v px from the top of the viewport", top)
	}
}

func testArrowKeys(t *testing.T, tb *tab) {
	tb.open(t, "/codes/418")
	tb.follow(t, "/codes/421", chromedp.KeyEvent(kb.ArrowRight))
	tb.follow(t, "/codes/418", chromedp.KeyEvent(kb.ArrowLeft))
	tb.follow(t, "/codes/417", chromedp.KeyEvent(kb.ArrowLeft))
	// With a modifier held, the browser keeps the key: Alt+← is Back.
	for _, mod := range []string{"altKey", "ctrlKey", "metaKey", "shiftKey"} {
		expr := fmt.Sprintf(`(() => {
			const e = new KeyboardEvent('keydown', {key: 'ArrowRight', %s: true, bubbles: true, cancelable: true});
			document.body.dispatchEvent(e);
			return e.defaultPrevented;
		})()`, mod)
		if prevented := tb.eval(t, expr); prevented != false {
			t.Errorf("→ with %s was taken by the page", mod)
		}
	}
	// The first code has no previous one.
	tb.open(t, "/codes/100")
	if prevented := tb.eval(t, `(() => {
		const e = new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true, cancelable: true});
		document.body.dispatchEvent(e);
		return e.defaultPrevented;
	})()`); prevented != false {
		t.Error("← on the first code was taken by the page")
	}
}

func testDarkMode(t *testing.T, tb *tab) {
	const style = `getComputedStyle(document.body).backgroundColor + ' ' + getComputedStyle(document.body).color`
	colors := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		tb.colorScheme(t, scheme)
		tb.open(t, "/codes/404")
		colors[scheme] = tb.evalString(t, style)
	}
	if colors["light"] == colors["dark"] {
		t.Errorf("light and dark pages have the same colours: %s", colors["light"])
	}
	if want := "rgb(255, 255, 255) "; !strings.HasPrefix(colors["light"], want) {
		t.Errorf("light page: %s, want a background of %s", colors["light"], want)
	}
	t.Logf("body background and text: light %s, dark %s", colors["light"], colors["dark"])
}

func testNarrow(t *testing.T, tb *tab) {
	tb.do(t, chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/", "/codes/404", "/codes/418", "/codes/204", "/codes/499", "/404.html"} {
		tb.open(t, p)
		w := tb.evalString(t, `document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth`)
		var scroll, client int
		fmt.Sscan(w, &scroll, &client)
		if client != 320 || scroll > client {
			t.Errorf("%s at 320 px: scrollWidth %d, clientWidth %d", p, scroll, client)
		}
	}
}

// shiftPages are the pages whose layout must not shift as they load.
var shiftPages = []string{"/", "/codes/404", "/codes/418", "/codes/301", "/codes/206", "/codes/499", "/404.html"}

// layoutShift returns the sum of the layout shifts of the tab's page so
// far, as a PerformanceObserver reports them. The buffered entries are
// taken at once, without waiting for the observer's callback: with
// scripts disabled, a page runs no callbacks.
func (tb *tab) layoutShift(t *testing.T) float64 {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[float64](`(() => {
		const o = new PerformanceObserver(() => {});
		o.observe({type: 'layout-shift', buffered: true});
		return o.takeRecords().reduce((sum, e) => sum + e.value, 0);
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// testNoShift loads each page at a phone's width, with JavaScript and
// without, and checks that nothing on it moved: the filter box of the
// index is laid out from the first paint, and hidden by the stylesheet
// when scripts do not run.
func testNoShift(t *testing.T, tb *tab) {
	tb.do(t, chromedp.EmulateViewport(412, 823))
	for _, scripts := range []bool{false, true} {
		_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !scripts})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range shiftPages {
			tb.open(t, p)
			if p == "/" && scripts {
				tb.filterReady(t)
			}
			if shift := tb.layoutShift(t); shift != 0 {
				t.Errorf("%s, scripts %v: layout shift %v, want 0", p, scripts, shift)
			}
		}
	}
	// A shift is seen: an element put above the content moves it.
	tb.open(t, "/codes/404")
	tb.do(t, chromedp.Evaluate[chromedp.Void](`new Promise(done => {
		const p = document.createElement('p');
		p.textContent = 'late';
		document.querySelector('main').prepend(p);
		requestAnimationFrame(() => requestAnimationFrame(done));
	})`, chromedp.EvalAwaitPromise))
	if shift := tb.layoutShift(t); shift == 0 {
		t.Error("a paragraph put above the content shifts nothing, as the observer sees it")
	}
}

// testPrint checks what a printed page leaves out: what only works on a
// screen, such as the filter, the pager and the strip of a class's codes.
func testPrint(t *testing.T, tb *tab) {
	tb.media(t, "print")
	for _, tt := range []struct {
		path   string
		hidden []string // selectors of what printing leaves out
	}{
		{"/", []string{"#filter", ".jump", ".site-footer nav"}},
		{"/codes/404", []string{".breadcrumb", ".class-codes", ".pager", ".back"}},
	} {
		tb.open(t, tt.path)
		for _, sel := range tt.hidden {
			if shown := tb.eval(t, `getComputedStyle(document.querySelector('`+sel+`')).display !== 'none'`); shown != false {
				t.Errorf("printed, %s shows %s", tt.path, sel)
			}
		}
		if c := tb.evalString(t, `getComputedStyle(document.body).color`); c != "rgb(0, 0, 0)" {
			t.Errorf("printed, %s has text of %s, want black", tt.path, c)
		}
		if kept := tb.eval(t, `document.querySelector('main h1').offsetParent !== null`); kept != true {
			t.Errorf("printed, %s loses its heading", tt.path)
		}
	}
}

// axeViolation is the part of an axe-core violation a failure shows.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe runs axe-core on the tab's page and returns its violations.
func (tb *tab) axe(t *testing.T, src []byte) []axeViolation {
	t.Helper()
	if tb.eval(t, `typeof axe`) != "object" {
		tb.do(t, chromedp.Evaluate[chromedp.Void](string(src)))
	}
	vs, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ['violations']}).then(r =>
		r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", tb.path(t), err)
	}
	return vs
}

func testAxe(t *testing.T, tb *tab) {
	src, err := os.ReadFile(axeJS(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		tb.colorScheme(t, scheme)
		for _, p := range []string{"/", "/codes", "/codes/404", "/codes/418", "/codes/204", "/codes/499", "/404.html"} {
			tb.open(t, p)
			for _, v := range tb.axe(t, src) {
				t.Errorf("axe, %s, %s: %s (%s): %s\n\t%s", scheme, p, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
			}
		}
	}
	// axe does find a violation: a button with no name.
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelector('main').append(document.createElement('button'))`))
	if vs := tb.axe(t, src); !slices.ContainsFunc(vs, func(v axeViolation) bool { return v.ID == "button-name" }) {
		t.Errorf("axe misses a button with no name; it reports %v", vs)
	}
}

// screenshotDir returns where screenshots go: SCREENSHOT_DIR, or a
// directory in the system's temporary directory, outside the repository.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "httpstatus-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func testScreenshots(t *testing.T, tb *tab) {
	dir := screenshotDir(t)
	shots := []struct {
		name, path, scheme string
		width, height      int64
		filter             string // typed into the filter box
		tab                bool   // Tab pressed once, to show the skip link
	}{
		{"index-light", "/", "light", 1280, 900, "", false},
		{"index-dark", "/", "dark", 1280, 900, "", false},
		{"index-4xx-light", "/#4xx-client-error-status-codes", "light", 1280, 900, "", false},
		{"code-418-light", "/codes/418", "light", 1280, 900, "", false},
		{"code-418-dark", "/codes/418", "dark", 1280, 900, "", false},
		{"code-418-skip-link-dark", "/codes/418", "dark", 1280, 900, "", true},
		{"index-filtered-light", "/", "light", 1280, 900, "auth", false},
		{"index-320-light", "/", "light", 320, 640, "", false},
		{"index-320-filtered-dark", "/", "dark", 320, 640, "4", false},
		{"code-204-320-light", "/codes/204", "light", 320, 640, "", false},
		{"code-204-print", "/codes/204", "print", 800, 1100, "", false},
	}
	for _, s := range shots {
		tb.media(t, s.scheme)
		tb.do(t, chromedp.EmulateViewport(s.width, s.height))
		tb.open(t, s.path)
		if s.filter != "" {
			tb.filterReady(t)
			tb.do(t, chromedp.SendKeys(chromedp.ID("filter-input"), s.filter))
		}
		if s.tab {
			tb.do(t, chromedp.KeyEvent(kb.Tab))
		}
		png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, s.name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
	}
}

// testProblemsReported checks that a tab does see the problems it looks
// for: an uncaught exception and a violation of the site's CSP.
func testProblemsReported(t *testing.T, browser context.Context, base string) {
	tb := openTab(t, browser, base)
	tb.open(t, "/codes/404")
	// Each promise settles after the problem it causes was reported.
	_, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](`new Promise(done => {
		setTimeout(() => { throw new Error('boom') }, 0);
		setTimeout(done, 0);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	_, err = chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](`new Promise(done => {
		document.addEventListener('securitypolicyviolation', done);
		const s = document.createElement('style');
		s.textContent = 'body { color: red }';
		document.head.append(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(tb.takeProblems(t), "\n")
	for _, want := range []string{"boom", "Content-Security-Policy violation: style-src"} {
		if !strings.Contains(problems, want) {
			t.Errorf("the tab missed %q; it saw:\n%s", want, problems)
		}
	}
}
