package view

import (
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// Page is what every page's layout needs, whichever face renders it: the
// language, its printer, the title and the language switch. Each face's
// own page type embeds it and adds what its layout shows besides.
type Page struct {
	Lang  string
	P     *i18n.Printer
	Title string
	Langs []LangLink
	Nonce string // the CSP nonce for inline <script> and <style> elements
}

// LangLink is one entry of the language switch, named in its own language
// so a visitor finds theirs whatever the page's.
type LangLink struct {
	Code, Name, URL string
	Current         bool
}

// NewPage prepares the page base in lang. self is the page's own GET
// address; the language links are self with ?lang= set, so they keep the
// page's other query parameters (an insight period, a filter).
func NewPage(c *i18n.Catalog, lang, title string, self *url.URL) Page {
	p := Page{Lang: lang, P: c.Printer(lang), Title: title}
	for _, l := range c.Languages() {
		if !tandem.SupportedLanguage(l) {
			continue
		}
		p.Langs = append(p.Langs, LangLink{Code: l, Name: c.Printer(l).T("lang.name"), URL: WithQuery(self, "lang", l), Current: l == lang})
	}
	return p
}

// WithQuery returns u with one query parameter set.
func WithQuery(u *url.URL, key, value string) string {
	v := *u
	q := v.Query()
	q.Set(key, value)
	v.RawQuery = q.Encode()
	return v.String()
}

// LangCookie remembers a visitor's chosen language without an account.
const LangCookie = "tandem_lang"

// Lang picks the language of a request: an explicit ?lang= (remembered in a
// cookie), then the cookie, then the first of preferred that the catalog
// has (the signed-in user's own language; the language a posted form was
// shown in), then Accept-Language.
func Lang(w http.ResponseWriter, r *http.Request, c *i18n.Catalog, preferred ...string) string {
	if l := r.URL.Query().Get("lang"); l != "" && c.Has(l) && tandem.SupportedLanguage(l) {
		http.SetCookie(w, &http.Cookie{
			Name: LangCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode,
		})
		return l
	}
	if ck, err := r.Cookie(LangCookie); err == nil && c.Has(ck.Value) && tandem.SupportedLanguage(ck.Value) {
		return ck.Value
	}
	for _, l := range preferred {
		if l != "" && c.Has(l) && tandem.SupportedLanguage(l) {
			return l
		}
	}
	if l := c.Negotiate(r.Header.Get("Accept-Language")); tandem.SupportedLanguage(l) {
		return l
	}
	return "en"
}
