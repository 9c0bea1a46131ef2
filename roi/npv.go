package roi

import (
	"slices"

	"github.com/shopspring/decimal"
)

// NPV returns the net present value of values discounted at rate per period:
//
//	ConventionExcel: Σ values[i] / (1+rate)^(i+1)   (i = 0..n−1; Excel's NPV)
//	ConventionT0:    Σ values[i] / (1+rate)^i       (the first value undiscounted)
//
// The two differ by exactly a factor (1 + rate). rate is a decimal fraction per
// period (0.08 = 8 %). Rates below −1 are accepted as Excel accepts them (the
// discount factor is negative but finite), rate = −1 is not.
//
// The sum is evaluated by Horner's rule in decimal with 50 significant digits
// and rounded half to even to [ResultDigits] significant digits, so a
// 360-month schedule and rate 1e9 are both exact to the last returned digit.
//
// NPV returns an error wrapping [ErrInvalidInput] if: values is empty; conv is
// not ConventionExcel or ConventionT0; rate = −1; a number is outside the
// supported range (see [FieldError] messages).
func NPV(rate decimal.Decimal, values []decimal.Decimal, conv Convention) (decimal.Decimal, error) {
	var errs []error
	if err := checkDecimal("rate", rate); err != nil {
		errs = append(errs, err)
	} else if rate.Equal(decOne.Neg()) {
		errs = append(errs, fieldErr("rate", rate.String(), ErrInvalidInput, "rate −1 (−100 %) has no discount factor"))
	}
	errs = append(errs, checkValues(values, 1)...)
	if conv != ConventionExcel && conv != ConventionT0 {
		errs = append(errs, fieldErr("convention", conv.String(), ErrInvalidInput, "convention must be excel or t0"))
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	onePlus := decOne.Add(rate)
	if err := checkGrowth("rate", onePlus, int64(len(values))); err != nil {
		return decimal.Decimal{}, err
	}
	return result(npvW(onePlus, values, conv)), nil
}

// npvW is NPV at working precision for validated input.
func npvW(onePlus decimal.Decimal, values []decimal.Decimal, conv Convention) decimal.Decimal {
	if onePlus.Equal(decOne) {
		acc := decimal.Zero
		for _, v := range values {
			acc = acc.Add(v)
		}
		return acc
	}
	d := divW(decOne, onePlus)
	acc := decimal.Zero
	if conv == ConventionExcel {
		for i := len(values) - 1; i >= 0; i-- {
			acc = mulW(addW(acc, values[i]), d)
		}
		return acc
	}
	for i := len(values) - 1; i >= 0; i-- {
		acc = addW(mulW(acc, d), values[i])
	}
	return acc
}

// checkValues validates a cash-flow series of at least min and at most
// MaxFlows values. It reports at most MaxJoinedErrors problems (then a
// count) and allocates nothing for a valid series.
func checkValues(values []decimal.Decimal, min int) []error {
	if len(values) < min {
		return []error{fieldErr("values", "", ErrInvalidInput, "at least "+itoa(min)+" values needed, got "+itoa(len(values)))}
	}
	if err := checkCount("values", len(values), MaxFlows); err != nil {
		return []error{err}
	}
	var l errList
	for i, v := range values {
		if inRange(v) {
			continue
		}
		if l.full() {
			l.extra++
			continue
		}
		l.add(checkDecimal(fmtIndex("values", i), v))
	}
	return l.list()
}

// checkGrowth rejects horizons over which (1+rate)^±n would need a decimal
// exponent beyond maxExponentGrowth.
func checkGrowth(path string, onePlus decimal.Decimal, n int64) error {
	if onePlus.IsZero() {
		return nil
	}
	g := log10Abs(onePlus)
	if g < 0 {
		g = -g
	}
	if g*float64(n) > maxExponentGrowth {
		return fieldErr(path, shortString(onePlus.Sub(decOne)), ErrInvalidInput, "rate and horizon give a discount factor beyond 1e±100000000")
	}
	return nil
}

// XNPV returns the net present value of dated flows at an annual rate, by
// Excel's rule: Σ amount_i / (1+rate)^(d_i/365), where d_i is the number of
// days from the first listed flow's date to flow i (ACT/365F: 365 days a year,
// leap years included). The flows need not be in date order, but none may be
// dated before the first listed flow. rate must be > −1.
//
// The factor (1+rate)^(−1/365) is computed once from ln(1+rate) to 50
// significant digits and raised to each integer day count; the result is
// rounded half to even to [ResultDigits] significant digits.
//
// XNPV returns an error wrapping [ErrInvalidInput] if: flows is empty; a date is
// zero or before the first listed date; rate ≤ −1; a number is out of range.
func XNPV(rate decimal.Decimal, flows []Flow) (decimal.Decimal, error) {
	var errs []error
	if err := checkRate("rate", rate); err != nil {
		errs = append(errs, err)
	}
	days, err := dayOffsets(flows, 1)
	if err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	onePlus := decOne.Add(rate)
	maxDay := slices.Max(days)
	if err := checkGrowth("rate", onePlus, maxDay/365+1); err != nil {
		return decimal.Decimal{}, err
	}
	return result(xnpvW(onePlus, flows, days)), nil
}

// xnpvW is XNPV at working precision for validated input.
func xnpvW(onePlus decimal.Decimal, flows []Flow, days []int64) decimal.Decimal {
	acc := decimal.Zero
	if onePlus.Equal(decOne) {
		for _, f := range flows {
			acc = acc.Add(f.Amount)
		}
		return acc
	}
	b := dayFactor(onePlus)
	order := make([]int, len(flows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int { return int(days[a] - days[c]) })
	factor, at := decOne, int64(0)
	for _, i := range order {
		if days[i] != at {
			factor = mulW(factor, powInt(b, days[i]-at))
			at = days[i]
		}
		acc = addW(acc, mulW(flows[i].Amount, factor))
	}
	return acc
}

// checkRate rejects rates ≤ −1 and out-of-range numbers.
func checkRate(path string, rate decimal.Decimal) error {
	if err := checkDecimal(path, rate); err != nil {
		return err
	}
	if rate.LessThanOrEqual(decOne.Neg()) {
		return fieldErr(path, shortString(rate), ErrInvalidInput, "rate must be greater than −1 (−100 %)")
	}
	return nil
}

// dayFactor returns (onePlus)^(−1/365) = exp(−ln(onePlus)/365) at working
// precision; onePlus > 0.
func dayFactor(onePlus decimal.Decimal) decimal.Decimal {
	ln, err := onePlus.Ln(workDigits + 8)
	if err != nil { // unreachable: onePlus > 0
		return decOne
	}
	return expW(divW(ln.Neg(), decimal.NewFromInt(365)))
}

// expW returns e^y at working precision for |y| up to a few thousand, by
// halving the argument below 1e−3, a Taylor series and repeated squaring.
func expW(y decimal.Decimal) decimal.Decimal {
	half := decimal.New(5, -1)
	small := decimal.New(1, -3)
	k := 0
	r := y
	for r.Abs().GreaterThan(small) {
		r = r.Mul(half) // exact
		k++
	}
	r = roundSig(r, workDigits+10)
	eps := decimal.New(1, -(workDigits + 12))
	sum, term := decOne, decOne
	for i := int64(1); i < 100; i++ {
		term = roundSig(divSig(term.Mul(r), decimal.NewFromInt(i), workDigits+10), workDigits+10)
		sum = sum.Add(term)
		if term.Abs().LessThan(eps) {
			break
		}
	}
	sum = roundSig(sum, workDigits+10)
	for range k {
		sum = roundSig(sum.Mul(sum), workDigits+10)
	}
	return roundSig(sum, workDigits)
}
