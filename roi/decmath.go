package roi

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Numeric policy. Money is carried in decimal with workDigits significant
// digits (rounded half to even after every multiplication and division) and
// returned rounded half to even to ResultDigits significant digits. Rates found
// by the root solver are computed in float64 (relative accuracy about 1e-15 on
// 1 + rate) and returned as the shortest decimal that round-trips that float64.
const (
	// ResultDigits is the number of significant digits of every decimal money
	// result (NPV, XNPV, PMT, FV, PV, payback, business figures), rounded half
	// to even. It is the precision of IEEE 754 decimal128.
	ResultDigits = 34

	workDigits = 50

	// maxMagnitude bounds the decimal inputs: a non-zero amount or rate must lie
	// in [1e-1000, 1e1000) in absolute value and have at most maxDigits digits,
	// which keeps every intermediate exponent far from shopspring's int32 limits.
	maxMagnitude = 1000
	maxDigits    = 1000

	// maxExponentGrowth bounds n·|log10(1+rate)|, the decimal exponent that
	// powering a discount factor over the horizon can produce.
	maxExponentGrowth = 1e8
)

var decOne = decimal.NewFromInt(1)

// magnitude returns m with 10^(m−1) ≤ |d| < 10^m; d must be non-zero and
// have passed the digit cap (NumDigits is quadratic-free but not free on a
// coefficient of millions of digits).
func magnitude(d decimal.Decimal) int64 {
	return int64(d.NumDigits()) + int64(d.Exponent())
}

// maxCoefficientBits is the bit length above which a coefficient surely has
// more than maxDigits decimal digits (10^1000 < 2^3322).
const maxCoefficientBits = 3322 + 1

// digitsOK reports whether d's coefficient has at most maxDigits digits. It
// reads the coefficient's bit length first, so a coefficient of 10^7 digits
// is rejected in nanoseconds (NumDigits would build 10^(10^7) to compare).
func digitsOK(d decimal.Decimal) bool {
	n := coefficientBitLen(d)
	if n <= 63 {
		return true
	}
	if n > maxCoefficientBits {
		return false
	}
	return d.NumDigits() <= maxDigits
}

// coefficientBitLen returns the bit length of d's coefficient. Coefficient
// returns a copy, which costs one small allocation for ordinary amounts and
// is linear in the digits for large ones (a 10^7-digit value copies about
// 4 MB once, well inside the budget); the library does not read
// shopspring's unexported fields.
func coefficientBitLen(d decimal.Decimal) int { return d.Coefficient().BitLen() }

// inRange is the fast path of checkDecimal.
func inRange(d decimal.Decimal) bool {
	if d.IsZero() {
		return true
	}
	if !digitsOK(d) {
		return false
	}
	m := magnitude(d)
	return m <= maxMagnitude && m >= -maxMagnitude
}

// checkDecimal rejects amounts and rates outside the supported range: more
// than maxDigits (1000) significant digits, or a magnitude outside
// [1e-1000, 1e1000). It costs O(digits) and never rescales d, so
// decimal.New(1, 1e9) is rejected at once.
func checkDecimal(path string, d decimal.Decimal) error {
	if d.IsZero() {
		return nil
	}
	if !digitsOK(d) {
		return fieldErr(path, "", ErrInvalidInput, "more than "+strconv.Itoa(maxDigits)+" significant digits (the cap)")
	}
	if m := magnitude(d); m > maxMagnitude || m < -maxMagnitude {
		return fieldErr(path, shortString(d), ErrInvalidInput, "magnitude outside [1e-1000, 1e1000) (the cap)")
	}
	return nil
}

// shortString renders d for an error message, abbreviated when long; it
// never rescales d (d.String() on decimal.New(1, 1e9) would build a
// billion-digit number). A coefficient over the digit cap renders as "".
func shortString(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	if !digitsOK(d) {
		return ""
	}
	exp := int64(d.Exponent())
	if nd := d.NumDigits(); nd <= 40 && exp <= 40 && exp >= -40 {
		return d.String()
	}
	c := d.Coefficient().String()
	sign := ""
	if c[0] == '-' {
		sign, c = "-", c[1:]
	}
	e := exp + int64(len(c)) - 1
	mant := c[:1]
	if rest := strings.TrimRight(c[1:min(len(c), 20)], "0"); rest != "" {
		mant += "." + rest
	}
	return sign + mant + "e" + strconv.FormatInt(e, 10)
}

// roundSig rounds d half to even to sig significant digits.
func roundSig(d decimal.Decimal, sig int) decimal.Decimal {
	if d.IsZero() {
		return decimal.Zero
	}
	nd := d.NumDigits()
	if nd <= sig {
		return d
	}
	places := -(int64(d.Exponent()) + int64(nd) - int64(sig))
	return d.RoundBank(int32(places))
}

