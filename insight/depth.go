package insight

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight/drivers"
	"github.com/tandemhq/tandem/insight/text"
)

// Bounds of the per-response analyses: each reads the newest rows of its
// period and says so when there were more.
const (
	MaxResponses = 5000 // responses the key drivers read
	MaxTexts     = 5000 // comments read of each period
	MaxRising    = 10   // rising terms listed per group and language
	// DriverResamples is how many bootstrap resamples the key drivers'
	// intervals rest on: enough for a 95% interval to two decimals, few
	// enough for a page view.
	DriverResamples = 200
)

// driverSeed seeds the bootstrap: the same responses give the same
// intervals on every view, on the page and in the API alike.
const driverSeed1, driverSeed2 = 0x7a6e64656d, 0x64726976657273

// DepthInput is what the per-response analyses read, as the store returned
// it (tandem.ResponseStore).
type DepthInput struct {
	// Responses are the period's newest responses; MoreResponses is set
	// when the period held more. Nil Responses with Drivers unset skip the
	// key drivers (several services: their aspects differ).
	Responses     []tandem.Response
	MoreResponses bool
	Drivers       bool
	// Now and Before are the comments of the period and of the one as long
	// before it, each the newest MaxTexts.
	Now, Before         []tandem.ResponseText
	MoreNow, MoreBefore bool
	// Period is the report's; the comments before are of Period.Before().
	// Location is the organization's time zone (nil: UTC).
	Period   Period
	Location *time.Location
	// Names are the aspects' names by key, as the report names them.
	Names map[string]tandem.Text
}

// Depth is the part of insight read from single responses: which aspects
// to fix first, and what customers write about more than before.
type Depth struct {
	Drivers *Drivers // nil when not analyzed: drivers are per service
	Terms   *Terms   // never nil
}

// Drivers is the key-driver analysis of one service's period.
type Drivers struct {
	N      int  // responses analyzed
	Capped bool // the period had more than MaxResponses: N are its newest
	// MinResponses and MinPerAspect are the minimum sample rule: below
	// them a figure is too few and not estimated.
	MinResponses, MinPerAspect int
	TooFew                     bool // N < MinResponses: nothing below is estimated
	Method                     drivers.Method
	// R2 is the part of the overall judgement's variance the aspects
	// explain together, with its interval; the aspects' shares add up to it.
	R2, R2Low, R2High float64
	Level             float64 // of the intervals
	Resamples         int     // bootstrap resamples behind the intervals
	Aspects           []Driver
	FixFirst          []Fix // most points lost per response first
}

// Driver is one aspect's pull on the overall judgement; the figures are
// drivers.Driver's (its AspectID means nothing here).
type Driver struct {
	Key  string
	Name tandem.Text
	drivers.Driver
	NegativeShare float64 // responses rating it negative, of N
}

// Fix is an aspect whose negatives cost overall points, with the loss split
// by cause in the order of tandem.Parties.
type Fix struct {
	Key  string
	Name tandem.Text
	drivers.Fix
	Causes []FixCause
	// Design is set when customers caused most of it: the fix is a
	// change to the design of the customer's own step, not to staff or
	// process.
	Design bool
}

// FixCause is one party's part of a fix's loss.
type FixCause struct {
	Party tandem.Party
	Loss  float64 // points of overall per response
	Share float64 // of the fix's loss
}

// Top is the first aspect to fix, nil if none costs points.
func (d *Drivers) Top() *Fix {
	if d == nil || len(d.FixFirst) == 0 {
		return nil
	}
	return &d.FixFirst[0]
}

// Terms is what rose in the comments: over all of them and per aspect.
type Terms struct {
	NowPeriod, BeforePeriod Period
	Now, Before             int  // comments read in each period
	CappedNow, CappedBefore bool // the period had more than MaxTexts
	Rule                    text.Rule
	Overall                 TermGroup
	Aspects                 []TermGroup // by aspect key; aspects with comments in either period
}

// TermGroup is the rising terms of one group of comments.
type TermGroup struct {
	Key         string // aspect key, "" for all comments
	Name        tandem.Text
	Now, Before int  // comments of the group in each period
	TooFew      bool // under Rule.MinSample in either period: nothing listed
	Rising      []text.Rise
	More        int // rising terms beyond the MaxRising listed of their language
}

// BuildDepth runs the key-driver and text analyses. Its time is bounded by
// the sizes above; it stops with ctx's error when ctx is done.
func BuildDepth(ctx context.Context, in DepthInput) (*Depth, error) {
	d := &Depth{Terms: buildTerms(in)}
	if in.Drivers {
		dr, err := buildDrivers(ctx, in.Responses, in.MoreResponses, in.Names)
		if err != nil {
			return nil, err
		}
		d.Drivers = dr
	}
	return d, nil
}

