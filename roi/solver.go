package roi

import (
	"math"
	"slices"

	"github.com/healthpm/healthpm/internal/rootfind"
)

// The rate solver works on u = ln(1+r), which maps r ∈ (−1, ∞) onto the whole
// real line, so no iterate can ever stand at or below −100 %. The present
// value of flows a_j at times τ_j (periods for IRR, days/365 for XIRR) is the
// exponential sum
//
//	h(u) = Σ_j a_j e^(−u·τ_j)
//
// whose real roots are exactly the rates of return. Facts used:
//   - Descartes' rule of signs holds for exponential sums: h has at most as
//     many roots as its coefficient sequence (ordered by τ) has sign changes,
//     and exactly one when there is one sign change.
//   - Outside [lo, hi] from rootBounds a single term dominates, so every root
//     lies inside and the sign at each end is known.
//   - Multiplying h by e^(u·τ_0) and differentiating removes the first term
//     (likewise the last term with e^(u·τ_m)); between consecutive roots of that
//     derivative h is monotone, so each such interval holds at most one root,
//     found by bracketing. Recursing until one sign change remains isolates
//     every root; none is missed, whatever their spacing.

// expSum is h(u) = Σ w_j e^(−u τ_j), τ strictly increasing, every w_j ≠ 0.
type expSum struct {
	w, tau []float64
	// dense holds the coefficients of the polynomial in x = e^(−u) when every
	// τ_j is an integer (IRR): dense[k] multiplies x^k, k = τ − τ_0.
	dense  []float64
	lw     []float64 // ln|w_j|, for the scaled evaluation (filled on first use)
	logMax float64   // ln max|w_j|
	tauMax float64   // max |τ_j|
}

func newExpSum(w, tau []float64, integer bool) *expSum {
	e := &expSum{w: w, tau: tau}
	if integer && len(tau) > 0 && tau[len(tau)-1]-tau[0] <= 1<<20 {
		e.dense = make([]float64, int(tau[len(tau)-1]-tau[0])+1)
		for j, t := range tau {
			e.dense[int(t-tau[0])] = w[j]
		}
		return e
	}
	big := 0.0
	for _, x := range w {
		big = math.Max(big, math.Abs(x))
	}
	e.logMax = math.Log(big)
	if len(tau) > 0 {
		e.tauMax = math.Max(math.Abs(tau[0]), math.Abs(tau[len(tau)-1]))
	}
	return e
}

// direct reports whether Σ w_j e^(−u τ_j) can be summed without scaling.
func (e *expSum) direct(u float64) bool {
	return e.logMax+math.Abs(u)*e.tauMax < 600
}

// eval returns h(u)·s, h'(u)·s and Σ|w_j e^(−u τ_j)|·s for some s > 0 that
// keeps the numbers finite (s depends on u). For the dense form, u < 0 uses
// the reversed polynomial, whose derivative is that of h·e^(u·deg): the same
// roots and signs, which is all the bracketing solver relies on.
func (e *expSum) eval(u float64) (f, df, abs float64) {
	if e.dense != nil {
		c := e.dense
		n := len(c) - 1
		if u >= 0 {
			x := math.Exp(-u)
			p, dp, a := c[n], 0.0, math.Abs(c[n])
			for k := n - 1; k >= 0; k-- {
				dp = dp*x + p
				p = p*x + c[k]
				a = a*x + math.Abs(c[k])
			}
			return p, -x * dp, a
		}
		y := math.Exp(u)
		p, dp, a := c[0], 0.0, math.Abs(c[0])
		for k := 1; k <= n; k++ {
			dp = dp*y + p
			p = p*y + c[k]
			a = a*y + math.Abs(c[k])
		}
		return p, y * dp, a
	}
	if e.direct(u) {
		for j, t := range e.tau {
			v := e.w[j] * math.Exp(-u*t)
			f += v
			df -= t * v
			abs += math.Abs(v)
		}
		return f, df, abs
	}
	if e.lw == nil {
		e.lw = make([]float64, len(e.w))
		for j, x := range e.w {
			e.lw[j] = math.Log(math.Abs(x))
		}
	}
	top := math.Inf(-1)
	for j, t := range e.tau {
		if a := e.lw[j] - u*t; a > top {
			top = a
		}
	}
	for j, t := range e.tau {
		v := math.Exp(e.lw[j] - u*t - top)
		if e.w[j] < 0 {
			v = -v
		}
		f += v
		df -= t * v
		abs += math.Abs(v)
	}
	return f, df, abs
}

