package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/russian"
)

// The languages the analysis reads: the languages of Tandem's pages.
const (
	English = "en"
	Russian = "ru"
	Finnish = "fi"
)

// Supported reports whether comments in lang are read at all; comments in
// other languages are left out of every count.
func Supported(lang string) bool { return langs[lang] != nil }

// Token is one counted word of a comment.
type Token struct {
	Stem string // what inflected forms share: "kahv" for kahvi, kahvia, kahvista
	Word string // as written, lower-cased: "kahvista"
	// Break is set when punctuation stands between this token and the one
	// before it: no phrase is made across it.
	Break bool
	// Neg marks a negation ("not", "не", "ei"): it makes a phrase with the
	// word after it ("not hot") but is never a term alone.
	Neg bool
}

// language is what reading one language takes.
type language struct {
	stem func(*snowballstem.Env) bool
	stop map[string]bool
	// neg maps every form of negation to the one stem they share.
	neg map[string]string
}

var langs = map[string]*language{
	English: {stem: english.Stem, stop: stopList("en.txt"), neg: negations("not", "not", "no", "never", "nothing", "nobody", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't", "wouldn't", "can't", "cannot", "couldn't", "haven't", "hasn't", "hadn't", "shouldn't")},
	Russian: {stem: russian.Stem, stop: stopList("ru.txt"), neg: negations("не", "не", "нет", "ни", "никогда", "ничего", "никто")},
	// Finnish negates with a verb of its own, inflected by person.
	Finnish: {stem: finnish.Stem, stop: stopList("fi.txt"), neg: negations("ei", "en", "et", "ei", "emme", "ette", "eivät", "älä", "älkää", "eikä")},
}

func negations(stem string, forms ...string) map[string]string {
	m := make(map[string]string, len(forms))
	for _, f := range forms {
		m[f] = stem
	}
	return m
}

// Tokenize reads a comment into the tokens that are counted: words of
// letters (and digits), lower-cased, without numbers, one-letter words and
// the language's function words, each with its Snowball stem. An
// apostrophe inside a word keeps it whole ("didn't"), so does a hyphen
// ("self-service", "kahvi-automaatti"); other punctuation separates
// phrases. A language that is not supported gives no tokens.
func Tokenize(lang, s string) []Token {
	l := langs[lang]
	if l == nil {
		return nil
	}
	var toks []Token
	var w []rune
	brk := false
	flush := func() {
		if len(w) == 0 {
			return
		}
		if t, ok := l.token(lang, string(w)); ok {
			t.Break = brk
			brk = false
			toks = append(toks, t)
		}
		w = w[:0]
	}
	rs := []rune(s)
	next := func(i int) rune {
		if i+1 < len(rs) {
			return rs[i+1]
		}
		return 0
	}
	for i, r := range rs {
		switch {
		case wordRune(r):
			w = append(w, unicode.ToLower(r))
		case apostrophe(r):
			// Inside a word it belongs to it; around one it is a quote mark,
			// which neither joins nor separates.
			if len(w) > 0 && wordRune(next(i)) {
				w = append(w, '\'')
			}
		case hyphen(r) && len(w) > 0 && wordRune(next(i)):
			w = append(w, '-')
		case (r == '.' || r == ',') && len(w) > 0 && unicode.IsDigit(w[len(w)-1]) && unicode.IsDigit(next(i)):
			w = append(w, r) // 3.5 or 3,5 is one number
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			brk = true
		}
	}
	flush()
	return toks
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func apostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func hyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// token makes a token of a lower-cased word, or reports that it is not
// counted.
func (l *language) token(lang, w string) (Token, bool) {
	// The numbers of a hyphenated word go ("20-minuutin" is "minuutin"),
	// and so does a word that is only a number.
	if strings.Contains(w, "-") {
		parts := strings.Split(w, "-")
		kept := parts[:0]
		for _, p := range parts {
			if strings.IndexFunc(p, unicode.IsLetter) >= 0 {
				kept = append(kept, p)
			}
		}
		w = strings.Join(kept, "-")
	} else if strings.IndexFunc(w, unicode.IsLetter) < 0 {
		w = ""
	}
	if utf8.RuneCountInString(w) < 2 {
		return Token{}, false
	}
	key := w
	switch lang {
	case Russian:
		key = strings.ReplaceAll(key, "ё", "е")
	case English:
		key = strings.TrimSuffix(key, "'") // "customers'"
	}
	if s, ok := l.neg[key]; ok {
		return Token{Stem: s, Word: w, Neg: true}, true
	}
	if l.stop[key] {
		return Token{}, false
	}
	if lang == Finnish {
		// A Finnish compound is written with or without a hyphen
		// ("kahvi-automaatti", "kahviautomaatti") and inflects at its end:
		// stemmed whole, both spellings meet.
		key = strings.ReplaceAll(key, "-", "")
	}
	return Token{Stem: l.stemOf(lang, key), Word: w}, true
}

// Key is the key a word or a two-word phrase is counted under ("kahvia" is
// "kahv", "cold coffee" is "cold coffe"): the stems of its tokens, joined
// by a space. Function words in s are left out, as they are in counting.
func Key(lang, s string) string {
	toks := Tokenize(lang, s)
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = t.Stem
	}
	return strings.Join(stems, " ")
}
