package text

import (
	"slices"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		q     string
		words []string
		stems map[string][]string
	}{
		// A function word of any language goes, in every language.
		{"the cold coffee", []string{"cold", "coffee"}, map[string][]string{English: {"cold", "coffe"}}},
		{"Холодного кофе и", []string{"холодного", "кофе"}, map[string][]string{Russian: {"холодн", "коф"}}},
		{"kahvia on", []string{"kahvia"}, map[string][]string{Finnish: {"kahv"}}},
		{"kahvi kahvin", []string{"kahvi", "kahvin"}, map[string][]string{Finnish: {"kahv"}}},
		{"ei kuumaa", []string{"kuumaa"}, map[string][]string{Finnish: {"kuuma"}}},
		{"not hot", []string{"hot"}, map[string][]string{English: {"hot"}}},
		{"не", nil, nil},
		{"счёт", []string{"счёт"}, map[string][]string{Russian: {"счет"}}},
		{"the и on 5 a", nil, nil},
		{"", nil, nil},
	} {
		q := ParseQuery(c.q)
		if !slices.Equal(q.Words, c.words) {
			t.Errorf("ParseQuery(%q).Words = %q, want %q", c.q, q.Words, c.words)
		}
		if q.Empty() != (len(c.words) == 0) {
			t.Errorf("ParseQuery(%q).Empty() = %v", c.q, q.Empty())
		}
		for lang, want := range c.stems {
			if got := q.Stems[lang]; !slices.Equal(got, want) {
				t.Errorf("ParseQuery(%q).Stems[%s] = %q, want %q", c.q, lang, got, want)
			}
		}
	}
}

func TestStems(t *testing.T) {
	for _, c := range []struct{ lang, s, want string }{
		{Finnish, "Kahvi oli kylmää, kahvin kanssa tuli kylmä pulla.", "kahv kylm tuli pul"},
		{Russian, "Холодный кофе, кофе остыл!", "холодн коф ост"},
		{English, "The coffee was cold", "coffe cold"},
		{English, "the and of", ""},
		{"de", "Der Kaffee war kalt", ""},
	} {
		if got := Stems(c.lang, c.s); got != c.want {
			t.Errorf("Stems(%s, %q) = %q, want %q", c.lang, c.s, got, c.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	for _, c := range []struct{ lang, comment, query, want string }{
		{Finnish, "Kahvi oli kylmää, kahvin kanssa tuli kylmä pulla.", "kylmä kahvi",
			"[Kahvi] oli [kylmää], [kahvin] kanssa tuli [kylmä] pulla."},
		{Russian, "Принесли холодного кофе — пришлось ждать.", "холодный",
			"Принесли [холодного] кофе — пришлось ждать."},
		{English, "Self-service coffee: <b>cold</b>", "cold self-service",
			"[Self-service] coffee: <b>[cold]</b>"},
		{English, "", "cold", ""},
		{English, "Nothing here", "cold", "Nothing here"},
	} {
		var b strings.Builder
		parts := Highlight(c.lang, c.comment, ParseQuery(c.query))
		for _, p := range parts {
			if p.Match {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.comment, c.query, got, c.want)
		}
	}
}
