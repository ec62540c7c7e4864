package drivers

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/tandemhq/tandem"
)

// ternary draws an aspect code: +1 with probability p, -1 with q, else 0.
func ternary(rng *rand.Rand, p, q float64) float64 {
	u := rng.Float64()
	switch {
	case u < p:
		return 1
	case u < p+q:
		return -1
	}
	return 0
}

func ternaryVar(p, q float64) float64 { return p + q - (p-q)*(p-q) }

// synthetic lays out n rows of independent ternary aspects and a continuous
// overall = 3 + Σ w_i·a_i + noise·N(0,1).
func synthetic(rng *rand.Rand, n int, w, p, q []float64, noise float64) *mat.Dense {
	k := len(w)
	x := mat.NewDense(n, k+1, nil)
	for i := range n {
		y := 3.0
		for j := range k {
			a := ternary(rng, p[j], q[j])
			x.Set(i, j, a)
			y += w[j] * a
		}
		x.Set(i, k, y+noise*rng.NormFloat64())
	}
	return x
}

// olsR2 is the R² of the least-squares fit, with an intercept, of x's last
// column on the others, solved by QR on the raw data: an independent check
// of the correlation-matrix route.
func olsR2(t *testing.T, x *mat.Dense) float64 {
	t.Helper()
	n, p := x.Dims()
	a := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	mean := 0.0
	for i := range n {
		a.Set(i, 0, 1)
		for j := 0; j < p-1; j++ {
			a.Set(i, j+1, x.At(i, j))
		}
		y.SetVec(i, x.At(i, p-1))
		mean += x.At(i, p-1)
	}
	mean /= float64(n)
	var qr mat.QR
	qr.Factorize(a)
	var beta, fit mat.VecDense
	if err := qr.SolveVecTo(&beta, false, y); err != nil {
		t.Fatal(err)
	}
	fit.MulVec(a, &beta)
	var ssr, sst float64
	for i := range n {
		r := y.AtVec(i) - fit.AtVec(i)
		d := y.AtVec(i) - mean
		ssr += r * r
		sst += d * d
	}
	return 1 - ssr/sst
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func TestShapleyUncorrelatedMatchesTrueDecomposition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	w := []float64{1.0, 0.6, 0.3}
	p := []float64{0.4, 0.3, 0.5}
	q := []float64{0.2, 0.3, 0.1}
	const noise = 0.7
	x := synthetic(rng, 40000, w, p, q, noise)
	total := noise * noise
	for j := range w {
		total += w[j] * w[j] * ternaryVar(p[j], q[j])
	}
	for _, m := range []Method{MethodShapley, MethodRelativeWeights} {
		t.Run(string(m), func(t *testing.T) {
			shares, r2 := decompose(x, nil, len(w), m)
			for j := range w {
				want := w[j] * w[j] * ternaryVar(p[j], q[j]) / total
				if math.Abs(shares[j]-want) > 0.015 {
					t.Errorf("share %d = %.4f, want %.4f", j, shares[j], want)
				}
			}
			if got := sum(shares); math.Abs(got-r2) > 1e-9 {
				t.Errorf("shares sum to %.6f, want R² %.6f", got, r2)
			}
			if want := olsR2(t, x); math.Abs(r2-want) > 1e-9 {
				t.Errorf("R² = %.6f, want %.6f from QR", r2, want)
			}
		})
	}
}

// correlated lays out aspects driven by one shared mood, so they move
// together, with overall = 3 + Σ w_i·a_i + noise.
func correlated(rng *rand.Rand, n int, w []float64, noise float64) *mat.Dense {
	k := len(w)
	x := mat.NewDense(n, k+1, nil)
	for i := range n {
		mood := rng.NormFloat64()
		y := 3.0
		for j := range k {
			z := 0.7*mood + 0.7*rng.NormFloat64()
			a := 0.0
			switch {
			case z > 0.5:
				a = 1
			case z < -0.6:
				a = -1
			}
			x.Set(i, j, a)
			y += w[j] * a
		}
		x.Set(i, k, y+noise*rng.NormFloat64())
	}
	return x
}

