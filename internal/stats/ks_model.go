package stats

import "math"

// SmirnovExactSF returns the exact permutation probability P(K ≥ k) of the
// two-sample Kolmogorov–Smirnov statistic in integer form, K = m·n·D =
// max |i·n − j·m| over the checked points of the lattice path of the pooled
// sorted sample (i values of the first sample and j of the second among the
// first i+j pooled values). All C(m+n, m) label arrangements are equally
// likely under the null hypothesis.
//
// blockEnd, when not nil, has length m+n+1 and blockEnd[t] reports whether
// the t-th pooled value (1-based) ends a block of tied values; the statistic
// is only evaluated there, which makes the distribution exact conditional on
// the tie pattern. A nil blockEnd means no ties (every point is checked),
// the classical Smirnov distribution.
//
// The recurrence is the lattice-path count scaled by 1/C(i+n, n) per row, so
// every stored value stays in [0, 1]. Cost O(m·n) time, O(n) memory. It
// returns NaN if m or n is below 1 or blockEnd has the wrong length; 1 for
// k ≤ 0 and 0 for k > m·n.
func SmirnovExactSF(m, n int, k int64, blockEnd []bool) float64 {
	if m < 1 || n < 1 || (blockEnd != nil && len(blockEnd) != m+n+1) {
		return math.NaN()
	}
	if k <= 0 {
		return 1
	}
	if k > int64(m)*int64(n) {
		return 0
	}
	// Count paths whose checked points all have |i·n − j·m| < k.
	inside := func(i, j int) bool {
		if blockEnd != nil && !blockEnd[i+j] {
			return true
		}
		d := int64(i)*int64(n) - int64(j)*int64(m)
		if d < 0 {
			d = -d
		}
		return d < k
	}
	u := make([]float64, n+1)
	u[0] = 1
	for j := 1; j <= n; j++ {
		if inside(0, j) {
			u[j] = u[j-1]
		} // else 0 (the slice starts at 0 and a blocked prefix stays 0)
	}
	for i := 1; i <= m; i++ {
		w := float64(i) / float64(i+n)
		if inside(i, 0) {
			u[0] *= w
		} else {
			u[0] = 0
		}
		for j := 1; j <= n; j++ {
			if inside(i, j) {
				u[j] = w*u[j] + u[j-1]
			} else {
				u[j] = 0
			}
		}
	}
	p := 1 - u[n]
	if p < 0 {
		return 0
	}
	if p > 1 {
		return 1
	}
	return p
}

// KolmogorovSF returns the limiting survival function of the Kolmogorov
// distribution, Q(λ) = P(sup|B(t)| > λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²)
// for a Brownian bridge B. For λ < 1 it uses the equivalent Jacobi theta
// series P(≤ λ) = √(2π)/λ Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)), which converges
// fast there. Accuracy about 1e-15 absolute. It returns 1 for λ ≤ 0 and NaN
// for NaN.
func KolmogorovSF(lambda float64) float64 {
	switch {
	case math.IsNaN(lambda):
		return math.NaN()
	case lambda <= 0:
		return 1
	case lambda < 1:
		s := 0.0
		f := -math.Pi * math.Pi / (8 * lambda * lambda)
		for k := 1; k <= 20; k++ {
			t := math.Exp(float64((2*k-1)*(2*k-1)) * f)
			s += t
			if t < 1e-17*s {
				break
			}
		}
		p := 1 - math.Sqrt(2*math.Pi)/lambda*s
		return ksClamp01(p)
	default:
		s := 0.0
		sign := 1.0
		for k := 1; k <= 100; k++ {
			t := math.Exp(-2 * float64(k*k) * lambda * lambda)
			s += sign * t
			sign = -sign
			if t < 1e-17 {
				break
			}
		}
		return ksClamp01(2 * s)
	}
}

// KolmogorovQuantile returns the λ with KolmogorovSF(λ) = alpha, for alpha
// in (0, 1), by bisection to 1e-12. It returns NaN for alpha outside (0, 1).
func KolmogorovQuantile(alpha float64) float64 {
	if !(alpha > 0 && alpha < 1) {
		return math.NaN()
	}
	lo, hi := 0.0, 1.0
	for KolmogorovSF(hi) > alpha {
		hi *= 2
		if hi > 64 {
			return hi
		}
	}
	for range 200 {
		mid := (lo + hi) / 2
		if KolmogorovSF(mid) > alpha {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-12 {
			break
		}
	}
	return (lo + hi) / 2
}

func ksClamp01(p float64) float64 {
	if p < 0 {
		return 0
	}
	if p > 1 {
		return 1
	}
	return p
}
