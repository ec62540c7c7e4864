package manage

import (
	"fmt"
	"slices"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/insight/drivers"
	"github.com/tandemhq/tandem/insight/text"
)

// depthView is the "Fix first" and "What customers write about" sections
// of the insight page: insight.Depth laid out, every figure with the
// sample it rests on, the bars repeating figures printed beside them.
type depthView struct {
	Drivers  *insight.Drivers
	Sample   string // "Based on 412 responses." or the capped notice
	TooFew   string // "Too few responses…", "" when estimated
	Top      string // the sentence about the first aspect to fix
	Fixes    []fixRow
	Aspects  []driverRow
	Terms    *insight.Terms
	TermNote string // comments read now and before, and their periods
	Groups   []termGroupView
	// FewNote and Few list the aspects with too few comments to compare,
	// in one line rather than a heading each.
	FewNote string
	Few     []string
}

// fixRow is one aspect of fix first, with its loss as a bar split by
// cause, 0–100 of the largest loss.
type fixRow struct {
	insight.Fix
	Name     string
	Loss     string // "0.31"
	Penalty  string
	Negative string // "26% (98 of 380)"
	Segments []fixSegment
}

type fixSegment struct {
	Party tandem.Party
	X, W  float64 // along the row's track, 0–100
	Note  string  // "Customer 66%"
}

type driverRow struct {
	Name     string
	TooFew   string // "too few ratings (7 of 10)", "" when estimated
	Share    string // "12.4%"
	Interval string // "9.8–15.0%"
	W        float64
	Penalty  string // "−1.4 (98)" or "too few (4)"
	Reward   string
	Rated    int
}

type termGroupView struct {
	Heading string
	Note    string // comments now and before, or too few
	TooFew  bool
	Rows    []termRow
	More    string
}

type termRow struct {
	Lang, Term    string
	Phrase        bool
	Now, Before   string // "21 of 51 (41%)"
	NowW, BeforeW float64
	Score         string
}

func (s *Server) depthView(d *insight.Depth, p *page) *depthView {
	v := &depthView{Drivers: d.Drivers, Terms: d.Terms}
	name := func(key string, t tandem.Text) string {
		if n := t.Get(p.Lang); n != "" {
			return n
		}
		return key
	}
	if dr := d.Drivers; dr != nil {
		v.Sample = p.P.Plural("manage.drivers.based_on", dr.N)
		if dr.Capped {
			v.Sample = p.P.T("manage.drivers.capped", p.P.Int(insight.MaxResponses))
		}
		if dr.TooFew {
			v.TooFew = p.P.T("manage.drivers.too_few", p.P.Int(dr.N), p.P.Int(dr.MinResponses))
		}
		most := 0.0
		for _, f := range dr.FixFirst {
			most = max(most, f.Loss)
		}
		for _, f := range dr.FixFirst {
			r := fixRow{Fix: f, Name: name(f.Key, f.Name), Loss: p.P.Decimal(f.Loss, 2), Penalty: p.P.Decimal(f.Penalty, 1),
				Negative: p.P.T("manage.drivers.of", p.P.Percent(f.Frequency), p.P.Int(f.Negatives), p.P.Int(f.N))}
			x := 0.0
			for _, c := range f.Causes {
				note := p.P.T("manage.party."+string(c.Party)) + " " + p.P.Percent(c.Share)
				w := c.Loss / most * 100
				r.Segments = append(r.Segments, fixSegment{Party: c.Party, X: x, W: w, Note: note})
				x += w
			}
			v.Fixes = append(v.Fixes, r)
		}
		if top := dr.Top(); top != nil {
			v.Top = topSentence(p, v.Fixes[0])
		}
		mostShare := 0.0
		for _, a := range dr.Aspects {
			mostShare = max(mostShare, a.High, a.Share)
		}
		for _, a := range dr.Aspects {
			r := driverRow{Name: name(a.Key, a.Name), Rated: a.Rated, Penalty: effect(p, a.Penalty, -1), Reward: effect(p, a.Reward, 1)}
			switch {
			case dr.TooFew:
				r.TooFew = p.P.T("manage.drivers.too_few_short")
			case a.TooFew:
				r.TooFew = p.P.T("manage.drivers.too_few_ratings", p.P.Int(a.Rated), p.P.Int(dr.MinPerAspect))
			default:
				r.Share = p.P.Percent(a.Share)
				if a.Resamples > 0 {
					r.Interval = p.P.T("manage.drivers.interval", p.P.Percent(a.Low), p.P.Percent(a.High))
				}
				if mostShare > 0 {
					r.W = a.Share / mostShare * 100
				}
			}
			v.Aspects = append(v.Aspects, r)
		}
	}
	t := d.Terms
	v.TermNote = p.P.T("manage.terms.note", p.P.Date(t.NowPeriod.From), p.P.Date(t.NowPeriod.Last()),
		p.P.Plural("manage.terms.comments_n", t.Now), p.P.Date(t.BeforePeriod.From), p.P.Date(t.BeforePeriod.Last()),
		p.P.Plural("manage.terms.comments_n", t.Before))
	if t.CappedNow || t.CappedBefore {
		v.TermNote += " " + p.P.T("manage.terms.capped", p.P.Int(insight.MaxTexts))
	}
	v.Groups = append(v.Groups, termGroup(p, t, t.Overall, p.P.T("manage.terms.all")))
	for _, g := range t.Aspects {
		if g.TooFew {
			v.Few = append(v.Few, p.P.T("manage.terms.too_few_item", name(g.Key, g.Name), p.P.Int(g.Now), p.P.Int(g.Before)))
			continue
		}
		v.Groups = append(v.Groups, termGroup(p, t, g, name(g.Key, g.Name)))
	}
	if len(v.Few) > 0 {
		v.FewNote = p.P.T("manage.terms.too_few_list", p.P.Int(t.Rule.MinSample))
	}
	return v
}

