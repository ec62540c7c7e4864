package a11y_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/tandemhq/tandem/internal/browsertest"
)

const (
	// axePath is the axe-core that tools/a11y pins, from this directory.
	axePath = "../../tools/a11y/node_modules/axe-core/axe.min.js"

	phoneWidth  = 320 // CSS px: the narrowest phone WCAG 1.4.10 asks for
	zoomWidth   = 160 // the same phone with the text zoomed to 200 %
	phoneHeight = 640

	// stepTimeout bounds one browser action, so a page that never loads
	// fails its check instead of stalling the suite.
	stepTimeout = 20 * time.Second
	// axeTimeout bounds one run of axe-core: the blueprint editor, thousands
	// of elements, takes seconds on a busy machine.
	axeTimeout = 90 * time.Second
	// browserTimeout bounds the whole browser.
	browserTimeout = 5 * time.Minute
)

// newBrowser starts one headless Chromium on a phone screen for the whole
// test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, phoneWidth, phoneHeight, browserTimeout)
}

// tab is one browser tab with cookies of its own: one visitor's phone.
type tab struct {
	ctx  context.Context
	base string // the server's URL
	axe  string // axe-core's source

	mu  sync.Mutex
	doc network.RequestID // the latest HTML document's response
}

// newTab opens a tab in a new browser context (its own cookie jar), as a
// 320 px wide phone screen.
func newTab(t *testing.T, browser context.Context, base, axe string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	b := &tab{ctx: ctx, base: base, axe: axe}
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Type == network.ResourceTypeDocument {
			b.mu.Lock()
			b.doc = ev.RequestID
			b.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

func eval[T any](b *tab, js string) (T, error) {
	return evalWithin[T](b, stepTimeout, js)
}

// evalWithin is eval for a script that may take longer than one step.
func evalWithin[T any](b *tab, timeout time.Duration, js string) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// forget clears the tab's cookies: a visitor new to the site.
func (b *tab) forget() error {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	_, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
	return err
}

// reached is where a navigation landed.
type reached struct {
	Status int64
	URL    string
}

// open navigates to path on the server and waits for the page to load.
func (b *tab) open(path string) (reached, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		return reached{}, fmt.Errorf("open %s: %w", path, err)
	}
	return reached{Status: resp.Status, URL: resp.URL}, nil
}

// fillJS finds the first form whose action's path matches a pattern, clears
// its choices and text fields when asked, sets the given fields (a radio
// button or a submit button by its value, a checkbox on when the value is
// not empty) and marks the form for submitJS. A field the form lacks, or a
// submit button's name and value, travel as a hidden input, as the button's
// click would send them.
const fillJS = `(re, fields, clear) => {
	const f = [...document.forms].find(f => new RegExp(re).test(new URL(f.action, location.href).pathname));
	if (!f) return false;
	const typed = e => e.tagName === 'TEXTAREA' || (e.tagName === 'INPUT' &&
		!['hidden', 'radio', 'checkbox', 'submit', 'button', 'reset', 'image', 'file'].includes(e.type));
	if (clear) for (const e of f.elements) {
		if (e.type === 'radio' || e.type === 'checkbox') e.checked = false;
		else if (typed(e)) e.value = '';
	}
	for (const [name, value] of Object.entries(fields)) {
		const els = [...f.elements].filter(e => e.name === name && e.type !== 'submit' && e.tagName !== 'BUTTON');
		if (!els.length) {
			const h = document.createElement('input');
			h.type = 'hidden'; h.name = name; h.value = value;
			f.append(h);
		}
		for (const e of els) {
			if (e.type === 'radio') e.checked = e.value === value;
			else if (e.type === 'checkbox') e.checked = value !== '';
			else e.value = value;
		}
	}
	document.querySelectorAll('form[data-a11y-submit]').forEach(f => f.removeAttribute('data-a11y-submit'));
	f.setAttribute('data-a11y-submit', '');
	return true;
}`

// submitJS sends the marked form the way a browser without JavaScript
// would: no submit event for the page's scripts to take over, no
// constraint validation.
const submitJS = `HTMLFormElement.prototype.submit.call(document.querySelector('form[data-a11y-submit]'))`

// errMissing says a page state the walk looks for is not there: a form or
// switch not built (yet), or a state that is no page of its own.
type errMissing string

func (e errMissing) Error() string { return string(e) }

// submit fills and posts the first form whose action path matches re (see
// fillJS) and waits for the page the post leads to.
func (b *tab) submit(re string, fields map[string]string, clear bool) (reached, error) {
	if fields == nil {
		fields = map[string]string{}
	}
	args, _ := json.Marshal([]any{re, fields, clear})
	found, err := eval[bool](b, "("+fillJS+")(..."+string(args)+")")
	if err != nil {
		return reached{}, fmt.Errorf("filling the form %s: %w", re, err)
	}
	if !found {
		return reached{}, errMissing("no form posting to " + re + " on the page")
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Evaluate[chromedp.Void](submitJS))
	if err != nil {
		return reached{}, fmt.Errorf("posting the form %s: %w", re, err)
	}
	return reached{Status: resp.Status, URL: resp.URL}, nil
}

// violation is one axe rule that failed, with the elements at fault.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"url"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeTags are the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// runAxe injects axe-core into the page, unless already there, and runs the
// WCAG A and AA rules over the whole document.
func (b *tab) runAxe() ([]violation, error) {
	if _, err := eval[chromedp.Void](b, `if (typeof axe === 'undefined') {`+b.axe+"\n}"); err != nil {
		return nil, fmt.Errorf("injecting axe-core: %w", err)
	}
	tags, _ := json.Marshal(axeTags)
	raw, err := evalWithin[[]byte](b, axeTimeout, `axe.run(document, {
		runOnly: {type: 'tag', values: `+string(tags)+`},
		resultTypes: ['violations'],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, url: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.flat().join(' '),
			html: n.html.slice(0, 240),
			summary: n.failureSummary || '',
		})),
	})))`)
	if err != nil {
		return nil, fmt.Errorf("running axe: %w", err)
	}
	var out []violation
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("axe result: %w", err)
	}
	return out, nil
}