func TestShapleyCorrelatedKeepsOrderAndSumsToR2(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	w := []float64{0.2, 0.9, 0.5, 0.05}
	x := correlated(rng, 20000, w, 0.6)
	shares, r2 := decompose(x, nil, len(w), MethodShapley)
	if want := olsR2(t, x); math.Abs(r2-want) > 1e-9 {
		t.Errorf("R² = %.6f, want %.6f from QR", r2, want)
	}
	if got := sum(shares); math.Abs(got-r2) > 1e-9 {
		t.Errorf("shares sum to %.6f, want R² %.6f", got, r2)
	}
	for j, v := range shares {
		if v < 0 {
			t.Errorf("share %d = %v, want never negative", j, v)
		}
	}
	// Strongest first: aspect 1, 2, 0, 3.
	if !(shares[1] > shares[2] && shares[2] > shares[0] && shares[0] > shares[3]) {
		t.Errorf("shares %.4f do not follow the weights %v", shares, w)
	}
	// With correlated aspects even a near-useless one borrows some credit,
	// but far less than the real drivers.
	if shares[3] > shares[1]/4 {
		t.Errorf("weak aspect share %.4f, want well under %.4f", shares[3], shares[1]/4)
	}
	rw, rwR2 := decompose(x, nil, len(w), MethodRelativeWeights)
	if math.Abs(rwR2-r2) > 1e-9 {
		t.Errorf("relative weights R² = %.6f, want %.6f", rwR2, r2)
	}
	for j := range w {
		if math.Abs(rw[j]-shares[j]) > 0.02 {
			t.Errorf("relative weight %d = %.4f, Shapley %.4f: too far apart", j, rw[j], shares[j])
		}
	}
}

// With two aspects the Shapley share has a closed form:
// (R²₁ + R²₁₂ − R²₂)/2.
func TestShapleyTwoAspectsClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := correlated(rng, 3000, []float64{0.8, 0.4}, 0.5)
	n, _ := x.Dims()
	only := func(j int) *mat.Dense {
		d := mat.NewDense(n, 2, nil)
		for i := range n {
			d.Set(i, 0, x.At(i, j))
			d.Set(i, 1, x.At(i, 2))
		}
		return d
	}
	r1, r2, r12 := olsR2(t, only(0)), olsR2(t, only(1)), olsR2(t, x)
	shares, _ := decompose(x, nil, 2, MethodShapley)
	if want := (r1 + r12 - r2) / 2; math.Abs(shares[0]-want) > 1e-9 {
		t.Errorf("share 0 = %.6f, want %.6f", shares[0], want)
	}
	if want := (r2 + r12 - r1) / 2; math.Abs(shares[1]-want) > 1e-9 {
		t.Errorf("share 1 = %.6f, want %.6f", shares[1], want)
	}
}

// An aspect that is an exact copy of another makes every regression holding
// both singular; the shares must still be finite and split the credit.
func TestShapleyCollinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := synthetic(rng, 2000, []float64{1, 0.5, 0}, []float64{0.4, 0.4, 0.4}, []float64{0.2, 0.2, 0.2}, 0.5)
	n, _ := x.Dims()
	for i := range n {
		x.Set(i, 2, x.At(i, 0))
	}
	shares, r2 := decompose(x, nil, 3, MethodShapley)
	for j, s := range shares {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			t.Fatalf("share %d = %v", j, s)
		}
	}
	if math.Abs(shares[0]-shares[2]) > 1e-9 {
		t.Errorf("copies got %.6f and %.6f, want equal", shares[0], shares[2])
	}
	if math.Abs(sum(shares)-r2) > 1e-9 {
		t.Errorf("shares sum to %.6f, want %.6f", sum(shares), r2)
	}
}

