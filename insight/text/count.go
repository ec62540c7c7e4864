package text

import (
	"cmp"
	"slices"
	"time"
)

// Comment is one customer's free text and what it was about.
type Comment struct {
	Lang      string
	Text      string
	At        time.Time
	ServiceID int64
	Aspects   []string // keys of the aspects the same feedback judged
}

// Term is a word, or a phrase of two words written next to each other, and
// how many comments it occurs in.
type Term struct {
	Lang string
	// Key is what inflected forms share: a stem ("kahv"), or for a phrase
	// two stems and a space ("холодн коф").
	Key string
	// Display is the form most often written, lower-cased ("kahvia",
	// "холодный кофе"); of forms written equally often, the first in
	// alphabetical order.
	Display string
	Phrase  bool
	Docs    int // comments it occurs in, however often in each
}

// Counts is the terms of a set of comments.
type Counts struct {
	Comments int            // comments read (in a supported language)
	ByLang   map[string]int // of them, per language
	Terms    []Term         // most comments first, then by language and key
}

// Count counts the comments each term and phrase occurs in.
func Count(cs []Comment) Counts {
	t := newTally()
	for _, c := range cs {
		if d, ok := read(c); ok {
			t.add(d)
		}
	}
	return t.counts()
}

// termID names a term across languages: the same stem may mean different
// things in two of them.
type termID struct {
	lang, key string
	phrase    bool
}

// doc is one comment read: its terms, each with the form it was written
// in, as often as they occur.
type doc struct {
	lang  string
	terms []occurrence
}

type occurrence struct {
	id   termID
	form string
}

// read tokenizes a comment into its words and the phrases of two
// neighbouring words. A negation is part of a phrase, never a word alone.
func read(c Comment) (doc, bool) {
	if !Supported(c.Lang) {
		return doc{}, false
	}
	toks := Tokenize(c.Lang, c.Text)
	d := doc{lang: c.Lang, terms: make([]occurrence, 0, 2*len(toks))}
	for i, t := range toks {
		if !t.Neg {
			d.terms = append(d.terms, occurrence{termID{c.Lang, t.Stem, false}, t.Word})
		}
		if i == 0 || t.Break || t.Neg {
			continue
		}
		p := toks[i-1]
		d.terms = append(d.terms, occurrence{termID{c.Lang, p.Stem + " " + t.Stem, true}, p.Word + " " + t.Word})
	}
	return d, true
}

// tally adds up documents per term.
type tally struct {
	comments int
	byLang   map[string]int
	terms    map[termID]*termTally
	seen     []*termTally // add's scratch: the terms of one comment so far
}

type termTally struct {
	docs  int
	forms map[string]int
}

func newTally() *tally {
	return &tally{byLang: map[string]int{}, terms: map[termID]*termTally{}}
}

func (t *tally) add(d doc) {
	t.comments++
	t.byLang[d.lang]++
	// A comment has a few dozen terms at most: a slice finds the ones
	// already counted faster than a map made per comment.
	seen := t.seen[:0]
	for _, o := range d.terms {
		tt := t.terms[o.id]
		if tt == nil {
			tt = &termTally{forms: map[string]int{}}
			t.terms[o.id] = tt
		}
		tt.forms[o.form]++
		if !slices.Contains(seen, tt) {
			seen = append(seen, tt)
			tt.docs++
		}
	}
	t.seen = seen
}

// display is the form written most often.
func (tt *termTally) display() string {
	best, n := "", 0
	for f, c := range tt.forms {
		if c > n || c == n && f < best {
			best, n = f, c
		}
	}
	return best
}

func (t *tally) counts() Counts {
	c := Counts{Comments: t.comments, ByLang: t.byLang, Terms: make([]Term, 0, len(t.terms))}
	for id, tt := range t.terms {
		c.Terms = append(c.Terms, Term{Lang: id.lang, Key: id.key, Display: tt.display(), Phrase: id.phrase, Docs: tt.docs})
	}
	slices.SortFunc(c.Terms, func(a, b Term) int {
		return cmp.Or(cmp.Compare(b.Docs, a.Docs), cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Key, b.Key))
	})
	return c
}

// Lookup returns the term of a language with the given key (a stem, or two
// stems and a space for a phrase), and whether it was counted.
func (c Counts) Lookup(lang, key string) (Term, bool) {
	for _, t := range c.Terms {
		if t.Lang == lang && t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}
