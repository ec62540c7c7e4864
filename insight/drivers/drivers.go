package drivers

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/tandemhq/tandem"
)

// Defaults of Options.
const (
	DefaultMinResponses = 50
	DefaultMinPerAspect = 10
	DefaultResamples    = 500
	DefaultLevel        = 0.95
)

// Response is one feedback as the analysis reads it: the overall judgement
// (1..5) and the aspects the customer rated; an aspect not listed was not
// noticed.
type Response struct {
	Overall int
	Aspects []tandem.AspectRating
}

// FromFeedback reads the responses out of feedback.
func FromFeedback(fs []*tandem.Feedback) []Response {
	rs := make([]Response, len(fs))
	for i, f := range fs {
		rs[i] = Response{Overall: f.Overall, Aspects: f.Aspects}
	}
	return rs
}

// Options tune the analysis; the zero value takes the defaults and computes
// no confidence intervals.
type Options struct {
	MinResponses int // fewer responses and nothing is estimated
	MinPerAspect int // fewer ratings (or fewer in a group) and that figure is too few
	// Rand draws the bootstrap resamples; nil computes no intervals. Pass a
	// seeded source for results that repeat.
	Rand      *rand.Rand
	Resamples int     // bootstrap resamples; 0 is DefaultResamples
	Level     float64 // of the intervals; 0 is DefaultLevel
}

func (o Options) withDefaults() Options {
	if o.MinResponses <= 0 {
		o.MinResponses = DefaultMinResponses
	}
	if o.MinPerAspect <= 0 {
		o.MinPerAspect = DefaultMinPerAspect
	}
	if o.Resamples <= 0 {
		o.Resamples = DefaultResamples
	}
	if o.Level <= 0 || o.Level >= 1 {
		o.Level = DefaultLevel
	}
	return o
}

// Method names the decomposition that produced the shares.
type Method string

const (
	MethodShapley         Method = "shapley"
	MethodRelativeWeights Method = "relative_weights"
)

// Result answers which aspects move the overall judgement most.
type Result struct {
	N      int  // responses read
	TooFew bool // N is under the minimum: no figure below is estimated
	Method Method
	// R2 is the part of the overall judgement's variance the rated aspects
	// explain together, 0..1; the drivers' shares add up to it.
	R2 float64
	// R2Low and R2High bound R2 like a driver's Low and High.
	R2Low, R2High float64
	Drivers       []Driver // in the order of the aspects asked for
	FixFirst      []Fix    // largest loss first
}

// Driver is one aspect's pull on the overall judgement.
type Driver struct {
	AspectID                  int64
	N                         int // responses in the regression (Result.N)
	Rated, Positive, Negative int
	// TooFew is set when the aspect was rated fewer than MinPerAspect
	// times, or Result.TooFew: it is then left out of the regression and
	// has no share.
	TooFew bool
	// Share is the aspect's part of R2 (Shapley value); Relative is the
	// same as a fraction of R2, 0..1.
	Share, Relative float64
	// Low and High bound Share at the chosen level (bootstrap percentile);
	// Resamples is how many resamples they rest on, 0 for no interval.
	Low, High float64
	Resamples int
	// Penalty is how many points of overall a negative rating costs
	// against responses that did not mention the aspect (Baseline), and
	// Reward how many a positive one adds.
	Baseline, Penalty, Reward Effect
}

// Effect is a mean difference in points of the 1..5 overall judgement, with
// the number of responses behind it.
type Effect struct {
	Value  float64
	N      int
	TooFew bool // N is under MinPerAspect: Value is not estimated
}

// Fix is an aspect worth fixing, by the points of overall its negatives
// cost per response, split by who caused them.
type Fix struct {
	AspectID     int64
	N, Negatives int     // responses read, and those rating the aspect negative
	Penalty      float64 // points lost by one negative (Driver.Penalty)
	Frequency    float64 // Negatives / N
	// Loss is Penalty × Frequency: points of overall lost per response on
	// average. ByCause splits it by the negatives' cause.
	Loss    float64
	ByCause map[tandem.Party]float64
	// Lead is the cause with the largest part: a customer-caused driver
	// asks for a change to the customer's own step, a provider-caused one
	// for staff or process.
	Lead tandem.Party
}