func TestBootstrapCoversTruth(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	w := []float64{0.9, 0.5, 0.25}
	p := []float64{0.4, 0.35, 0.3}
	q := []float64{0.25, 0.2, 0.3}
	const noise = 0.8
	total := noise * noise
	for j := range w {
		total += w[j] * w[j] * ternaryVar(p[j], q[j])
	}
	const datasets = 30
	covered, intervals := 0, 0
	o := Options{Rand: rng, Resamples: 200, Level: 0.9}.withDefaults()
	for range datasets {
		x := synthetic(rng, 400, w, p, q, noise)
		boot, _, err := bootstrap(context.Background(), x, nil, len(w), MethodShapley, o)
		if err != nil {
			t.Fatal(err)
		}
		for j := range w {
			lo, hi := percentiles(boot[j], o.Level)
			truth := w[j] * w[j] * ternaryVar(p[j], q[j]) / total
			intervals++
			if lo <= truth && truth <= hi {
				covered++
			}
		}
	}
	// 90% intervals: expect about 81 of 90; a percentile bootstrap of a
	// biased-upward R² part undercovers a little, so allow down to 75%.
	if rate := float64(covered) / float64(intervals); rate < 0.75 {
		t.Errorf("intervals covered the true share %d of %d times (%.0f%%)", covered, intervals, 100*rate)
	}
}

// responses builds feedback-like responses from 3 aspects (ids 10, 20, 30):
// overall = round(3 + 1.2·a10 + 0.7·a20 + 0.2·a30 + noise), clipped to 1..5.
// Negatives of 10 are caused by the customer, of 20 by the provider.
func responses(rng *rand.Rand, n int) []Response {
	ids := []int64{10, 20, 30}
	w := []float64{1.2, 0.7, 0.2}
	cause := []tandem.Party{tandem.PartyCustomer, tandem.PartyProvider, tandem.PartyProvider}
	rs := make([]Response, n)
	for i := range rs {
		y := 3.0
		for j, id := range ids {
			a := ternary(rng, 0.35, 0.25)
			y += w[j] * a
			switch a {
			case 1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Positive})
			case -1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Negative, Cause: cause[j]})
			}
		}
		y += 0.5 * rng.NormFloat64()
		rs[i].Overall = min(5, max(1, int(math.Round(y))))
	}
	return rs
}

func TestAnalyze(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	rs := responses(rng, 2000)
	res, err := Analyze(context.Background(), []int64{10, 20, 30}, rs, Options{Rand: rng, Resamples: 200})
	if err != nil {
		t.Fatal(err)
	}
	if res.TooFew || res.Method != MethodShapley || res.N != 2000 {
		t.Fatalf("got TooFew %v, method %s, N %d", res.TooFew, res.Method, res.N)
	}
	d := res.Drivers
	if !(d[0].Share > d[1].Share && d[1].Share > d[2].Share) {
		t.Errorf("shares %.4f, %.4f, %.4f: want 10 > 20 > 30", d[0].Share, d[1].Share, d[2].Share)
	}
	if !(res.R2Low <= res.R2 && res.R2 <= res.R2High && res.R2Low > 0) {
		t.Errorf("R² %.4f outside [%.4f, %.4f]", res.R2, res.R2Low, res.R2High)
	}
	rel := 0.0
	for _, x := range d {
		if x.TooFew || x.N != 2000 || x.Rated != x.Positive+x.Negative || x.Resamples != 200 {
			t.Errorf("driver %d: TooFew %v, N %d, rated %d of %d+%d, resamples %d", x.AspectID, x.TooFew, x.N, x.Rated, x.Positive, x.Negative, x.Resamples)
		}
		if !(x.Low <= x.Share && x.Share <= x.High) {
			t.Errorf("driver %d: share %.4f outside [%.4f, %.4f]", x.AspectID, x.Share, x.Low, x.High)
		}
		if x.Penalty.TooFew || x.Reward.TooFew || x.Penalty.Value <= 0 || x.Reward.Value <= 0 {
			t.Errorf("driver %d: penalty %+v, reward %+v", x.AspectID, x.Penalty, x.Reward)
		}
		if x.Penalty.N != x.Negative || x.Reward.N != x.Positive || x.Baseline.N != x.N-x.Rated {
			t.Errorf("driver %d: effect sizes %d/%d/%d", x.AspectID, x.Penalty.N, x.Reward.N, x.Baseline.N)
		}
		rel += x.Relative
	}
	if math.Abs(rel-1) > 1e-9 {
		t.Errorf("relative shares sum to %.6f, want 1", rel)
	}
	if len(res.FixFirst) != 3 {
		t.Fatalf("fix first has %d, want 3", len(res.FixFirst))
	}
	f := res.FixFirst[0]
	if f.AspectID != 10 || f.Lead != tandem.PartyCustomer || res.FixFirst[1].Lead != tandem.PartyProvider {
		t.Errorf("fix first = %+v, want 10 led by the customer, then one led by the provider", res.FixFirst)
	}
	if math.Abs(f.ByCause[tandem.PartyCustomer]-f.Loss) > 1e-12 {
		t.Errorf("customer part %.4f, want the whole loss %.4f", f.ByCause[tandem.PartyCustomer], f.Loss)
	}
}

