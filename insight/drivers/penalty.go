package drivers

import (
	"sort"

	"github.com/tandemhq/tandem"
)

// penaltyReward fills d's Baseline, Penalty and Reward from the mean overall
// of the responses that rated aspect j negative, did not mention it, and
// rated it positive. Each mean needs minN responses behind it.
func penaltyReward(d *Driver, j int, codes [][]int8, rs []Response, minN int, tooFew bool) {
	var sum [3]float64
	var cnt [3]int
	for i, r := range rs {
		g := codes[i][j] + 1 // 0 negative, 1 not mentioned, 2 positive
		sum[g] += float64(r.Overall)
		cnt[g]++
	}
	mean := func(g int) Effect {
		e := Effect{N: cnt[g], TooFew: tooFew || cnt[g] < minN}
		if !e.TooFew {
			e.Value = sum[g] / float64(cnt[g])
		}
		return e
	}
	d.Baseline = mean(1)
	neg, pos := mean(0), mean(2)
	d.Penalty = Effect{N: neg.N, TooFew: neg.TooFew || d.Baseline.TooFew}
	if !d.Penalty.TooFew {
		d.Penalty.Value = d.Baseline.Value - neg.Value
	}
	d.Reward = Effect{N: pos.N, TooFew: pos.TooFew || d.Baseline.TooFew}
	if !d.Reward.TooFew {
		d.Reward.Value = pos.Value - d.Baseline.Value
	}
}

// fixFirst ranks the aspects whose negatives cost overall points by the
// points lost per response. An aspect whose penalty is too few to tell, or
// whose negatives cost nothing, is not listed.
func fixFirst(ds []Driver, causes []map[tandem.Party]int) []Fix {
	var fs []Fix
	for j, d := range ds {
		if d.Penalty.TooFew || d.Penalty.Value <= 0 || d.N == 0 {
			continue
		}
		f := Fix{
			AspectID:  d.AspectID,
			N:         d.N,
			Negatives: d.Negative,
			Penalty:   d.Penalty.Value,
			Frequency: float64(d.Negative) / float64(d.N),
			ByCause:   map[tandem.Party]float64{},
		}
		f.Loss = f.Penalty * f.Frequency
		lead := 0
		for _, p := range tandem.Parties {
			n := causes[j][p]
			if n == 0 {
				continue
			}
			f.ByCause[p] = f.Penalty * float64(n) / float64(d.N)
			if n > lead {
				lead, f.Lead = n, p
			}
		}
		fs = append(fs, f)
	}
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].Loss > fs[b].Loss })
	return fs
}
