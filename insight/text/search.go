package text

import "strings"

// Query is a comment search read in every language: the comments of each
// language are searched for the stems of the query's words as that
// language reads them, so "kahvia" finds "kahvi" and "kahvin", and
// "холодного" finds "холодный".
type Query struct {
	// Words are the query's words, lower-cased, without numbers,
	// one-letter words, negations and the function words of any of the
	// languages: a manager types a search without saying its language,
	// so "the", "и" and "on" are left out whatever the comments'
	// language. A search finds words, not their order, so "not" in "not
	// hot" would only ask for a "not" anywhere: it goes too ("ei", "не"
	// likewise), as PostgreSQL's configurations drop it.
	Words []string
	// Stems holds, per language, the distinct stems of Words as that
	// language reads them, in the order of Words.
	Stems map[string][]string
}

// Empty reports whether the query has nothing to search for: it was
// empty, or held only function words, negations, numbers and one-letter
// words.
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
			if seen[t.Word] || t.Neg {
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

// Part is a piece of a comment as Highlight cuts it: text as written, and
// whether it is a word the query found.
type Part struct {
	Text  string
	Match bool
}

// Highlight cuts a comment in lang into parts, marking the words whose
// stems are among the query's stems in that language, so a page can show
// why a comment was found. Joined, the parts are the comment unchanged.
func Highlight(lang, comment string, q Query) []Part {
	want := map[string]bool{}
	for _, st := range q.Stems[lang] {
		want[st] = true
	}
	var parts []Part
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Match == match {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, Part{Text: s, Match: match})
	}
	rs := []rune(comment)
	start := 0
	inWord := false
	flush := func(end int) {
		w := string(rs[start:end])
		match := false
		for _, t := range Tokenize(lang, w) {
			if want[t.Stem] {
				match = true
				break
			}
		}
		add(w, match)
	}
	for i, r := range rs {
		// A word runs over letters and digits, and over an apostrophe or
		// a hyphen between them; Tokenize then reads it as a comment would.
		w := wordRune(r) || (apostrophe(r) || hyphen(r)) && inWord && i+1 < len(rs) && wordRune(rs[i+1])
		if w != inWord {
			if inWord {
				flush(i)
			} else {
				add(string(rs[start:i]), false)
			}
			start, inWord = i, w
		}
	}
	if inWord {
		flush(len(rs))
	} else {
		add(string(rs[start:]), false)
	}
	return parts
}