func buildDrivers(ctx context.Context, rs []tandem.Response, more bool, names map[string]tandem.Text) (*Drivers, error) {
	// Aspect keys become the analysis's ids, in key order.
	var keys []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, a := range r.Aspects {
			if !seen[a.Key] {
				seen[a.Key] = true
				keys = append(keys, a.Key)
			}
		}
	}
	slices.Sort(keys)
	id := make(map[string]int64, len(keys))
	ids := make([]int64, len(keys))
	for i, k := range keys {
		id[k], ids[i] = int64(i+1), int64(i+1)
	}
	in := make([]drivers.Response, len(rs))
	for i, r := range rs {
		in[i].Overall = r.Overall
		for _, a := range r.Aspects {
			in[i].Aspects = append(in[i].Aspects, tandem.AspectRating{AspectID: id[a.Key], Rating: a.Rating, Cause: a.Cause})
		}
	}
	o := drivers.Options{Rand: rand.New(rand.NewPCG(driverSeed1, driverSeed2)), Resamples: DriverResamples}
	res, err := drivers.Analyze(ctx, ids, in, o)
	if err != nil {
		return nil, err
	}
	out := &Drivers{
		N: res.N, Capped: more, TooFew: res.TooFew, Method: res.Method,
		MinResponses: drivers.DefaultMinResponses, MinPerAspect: drivers.DefaultMinPerAspect,
		R2: res.R2, R2Low: res.R2Low, R2High: res.R2High, Level: drivers.DefaultLevel,
	}
	for _, dr := range res.Drivers {
		k := keys[dr.AspectID-1]
		out.Resamples = max(out.Resamples, dr.Resamples)
		out.Aspects = append(out.Aspects, Driver{Key: k, Name: names[k], Driver: dr, NegativeShare: ratio(dr.Negative, dr.N)})
	}
	// Largest share first; the aspects too few to estimate last, by key.
	slices.SortStableFunc(out.Aspects, func(a, b Driver) int {
		if a.TooFew != b.TooFew {
			if a.TooFew {
				return 1
			}
			return -1
		}
		if a.Share != b.Share {
			if a.Share > b.Share {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	for _, f := range res.FixFirst {
		k := keys[f.AspectID-1]
		fx := Fix{Key: k, Name: names[k], Fix: f, Design: f.Lead == tandem.PartyCustomer}
		for _, p := range tandem.Parties {
			if l, ok := f.ByCause[p]; ok && l > 0 {
				fx.Causes = append(fx.Causes, FixCause{Party: p, Loss: l, Share: l / f.Loss})
			}
		}
		out.FixFirst = append(out.FixFirst, fx)
	}
	return out, nil
}

func buildTerms(in DepthInput) *Terms {
	before := in.Period.Before()
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	var now, prev text.Span
	now.From, now.To = in.Period.Bounds(loc)
	prev.From, prev.To = before.Bounds(loc)
	t := &Terms{NowPeriod: in.Period, BeforePeriod: before, Now: len(in.Now), Before: len(in.Before), CappedNow: in.MoreNow, CappedBefore: in.MoreBefore, Rule: text.DefaultRule}
	cs := make([]text.Comment, 0, len(in.Now)+len(in.Before))
	for _, list := range [][]tandem.ResponseText{in.Now, in.Before} {
		for _, c := range list {
			cs = append(cs, text.Comment{Lang: c.Lang, Text: c.Text, At: c.CreatedAt, ServiceID: c.ServiceID, Aspects: c.Aspects})
		}
	}
	group := func(g text.Group) TermGroup {
		tg := TermGroup{Key: g.Key, Name: in.Names[g.Key], Now: g.Now, Before: g.Before, TooFew: g.TooFew, Rising: g.Rising}
		// The most risen of each language, so that one language's many
		// rises do not hide another's.
		kept, per := tg.Rising[:0:0], map[string]int{}
		for _, r := range tg.Rising {
			if per[r.Lang]++; per[r.Lang] > MaxRising {
				tg.More++
				continue
			}
			kept = append(kept, r)
		}
		tg.Rising = kept
		return tg
	}
	// One pass over the comments: each counts in the group of all ("",
	// which no aspect key is) and in its aspects'.
	t.Overall = TermGroup{TooFew: true}
	both := func(c text.Comment) []string { return append([]string{""}, c.Aspects...) }
	for _, g := range text.Rising(cs, prev, now, both, t.Rule) {
		if g.Key == "" {
			t.Overall = group(g)
			continue
		}
		t.Aspects = append(t.Aspects, group(g))
	}
	return t
}
