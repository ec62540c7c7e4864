package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// searchCorpus is real sentences in each language, with inflected forms
// of the words the searches look for. Each is stored one hour after the
// one before it, the last two at the same time (a tie the cursor must
// page through).
var searchCorpus = []struct{ name, lang, text string }{
	{"en-cold", "en", "The coffee was cold when it finally arrived."},
	{"en-waited", "en", "Waited twenty minutes for my coffee."},
	{"en-soup", "en", "Friendly waiter, the soup was hot and tasty."},
	{"en-order", "en", "Cold soup, and nobody came to take the order."},
	{"en-bill", "en", "We were waiting too long for the bill."},
	{"ru-cold", "ru", "Кофе был холодный, а суп отличный."},
	{"ru-brought", "ru", "Принесли холодного кофе, пришлось долго ждать официанта."},
	{"ru-polite", "ru", "Официант очень вежливый, спасибо!"},
	{"ru-bill", "ru", "Долго ждали счёт."},
	{"ru-soup", "ru", "Суп горячий, кофе вкусный."},
	{"fi-cold", "fi", "Kahvi oli kylmää ja jonossa piti odottaa."},
	{"fi-wait", "fi", "Kahvia sai odottaa liian kauan."},
	{"fi-bun", "fi", "Kahvin kanssa tuli kylmä pulla."},
	{"fi-soup", "fi", "Ystävällinen tarjoilija, keitto oli kuumaa."},
	{"fi-bill", "fi", "Lasku tuli nopeasti, kiitos kahvista!"},
}

