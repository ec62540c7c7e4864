package drivers

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// MaxShapley is the most aspects the Shapley decomposition takes: it solves
// one regression per subset of aspects, 2^k of them, so 12 aspects are 4,096
// small solves per resample. Beyond it the relative weights stand in.
const MaxShapley = 12

// solver computes the R² of the regression of the last variable of a
// correlation matrix on any subset of the others. It keeps one matrix and
// one factorization per subset size, so a resample allocates nothing.
type solver struct {
	k    int
	syms []*mat.SymDense // by subset size
	rhs  []*mat.VecDense
	beta []*mat.VecDense
	svd  mat.SVD
	idx  []int
}

func newSolver(k int) *solver {
	s := &solver{k: k, idx: make([]int, 0, k)}
	s.syms = make([]*mat.SymDense, k+1)
	s.rhs = make([]*mat.VecDense, k+1)
	s.beta = make([]*mat.VecDense, k+1)
	for n := 1; n <= k; n++ {
		s.syms[n] = mat.NewSymDense(n, nil)
		s.rhs[n] = mat.NewVecDense(n, nil)
		s.beta[n] = mat.NewVecDense(n, nil)
	}
	return s
}

// r2 solves R_SS·β = r_Sy for the aspects in mask and returns r_Sy·β, the R²
// of that subset's regression. It factorizes with LAPACK's Cholesky
// directly, skipping the condition estimate mat.Cholesky adds, which is most
// of the cost of these small solves. A pivot near zero means an aspect is a
// combination of the others (collinear); the least-norm solution from the
// SVD then gives the same fitted values.
func (s *solver) r2(c *mat.SymDense, mask uint) float64 {
	s.idx = s.idx[:0]
	for i := 0; i < s.k; i++ {
		if mask&(1<<i) != 0 {
			s.idx = append(s.idx, i)
		}
	}
	n := len(s.idx)
	if n == 0 {
		return 0
	}
	a, b, x := s.syms[n], s.rhs[n], s.beta[n]
	fill := func() {
		for i, ii := range s.idx {
			b.SetVec(i, c.At(ii, s.k))
			for j := i; j < n; j++ {
				a.SetSym(i, j, c.At(ii, s.idx[j]))
			}
		}
	}
	fill()
	x.CopyVec(b)
	// The diagonal of a correlation matrix is 1, so a squared pivot is
	// the part of an aspect's variance the aspects before it leave
	// unexplained.
	t, ok := lapack64.Potrf(a.RawSymmetric())
	for i := 0; ok && i < n; i++ {
		p := t.Data[i*t.Stride+i]
		ok = p*p > 1e-10
	}
	if ok {
		raw := x.RawVector()
		lapack64.Potrs(t, blas64.General{Rows: n, Cols: 1, Stride: 1, Data: raw.Data[:n]})
		return mat.Dot(b, x)
	}
	fill() // Potrf wrote its factor over a
	if !s.svd.Factorize(a, mat.SVDThin) {
		return math.NaN()
	}
	s.svd.SolveVecTo(x, b, s.svd.Rank(1e-10))
	return mat.Dot(b, x)
}

// shapley returns each aspect's Shapley share of R² for the correlation
// matrix c of k aspects followed by the overall judgement, and the R² of
// the full model. The shares sum to that R².
func shapley(c *mat.SymDense, k int, s *solver) ([]float64, float64) {
	full := uint(1)<<k - 1
	r2 := make([]float64, full+1)
	for mask := uint(1); mask <= full; mask++ {
		r2[mask] = s.r2(c, mask)
	}
	// The weight of a subset of size m not holding i is m!(k-m-1)!/k!: the
	// share of the k! orders of adding aspects in which exactly that subset
	// comes before i.
	weight := make([]float64, k)
	for m := range k {
		weight[m] = math.Exp(lgamma(m+1) + lgamma(k-m) - lgamma(k+1))
	}
	shares := make([]float64, k)
	for mask := uint(0); mask <= full; mask++ {
		m := bits.OnesCount(mask)
		for i := range k {
			if mask&(1<<i) == 0 {
				shares[i] += weight[m] * (r2[mask|1<<i] - r2[mask])
			}
		}
	}
	return shares, r2[full]
}

// relativeWeights is Johnson's (2000) approximation of the same
// decomposition for many aspects: the aspects are replaced by their closest
// orthogonal counterparts Z = X·R^{-1/2}, the overall is regressed on Z, and
// each Z's R² part is given back to the aspects in proportion to the squared
// loadings. One eigendecomposition instead of 2^k regressions.
func relativeWeights(c *mat.SymDense, k int) ([]float64, float64) {
	rxx := mat.NewSymDense(k, nil)
	rxy := mat.NewVecDense(k, nil)
	for i := range k {
		rxy.SetVec(i, c.At(i, k))
		for j := i; j < k; j++ {
			rxx.SetSym(i, j, c.At(i, j))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(rxx, true) {
		return make([]float64, k), math.NaN()
	}
	vals := eig.Values(nil)
	var v mat.Dense
	eig.VectorsTo(&v)
	// half = R^{1/2} = V·diag(√λ)·V'; beta = R^{-1/2}·r_xy, with the
	// directions of (near) zero variance left out as a pseudo-inverse would.
	sq := make([]float64, k)
	inv := make([]float64, k)
	for i, l := range vals {
		if l > 1e-10 {
			sq[i] = math.Sqrt(l)
			inv[i] = 1 / sq[i]
		}
	}
	var half, halfInv, tmp mat.Dense
	tmp.Mul(&v, mat.NewDiagDense(k, sq))
	half.Mul(&tmp, v.T())
	tmp.Mul(&v, mat.NewDiagDense(k, inv))
	halfInv.Mul(&tmp, v.T())
	var beta mat.VecDense
	beta.MulVec(&halfInv, rxy)
	weights := make([]float64, k)
	total := 0.0
	for i := range k {
		for j := range k {
			l := half.At(i, j)
			weights[i] += l * l * beta.AtVec(j) * beta.AtVec(j)
		}
		total += weights[i]
	}
	return weights, total
}

func lgamma(n int) float64 {
	v, _ := math.Lgamma(float64(n))
	return v
}
