package text

import (
	"strings"
	"testing"
)

func words(toks []Token) []string {
	var ws []string
	for _, t := range toks {
		w := t.Word
		if t.Break {
			w = "|" + w
		}
		ws = append(ws, w)
	}
	return ws
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		lang, in string
		want     string // the words kept, "|" before one that follows punctuation
	}{
		{English, "The coffee was COLD, and I waited 20 minutes!", "coffee cold |waited minutes"},
		{English, "Didn't get a receipt; the self-service till’s screen froze.", "didn't get receipt |self-service till's screen froze"},
		{English, "'Great' staff... a 3.5 hour wait? x", "great staff |hour wait"}, // quote marks neither join nor separate
		{Russian, "Кофе был холодный, ждал 15 минут.", "кофе холодный |ждал минут"},
		{Russian, "Всё равно вернусь: персонал ещё не вежливый", "равно вернусь |персонал не вежливый"},
		{Russian, "Из-за очереди к кофе-машине опоздал", "очереди кофе-машине опоздал"},
		{Finnish, "Kahvi oli kylmää ja jonossa odotin 20 minuuttia.", "kahvi kylmää jonossa odotin minuuttia"},
		{Finnish, "Kahvi-automaatti ei toiminut, 20-minuutin odotus!", "kahvi-automaatti ei toiminut |minuutin odotus"},
		{Finnish, "Lääkäri oli ystävällinen – mutta en saanut reseptiä.", "lääkäri ystävällinen |en saanut reseptiä"},
		{"sv", "Kaffet var kallt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.in, func(t *testing.T) {
			got := strings.Join(words(Tokenize(tt.lang, tt.in)), " ")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Inflected forms of one word must count as one word: in Russian and
// Finnish a noun has a dozen forms, and a manager reads one row for it.
func TestInflectionsShareAStem(t *testing.T) {
	tests := []struct {
		lang  string
		forms []string
	}{
		{English, []string{"wait", "waits", "waited", "waiting"}},
		{English, []string{"queue", "queues"}},
		{English, []string{"customer", "customer's", "customers"}},
		{Russian, []string{"кофе", "Кофе", "КОФЕ"}},
		{Russian, []string{"холодный", "холодного", "холодным", "холодное", "холодная"}},
		{Russian, []string{"очередь", "очереди", "очередью"}},
		{Russian, []string{"банкомат", "банкомата", "банкомате"}},
		{Russian, []string{"врач", "врача", "врачом"}},
		{Russian, []string{"ёлка", "елка"}},
		{Finnish, []string{"kahvi", "kahvia", "kahvin", "kahvista"}},
		{Finnish, []string{"jono", "jonossa", "jonoa", "jonot"}},
		{Finnish, []string{"kylmä", "kylmää", "kylmänä"}},
		{Finnish, []string{"lääkäri", "lääkärin", "lääkärille"}},
		{Finnish, []string{"kahviautomaatti", "kahvi-automaatti", "kahviautomaatista", "kahvi-automaatin"}},
		{Finnish, []string{"ei", "en", "eivät"}},
	}
	for _, tt := range tests {
		want := Key(tt.lang, tt.forms[0])
		if want == "" {
			t.Fatalf("%s %q: no key", tt.lang, tt.forms[0])
		}
		for _, f := range tt.forms[1:] {
			if got := Key(tt.lang, f); got != want {
				t.Errorf("%s %q: key %q, want %q (as %q)", tt.lang, f, got, want, tt.forms[0])
			}
		}
	}
}

func TestStopWordsRemoved(t *testing.T) {
	tests := []struct {
		lang, in string
	}{
		{English, "I was there and it is what it is, but we had to do this with them"},
		{Russian, "Я был там, и это было то, что мы с ними уже всё"},
		{Finnish, "Minä olin siellä ja se oli sitä mitä me niiden kanssa jo"},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.lang, tt.in); len(got) != 0 {
			t.Errorf("%s %q: kept %q, want nothing", tt.lang, tt.in, words(got))
		}
	}
	// Judging words stay: they are what the comments are for.
	for _, tt := range []struct{ lang, in string }{
		{English, "good bad slow rude friendly ok"},
		{Russian, "хорошо плохо медленно грубо вежливо"},
		{Finnish, "hyvä huono hidas töykeä ystävällinen"},
	} {
		if got, want := len(Tokenize(tt.lang, tt.in)), len(strings.Fields(tt.in)); got != want {
			t.Errorf("%s %q: kept %d words, want %d", tt.lang, tt.in, got, want)
		}
	}
}

// Every stop word is written as tokenizing would see it: lower-case, "е"
// for "ё", no punctuation but inside-word hyphens and apostrophes.
func TestStopListsAreTokens(t *testing.T) {
	for lang, l := range langs {
		for w := range l.stop {
			if strings.ToLower(w) != w || (lang == Russian && strings.Contains(w, "ё")) {
				t.Errorf("%s stop word %q is not normalized", lang, w)
			}
			if strings.IndexFunc(w, func(r rune) bool { return !wordRune(r) && r != '-' && r != '\'' }) >= 0 {
				t.Errorf("%s stop word %q has punctuation", lang, w)
			}
			if _, neg := l.neg[w]; neg {
				t.Errorf("%s stop word %q is a negation", lang, w)
			}
		}
	}
	for _, c := range []struct{ lang, w string }{{English, "the"}, {Russian, "это"}, {Finnish, "että"}} {
		if !langs[c.lang].stop[c.w] {
			t.Errorf("%s stop list lacks %q", c.lang, c.w)
		}
	}
}

// Whatever a customer types, tokens are words of two letters or more with
// a stem, and no phrase starts with a break.
func FuzzTokenize(f *testing.F) {
	for _, s := range append(append(englishComments, russianComments...), finnishComments...) {
		f.Add(s)
	}
	f.Add("-'- ''a'' --x-- 20-30 ё-ё ’’ \xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{English, Russian, Finnish} {
			for _, tok := range Tokenize(lang, s) {
				if tok.Stem == "" || len([]rune(tok.Word)) < 2 || strings.ContainsAny(tok.Word, " \t\n") {
					t.Fatalf("%s %q: token %+v", lang, s, tok)
				}
			}
		}
	})
}