// Identical responses share a weighted row; the fit must be the one of the
// responses laid out one per row.
func TestAnalyzeGroupsRowsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	rs := responses(rng, 3000)
	ids := []int64{10, 20, 30}
	res, err := Analyze(context.Background(), ids, rs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(len(rs), 4, nil)
	for i, r := range rs {
		for _, a := range r.Aspects {
			v := 1.0
			if a.Rating == tandem.Negative {
				v = -1
			}
			x.Set(i, int(a.AspectID/10-1), v)
		}
		x.Set(i, 3, float64(r.Overall))
	}
	shares, r2 := decompose(x, nil, 3, MethodShapley)
	if math.Abs(res.R2-r2) > 1e-9 || math.Abs(r2-olsR2(t, x)) > 1e-9 {
		t.Errorf("R² = %.6f, want %.6f", res.R2, r2)
	}
	for j, d := range res.Drivers {
		if math.Abs(d.Share-shares[j]) > 1e-9 {
			t.Errorf("share %d = %.6f, want %.6f", j, d.Share, shares[j])
		}
	}
}

func TestAnalyzeSplitsLossByCause(t *testing.T) {
	var rs []Response
	add := func(n, overall int, as ...tandem.AspectRating) {
		for range n {
			rs = append(rs, Response{Overall: overall, Aspects: as})
		}
	}
	neg := func(c tandem.Party) tandem.AspectRating {
		return tandem.AspectRating{AspectID: 1, Rating: tandem.Negative, Cause: c}
	}
	add(60, 4)
	add(20, 5, tandem.AspectRating{AspectID: 1, Rating: tandem.Positive})
	add(15, 2, neg(tandem.PartyProvider))
	add(5, 2, neg(tandem.PartyCustomer))
	res, err := Analyze(context.Background(), []int64{1}, rs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Drivers[0]
	if d.Baseline != (Effect{Value: 4, N: 60}) || d.Penalty != (Effect{Value: 2, N: 20}) || d.Reward != (Effect{Value: 1, N: 20}) {
		t.Errorf("baseline %+v, penalty %+v, reward %+v", d.Baseline, d.Penalty, d.Reward)
	}
	f := res.FixFirst[0]
	// 20 negatives of 100 responses cost 2 points each: 0.4 points a
	// response, 0.3 from the provider and 0.1 from the customer.
	want := Fix{AspectID: 1, N: 100, Negatives: 20, Penalty: 2, Frequency: 0.2, Loss: 0.4, Lead: tandem.PartyProvider,
		ByCause: map[tandem.Party]float64{tandem.PartyProvider: 0.3, tandem.PartyCustomer: 0.1}}
	if f.AspectID != want.AspectID || f.N != 100 || f.Negatives != 20 || f.Lead != want.Lead || !near(f.Loss, want.Loss) ||
		!near(f.ByCause[tandem.PartyProvider], 0.3) || !near(f.ByCause[tandem.PartyCustomer], 0.1) || len(f.ByCause) != 2 {
		t.Errorf("fix = %+v, want %+v", f, want)
	}
	if d.Resamples != 0 || d.Low != 0 || d.High != 0 {
		t.Errorf("without Rand, want no interval, got %d resamples [%v, %v]", d.Resamples, d.Low, d.High)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestAnalyzeTooFew(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	t.Run("responses", func(t *testing.T) {
		res, err := Analyze(context.Background(), []int64{10, 20, 30}, responses(rng, 49), Options{Rand: rng})
		if err != nil {
			t.Fatal(err)
		}
		if !res.TooFew || res.R2 != 0 || len(res.FixFirst) != 0 {
			t.Errorf("got TooFew %v, R² %v, fix first %v", res.TooFew, res.R2, res.FixFirst)
		}
		for _, d := range res.Drivers {
			if !d.TooFew || d.Share != 0 || d.Resamples != 0 || !d.Penalty.TooFew || !d.Reward.TooFew || d.N != 49 {
				t.Errorf("driver %+v, want too few with N 49", d)
			}
		}
	})
	t.Run("aspect", func(t *testing.T) {
		rs := responses(rng, 200)
		// Aspect 40 is rated 9 times: under the minimum of 10.
		for i := range 9 {
			rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: 40, Rating: tandem.Negative, Cause: tandem.PartyProvider})
		}
		res, err := Analyze(context.Background(), []int64{10, 20, 30, 40}, rs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.TooFew {
			t.Fatal("200 responses reported as too few")
		}
		for _, d := range res.Drivers[:3] {
			if d.TooFew || d.Share <= 0 {
				t.Errorf("driver %d: TooFew %v, share %v", d.AspectID, d.TooFew, d.Share)
			}
		}
		d := res.Drivers[3]
		if !d.TooFew || d.Share != 0 || d.Rated != 9 || !d.Penalty.TooFew || d.Penalty.N != 9 {
			t.Errorf("aspect rated 9 times: %+v", d)
		}
		for _, f := range res.FixFirst {
			if f.AspectID == 40 {
				t.Errorf("aspect rated 9 times is in fix first: %+v", f)
			}
		}
	})
}

// Ratings of aspects not asked for are read as not given: asking for two of
// three aspects regresses on those two only.
func TestAnalyzeIgnoresOtherAspects(t *testing.T) {
	rs := responses(rand.New(rand.NewPCG(25, 26)), 1000)
	res, err := Analyze(context.Background(), []int64{20, 30}, rs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Drivers) != 2 || res.Drivers[0].AspectID != 20 || res.Drivers[1].AspectID != 30 {
		t.Fatalf("drivers %+v, want 20 and 30", res.Drivers)
	}
	full, err := Analyze(context.Background(), []int64{10, 20, 30}, rs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.R2 >= full.R2 {
		t.Errorf("R² without the strongest aspect %.4f, want under %.4f", res.R2, full.R2)
	}
	if s := res.Drivers[0].Share + res.Drivers[1].Share; math.Abs(s-res.R2) > 1e-9 {
		t.Errorf("shares sum to %.6f, want %.6f", s, res.R2)
	}
}

// When everyone gives the same overall judgement there is nothing to
// explain: R² and every share are 0, never NaN, and nothing is worth fixing.
func TestAnalyzeConstantOverall(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	rs := responses(rng, 300)
	for i := range rs {
		rs[i].Overall = 5
	}
	res, err := Analyze(context.Background(), []int64{10, 20, 30}, rs, Options{Rand: rng, Resamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.R2 != 0 || res.R2Low != 0 || res.R2High != 0 || len(res.FixFirst) != 0 {
		t.Errorf("R² %v [%v, %v], fix first %v; want 0 and none", res.R2, res.R2Low, res.R2High, res.FixFirst)
	}
	for _, d := range res.Drivers {
		if d.Share != 0 || d.Relative != 0 || d.Low != 0 || d.High != 0 || d.Penalty.Value != 0 {
			t.Errorf("driver %+v, want all 0", d)
		}
	}
}

func TestAnalyzeRepeatsWithSeed(t *testing.T) {
	rs := responses(rand.New(rand.NewPCG(15, 16)), 500)
	run := func() *Result {
		res, err := Analyze(context.Background(), []int64{10, 20, 30}, rs, Options{Rand: rand.New(rand.NewPCG(1, 1)), Resamples: 100})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two runs with the same seed differ:\n%+v\n%+v", a, b)
	}
	c, err := Analyze(context.Background(), []int64{10, 20, 30}, rs, Options{Rand: rand.New(rand.NewPCG(2, 2)), Resamples: 100})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Drivers, c.Drivers) {
		t.Error("another seed gave the very same intervals")
	}
}

func TestAnalyzeManyAspectsUsesRelativeWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	const k = MaxShapley + 2
	ids := make([]int64, k)
	for j := range ids {
		ids[j] = int64(j + 1)
	}
	rs := make([]Response, 1000)
	for i := range rs {
		y := 3.0
		for j, id := range ids {
			a := ternary(rng, 0.3, 0.3)
			y += a * float64(k-j) / k
			switch a {
			case 1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Positive})
			case -1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Negative, Cause: tandem.PartyProvider})
			}
		}
		rs[i].Overall = min(5, max(1, int(math.Round(y+0.5*rng.NormFloat64()))))
	}
	res, err := Analyze(context.Background(), ids, rs, Options{Rand: rng, Resamples: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != MethodRelativeWeights {
		t.Errorf("method = %s, want %s", res.Method, MethodRelativeWeights)
	}
	total := 0.0
	for _, d := range res.Drivers {
		total += d.Share
	}
	if math.Abs(total-res.R2) > 1e-9 || res.R2 <= 0 {
		t.Errorf("shares sum to %.6f, want R² %.6f", total, res.R2)
	}
	if res.Drivers[0].Share <= res.Drivers[k-1].Share {
		t.Errorf("strongest aspect share %.4f not above weakest %.4f", res.Drivers[0].Share, res.Drivers[k-1].Share)
	}
}

func TestAnalyzeStopsWhenCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rng := rand.New(rand.NewPCG(19, 20))
	_, err := Analyze(ctx, []int64{10, 20, 30}, responses(rng, 200), Options{Rand: rng})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// benchResponses builds n responses over 8 aspects; each aspect is
// rated with probability rated, two in three of those positively.
func benchResponses(n int, rated float64) ([]int64, []Response) {
	rng := rand.New(rand.NewPCG(21, 22))
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	rs := make([]Response, n)
	for i := range rs {
		y := 3.0
		for j, id := range ids {
			a := ternary(rng, rated*2/3, rated/3)
			y += a * float64(8-j) / 8
			switch a {
			case 1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Positive})
			case -1:
				rs[i].Aspects = append(rs[i].Aspects, tandem.AspectRating{AspectID: id, Rating: tandem.Negative, Cause: tandem.PartyProvider})
			}
		}
		rs[i].Overall = min(5, max(1, int(math.Round(y+0.6*rng.NormFloat64()))))
	}
	return ids, rs
}

// BenchmarkAnalyze is the size a busy chain reaches: 8 aspects, 10,000
// responses, 500 resamples. "dense" has every aspect rated half the time,
// so most responses differ; "typical" has customers rate about two aspects
// each, as on the feedback form, so many responses are alike.
func BenchmarkAnalyze(b *testing.B) {
	for _, c := range []struct {
		name  string
		rated float64
	}{{"dense", 0.5}, {"typical", 0.25}} {
		ids, rs := benchResponses(10000, c.rated)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Analyze(context.Background(), ids, rs, Options{Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
