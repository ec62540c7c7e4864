package text

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// Rule decides when a term has risen rather than wobbled.
type Rule struct {
	// MinSample is how many comments a group needs in each period before
	// any of its terms is listed: below it, every share is noise.
	MinSample int
	// MinDocs is how many comments of the present period a term needs.
	MinDocs int
	// MinScore is the log-likelihood ratio (G²) the rise needs: how
	// unlikely it is that both periods share one rate. 10.83 is p < 0.001
	// at one degree of freedom, strict because hundreds of terms are tested
	// at once.
	MinScore float64
}

// DefaultRule is the rule insight uses.
var DefaultRule = Rule{MinSample: 30, MinDocs: 5, MinScore: 10.83}

// Span is a half-open stretch of time: From ≤ t < To.
type Span struct{ From, To time.Time }

// Contains reports whether t falls within the span.
func (s Span) Contains(t time.Time) bool { return !t.Before(s.From) && t.Before(s.To) }

// Share is how many comments of a period a term occurs in, of how many
// comments in its language.
type Share struct{ Docs, Of int }

// Rate is the share as a fraction, 0 of no comments.
func (s Share) Rate() float64 {
	if s.Of == 0 {
		return 0
	}
	return float64(s.Docs) / float64(s.Of)
}

// Rise is a term that occurs in a larger share of comments now than before.
type Rise struct {
	Term        // Docs as now
	Now, Before Share
	// Score is the log-likelihood ratio G² of the two shares.
	Score float64
}

// Rate is by how much the share rose: now's rate less before's.
func (r Rise) Rate() float64 { return r.Now.Rate() - r.Before.Rate() }

// Group is what rose within one group of comments (an aspect, a service).
type Group struct {
	Key         string
	Now, Before int // comments of the group in each period
	// TooFew is set when either period has fewer comments than the rule's
	// MinSample: Rising is then empty, whatever the counts.
	TooFew bool
	Rising []Rise // by how much the share rose, most first
}

// GroupFunc names the groups a comment belongs to.
type GroupFunc func(Comment) []string

// ByAspect groups comments by the aspects their feedback judged; a comment
// belongs to each of them.
func ByAspect(c Comment) []string { return c.Aspects }

// ByService groups comments by service, its id as the key.
func ByService(c Comment) []string { return []string{strconv.FormatInt(c.ServiceID, 10)} }

// All puts every comment in one group, keyed "".
func All(Comment) []string { return []string{""} }

// Rising compares the comments of two periods within each group: the
// terms and phrases that occur in a significantly larger share of the
// comments in their language now than before. Comments outside both spans
// are left out. Groups come in the order of their keys.
func Rising(cs []Comment, before, now Span, by GroupFunc, r Rule) []Group {
	type pair struct{ before, now *tally }
	groups := map[string]*pair{}
	for _, c := range cs {
		inNow, inBefore := now.Contains(c.At), before.Contains(c.At)
		if !inNow && !inBefore {
			continue
		}
		d, ok := read(c)
		if !ok {
			continue
		}
		keys := by(c)
		for i, k := range keys {
			if slices.Contains(keys[:i], k) {
				continue // a comment counts once in a group
			}
			p := groups[k]
			if p == nil {
				p = &pair{newTally(), newTally()}
				groups[k] = p
			}
			// Spans that overlap would count a comment in both: it is
			// counted in the present one.
			if inNow {
				p.now.add(d)
			} else {
				p.before.add(d)
			}
		}
	}
	out := make([]Group, 0, len(groups))
	for k, p := range groups {
		g := Group{Key: k, Now: p.now.comments, Before: p.before.comments}
		g.TooFew = g.Now < r.MinSample || g.Before < r.MinSample
		if !g.TooFew {
			g.Rising = rises(p.before, p.now, r)
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

func rises(before, now *tally, r Rule) []Rise {
	var out []Rise
	for id, tt := range now.terms {
		if tt.docs < r.MinDocs {
			continue
		}
		n := Share{tt.docs, now.byLang[id.lang]}
		b := Share{0, before.byLang[id.lang]}
		if bt := before.terms[id]; bt != nil {
			b.Docs = bt.docs
		}
		if n.Rate() <= b.Rate() {
			continue
		}
		score := g2(n, b)
		if score < r.MinScore {
			continue
		}
		out = append(out, Rise{
			Term: Term{Lang: id.lang, Key: id.key, Display: tt.display(), Phrase: id.phrase, Docs: tt.docs},
			Now:  n, Before: b,
			Score: score,
		})
	}
	slices.SortFunc(out, func(a, b Rise) int {
		return cmp.Or(cmp.Compare(b.Rate(), a.Rate()), cmp.Compare(b.Score, a.Score), cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// g2 is the log-likelihood ratio of the 2×2 table "comments with and
// without the term, now and before": 2 Σ O ln(O/E). With one degree of
// freedom it follows χ², and unlike the χ² test it stays sound for the
// small counts of rare words (Dunning 1993).
func g2(a, b Share) float64 {
	n := float64(a.Of + b.Of)
	k := float64(a.Docs + b.Docs)
	if a.Of == 0 || b.Of == 0 || k == 0 || k == n {
		return 0
	}
	cell := func(o, row, col float64) float64 {
		if o == 0 {
			return 0
		}
		return o * math.Log(o/(row*col/n))
	}
	aOf, bOf := float64(a.Of), float64(b.Of)
	s := cell(float64(a.Docs), aOf, k) + cell(aOf-float64(a.Docs), aOf, n-k) +
		cell(float64(b.Docs), bOf, k) + cell(bOf-float64(b.Docs), bOf, n-k)
	return 2 * s
}
