package notify

import (
	"html/template"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// The insight emails to managers: the weekly report and the alert of an
// aspect whose negatives are far above usual. Plain HTML with inline styles
// (mail clients drop style sheets), no images, no tracking; the text part
// says the same.

// WeekFigures are one week's headline figures.
type WeekFigures struct {
	Responses int
	Average   float64 // average overall judgement, 1–5; 0 without responses
	Readiness float64 // customer readiness index, 0–100
	// ReadinessKnown says customers answered readiness questions.
	ReadinessKnown bool
	Help           int // help requests
	Praise         int // praise given to staff
}

// WeeklyAspect is one of the aspects customers were least happy with.
type WeeklyAspect struct {
	Name      string
	Share     float64 // negative share last week, 0–1
	Before    float64 // the week before
	BeforeOK  bool    // the aspect was judged the week before
	MainCause tandem.Party
}

// Link is a labelled link.
type Link struct {
	Label, URL string
}

// WeeklyInput is one manager's weekly report.
type WeeklyInput struct {
	To, Name   string
	Org        string
	First      time.Time // the week's first day (a Monday)
	Last       time.Time // its last day
	This, Prev WeekFigures
	Aspects    []WeeklyAspect // at most MaxWeeklyAspects, worst first
	Links      []Link         // the insight page of the week, per service
	ProfileURL string
}

// MaxWeeklyAspects is how many aspects a weekly report names.
const MaxWeeklyAspects = 3

// WeeklyMail is the Monday report of last week against the week before.
func WeeklyMail(p *i18n.Printer, in WeeklyInput) Mail {
	b := newBody(p, in.Name)
	b.para(p.T("notify.weekly.lead", in.Org, p.Date(in.First), p.Date(in.Last)))
	dash := "–"
	avg := func(f WeekFigures) string {
		if f.Responses == 0 {
			return dash
		}
		return p.Decimal(f.Average, 2)
	}
	ready := func(f WeekFigures) string {
		if !f.ReadinessKnown {
			return dash
		}
		return p.Decimal(f.Readiness, 0)
	}
	b.table([3]string{p.T("notify.weekly.col_figure"), p.T("notify.weekly.col_last"), p.T("notify.weekly.col_before")}, [][3]string{
		{p.T("notify.weekly.responses"), p.Int(in.This.Responses), p.Int(in.Prev.Responses)},
		{p.T("notify.weekly.average"), avg(in.This), avg(in.Prev)},
		{p.T("notify.weekly.readiness"), ready(in.This), ready(in.Prev)},
		{p.T("notify.weekly.help"), p.Int(in.This.Help), p.Int(in.Prev.Help)},
		{p.T("notify.weekly.praise"), p.Int(in.This.Praise), p.Int(in.Prev.Praise)},
	})
	b.heading(p.T("notify.weekly.aspects_h"))
	if len(in.Aspects) == 0 {
		b.para(p.T("notify.weekly.no_negatives"))
	}
	var items []string
	for i, a := range in.Aspects {
		if i == MaxWeeklyAspects {
			break
		}
		cause := p.T("manage.party." + string(a.MainCause))
		if a.BeforeOK {
			items = append(items, p.T("notify.weekly.aspect", a.Name, p.Percent(a.Share), p.Percent(a.Before), cause))
		} else {
			items = append(items, p.T("notify.weekly.aspect_new", a.Name, p.Percent(a.Share), cause))
		}
	}
	b.list(items)
	if len(in.Links) > 0 {
		b.para(p.T("notify.weekly.links"))
		for _, l := range in.Links {
			b.link(l.Label, l.URL)
		}
	}
	b.para(p.T("notify.weekly.why", in.Org))
	return b.mail(in.To, p.T("notify.weekly.subject", in.Org, p.Date(in.First), p.Date(in.Last)), in.Org, in.ProfileURL)
}

// AlertInput is an alert of an aspect far above its usual negatives.
type AlertInput struct {
	To, Name    string
	Org, Site   string
	Aspect      string    // the aspect's name
	Count       int       // negatives in the hour
	Usual       float64   // the usual negatives in that hour of the week
	From, Until time.Time // the hour, in the site's time zone
	MainCause   tandem.Party
	URL         string // the insight page
	ProfileURL  string
}

// AlertTitle and AlertText are an alert's headline and its sentence, for
// a push and the email alike.
func AlertTitle(p *i18n.Printer, in AlertInput) string {
	return p.T("notify.alert.subject", in.Aspect, in.Site)
}

func AlertText(p *i18n.Printer, in AlertInput) string {
	return p.T("notify.alert.body", in.Aspect, in.Site, p.Plural("notify.alert.negatives_n", in.Count),
		p.Time(in.From), p.Time(in.Until), p.Decimal(in.Usual, 1)) + " " +
		p.T("notify.alert.cause", p.T("manage.party."+string(in.MainCause)))
}

// AlertMail tells a site's manager of an aspect's spike of negatives.
func AlertMail(p *i18n.Printer, in AlertInput) Mail {
	b := newBody(p, in.Name)
	b.para(AlertText(p, in))
	b.link(p.T("notify.alert.action"), in.URL)
	b.para(p.T("notify.alert.why", in.Site))
	return b.mail(in.To, AlertTitle(p, in), in.Org, in.ProfileURL)
}

// heading adds a small heading.
func (b *body) heading(s string) {
	b.text = append(b.text, s)
	b.html = append(b.html, `<h2 style="font-size:1.1em;margin:1.2em 0 .4em">`+template.HTMLEscapeString(s)+`</h2>`)
}

// list adds a bulleted list.
func (b *body) list(items []string) {
	if len(items) == 0 {
		return
	}
	var t, h strings.Builder
	h.WriteString(`<ul style="margin:0 0 1em;padding-left:1.2em">`)
	for i, s := range items {
		if i > 0 {
			t.WriteString("\n")
		}
		t.WriteString("- " + s)
		h.WriteString(`<li style="margin:.2em 0">` + template.HTMLEscapeString(s) + `</li>`)
	}
	h.WriteString(`</ul>`)
	b.text = append(b.text, t.String())
	b.html = append(b.html, h.String())
}

// table adds a table of rows under a header row; the text part aligns
// it in columns.
func (b *body) table(head [3]string, rows [][3]string) {
	w := [3]int{}
	for _, r := range append([][3]string{head}, rows...) {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-len([]rune(s))) }
	var t, h strings.Builder
	cell := `style="padding:.3em .25em;border-bottom:1px solid #ddd;vertical-align:top;text-align:`
	h.WriteString(`<table style="border-collapse:collapse;margin:0 0 1em;width:100%;max-width:32em">`)
	for n, r := range append([][3]string{head}, rows...) {
		if n > 0 {
			t.WriteString("\n")
		}
		t.WriteString(pad(r[0], w[0]) + "  " + pad(r[1], w[1]) + "  " + r[2])
		h.WriteString("<tr>")
		for i, c := range r {
			tag, align := "td", "right"
			if i == 0 {
				align = "left"
			}
			if n == 0 {
				tag = "th"
			}
			h.WriteString("<" + tag + " " + cell + align + `">` + template.HTMLEscapeString(c) + "</" + tag + ">")
		}
		h.WriteString("</tr>")
	}
	h.WriteString("</table>")
	b.text = append(b.text, strings.TrimRight(t.String(), " "))
	b.html = append(b.html, h.String())
}