// Analyze estimates the key drivers of the overall judgement among
// aspects (ids, each once), reading ratings of other aspects as not given.
// It stops early with ctx's error when ctx is done; its time grows with
// the responses times Options.Resamples.
func Analyze(ctx context.Context, aspects []int64, rs []Response, o Options) (*Result, error) {
	o = o.withDefaults()
	res := &Result{N: len(rs), Method: MethodShapley}
	col := make(map[int64]int, len(aspects))
	for i, id := range aspects {
		col[id] = i
	}
	// codes[i][j]: +1 positive, -1 negative, 0 not mentioned.
	codes := make([][]int8, len(rs))
	causes := make([]map[tandem.Party]int, len(aspects))
	res.Drivers = make([]Driver, len(aspects))
	for j, id := range aspects {
		res.Drivers[j] = Driver{AspectID: id, N: len(rs)}
		causes[j] = map[tandem.Party]int{}
	}
	for i, r := range rs {
		codes[i] = make([]int8, len(aspects))
		for _, a := range r.Aspects {
			j, ok := col[a.AspectID]
			if !ok {
				continue
			}
			d := &res.Drivers[j]
			switch a.Rating {
			case tandem.Positive:
				codes[i][j] = 1
				d.Positive++
			case tandem.Negative:
				codes[i][j] = -1
				d.Negative++
				causes[j][a.Cause]++
			default:
				continue
			}
			d.Rated++
		}
	}
	res.TooFew = len(rs) < o.MinResponses
	var used []int // columns in the regression
	for j := range res.Drivers {
		d := &res.Drivers[j]
		d.TooFew = res.TooFew || d.Rated < o.MinPerAspect
		if !d.TooFew {
			used = append(used, j)
		}
		penaltyReward(d, j, codes, rs, o.MinPerAspect, res.TooFew)
	}
	if res.TooFew {
		return res, nil
	}
	res.FixFirst = fixFirst(res.Drivers, causes)
	if len(used) == 0 {
		return res, nil
	}
	if len(used) > MaxShapley {
		res.Method = MethodRelativeWeights
	}
	x, counts, rows := design(codes, rs, used)
	shares, r2 := decompose(x, counts, len(used), res.Method)
	res.R2 = r2
	for u, j := range used {
		d := &res.Drivers[j]
		d.Share = shares[u]
		if r2 > 0 {
			d.Relative = shares[u] / r2
		}
	}
	if o.Rand == nil {
		return res, nil
	}
	boot, r2s, err := bootstrap(ctx, x, rows, len(used), res.Method, o)
	if err != nil {
		return nil, err
	}
	res.R2Low, res.R2High = percentiles(r2s, o.Level)
	for u, j := range used {
		d := &res.Drivers[j]
		d.Low, d.High = percentiles(boot[u], o.Level)
		d.Resamples = len(boot[u])
	}
	return res, nil
}

// percentiles returns the bounds of the central level of vs, sorting vs.
func percentiles(vs []float64, level float64) (lo, hi float64) {
	slices.Sort(vs)
	tail := (1 - level) / 2
	return stat.Quantile(tail, stat.Empirical, vs, nil), stat.Quantile(1-tail, stat.Empirical, vs, nil)
}

// design lays out the regression's data: one column per used aspect's code,
// then the overall judgement. Identical responses share one row, weighed by
// their count in weights; rows maps each response to its row. Responses
// rate few aspects on a 1..5 scale, so a large sample has far fewer
// distinct rows than responses, and every resample is cheaper for it.
func design(codes [][]int8, rs []Response, used []int) (x *mat.Dense, weights []float64, rows []int) {
	k := len(used)
	index := map[string]int{}
	key := make([]byte, k+1)
	var data []float64
	rows = make([]int, len(rs))
	for i := range rs {
		for u, j := range used {
			key[u] = byte(codes[i][j] + 1)
		}
		key[k] = byte(rs[i].Overall)
		row, ok := index[string(key)]
		if !ok {
			row = len(weights)
			index[string(key)] = row
			weights = append(weights, 0)
			for u := range used {
				data = append(data, float64(key[u])-1)
			}
			data = append(data, float64(rs[i].Overall))
		}
		weights[row]++
		rows[i] = row
	}
	return mat.NewDense(len(weights), k+1, data), weights, rows
}

// decompose returns the shares of R² of the k aspect columns of x, weighing
// the rows by weights (nil for all 1).
func decompose(x *mat.Dense, weights []float64, k int, m Method) ([]float64, float64) {
	return decomposeCorr(correlation(x, weights), k, m, nil)
}

func decomposeCorr(c *mat.SymDense, k int, m Method, s *solver) ([]float64, float64) {
	if m == MethodRelativeWeights {
		return relativeWeights(c, k)
	}
	if s == nil {
		s = newSolver(k)
	}
	return shapley(c, k, s)
}

// correlation is the weighted correlation matrix of x's columns. A column
// that does not vary (possible in a resample) correlates with nothing.
func correlation(x *mat.Dense, weights []float64) *mat.SymDense {
	_, p := x.Dims()
	c := mat.NewSymDense(p, nil)
	stat.CorrelationMatrix(c, x, weights)
	for i := range p {
		for j := i; j < p; j++ {
			if math.IsNaN(c.At(i, j)) {
				v := 0.0
				if i == j {
					v = 1
				}
				c.SetSym(i, j, v)
			}
		}
	}
	return c
}

// bootstrap returns, per used aspect, its share in each of o.Resamples
// resamples, and the R² of each resample of the responses drawn with replacement. A resample is a
// weighting of x's rows by how often a response of each was drawn; rows
// maps a response to its row of x (nil when each row is one response).
func bootstrap(ctx context.Context, x *mat.Dense, rows []int, k int, m Method, o Options) ([][]float64, []float64, error) {
	g, _ := x.Dims()
	n := len(rows)
	if rows == nil {
		n = g
	}
	out := make([][]float64, k)
	for u := range out {
		out[u] = make([]float64, 0, o.Resamples)
	}
	r2s := make([]float64, 0, o.Resamples)
	weights := make([]float64, g)
	var s *solver
	if m == MethodShapley {
		s = newSolver(k)
	}
	for range o.Resamples {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		clear(weights)
		for range n {
			i := o.Rand.IntN(n)
			if rows != nil {
				i = rows[i]
			}
			weights[i]++
		}
		shares, r2 := decomposeCorr(correlation(x, weights), k, m, s)
		for u, v := range shares {
			out[u] = append(out[u], v)
		}
		r2s = append(r2s, r2)
	}
	return out, r2s, nil
}
