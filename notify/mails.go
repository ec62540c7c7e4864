package notify

import (
	"html/template"
	"strings"
	"time"

	"github.com/tandemhq/tandem/i18n"
)

// The emails Tandem sends, each built in the recipient's language from the
// catalog (i18n/locales/*/notify.json): a plain-text body and the same
// paragraphs as HTML. Names, texts and addresses come in as they are; dates
// and times in the time zone the caller gives them in.

// FixedInput is what a reporter is told when what they reported is fixed.
type FixedInput struct {
	To         string // the reporter's address
	Name       string // the reporter's name; "" greets without one
	Org, Site  string // the organization's and the site's names
	Report     string // what they reported, in their words
	Done       string // what was done, in the fixer's words; "" for nothing to add
	URL        string // a page to see it on; "" for none
	ProfileURL string // where they choose their emails; "" when they have no account
}

// FixedMail tells a reporter that the problem they reported was fixed.
func FixedMail(p *i18n.Printer, in FixedInput) Mail {
	b := newBody(p, in.Name)
	b.para(p.T("notify.fixed.reported", in.Site))
	b.quote(in.Report)
	b.para(p.T("notify.fixed.done"))
	if in.Done != "" {
		b.para(p.T("notify.fixed.what_was_done"))
		b.quote(in.Done)
	}
	b.link("", in.URL)
	return b.mail(in.To, p.T("notify.fixed.subject", in.Site), in.Org, in.ProfileURL)
}

// OverdueInput is what a site manager is told of something overdue.
type OverdueInput struct {
	To         string
	Name       string // the manager's name
	Org, Site  string
	What       string    // what is overdue, e.g. a help request's or a work item's title
	Since      time.Time // when it started waiting, in the site's time zone
	Now        time.Time // when the mail is written
	URL        string    // where to take care of it
	ProfileURL string
}

// OverdueMail escalates something overdue to a site's manager.
func OverdueMail(p *i18n.Printer, in OverdueInput) Mail {
	b := newBody(p, in.Name)
	b.para(p.T("notify.overdue.waiting", in.What, in.Site, Waited(p, in.Now.Sub(in.Since))))
	b.para(p.T("notify.overdue.since", p.DateTime(in.Since)))
	b.link(p.T("notify.overdue.action"), in.URL)
	b.para(p.T("notify.overdue.why", in.Site))
	return b.mail(in.To, p.T("notify.overdue.subject", in.Site, in.What), in.Org, in.ProfileURL)
}

// PraiseInput is a week of praise for one person.
type PraiseInput struct {
	To         string
	Name       string // the praised person's name
	Org        string
	First      time.Time // the week's first day
	Last       time.Time // the week's last day
	Count      int       // how many times customers praised them
	Quotes     []string  // what customers wrote, a few at most
	URL        string    // their praise page
	ProfileURL string
}

// MaxPraiseQuotes is how many comments a praise digest quotes at most.
const MaxPraiseQuotes = 5

// PraiseMail is the weekly digest of the praise a person was given.
func PraiseMail(p *i18n.Printer, in PraiseInput) Mail {
	b := newBody(p, in.Name)
	b.para(p.T("notify.praise.week", p.Date(in.First), p.Date(in.Last)))
	b.para(p.Plural("notify.praise.subject", in.Count) + ".")
	var quotes []string
	for _, q := range in.Quotes {
		if q = strings.TrimSpace(q); q != "" && len(quotes) < MaxPraiseQuotes {
			quotes = append(quotes, q)
		}
	}
	if len(quotes) > 0 {
		b.para(p.T("notify.praise.quotes"))
		for _, q := range quotes {
			b.quote(q)
		}
	}
	b.para(p.T("notify.praise.thanks"))
	b.link(p.T("notify.praise.all"), in.URL)
	return b.mail(in.To, p.Plural("notify.praise.subject", in.Count), in.Org, in.ProfileURL)
}

// Waited says how long something waited, in whole minutes under an hour,
// hours under two days, days after that.
func Waited(p *i18n.Printer, d time.Duration) string {
	switch {
	case d < time.Hour:
		return p.Plural("notify.minutes_n", max(1, int(d/time.Minute)))
	case d < 48*time.Hour:
		return p.Plural("notify.hours_n", int(d/time.Hour))
	}
	return p.Plural("notify.days_n", int(d/(24*time.Hour)))
}

// body collects a mail's paragraphs as text and as HTML.
type body struct {
	p    *i18n.Printer
	text []string
	html []string
}

func newBody(p *i18n.Printer, name string) *body {
	b := &body{p: p}
	if name = strings.TrimSpace(name); name != "" {
		b.para(p.T("notify.mail.greeting", name))
	} else {
		b.para(p.T("notify.mail.greeting_anon"))
	}
	return b
}

func (b *body) para(s string) {
	b.text = append(b.text, s)
	b.html = append(b.html, "<p>"+template.HTMLEscapeString(s)+"</p>")
}

// quote adds someone's own words, set off from the mail's.
func (b *body) quote(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	b.text = append(b.text, "> "+strings.ReplaceAll(s, "\n", "\n> "))
	b.html = append(b.html, `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">`+
		strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>")+"</blockquote>")
}

// link adds a paragraph ending in a URL; nothing when url is "".
func (b *body) link(lead, url string) {
	if url == "" {
		return
	}
	esc := template.HTMLEscapeString(url)
	if lead == "" {
		b.text = append(b.text, url)
		b.html = append(b.html, `<p><a href="`+esc+`">`+esc+`</a></p>`)
		return
	}
	b.text = append(b.text, lead+"\n"+url)
	b.html = append(b.html, "<p>"+template.HTMLEscapeString(lead)+`<br><a href="`+esc+`">`+esc+`</a></p>`)
}

func (b *body) mail(to, subject, org, profileURL string) Mail {
	foot := []string{b.p.T("notify.mail.sent_for", org)}
	if profileURL != "" {
		foot = append(foot, b.p.T("notify.mail.choose", profileURL))
	}
	text := strings.Join(b.text, "\n\n") + "\n\n-- \n" + strings.Join(foot, "\n") + "\n"
	var h strings.Builder
	h.WriteString(`<!doctype html><html lang="` + b.p.Lang + `"><meta charset="utf-8"><title>` + template.HTMLEscapeString(subject) + `</title>`)
	h.WriteString(`<body style="font-family:sans-serif;line-height:1.5;max-width:40em">`)
	h.WriteString(strings.Join(b.html, "\n"))
	h.WriteString(`<hr><p style="color:#555;font-size:90%">`)
	for i, f := range foot {
		if i > 0 {
			h.WriteString("<br>")
		}
		h.WriteString(template.HTMLEscapeString(f))
	}
	h.WriteString("</p></body></html>")
	return Mail{To: to, Subject: subject, Text: text, HTML: h.String(), Lang: b.p.Lang}
}
