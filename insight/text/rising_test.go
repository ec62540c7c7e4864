package text

import (
	"math"
	"testing"
	"time"
)

var (
	lastMonth = Span{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	thisMonth = Span{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
)

// Finnish comments on a café's coffee that say nothing in particular: the
// same mix in both periods.
var finnishFiller = []string{
	"Hyvä palvelu ja mukava tunnelma.",
	"Siistit pöydät, nopea palvelu.",
	"Leipä oli tuoretta ja hinta kohtuullinen.",
	"Ihana henkilökunta, tulen uudestaan.",
	"Musiikki oli vähän liian kovalla.",
}

// month makes n comments in a span: each of lines as many times as asked,
// the rest from filler in turn.
func month(s Span, lang string, n int, lines map[string]int, filler []string, c Comment) []Comment {
	var cs []Comment
	add := func(text string) {
		c.Lang, c.Text, c.At = lang, text, s.From.Add(time.Duration(len(cs))*time.Hour)
		cs = append(cs, c)
	}
	for text, k := range lines {
		for range k {
			add(text)
		}
	}
	for i := 0; len(cs) < n; i++ {
		add(filler[i%len(filler)])
	}
	return cs
}

func rising(g Group, lang, words string) (Rise, bool) {
	key := Key(lang, words)
	for _, r := range g.Rising {
		if r.Lang == lang && r.Key == key {
			return r, true
		}
	}
	return Rise{}, false
}

func TestRising(t *testing.T) {
	coffee := Comment{ServiceID: 1, Aspects: []string{"coffee-temperature"}}
	var cs []Comment
	// Cold coffee: 2 of 50 comments last month, 15 of 50 this month, in
	// whatever case the customer wrote it. The queue: 4 and then 6, noise.
	cs = append(cs, month(lastMonth, Finnish, 50, map[string]int{
		"Kahvi oli kylmää.":      2,
		"Jono oli pitkä.":        4,
		"Uusi kuppi olisi kiva.": 0,
		"Pulla oli tuoretta.":    3,
	}, finnishFiller, coffee)...)
	cs = append(cs, month(thisMonth, Finnish, 50, map[string]int{
		"Kahvi oli kylmää.":        6,
		"Sain taas kylmää kahvia.": 5,
		"Kylmä kahvi, ei kiitos.":  4,
		"Jono oli pitkä.":          6,
		"Uusi kuppi oli ruma.":     4, // new, but too few
		"Pulla oli tuoretta.":      3,
	}, finnishFiller, coffee)...)
	// Russian-speaking tourists arrive this month only: their words are new
	// to the group, but no earlier share says they rose.
	cs = append(cs, month(thisMonth, Russian, 20, nil, []string{"Кофе отличный, спасибо!", "Очередь небольшая."}, coffee)...)
	// Outside both periods: ignored.
	cs = append(cs, month(Span{lastMonth.From.AddDate(0, -1, 0), lastMonth.From}, Finnish, 40, map[string]int{"Jono oli pitkä.": 40}, nil, coffee)...)

	groups := Rising(cs, lastMonth, thisMonth, ByAspect, DefaultRule)
	if len(groups) != 1 || groups[0].Key != "coffee-temperature" {
		t.Fatalf("groups %+v, want coffee-temperature alone", groups)
	}
	g := groups[0]
	if g.Now != 70 || g.Before != 50 || g.TooFew {
		t.Errorf("sample %d now, %d before, too few %v; want 70, 50, false", g.Now, g.Before, g.TooFew)
	}
	cold, ok := rising(g, Finnish, "kylmä")
	if !ok {
		t.Fatalf("kylmä did not rise: %+v", g.Rising)
	}
	if cold.Now != (Share{15, 50}) || cold.Before != (Share{2, 50}) || cold.Display != "kylmää" {
		t.Errorf("kylmä: %+v now, %+v before, as %q; want 15/50, 2/50 as kylmää", cold.Now, cold.Before, cold.Display)
	}
	// 2 Σ O ln(O/E) over 15, 35, 2, 48 with 8.5 and 41.5 expected.
	want := 2 * (15*math.Log(15/8.5) + 35*math.Log(35/41.5) + 2*math.Log(2/8.5) + 48*math.Log(48/41.5))
	if math.Abs(cold.Score-want) > 1e-9 {
		t.Errorf("kylmä score %.4f, want %.4f", cold.Score, want)
	}
	if _, ok := rising(g, Finnish, "kahvi"); !ok {
		t.Errorf("kahvi (in four of its forms) did not rise: %+v", g.Rising)
	}
	// "Sain taas kylmää kahvia" and "Kylmä kahvi": one phrase, 9 of 50
	// from none; "Kahvi oli kylmää" is the other word order, another one.
	if r, ok := rising(g, Finnish, "kylmää kahvia"); !ok || r.Now != (Share{9, 50}) || r.Before != (Share{0, 50}) || r.Display != "kylmää kahvia" {
		t.Errorf("kylmää kahvia: %+v (%v), want 9/50 from 0/50", r, ok)
	}
	for _, noise := range []struct{ lang, words string }{
		{Finnish, "jono"},  // 4 → 6 of 50
		{Finnish, "kuppi"}, // 0 → 4: too few comments
		{Finnish, "pulla"}, // 3 → 3
		{Finnish, "hyvä"},  // the filler, equally often
		{Russian, "кофе"},  // no Russian comments before
		{Russian, "очередь"},
	} {
		if r, ok := rising(g, noise.lang, noise.words); ok {
			t.Errorf("%s %q rose: %+v", noise.lang, noise.words, r)
		}
	}
	for i := 1; i < len(g.Rising); i++ {
		if g.Rising[i].Rate() > g.Rising[i-1].Rate() {
			t.Errorf("not by rise: %q (%.3f) after %q (%.3f)", g.Rising[i].Key, g.Rising[i].Rate(), g.Rising[i-1].Key, g.Rising[i-1].Rate())
		}
	}

	// With no minimum count, the new word rises; the minimum is what keeps it out.
	loose := Rule{MinSample: 30, MinDocs: 4, MinScore: 0}
	if _, ok := rising(Rising(cs, lastMonth, thisMonth, ByAspect, loose)[0], Finnish, "kuppi"); !ok {
		t.Error("kuppi did not rise with a minimum of 4 comments")
	}
}

func TestRisingTooFew(t *testing.T) {
	c := Comment{Aspects: []string{"queue"}}
	cs := append(month(lastMonth, English, 40, nil, []string{"Fine."}, c),
		month(thisMonth, English, 29, map[string]int{"The queue was long.": 29}, nil, c)...)
	g := Rising(cs, lastMonth, thisMonth, ByAspect, DefaultRule)
	if len(g) != 1 || !g[0].TooFew || len(g[0].Rising) != 0 || g[0].Now != 29 || g[0].Before != 40 {
		t.Errorf("got %+v, want too few with 29 now and 40 before, nothing listed", g)
	}
}

// Grouped by service, a rise at one café is not spread over the chain.
func TestRisingByService(t *testing.T) {
	filler := []string{"Good coffee.", "Friendly staff.", "Nice music.", "Clean tables."}
	var cs []Comment
	for _, id := range []int64{1, 2} {
		c := Comment{ServiceID: id}
		lines := map[string]int{"The card reader kept failing.": 1}
		cs = append(cs, month(lastMonth, English, 40, lines, filler, c)...)
		if id == 1 {
			lines = map[string]int{"The card reader kept failing.": 12}
		}
		cs = append(cs, month(thisMonth, English, 40, lines, filler, c)...)
	}
	groups := Rising(cs, lastMonth, thisMonth, ByService, DefaultRule)
	if len(groups) != 2 || groups[0].Key != "1" || groups[1].Key != "2" {
		t.Fatalf("groups %+v, want services 1 and 2", groups)
	}
	if r, ok := rising(groups[0], English, "card reader"); !ok || r.Now != (Share{12, 40}) || r.Before != (Share{1, 40}) {
		t.Errorf("service 1: card reader %+v (%v), want 12/40 from 1/40", r, ok)
	}
	if len(groups[1].Rising) != 0 {
		t.Errorf("service 2 rose: %+v", groups[1].Rising)
	}
	all := Rising(cs, lastMonth, thisMonth, All, DefaultRule)
	if len(all) != 1 || all[0].Now != 80 {
		t.Errorf("all: %+v, want one group of 80", all)
	}
}

func TestG2(t *testing.T) {
	tests := []struct {
		a, b Share
		want float64
	}{
		{Share{5, 50}, Share{5, 50}, 0},   // the same rate
		{Share{5, 50}, Share{0, 0}, 0},    // nothing to compare with
		{Share{0, 50}, Share{0, 50}, 0},   // never written
		{Share{50, 50}, Share{50, 50}, 0}, // always written
		{Share{10, 20}, Share{0, 20}, 2 * (10*math.Log(2) + 10*math.Log(10.0/15) + 20*math.Log(20.0/15))},
	}
	for _, tt := range tests {
		if got := g2(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("g2(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got, back := g2(tt.a, tt.b), g2(tt.b, tt.a); math.Abs(got-back) > 1e-9 {
			t.Errorf("g2(%v, %v) = %v but %v the other way", tt.a, tt.b, got, back)
		}
	}
}

// A comment whose feedback names an aspect twice counts once in it.
func TestRisingCountsACommentOnceInAGroup(t *testing.T) {
	c := Comment{Aspects: []string{"queue", "queue"}}
	g := Rising(month(thisMonth, English, 3, nil, []string{"Long queue."}, c), lastMonth, thisMonth, ByAspect, DefaultRule)
	if len(g) != 1 || g[0].Now != 3 {
		t.Errorf("got %+v, want 3 comments in queue", g)
	}
}