// overflow is what sticks out of the viewport sideways.
type overflow struct {
	ScrollWidth int64    `json:"scroll"`
	Width       int64    `json:"width"`
	Over        []string `json:"over"` // the outermost elements past the right edge
}

// measureOverflow lays the page out at a viewport width and reports
// whether it scrolls sideways, and which elements stick out.
func (b *tab) measureOverflow(width int64) (overflow, error) {
	if err := b.do(chromedp.EmulateViewport(width, phoneHeight)); err != nil {
		return overflow{}, err
	}
	defer b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight))
	raw, err := eval[[]byte](b, `(() => {
		const w = document.documentElement.clientWidth;
		const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
			(e.classList.length ? '.' + [...e.classList].join('.') : '');
		const over = [];
		for (const e of document.body.querySelectorAll('*')) {
			if (e.getBoundingClientRect().right <= w + 0.5) continue;
			if (e.parentElement && e.parentElement.getBoundingClientRect().right > w + 0.5) continue;
			over.push(name(e.parentElement) + ' > ' + name(e) + ' (right edge ' +
				Math.round(e.getBoundingClientRect().right) + ' px)');
		}
		return {scroll: document.documentElement.scrollWidth, width: w, over: over.slice(0, 5)};
	})()`)
	if err != nil {
		return overflow{}, err
	}
	var o overflow
	return o, json.Unmarshal(raw, &o)
}

// sizes are gzip-compressed sizes of sub-resources by URL: the style sheets
// and scripts pages share are compressed once.
var sizes = struct {
	sync.Mutex
	m map[string]int
}{m: map[string]int{}}

// pageWeight is the gzip-compressed size of the page as loaded: its HTML
// (the very response the browser got, so also after a POST) plus every
// style sheet, script, image and font it loaded. Live-update streams and
// fetches are not part of the page.
func (b *tab) pageWeight() (total int, parts []string, err error) {
	b.mu.Lock()
	doc := b.doc
	b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	body, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: doc})
	if err != nil {
		return 0, nil, fmt.Errorf("the page's HTML: %w", err)
	}
	total = gzipSize(body.Body)
	parts = append(parts, fmt.Sprintf("html %d", total))
	urls, err := eval[[]string](b, `performance.getEntriesByType('resource')
		.filter(e => ['link', 'script', 'img', 'css', 'image', 'font', 'style'].includes(e.initiatorType))
		.map(e => e.name)`)
	if err != nil {
		return 0, nil, err
	}
	for _, u := range urls {
		n, err := resourceSize(u)
		if err != nil {
			return 0, nil, err
		}
		total += n
		parts = append(parts, fmt.Sprintf("%s %d", shortName(u), n))
	}
	return total, parts, nil
}

func resourceSize(u string) (int, error) {
	sizes.Lock()
	n, ok := sizes.m[u]
	sizes.Unlock()
	if ok {
		return n, nil
	}
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	n = gzipSize(body)
	sizes.Lock()
	sizes.m[u] = n
	sizes.Unlock()
	return n, nil
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func shortName(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.Path[strings.LastIndex(p.Path, "/")+1:]
}
