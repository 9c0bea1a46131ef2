package postmarket

import (
	"fmt"
	"math"

	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/stats"
)

// FisherResult is Fisher's exact test of a 2×2 table [[a, b], [c, d]].
// OddsRatio is the sample odds ratio ad/(bc) (+Inf, marshalled as null,
// when bc = 0; NaN when both are 0).
type FisherResult struct {
	Alternative Alternative `json:"alternative"`
	OddsRatio   jfloat      `json:"odds_ratio"`
	PValue      float64     `json:"p_value"`
}

// FisherExact is Fisher's exact test (R's fisher.test without the odds
// ratio interval): conditional on the margins, a is hypergeometric with
// a+c "successes", b+d "failures" and a+b draws. "greater" gives P[X ≥ a]
// (odds ratio above 1), "less" P[X ≤ a]; two-sided sums every table no more
// likely than the observed one (within 1 + 1e-7). R's tea-tasting table
// [[3, 1], [1, 3]] gives 0.2429 for "greater". Tail sums walk outward from
// a by the pmf ratio until terms no longer change the sum: O(√N) typical,
// O(N) worst case.
//
// FisherExact returns an error if a count is negative or above [MaxCount]
// (wraps [ErrOutOfRange]), alt is unspecified (wraps [ErrInvalidInput]), or
// the table is empty (wraps [ErrInsufficientData]).
func FisherExact(a, b, c, d int, alt Alternative) (FisherResult, error) {
	var l fielderr.List
	l.Add(checkCount("a", a))
	l.Add(checkCount("b", b))
	l.Add(checkCount("c", c))
	l.Add(checkCount("d", d))
	l.Add(checkAlt(alt))
	if err := l.Err(); err != nil {
		return FisherResult{}, err
	}
	if a+b+c+d == 0 {
		return FisherResult{}, fieldErr("a", "0", fmt.Errorf("%w: empty table", ErrInsufficientData))
	}
	m, n, k := a+c, b+d, a+b
	lo, hi := max(0, k-n), min(k, m)
	pmf := func(i int) float64 { return stats.HypergeometricPMF(i, m, n, k) }
	// ratio pmf(i+1)/pmf(i)
	up := func(i int) float64 {
		return float64(m-i) * float64(k-i) / (float64(i+1) * float64(n-k+i+1))
	}
	tail := func(from int, dir int) float64 {
		t := pmf(from)
		s := 0.0
		for i := from; i >= lo && i <= hi; i += dir {
			s += t
			if t < s*1e-17 {
				break
			}
			if dir > 0 {
				t *= up(i)
			} else if i > lo {
				t /= up(i - 1)
			}
		}
		return s
	}
	r := FisherResult{Alternative: alt, OddsRatio: jfloat(float64(a) * float64(d) / (float64(b) * float64(c)))}
	switch alt {
	case Greater:
		r.PValue = clamp01(tail(a, 1))
	case Less:
		r.PValue = clamp01(tail(a, -1))
	default:
		da := pmf(a) * relErrR
		mode := int(math.Floor(float64(k+1) * float64(m+1) / float64(m+n+2)))
		mode = min(max(mode, lo), hi)
		var p float64
		switch {
		case a == mode:
			p = 1
		case a < mode:
			j := firstAtMost(mode, hi, func(i int) bool { return pmf(i) <= da })
			p = tail(a, -1)
			if j <= hi {
				p += tail(j, 1)
			}
		default:
			j := lastAtMost(lo, mode, func(i int) bool { return pmf(i) <= da })
			p = tail(a, 1)
			if j >= lo {
				p += tail(j, -1)
			}
		}
		r.PValue = clamp01(p)
	}
	return r, nil
}
