package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/stats"
)

// MethodDisproportionality names the disproportionality conventions
// recorded on a [Disproportionality] result.
const MethodDisproportionality = "prr-gravel2009-se, ror-woolf, ic-pvda-gamma, evans2001-yates"

// Disproportionality holds the screening measures of a 2×2 report table:
// a = this product and event, b = this product and other events, c = other
// products and this event, d = the rest (N = a+b+c+d).
//
//   - PRR = [a/(a+b)] / [c/(c+d)], with the 95% interval
//     exp(ln PRR ± 1.96·se), se = √(1/a − 1/(a+b) + 1/c − 1/(c+d))
//     (Gravel 2009, as used by R pvda; a "+" variant of the last term
//     circulates and is not used).
//   - ROR = ad/(bc), with exp(ln ROR ± 1.96√(1/a+1/b+1/c+1/d)) (Woolf).
//   - ChiSquare = N(ad−bc)²/[(a+b)(c+d)(a+c)(b+d)] (Pearson) and
//     ChiSquareYates with (|ad−bc| − N/2)² (0 when |ad−bc| ≤ N/2).
//   - IC = log₂((O+0.5)/(E+0.5)) with O = a and E = (a+b)(a+c)/N, and the
//     credibility limits log₂ of the 2.5% and 97.5% quantiles of
//     Gamma(O+0.5, rate E+0.5) (Norén et al. 2013; R pvda). O = E = 1
//     gives 0 (−3.797, 1.640).
//   - Evans is the Evans et al. (2001, Pharmacoepidemiol Drug Saf 10:483)
//     screen: PRR ≥ 2, Yates χ² ≥ 4 and a ≥ 3.
//
// A measure that divides by zero is +Inf (marshalled as null) or NaN
// (marshalled as null), never a silent 0.
type Disproportionality struct {
	Method         string   `json:"method"`
	A              int      `json:"a"`
	B              int      `json:"b"`
	C              int      `json:"c"`
	D              int      `json:"d"`
	PRR            jfloat   `json:"prr"`
	PRRCI          Interval `json:"prr_ci"`
	ROR            jfloat   `json:"ror"`
	RORCI          Interval `json:"ror_ci"`
	ChiSquare      jfloat   `json:"chi_square"`
	ChiSquareYates jfloat   `json:"chi_square_yates"`
	Expected       float64  `json:"expected"`
	IC             float64  `json:"ic"`
	ICCI           Interval `json:"ic_ci"`
	Evans          bool     `json:"evans"`
}

// Disprop computes the disproportionality measures of the 2×2 table
// (a, b, c, d). Cost O(1) plus two gamma quantiles.
//
// Disprop returns an error if a count is negative or above [MaxCount]
// (wraps [ErrOutOfRange]) or the table is empty or has an empty product
// row (a+b = 0) or comparator row (c+d = 0) (wraps [ErrInsufficientData]).
func Disprop(a, b, c, d int) (Disproportionality, error) {
	var l fielderr.List
	l.Add(checkCount("a", a))
	l.Add(checkCount("b", b))
	l.Add(checkCount("c", c))
	l.Add(checkCount("d", d))
	if err := l.Err(); err != nil {
		return Disproportionality{}, err
	}
	if a+b == 0 || c+d == 0 {
		return Disproportionality{}, fieldErr("a", strconv.Itoa(a), fmt.Errorf("%w: the product row and the comparator row must both have reports", ErrInsufficientData))
	}
	fa, fb, fc, fd := float64(a), float64(b), float64(c), float64(d)
	n := fa + fb + fc + fd
	r := Disproportionality{Method: MethodDisproportionality, A: a, B: b, C: c, D: d}
	const z = 1.96 // as printed in the published formulas (Evans 2001; PMC8721046 Table 1)
	r.PRR = jfloat((fa / (fa + fb)) / (fc / (fc + fd)))
	if a > 0 && c > 0 {
		se := math.Sqrt(1/fa - 1/(fa+fb) + 1/fc - 1/(fc+fd))
		r.PRRCI = Interval{float64(r.PRR) * math.Exp(-z*se), float64(r.PRR) * math.Exp(z*se)}
	} else {
		r.PRRCI = Interval{math.NaN(), math.NaN()}
	}
	r.ROR = jfloat(fa * fd / (fb * fc))
	if a > 0 && b > 0 && c > 0 && d > 0 {
		se := math.Sqrt(1/fa + 1/fb + 1/fc + 1/fd)
		r.RORCI = Interval{float64(r.ROR) * math.Exp(-z*se), float64(r.ROR) * math.Exp(z*se)}
	} else {
		r.RORCI = Interval{math.NaN(), math.NaN()}
	}
	den := (fa + fb) * (fc + fd) * (fa + fc) * (fb + fd)
	diff := fa*fd - fb*fc
	if den > 0 {
		r.ChiSquare = jfloat(n * diff * diff / den)
		y := math.Max(0, math.Abs(diff)-n/2)
		r.ChiSquareYates = jfloat(n * y * y / den)
	} else {
		r.ChiSquare, r.ChiSquareYates = jfloat(math.NaN()), jfloat(math.NaN())
	}
	r.Expected = (fa + fb) * (fa + fc) / n
	r.IC, r.ICCI = informationComponent(fa, r.Expected)
	r.Evans = a >= 3 && float64(r.PRR) >= 2 && float64(r.ChiSquareYates) >= 4
	return r, nil
}

// informationComponent returns IC = log₂((O+0.5)/(E+0.5)) and its 95%
// credibility limits from Gamma(O+0.5, rate E+0.5).
func informationComponent(o, e float64) (float64, Interval) {
	shape, rate := o+0.5, e+0.5
	lo := stats.GammaQuantile(shape, 0.025) / rate
	hi := stats.GammaQuantile(shape, 0.975) / rate
	return math.Log2(shape / rate), Interval{math.Log2(lo), math.Log2(hi)}
}
