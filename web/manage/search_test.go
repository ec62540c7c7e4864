package manage_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestInsightSearch: the insight page's search (a plain GET form) lists
// the service's comments holding every form of the words asked for, the
// words marked and the customer's text escaped, a page at a time, in the
// reader's language; an empty or function-words-only search gets a
// gentle word instead; another organization's comments never show.
func TestInsightSearch(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.a
		now := time.Now()
		// 22 Finnish comments about coffee, one more than a page.
		for i := range 22 {
			f := &tandem.Feedback{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID,
				SiteID: a.site.ID, Overall: 2, Lang: "fi", Comment: "Kahvia sai odottaa, numero " + strings.Repeat("x", i+2),
				CreatedAt: now.Add(-time.Duration(i+1) * time.Minute)}
			if i == 0 {
				f.Comment = "Kahvi oli kylmää <b>taas</b>"
			}
			must(t, f.Validate(a.bp, nil))
			if _, err := e.db.CreateFeedback(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		c := e.client(t).login(a.manager.Email)
		base := "/app/services/" + id(a.service.ID) + "/insight"
		search := func(q url.Values) response {
			t.Helper()
			r := c.get(base + "?" + q.Encode())
			if r.Status != http.StatusOK {
				t.Fatalf("GET insight?%s = %d", q.Encode(), r.Status)
			}
			return r
		}

		// No search asked: the form only.
		r := search(url.Values{"lang": {"fi"}})
		fi := e.cat.Printer("fi")
		if !strings.Contains(r.Body, `role="search"`) || !strings.Contains(r.Body, html.EscapeString(fi.T("search.title"))) {
			t.Fatalf("insight lacks the search form in Finnish")
		}
		if strings.Contains(r.Body, fi.T("search.none")) {
			t.Errorf("insight says nothing was found before any search")
		}

		// kahvin finds kahvi and kahvia, newest first, marked, escaped.
		r = search(url.Values{"q": {"kahvin"}, "lang": {"fi"}})
		if !strings.Contains(r.Body, "<mark>Kahvi</mark> oli kylmää &lt;b&gt;taas&lt;/b&gt;") {
			t.Errorf("first match not marked or not escaped:\n%s", excerpt(r.Body, "Kahvi oli"))
		}
		if strings.Contains(r.Body, "<b>taas</b>") {
			t.Errorf("a comment's markup reached the page")
		}
		if n := strings.Count(r.Body, "<mark>Kahvia</mark>"); n != 19 {
			t.Errorf("first page shows %d other matches, want 19 (a page of 20)", n)
		}
		older := linkText(r.Body, fi.T("search.more"))
		if older == "" {
			t.Fatalf("no link to older matches")
		}
		r = c.get(older)
		if r.Status != http.StatusOK || strings.Count(r.Body, "<mark>Kahvia</mark>") != 2 || linkText(r.Body, fi.T("search.more")) != "" {
			t.Errorf("second page: %d, %d matches", r.Status, strings.Count(r.Body, "<mark>Kahvia</mark>"))
		}
		if linkText(r.Body, fi.T("search.newest")) == "" {
			t.Errorf("second page lacks the way back to the newest")
		}

		// The other organization's comment, and its xss, never show.
		r = search(url.Values{"q": {"script " + e.b.secret}, "lang": {"en"}})
		if !strings.Contains(r.Body, e.cat.Printer("en").T("search.none")) {
			t.Errorf("a search for B's comment found something")
		}
		r = search(url.Values{"q": {a.secret}})
		if strings.Contains(r.Body, xss) || !strings.Contains(r.Body, "&lt;<mark>script</mark>&gt;") && !strings.Contains(r.Body, "&lt;script&gt;") {
			t.Errorf("A's own comment with markup not found escaped:\n%s", excerpt(r.Body, "alert"))
		}

		// Gentle words, in the reader's language.
		ru := e.cat.Printer("ru")
		for q, key := range map[string]string{"": "search.error.empty", "и на": "search.error.common_words", strings.Repeat("я", 201): "search.error.too_long"} {
			r = search(url.Values{"q": {q}, "lang": {"ru"}})
			if !strings.Contains(r.Body, html.EscapeString(ru.T(key))) {
				t.Errorf("search %.10q: lacks %q", q, ru.T(key))
			}
		}
		r = search(url.Values{"q": {"kahvi"}, "before": {"x"}, "lang": {"en"}})
		if !strings.Contains(r.Body, html.EscapeString(e.cat.Printer("en").T("search.error.cursor"))) {
			t.Errorf("a broken cursor: no word about it")
		}
	})
}

// linkText returns the address of the link whose text is label, "" for none.
func linkText(body, label string) string {
	i := strings.Index(body, ">"+html.EscapeString(label)+"</a>")
	if i < 0 {
		return ""
	}
	j := strings.LastIndex(body[:i], `href="`)
	if j < 0 {
		return ""
	}
	return html.UnescapeString(body[j+len(`href="`) : i-1])
}

func excerpt(body, near string) string {
	i := strings.Index(body, near)
	if i < 0 {
		return "(" + near + " not found)"
	}
	return body[max(0, i-200):min(len(body), i+200)]
}
