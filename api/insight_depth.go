package api

import (
	"github.com/tandemhq/tandem/insight"
)

// The key drivers and rising terms of GET /api/v1/insight, laid out from
// insight.Depth: a figure below its minimum sample is null, with too_few
// set and the sample it would have rested on.

type driversOut struct {
	Responses    int         `json:"responses"`
	Capped       bool        `json:"capped"` // more in the period: the newest max_responses were read
	MaxResponses int         `json:"max_responses"`
	MinResponses int         `json:"min_responses"`
	MinPerAspect int         `json:"min_per_aspect"`
	TooFew       bool        `json:"too_few"`
	Method       string      `json:"method"`
	R2           *float64    `json:"r2"`
	R2Low        *float64    `json:"r2_low"`
	R2High       *float64    `json:"r2_high"`
	Level        float64     `json:"level"`
	Resamples    int         `json:"resamples"`
	Aspects      []driverOut `json:"aspects"`
	FixFirst     []fixOut    `json:"fix_first"`
	Top          *string     `json:"top"` // the key of the first to fix
}

type driverOut struct {
	Key           string    `json:"key"`
	Name          localized `json:"name"`
	Responses     int       `json:"responses"`
	Rated         int       `json:"rated"`
	Positive      int       `json:"positive"`
	Negative      int       `json:"negative"`
	NegativeShare float64   `json:"negative_share"`
	TooFew        bool      `json:"too_few"`
	Share         *float64  `json:"share"`
	Relative      *float64  `json:"relative"`
	Low           *float64  `json:"low"`
	High          *float64  `json:"high"`
	Penalty       effectOut `json:"penalty"`
	Reward        effectOut `json:"reward"`
}

type effectOut struct {
	Value  *float64 `json:"value"`
	N      int      `json:"n"`
	TooFew bool     `json:"too_few"`
}

type fixOut struct {
	Key       string        `json:"key"`
	Name      localized     `json:"name"`
	Responses int           `json:"responses"`
	Negatives int           `json:"negatives"`
	Frequency float64       `json:"frequency"`
	Penalty   float64       `json:"penalty"`
	Loss      float64       `json:"loss"`
	Lead      string        `json:"lead"`
	Design    bool          `json:"design"`
	ByCause   []fixCauseOut `json:"by_cause"`
}

type fixCauseOut struct {
	Party string  `json:"party"`
	Loss  float64 `json:"loss"`
	Share float64 `json:"share"`
}

type termsOut struct {
	Now       termsPeriodOut `json:"now"`
	Before    termsPeriodOut `json:"before"`
	MaxTexts  int            `json:"max_texts"`
	MinSample int            `json:"min_sample"`
	MinDocs   int            `json:"min_docs"`
	MinScore  float64        `json:"min_score"`
	Overall   termGroupOut   `json:"overall"`
	Aspects   []termGroupOut `json:"aspects"`
}

type termsPeriodOut struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Comments int    `json:"comments"`
	Capped   bool   `json:"capped"`
}

type termGroupOut struct {
	Key            *string     `json:"key"`
	Name           localized   `json:"name"`
	CommentsNow    int         `json:"comments_now"`
	CommentsBefore int         `json:"comments_before"`
	TooFew         bool        `json:"too_few"`
	Rising         []risingOut `json:"rising"`
	More           int         `json:"more"`
}

type risingOut struct {
	Term       string  `json:"term"`
	Key        string  `json:"key"`
	Lang       string  `json:"lang"`
	Phrase     bool    `json:"phrase"`
	DocsNow    int     `json:"docs_now"`
	OfNow      int     `json:"of_now"`
	DocsBefore int     `json:"docs_before"`
	OfBefore   int     `json:"of_before"`
	G2         float64 `json:"g2"`
}

