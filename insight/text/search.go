package text

import "strings"

// Query is a comment search read in every language: the comments of each
// language are searched for the stems of the query's words as that
// language reads them, so "kahvia" finds "kahvi" and "kahvin", and
// "холодного" finds "холодный".
type Query struct {
	// Words are the query's words, lower-cased, without numbers,
	// one-letter words and the function words of any of the languages: a
	// manager types a search without saying its language, so "the",
	// "и" and "on" are left out whatever the comments' language.
	// Negations ("not", "не", "ei") stay.
	Words []string
	// Stems holds, per language, the distinct stems of Words as that
	// language reads them, in the order of Words.
	Stems map[string][]string
}

// Empty reports whether the query has nothing to search for: it was
// empty, or held only function words, numbers and one-letter words.
func (q Query) Empty() bool { return len(q.Words) == 0 }

// ParseQuery reads a search for comments. A word is kept when every
// language keeps it (Tokenize), so a function word of one language is not
// searched for in the others either.
func ParseQuery(s string) Query {
	langsOrder := []string{English, Russian, Finnish}
	kept := map[string]int{} // word → the languages that keep it
	var order []string
	for _, lang := range langsOrder {
		seen := map[string]bool{}
		for _, t := range Tokenize(lang, s) {
			if seen[t.Word] {
				continue
			}
			seen[t.Word] = true
			if kept[t.Word] == 0 && lang == English {
				order = append(order, t.Word)
			}
			kept[t.Word]++
		}
	}
	q := Query{Stems: map[string][]string{}}
	for _, w := range order {
		if kept[w] == len(langsOrder) {
			q.Words = append(q.Words, w)
		}
	}
	if q.Empty() {
		return q
	}
	joined := strings.Join(q.Words, " ")
	for _, lang := range langsOrder {
		seen := map[string]bool{}
		for _, t := range Tokenize(lang, joined) {
			if !seen[t.Stem] {
				seen[t.Stem] = true
				q.Stems[lang] = append(q.Stems[lang], t.Stem)
			}
		}
	}
	return q
}

// Stems returns the distinct stems of a comment in lang, joined by a
// space: what a full-text index holds for it, so that a Query's stems
// find it. Function words, numbers and one-letter words are left out;
// negations stay. A language that is not supported gives "".
func Stems(lang, comment string) string {
	toks := Tokenize(lang, comment)
	seen := make(map[string]bool, len(toks))
	var b strings.Builder
	for _, t := range toks {
		if seen[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Stem)
	}
	return b.String()
}