// testSearchComments searches comments in English, Russian and Finnish
// with the engine's full-text index: inflected forms find each other,
// every word must occur, function words alone are refused, and a search
// stays in its organization, service and period, newest first, paged by
// cursor.
func testSearchComments(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	base := date("2026-03-01T08:00:00Z")
	byID := map[int64]string{}
	at := map[string]time.Time{}
	for i, c := range searchCorpus {
		f := a.Feedback(3)
		f.Lang, f.Comment = c.lang, c.text
		f.CreatedAt = base.Add(time.Duration(min(i, len(searchCorpus)-2)) * time.Hour)
		if c.name == "fi-bill" { // imports are indexed too
			must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: f}}))
		} else {
			created(t, db, f)
		}
		byID[f.ID], at[c.name] = c.name, f.CreatedAt
		// Another organization's comments say the same.
		g := b.Feedback(2)
		g.Lang, g.Comment, g.CreatedAt = c.lang, c.text, f.CreatedAt
		created(t, db, g)
	}
	// Praise is not searched, nor is a feedback without a comment.
	p := a.Feedback(5)
	p.PraiseStaffID, p.Praise = a.Member("Anna").ID, "Best coffee, thank you Anna"
	created(t, db, p)

	search := func(q tandem.CommentSearch) []string {
		t.Helper()
		if q.OrgID == 0 {
			q.OrgID = a.Org.ID
		}
		must(t, q.Validate())
		ms, err := db.SearchComments(ctx, q)
		if err != nil {
			t.Fatalf("SearchComments(%q): %v", q.Query, err)
		}
		names := []string{}
		for _, m := range ms {
			name, ok := byID[m.FeedbackID]
			if !ok {
				t.Fatalf("SearchComments(%q) found feedback %d, not one of org a's comments", q.Query, m.FeedbackID)
			}
			c := searchCorpus[slices.IndexFunc(searchCorpus, func(c struct{ name, lang, text string }) bool { return c.name == name })]
			if m.Text != c.text || m.Lang != c.lang || !m.CreatedAt.Equal(at[name]) || m.ServiceID != a.Service.ID || m.Overall != 3 {
				t.Errorf("match %s = %+v", name, m)
			}
			names = append(names, name)
		}
		return names
	}
	want := func(q string, names ...string) {
		t.Helper()
		if names == nil {
			names = []string{}
		}
		if got := search(tandem.CommentSearch{Query: q}); !slices.Equal(got, names) {
			t.Errorf("search %q = %v, want %v", q, got, names)
		}
	}
	// Newest first; the last two share a time, the higher id first.
	want("кофе", "ru-soup", "ru-brought", "ru-cold")
	want("холодного", "ru-brought", "ru-cold")
	want("ХОЛОДНЫЙ", "ru-brought", "ru-cold")
	want("счет", "ru-bill") // ё is е
	want("ждать", "ru-brought")
	want("kahvi", "fi-bill", "fi-bun", "fi-wait", "fi-cold")
	want("kahvin", "fi-bill", "fi-bun", "fi-wait", "fi-cold")
	want("kylmä", "fi-bun", "fi-cold")
	want("kahvi kylmää", "fi-bun", "fi-cold")
	want("waiting", "en-bill", "en-waited")
	want("cold coffee", "en-cold") // every word must occur
	want("the cold coffee", "en-cold")
	want("soups", "en-order", "en-soup")
	want("tea")
	want("Anna") // praise is not searched
	want("coffee", "en-waited", "en-cold")
	want("not hot", "en-soup") // negations are not searched for
	want("ordering", "en-order")

	// Only function words: nothing to look for, said so.
	for _, q := range []string{"the and", "и на", "on se", "5 a", "not", "ei ei"} {
		s := tandem.CommentSearch{OrgID: a.Org.ID, Query: q}
		must(t, s.Validate())
		if _, err := db.SearchComments(ctx, s); tandem.ErrorKey(err) != "search.error.common_words" {
			t.Errorf("search %q: err %v, want search.error.common_words", q, err)
		}
	}

	// Service and period filters.
	if got := search(tandem.CommentSearch{Query: "kahvi", ServiceID: a.Service.ID}); len(got) != 4 {
		t.Errorf("search in a's service found %v, want 4", got)
	}
	if got := search(tandem.CommentSearch{Query: "kahvi", ServiceID: b.Service.ID}); len(got) != 0 {
		t.Errorf("org a searching org b's service found %v", got)
	}
	if got := search(tandem.CommentSearch{Query: "kahvi", From: at["fi-wait"], To: at["fi-bill"]}); !slices.Equal(got, []string{"fi-bun", "fi-wait"}) {
		t.Errorf("search in [fi-wait, fi-bill) = %v, want fi-bun, fi-wait", got)
	}

	// Org b finds its own copies, never a's.
	s := tandem.CommentSearch{OrgID: b.Org.ID, Query: "kahvi"}
	must(t, s.Validate())
	ms, err := db.SearchComments(ctx, s)
	must(t, err)
	if len(ms) != 4 {
		t.Errorf("org b found %d, want its 4", len(ms))
	}
	for _, m := range ms {
		if _, ok := byID[m.FeedbackID]; ok {
			t.Errorf("org b found org a's feedback %d", m.FeedbackID)
		}
	}

	// Paging by cursor, through the tie of the last two.
	for _, limit := range []int{1, 2, 3} {
		var got []string
		q := tandem.CommentSearch{OrgID: a.Org.ID, Query: "kahvi", Limit: limit}
		must(t, q.Validate())
		for page := 0; ; page++ {
			if page > 10 {
				t.Fatalf("limit %d: paging does not end", limit)
			}
			ms, err := db.SearchComments(ctx, q)
			must(t, err)
			if len(ms) > limit {
				t.Fatalf("limit %d: page of %d", limit, len(ms))
			}
			for _, m := range ms {
				got = append(got, byID[m.FeedbackID])
			}
			if len(ms) < limit {
				break
			}
			c := ms[len(ms)-1].Cursor()
			q.Before = &c
		}
		if want := []string{"fi-bill", "fi-bun", "fi-wait", "fi-cold"}; !slices.Equal(got, want) {
			t.Errorf("limit %d: paged %v, want %v", limit, got, want)
		}
	}
}

// testSearchValidate checks a search's bounds before any store is asked.
func testSearchValidate(t *testing.T, _ *sqlstore.DB) {
	long := ""
	for range tandem.MaxSearchRunes + 1 {
		long += "ä"
	}
	for _, c := range []struct {
		q    tandem.CommentSearch
		want string
	}{
		{tandem.CommentSearch{Query: "  "}, "search.error.empty"},
		{tandem.CommentSearch{Query: long}, "search.error.too_long"},
		{tandem.CommentSearch{Query: "kahvi", Limit: tandem.MaxSearchLimit + 1}, "search.error.limit"},
		{tandem.CommentSearch{Query: "kahvi", From: date("2026-03-02T00:00:00Z"), To: date("2026-03-01T00:00:00Z")}, "search.error.period"},
	} {
		if err := c.q.Validate(); tandem.ErrorKey(err) != c.want {
			t.Errorf("Validate(%+v) = %v, want %s", c.q, err, c.want)
		}
	}
	q := tandem.CommentSearch{Query: " kahvi "}
	must(t, q.Validate())
	if q.Query != "kahvi" || q.Limit != tandem.DefaultSearchLimit {
		t.Errorf("Validate left %q, limit %d", q.Query, q.Limit)
	}
}