// fn is eval without the absolute sum, for the root finder.
func (e *expSum) fn(u float64) (float64, float64) {
	if e.dense != nil {
		c := e.dense
		n := len(c) - 1
		if u >= 0 {
			x := math.Exp(-u)
			p, dp := c[n], 0.0
			for k := n - 1; k >= 0; k-- {
				dp = dp*x + p
				p = p*x + c[k]
			}
			return p, -x * dp
		}
		y := math.Exp(u)
		p, dp := c[0], 0.0
		for k := 1; k <= n; k++ {
			dp = dp*y + p
			p = p*y + c[k]
		}
		return p, y * dp
	}
	if e.direct(u) {
		var f, df float64
		for j, t := range e.tau {
			v := e.w[j] * math.Exp(-u*t)
			f += v
			df -= t * v
		}
		return f, df
	}
	f, df, _ := e.eval(u)
	return f, df
}

// signChanges counts sign changes in w, skipping zeros.
func signChanges(w []float64) int {
	n, prev := 0, 0.0
	for _, x := range w {
		if x == 0 {
			continue
		}
		if prev != 0 && (x > 0) != (prev > 0) {
			n++
		}
		prev = x
	}
	return n
}

// rootBounds returns lo < hi such that every root of the exponential sum lies
// in (lo, hi), h has the sign of its last term at lo and of its first term at
// hi. With W = max|w_j| and m+1 terms, for u > ln(m·W/|w_0|)/(τ_1−τ_0) every
// other term is below |w_0 e^(−uτ_0)|/m, so the first term decides the sign;
// the lower bound mirrors it with the last term.
func (e *expSum) rootBounds() (lo, hi float64) {
	var first, last, big, gapFirst, gapLast float64
	var m int
	if e.dense != nil {
		c := e.dense
		n := len(c) - 1
		first, last = c[0], c[n]
		prev := -1
		for k, x := range c {
			if x == 0 {
				continue
			}
			big = math.Max(big, math.Abs(x))
			if m == 1 {
				gapFirst = float64(k)
			}
			if prev >= 0 {
				gapLast = float64(k - prev)
			}
			prev = k
			m++
		}
		m--
		if m == 1 {
			gapFirst = float64(n)
		}
	} else {
		m = len(e.w) - 1
		first, last = e.w[0], e.w[m]
		for _, x := range e.w {
			big = math.Max(big, math.Abs(x))
		}
		gapFirst, gapLast = e.tau[1]-e.tau[0], e.tau[m]-e.tau[m-1]
	}
	lmW := math.Log(float64(m)) + math.Log(big)
	hi = (lmW - math.Log(math.Abs(first))) / gapFirst
	lo = -(lmW - math.Log(math.Abs(last))) / gapLast
	if lo > hi {
		lo, hi = hi, lo
	}
	pad := 1e-3 + 1e-6*math.Max(math.Abs(lo), math.Abs(hi))
	return lo - pad, hi + pad
}

// lastPositive reports whether the term with the largest τ is positive.
func (e *expSum) lastPositive() bool {
	if e.dense != nil {
		return e.dense[len(e.dense)-1] > 0
	}
	return e.w[len(e.w)-1] > 0
}

// refineOpts are the tolerances of every root polish: u to about 1 ulp.
func refineOpts(u0 float64, has bool) rootfind.Options {
	return rootfind.Options{X0: u0, HasX0: has, RelTol: 2e-16, AbsTol: 1e-17, MaxIter: 500}
}

