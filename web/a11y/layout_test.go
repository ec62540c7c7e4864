package a11y_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// The widths every page's layout is checked at: a phone and a desktop.
const (
	narrowWidth  = 360
	wideWidth    = 1280
	layoutHeight = 800
)

// layout is what the layout check found on a page at one width.
type layout struct {
	ScrollWidth int64    `json:"scroll"`
	Width       int64    `json:"width"`
	Over        []string `json:"over"`     // the outermost elements past the right edge
	Overlaps    []string `json:"overlaps"` // interactive elements on top of one another
	Clipped     []string `json:"clipped"`  // content cut off by its box's overflow: hidden
	Spills      []string `json:"spills"`   // elements sticking out of the box they are drawn in
}

// layoutJS measures the page as laid out: sideways scrolling; links,
// buttons, fields and labels overlapping one another (one inside the other,
// as a label around its field, is fine); content clipped by an element that
// hides its overflow; and elements sticking out of the nearest ancestor that
// draws a box (a background or a border), like a form spilling out of its
// card. Scrolling containers (a wide table in its wrapper) are fine;
// visually hidden and off-screen elements (skip links) are not looked at.
const layoutJS = `(() => {
	const W = document.documentElement.clientWidth;
	const text = e => (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
	const tag = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
		(e.classList && e.classList.length ? '.' + [...e.classList].join('.') : '');
	const name = e => { const t = text(e); return (e.parentElement ? tag(e.parentElement) + ' > ' : '') + tag(e) + (t ? ' "' + t + '"' : ''); };
	const px = r => Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height);
	const styles = new Map();
	const style = e => { let s = styles.get(e); if (!s) { s = getComputedStyle(e); styles.set(e, s); } return s; };
	const folded = e => { // inside a closed <details>, out of its summary
		for (let d = e.parentElement && e.parentElement.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) {
			const s = d.querySelector(':scope > summary');
			if (!(s && s.contains(e))) return true;
			e = d;
		}
		return false;
	};
	const scrolled = e => { // inside a box that scrolls or clips sideways
		for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (style(a).overflowX !== 'visible') return true;
		return false;
	};
	const shownAt = new Map();
	const shown = e => {
		let v = shownAt.get(e);
		if (v !== undefined) return v;
		v = false;
		if (!folded(e)) {
			const s = style(e);
			if (s.display !== 'none' && s.visibility === 'visible' && s.opacity !== '0') {
				const r = e.getBoundingClientRect();
				v = r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0;
			}
		}
		shownAt.set(e, v);
		return v;
	};
	const control = e => ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(e.tagName);
	const hides = v => v === 'hidden' || v === 'clip';
	const positioned = s => s.position === 'absolute' || s.position === 'fixed';
	const drawn = s => {
		const bg = s.backgroundColor;
		if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return true;
		return ['Top', 'Right', 'Bottom', 'Left'].some(k => s['border' + k + 'Style'] !== 'none' && parseFloat(s['border' + k + 'Width']) > 0);
	};
	const out = {scroll: document.documentElement.scrollWidth, width: W, over: [], overlaps: [], clipped: [], spills: []};

	const all = [...document.body.querySelectorAll('*')].filter(e => !(e.closest('svg') && e.tagName.toLowerCase() !== 'svg'));
	for (const e of all) { // tiny elements count here: a visually hidden one can make the page scroll too
		if (folded(e) || style(e).display === 'none') continue;
		const r = e.getBoundingClientRect();
		if (r.right > W + 0.5 && !scrolled(e) && !(e.parentElement && e.parentElement.getBoundingClientRect().right > W + 0.5))
			out.over.push(name(e) + ' (right edge ' + Math.round(r.right) + ' px)');
	}

	// Each control's boxes (one per line for a wrapped link), swept from
	// the top down: only boxes that start above another's bottom can meet.
	const boxes = [];
	all.filter(e => e.matches('a[href], button, input:not([type=hidden]), select, textarea, label, summary') && shown(e)).forEach(e => {
		for (const r of e.getClientRects()) if (r.width > 1 && r.height > 1) boxes.push({e, r});
	});
	boxes.sort((a, b) => a.r.top - b.r.top);
	const met = new Set();
	for (let i = 0; i < boxes.length && out.overlaps.length < 8; i++) {
		const a = boxes[i];
		for (let j = i + 1; j < boxes.length && boxes[j].r.top < a.r.bottom - 2; j++) {
			const b = boxes[j];
			if (a.e === b.e || a.e.contains(b.e) || b.e.contains(a.e)) continue;
			if (Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left) <= 2 ||
				Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top) <= 2) continue;
			if (met.has(a.e) && met.has(b.e)) continue;
			met.add(a.e); met.add(b.e);
			out.overlaps.push(name(a.e) + ' [' + px(a.e.getBoundingClientRect()) + '] overlaps ' +
				name(b.e) + ' [' + px(b.e.getBoundingClientRect()) + ']');
		}
	}

	for (const e of all) {
		if (!shown(e) || out.clipped.length + out.spills.length > 16) continue;
		const s = style(e);
		if (!control(e) && e.tagName.toLowerCase() !== 'svg' && (
			hides(s.overflowX) && e.scrollWidth > e.clientWidth + 1 ||
			hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1))
			out.clipped.push(name(e) + ' [' + px(e.getBoundingClientRect()) + '] shows ' + e.clientWidth + 'x' + e.clientHeight +
				' of ' + e.scrollWidth + 'x' + e.scrollHeight);
		if (positioned(s)) continue;
		const r = e.getBoundingClientRect();
		for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
			const as = style(a);
			if (as.overflowX !== 'visible' || as.overflowY !== 'visible') break; // scrolls or clips: checked above
			if (!drawn(as)) { if (positioned(as)) break; continue; }
			const b = a.getBoundingClientRect();
			const by = Math.max(b.left - r.left, r.right - b.right, b.top - r.top, r.bottom - b.bottom);
			if (by > 1) out.spills.push(name(e) + ' [' + px(r) + '] sticks out of ' + tag(a) + ' [' + px(b) + '] by ' + Math.round(by) + ' px');
			break;
		}
	}
	out.over = out.over.slice(0, 5);
	return out;
})()`