func num(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func toEffectOut(value float64, n int, tooFew bool) effectOut {
	return effectOut{Value: num(value, !tooFew), N: n, TooFew: tooFew}
}

func toDriversOut(d *insight.Drivers) *driversOut {
	if d == nil {
		return nil
	}
	est := !d.TooFew
	out := &driversOut{Responses: d.N, Capped: d.Capped, MaxResponses: insight.MaxResponses,
		MinResponses: d.MinResponses, MinPerAspect: d.MinPerAspect, TooFew: d.TooFew, Method: string(d.Method),
		R2: num(d.R2, est), R2Low: num(d.R2Low, est && d.Resamples > 0), R2High: num(d.R2High, est && d.Resamples > 0),
		Level: d.Level, Resamples: d.Resamples, Aspects: make([]driverOut, 0, len(d.Aspects)), FixFirst: make([]fixOut, 0, len(d.FixFirst))}
	for _, a := range d.Aspects {
		ok := !a.TooFew
		out.Aspects = append(out.Aspects, driverOut{Key: a.Key, Name: toLocalized(a.Name), Responses: a.N,
			Rated: a.Rated, Positive: a.Positive, Negative: a.Negative, NegativeShare: a.NegativeShare, TooFew: a.TooFew,
			Share: num(a.Share, ok), Relative: num(a.Relative, ok), Low: num(a.Low, ok && a.Resamples > 0), High: num(a.High, ok && a.Resamples > 0),
			Penalty: toEffectOut(a.Penalty.Value, a.Penalty.N, a.Penalty.TooFew),
			Reward:  toEffectOut(a.Reward.Value, a.Reward.N, a.Reward.TooFew)})
	}
	for _, f := range d.FixFirst {
		fo := fixOut{Key: f.Key, Name: toLocalized(f.Name), Responses: f.N, Negatives: f.Negatives, Frequency: f.Frequency,
			Penalty: f.Penalty, Loss: f.Loss, Lead: string(f.Lead), Design: f.Design, ByCause: make([]fixCauseOut, 0, len(f.Causes))}
		for _, c := range f.Causes {
			fo.ByCause = append(fo.ByCause, fixCauseOut{Party: string(c.Party), Loss: c.Loss, Share: c.Share})
		}
		out.FixFirst = append(out.FixFirst, fo)
	}
	if top := d.Top(); top != nil {
		out.Top = &top.Key
	}
	return out
}

func toTermsOut(t *insight.Terms) termsOut {
	out := termsOut{
		Now:      termsPeriodOut{From: t.NowPeriod.From.Format(dateLayout), To: t.NowPeriod.Last().Format(dateLayout), Comments: t.Now, Capped: t.CappedNow},
		Before:   termsPeriodOut{From: t.BeforePeriod.From.Format(dateLayout), To: t.BeforePeriod.Last().Format(dateLayout), Comments: t.Before, Capped: t.CappedBefore},
		MaxTexts: insight.MaxTexts, MinSample: t.Rule.MinSample, MinDocs: t.Rule.MinDocs, MinScore: t.Rule.MinScore,
		Overall: toTermGroupOut(t.Overall, false), Aspects: make([]termGroupOut, 0, len(t.Aspects)),
	}
	for _, g := range t.Aspects {
		out.Aspects = append(out.Aspects, toTermGroupOut(g, true))
	}
	return out
}

func toTermGroupOut(g insight.TermGroup, keyed bool) termGroupOut {
	out := termGroupOut{Name: toLocalized(g.Name), CommentsNow: g.Now, CommentsBefore: g.Before, TooFew: g.TooFew,
		Rising: make([]risingOut, 0, len(g.Rising)), More: g.More}
	if keyed {
		k := g.Key
		out.Key = &k
	}
	for _, r := range g.Rising {
		out.Rising = append(out.Rising, risingOut{Term: r.Display, Key: r.Key, Lang: r.Lang, Phrase: r.Phrase,
			DocsNow: r.Now.Docs, OfNow: r.Now.Of, DocsBefore: r.Before.Docs, OfBefore: r.Before.Of, G2: r.Score})
	}
	return out
}