// singleRoot solves an exponential sum with exactly one sign change, starting
// Newton at u0.
func singleRoot(e *expSum, u0 float64) (float64, error) {
	lo, hi := e.rootBounds()
	res, err := rootfind.Refine(e.fn, lo, hi, e.lastPositive(), refineOpts(u0, true))
	if err != nil && err != rootfind.ErrMaxIter {
		return 0, err
	}
	return res.X, checkResidual(e, res.X)
}

// checkResidual verifies |h(u)| ≤ 1e−6 · Σ|terms| at a polished root.
func checkResidual(e *expSum, u float64) error {
	f, _, a := e.eval(u)
	if math.IsNaN(f) || math.Abs(f) > 1e-6*a {
		return errResidual
	}
	return nil
}

var errResidual = opError("rate solver", ErrSolverFailed, "residual of the polished root is not small relative to the sum of absolute discounted flows")

// isolate returns every real root u of Σ w_j e^(−u τ_j), ascending.
func isolate(w, tau []float64, integer bool) ([]float64, error) {
	if slices.Contains(w, 0) { // underflow after normalization
		w2, tau2 := make([]float64, 0, len(w)), make([]float64, 0, len(w))
		for j, x := range w {
			if x != 0 {
				w2, tau2 = append(w2, x), append(tau2, tau[j])
			}
		}
		w, tau = w2, tau2
	}
	s := signChanges(w)
	if s == 0 {
		return nil, nil
	}
	e := newExpSum(w, tau, integer)
	if s == 1 {
		u, err := singleRoot(e, math.NaN())
		if err != nil {
			return nil, err
		}
		return []float64{u}, nil
	}
	lo, hi := e.rootBounds()
	// Remove the end term whose sign run is shorter: it reduces the sign
	// changes soonest.
	m := len(w) - 1
	runFirst, runLast := 1, 1
	for runFirst <= m && (w[runFirst] > 0) == (w[0] > 0) {
		runFirst++
	}
	for runLast <= m && (w[m-runLast] > 0) == (w[m] > 0) {
		runLast++
	}
	w2 := make([]float64, m)
	var tau2 []float64
	if runFirst <= runLast {
		for j := 1; j <= m; j++ {
			w2[j-1] = -(tau[j] - tau[0]) * w[j]
		}
		tau2 = tau[1:]
	} else {
		for j := 0; j < m; j++ {
			w2[j] = (tau[m] - tau[j]) * w[j]
		}
		tau2 = tau[:m]
	}
	normalize(w2)
	crit, err := isolate(w2, tau2, integer)
	if err != nil {
		return nil, err
	}
	pts := make([]float64, 0, len(crit)+2)
	pts = append(pts, lo)
	for _, c := range crit {
		if c > lo && c < hi {
			pts = append(pts, c)
		}
	}
	pts = append(pts, hi)
	fs := make([]float64, len(pts))
	abs := make([]float64, len(pts))
	for i, p := range pts {
		fs[i], _, abs[i] = e.eval(p)
	}
	var roots []float64
	found := make([]bool, len(pts)-1)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		fa, fb := fs[i], fs[i+1]
		switch {
		case fa == 0 || fb == 0 || (fa > 0) == (fb > 0) || math.IsNaN(fa) || math.IsNaN(fb):
			continue
		}
		res, err := rootfind.Refine(e.fn, a, b, fa > 0, refineOpts(0, false))
		if err != nil && err != rootfind.ErrMaxIter {
			return nil, err
		}
		if err := checkResidual(e, res.X); err != nil {
			return nil, err
		}
		roots = append(roots, res.X)
		found[i] = true
	}
	// Roots exactly at, or tangent at, a critical point: |h| tiny there and no
	// crossing found on either side.
	for i := 1; i+1 < len(pts); i++ {
		if math.Abs(fs[i]) <= 1e-12*abs[i] && !found[i-1] && !found[i] {
			roots = append(roots, pts[i])
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots), nil
}

// normalize divides w by its largest magnitude (roots are unchanged).
func normalize(w []float64) {
	mx := 0.0
	for _, x := range w {
		mx = math.Max(mx, math.Abs(x))
	}
	if mx == 0 || math.IsInf(mx, 0) {
		return
	}
	for i := range w {
		w[i] /= mx
	}
}