// addW adds at working precision. When the magnitudes differ by more than
// workDigits+2 the smaller operand cannot change the rounded sum, so it is
// dropped without aligning exponents (which would cost a number of digits
// equal to the exponent gap).
func addW(a, b decimal.Decimal) decimal.Decimal {
	if a.IsZero() {
		return roundSig(b, workDigits)
	}
	if b.IsZero() {
		return roundSig(a, workDigits)
	}
	ma, mb := magnitude(a), magnitude(b)
	switch {
	case ma-mb > workDigits+2:
		return roundSig(a, workDigits)
	case mb-ma > workDigits+2:
		return roundSig(b, workDigits)
	}
	return roundSig(a.Add(b), workDigits)
}

// mulW multiplies at working precision.
func mulW(a, b decimal.Decimal) decimal.Decimal { return roundSig(a.Mul(b), workDigits) }

// divSig divides a by a non-zero b to about sig significant digits (rounded
// half away from zero, shopspring's DivRound).
func divSig(a, b decimal.Decimal, sig int) decimal.Decimal {
	if a.IsZero() {
		return decimal.Zero
	}
	qmag := magnitude(a) - magnitude(b) + 1
	return a.DivRound(b, int32(int64(sig)-qmag))
}

// divW divides at working precision; b must be non-zero.
func divW(a, b decimal.Decimal) decimal.Decimal {
	return roundSig(divSig(a, b, workDigits+2), workDigits)
}

// result rounds a computed money value for return.
func result(d decimal.Decimal) decimal.Decimal { return roundSig(d, ResultDigits) }

// powAnnuity returns q^n and the annuity factor Σ_{k=0}^{n−1} q^k for q > 0 and
// n ≥ 0, by binary powering at working precision. The factor equals
// ((1+r)^n − 1)/r for q = 1+r but is computed without that subtraction, so it is
// exact to working precision for rate 1e−12 and rate 0 alike, and it never
// overflows (decimal exponents are unbounded here).
func powAnnuity(q decimal.Decimal, n int64) (pow, sum decimal.Decimal) {
	pow, sum = decOne, decimal.Zero
	if n <= 0 {
		return pow, sum
	}
	for bit := bits.Len64(uint64(n)) - 1; bit >= 0; bit-- {
		// double: k → 2k
		sum = addW(sum, mulW(pow, sum))
		pow = mulW(pow, pow)
		if n>>uint(bit)&1 == 1 { // increment: k → k+1
			sum = addW(sum, pow)
			pow = mulW(pow, q)
		}
	}
	return pow, sum
}

// powInt returns q^n (n ≥ 0) at working precision.
func powInt(q decimal.Decimal, n int64) decimal.Decimal {
	res := decOne
	base := q
	for n > 0 {
		if n&1 == 1 {
			res = mulW(res, base)
		}
		n >>= 1
		if n > 0 {
			base = mulW(base, base)
		}
	}
	return res
}

// log10Abs approximates log10|d| in float64 for non-zero d, for any exponent.
func log10Abs(d decimal.Decimal) float64 {
	c := d.Coefficient()
	c.Abs(c)
	nd := d.NumDigits()
	shift := 0
	if nd > 17 {
		shift = nd - 17
		c.Quo(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	}
	f, _ := new(big.Float).SetInt(c).Float64()
	return math.Log10(f) + float64(shift) + float64(d.Exponent())
}

// lnAbs approximates ln|d| in float64 for non-zero d.
func lnAbs(d decimal.Decimal) float64 {
	if x := d.Abs().Sub(decOne); x.Abs().LessThan(decimal.New(5, -1)) {
		return math.Log1p(toFloat(x)) // no cancellation near 1
	}
	if m := magnitude(d); m > -290 && m < 290 {
		return math.Log(math.Abs(toFloat(d)))
	}
	return log10Abs(d) * math.Ln10
}

// toFloat converts d to the nearest float64 (±Inf beyond the float64 range).
func toFloat(d decimal.Decimal) float64 {
	e := d.Exponent()
	if e > 0 && e <= 22 && d.NumDigits() <= 15 {
		return float64(d.CoefficientInt64()) * pow10f[e]
	}
	f, _ := d.Float64()
	return f
}

var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fromFloat converts a finite float64 to the shortest decimal that round-trips.
func fromFloat(f float64) decimal.Decimal {
	if f == 0 {
		return decimal.Zero
	}
	return decimal.NewFromFloat(f)
}

// expMinusOne returns e^u − 1 as a decimal for any finite u, keeping the
// float64 relative accuracy of 1 + r = e^u near −1 and of r near 0. It is > −1
// for every finite u: for u < −0.7 (r < −50 %) and where e^u would overflow,
// e^u is formed as a decimal mantissa × 10^k and 1 is subtracted exactly in
// decimal.
func expMinusOne(u float64) decimal.Decimal {
	if u >= -0.7 && u < 700 {
		return fromFloat(math.Expm1(u))
	}
	k := math.Floor(u / math.Ln10)
	m := math.Exp(u - k*math.Ln10) // in [1, 10) up to rounding
	return decimal.NewFromFloat(m).Shift(int32(k)).Sub(decOne)
}

// fmtIndex renders "name[i]".
func fmtIndex(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

func itoa(i int) string { return strconv.Itoa(i) }
