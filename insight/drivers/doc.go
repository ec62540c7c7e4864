// Package drivers answers "which aspects move the overall judgement most":
// the key-driver analysis behind "Fix first" on the insight page (see
// insight.BuildDepth). Pure functions over responses (an overall judgement
// and the aspects rated), no storage and no HTTP, so every figure is
// tested against data with a known answer.
//
// # Coding of the ratings
//
// A customer rates an aspect positive or negative, or leaves it out when it
// did not stand out. The analysis codes positive as +1, negative as −1 and
// not mentioned as 0: "not mentioned" is an answer (it was neither good nor
// bad enough to say), not a missing value, so every response is complete and
// all of them enter the regression. This is also the middle the
// penalty–reward analysis measures against. The overall judgement is read
// as its 1..5 value. One coefficient per aspect assumes that a negative costs
// as much as a positive adds; the penalty and reward below show where it is
// not so.
//
// # Shapley decomposition of R²
//
// The overall judgement is regressed (ordinary least squares with an
// intercept) on the codes of the aspects. R², the part of its variance the
// aspects explain together, is split among them by the Shapley value (also
// called LMG or general dominance): an aspect's share is the gain in R² from
// adding it to a regression, averaged over every order in which the aspects
// can be added. The shares are never negative (adding an aspect never lowers R²), add up to
// R², and do not depend on the order the aspects are listed in; correlated
// aspects share the credit they earn together instead of one taking it all,
// which plain regression weights do not.
//
// Every subset regression is solved from the correlation matrix of the codes
// and the judgement (gonum's stat.CorrelationMatrix, then its LAPACK
// Cholesky, or mat.SVD's least-norm solution when aspects are collinear):
// one pass over the data, then 2^k small solves, whatever the number of
// responses.
// Identical responses are kept as one weighted row, and the feedback form
// makes many alike. Above MaxShapley aspects (12) the 2^k regressions are too
// many and Johnson's relative weights (2000) stand in: the aspects are
// replaced by their nearest uncorrelated counterparts, whose R² parts are
// handed back through the squared loadings. They also add up to R² and come
// close to the Shapley values; Result.Method says which was used.
//
// # Penalty and reward
//
// Beside the shares, which a manager has to take on trust, each aspect gets
// two figures in points of the 1..5 judgement: the penalty, how much lower
// the mean overall is when the aspect is rated negative than when it is not
// mentioned, and the reward, how much higher when positive. An aspect with a
// large penalty and a small reward is a must-be: nobody praises it, but
// failing it hurts. These are plain differences of means, not controlled for
// the other aspects.
//
// # Confidence intervals
//
// With a random source in Options, the responses are resampled with
// replacement (Options.Resamples times, 500 by default) and the shares
// computed again on each; an aspect's interval is the central Options.Level
// (95%) of those shares, the percentile bootstrap. A seeded source gives the
// same intervals every run. The work is bounded by the number of resamples
// and stops when the context is done: each resample draws the responses,
// makes one pass over the distinct ones and solves the 2^k regressions (8
// aspects, 10,000 responses and 500 resamples take about 0.3 s: go test
// -bench Analyze). The
// intervals are approximate: R² is biased upward in small samples, so they
// cover the truth somewhat less often than their level says.
//
// # Minimum samples
//
// Below Options.MinResponses responses (50) nothing is estimated and the
// result says TooFew. An aspect rated fewer than Options.MinPerAspect times
// (10) is left out of the regression and says TooFew; so does a penalty,
// reward or baseline with fewer responses behind it. Every figure carries
// the number of responses it rests on. A penalty compares with the responses
// that did not mention the aspect, so an aspect nearly everyone rates has
// none, and no place in fix first.
//
// # Fix first
//
// The aspects whose negatives cost points are ranked by the points of
// overall lost per response: the penalty times the share of responses that
// rated the aspect negative. The loss is split by the cause recorded with
// each negative; when the customer caused most of it, the fix is a change to
// the design of the customer's own step, when the provider did, to staff or
// process.
//
// # Limits
//
// It is association, not proof of cause: an aspect can look important
// because it travels with something unasked. The overall judgement is an
// ordinal 1..5 scale read as a number, and the ratings are coarse; with
// little variance (an aspect nearly always fine) an aspect explains little
// however much it matters when it fails, which is why penalty and fix-first
// stand beside the shares. Responses from different services or blueprint
// versions should be analyzed apart, as their aspects differ.
package drivers