// measureLayout lays the page out at width and runs layoutJS.
func (b *tab) measureLayout(width int64) (layout, error) {
	if err := b.do(chromedp.EmulateViewport(width, layoutHeight)); err != nil {
		return layout{}, err
	}
	defer b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight))
	raw, err := eval[[]byte](b, layoutJS)
	if err != nil {
		return layout{}, fmt.Errorf("measuring the layout: %w", err)
	}
	var l layout
	return l, json.Unmarshal(raw, &l)
}

// screenshot saves the whole page, laid out at width, as a PNG file: set
// TANDEM_LAYOUT_SHOTS to a folder to look at every page the check sees.
func (b *tab) screenshot(file string, width int64) error {
	if err := b.do(chromedp.EmulateViewport(width, layoutHeight)); err != nil {
		return err
	}
	defer b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}

// problems says what is wrong with the layout, one line each.
func (l layout) problems() []string {
	var out []string
	if l.ScrollWidth > l.Width {
		out = append(out, fmt.Sprintf("scrolls sideways: %d px wide in a %d px viewport; sticking out: %s",
			l.ScrollWidth, l.Width, strings.Join(l.Over, "; ")))
	}
	for _, o := range l.Overlaps {
		out = append(out, "overlap: "+o)
	}
	for _, c := range l.Clipped {
		out = append(out, "clipped: "+c)
	}
	for _, s := range l.Spills {
		out = append(out, "spills: "+s)
	}
	return out
}

// checkLayout checks the page the tab shows at the phone and the desktop
// width, failing t with every problem found.
func checkLayout(t interface{ Errorf(string, ...any) }, b *tab, what string) error {
	for _, w := range []int64{narrowWidth, wideWidth} {
		l, err := b.measureLayout(w)
		if err != nil {
			return err
		}
		for _, p := range l.problems() {
			t.Errorf("%s at %d px: %s", what, w, p)
		}
		if dir := os.Getenv("TANDEM_LAYOUT_SHOTS"); dir != "" {
			if err := b.screenshot(filepath.Join(dir, fmt.Sprintf("%s-%d.png", strings.NewReplacer("/", "_", " ", "_", "{", "", "}", "", "$", "").Replace(what), w)), w); err != nil {
				return err
			}
		}
	}
	return nil
}

// layoutSelfCheckPage breaks each layout rule once: a form spilling out of
// its card, two buttons on top of each other and text cut off by its box.
const layoutSelfCheckPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Broken layout</title></head>
<body><main><h1>Broken layout</h1>
<section style="background:#fff;border:1px solid #ccc;height:3rem"><form><label>Email <input name="e"></label><p>More text below</p></form></section>
<div style="position:relative;height:3rem"><button style="position:absolute;left:0;top:0">One</button><button style="position:absolute;left:10px;top:5px">Two</button></div>
<p style="overflow:hidden;white-space:nowrap;width:5rem">A sentence far too long for its box</p>
</main></body></html>`
