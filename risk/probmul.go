package risk

import (
	"math"
	"math/bits"
	"strconv"
)

// ProductRule names how P = P1 × P2 is computed. It is part of
// [EvaluationRule].
//
// Each factor is read as the shortest decimal that round-trips to its
// float64 value (0.000016 is 16 × 10⁻⁶, not the binary value nearest to
// it); the two decimals are multiplied exactly, and the exact product is
// rounded to the nearest float64 (ties to even). The same is done for the
// plan's class edges, which are floats read as their shortest decimals. So
// a product whose exact decimal value is a class edge (0.000016 × 0.625 =
// 0.00001) lands exactly on that edge and takes the higher level, as
// "Min ≤ P < Max" says. Rounding is monotone, so a product never takes a
// lower level than its exact decimal value has; the one tolerance is toward
// the higher level: an exact product less than half a unit in the last
// place (about 1.1 × 10⁻¹⁶ relative) below an edge rounds onto the edge and
// takes the level above.
const ProductRule = "decimal-product-v1: P1 and P2 as their shortest round-trip decimals, " +
	"multiplied exactly, rounded once to the nearest float64 (ties to even)"

// mulProb returns the float64 nearest to the exact product of the shortest
// decimal forms of a and b (see [ProductRule]). It is meant for
// probabilities in [0, 1]; for NaN, infinite or negative factors it falls
// back to a*b. It does not allocate for typical factors.
func mulProb(a, b float64) float64 {
	if a == 0 || b == 0 || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) || a < 0 || b < 0 {
		return a * b
	}
	ma, ea := shortestDecimal(a)
	mb, eb := shortestDecimal(b)
	hi, lo := bits.Mul64(ma, mb)
	// ma, mb < 10¹⁷, so the product is below 10³⁴ and hi < 10¹⁹: one
	// division by 10¹⁹ splits it into a high part below 10¹⁵ and 19 low
	// digits.
	const e19 = 10_000_000_000_000_000_000
	q, r := bits.Div64(hi, lo, e19)
	var buf [64]byte
	s := buf[:0]
	if q > 0 {
		s = strconv.AppendUint(s, q, 10)
		var low [19]byte
		for i := len(low) - 1; i >= 0; i-- {
			low[i] = byte('0' + r%10)
			r /= 10
		}
		s = append(s, low[:]...)
	} else {
		s = strconv.AppendUint(s, r, 10)
	}
	s = append(s, 'e')
	s = strconv.AppendInt(s, int64(ea+eb), 10)
	// ParseFloat rounds correctly for any number of digits; an underflow
	// below the smallest subnormal gives 0, which is the nearest float.
	f, _ := strconv.ParseFloat(string(s), 64)
	return f
}

// shortestDecimal returns m and e with x = m × 10^e for the shortest
// decimal that round-trips to x (x finite and positive); m < 10¹⁷.
func shortestDecimal(x float64) (uint64, int) {
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], x, 'e', -1, 64) // d.ddde±XX
	var m uint64
	digits, i := 0, 0
	for ; i < len(s) && s[i] != 'e'; i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			m = m*10 + uint64(c-'0')
			digits++
		}
	}
	exp := 0
	neg := false
	for i++; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-':
			neg = true
		case c >= '0' && c <= '9':
			exp = exp*10 + int(c-'0')
		}
	}
	if neg {
		exp = -exp
	}
	return m, exp - (digits - 1)
}