// topSentence says which aspect to fix first, what it costs and whose
// part it mostly is.
func topSentence(p *page, f fixRow) string {
	lead := f.Lead
	share := 0.0
	for _, c := range f.Causes {
		if c.Party == lead {
			share = c.Share
		}
	}
	return p.P.T("manage.drivers.top", f.Name, f.Loss, f.Penalty, p.P.Percent(f.Frequency), p.P.Int(f.N)) + " " +
		p.P.T("manage.drivers.lead."+string(lead), p.P.Percent(share))
}

// effect writes a penalty (sign −1) or reward (+1) in points with the
// responses behind it, or that they are too few.
func effect(p *page, e drivers.Effect, sign float64) string {
	if e.TooFew {
		return p.P.T("manage.drivers.effect_too_few", p.P.Int(e.N))
	}
	s := p.P.Decimal(e.Value, 1)
	if sign < 0 {
		s = "−" + s
	} else {
		s = "+" + s
	}
	return fmt.Sprintf("%s (%s)", s, p.P.Int(e.N))
}

func termGroup(p *page, t *insight.Terms, g insight.TermGroup, heading string) termGroupView {
	v := termGroupView{Heading: heading, TooFew: g.TooFew}
	if g.TooFew {
		v.Note = p.P.T("manage.terms.too_few", p.P.Int(g.Now), p.P.Int(g.Before), p.P.Int(t.Rule.MinSample))
		return v
	}
	v.Note = p.P.T("manage.terms.group_note", p.P.Int(g.Now), p.P.Int(g.Before))
	rises := slices.Clone(g.Rising)
	// Per language, in the order of the languages, each as the report
	// ordered it (most risen first).
	slices.SortStableFunc(rises, func(a, b text.Rise) int { return langOrder(a.Lang) - langOrder(b.Lang) })
	for _, r := range rises {
		v.Rows = append(v.Rows, termRow{Lang: r.Lang, Term: r.Display, Phrase: r.Phrase,
			Now:    p.P.T("manage.terms.share", p.P.Int(r.Now.Docs), p.P.Int(r.Now.Of), p.P.Percent(r.Now.Rate())),
			Before: p.P.T("manage.terms.share", p.P.Int(r.Before.Docs), p.P.Int(r.Before.Of), p.P.Percent(r.Before.Rate())),
			NowW:   r.Now.Rate() * 100, BeforeW: r.Before.Rate() * 100, Score: p.P.Decimal(r.Score, 1)})
	}
	if g.More > 0 {
		v.More = p.P.Plural("manage.terms.more", g.More)
	}
	return v
}

// langOrder orders the languages of comments as the product lists them.
func langOrder(lang string) int {
	if i := slices.Index(tandem.Languages, lang); i >= 0 {
		return i
	}
	return len(tandem.Languages)
}
