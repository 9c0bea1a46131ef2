package roi

import (
	"github.com/shopspring/decimal"
)

// PaybackOptions tune [PaybackWith] and [DiscountedPaybackWith]. The zero value
// is the rule of [Payback]: first crossing.
type PaybackOptions struct {
	Crossing Crossing `json:"crossing"`
}

// Payback returns the payback period of values, where values[i] falls in
// period i and values[0] is at t = 0 (the investment). It is the first time t
// at which the cumulative flow reaches zero, with each flow after the first
// spread evenly over its period, so inside the period k where the cumulative
// flow C turns non-negative
//
//	t = (k − 1) + (−C_{k−1}) / values[k]
//
// It is 0 when values[0] ≥ 0. Example: −1000, 300, 300, 300, 300 pays back at
// 3 + 100/300 = 3.333…; −100, 60, 60, −50, 40 at 1.666… (the cumulative flow
// dips again afterwards; [PaybackWith] with [FinalCrossing] gives 3.75).
// The result is in periods, rounded half to even to [ResultDigits] significant
// digits.
//
// Payback returns an error wrapping [ErrInvalidInput] if values is empty or a
// value is out of range, and [ErrNeverPaysBack] if the cumulative flow never
// reaches zero.
func Payback(values []decimal.Decimal) (decimal.Decimal, error) {
	return PaybackWith(values, PaybackOptions{})
}

// PaybackWith is [Payback] with a choice of crossing rule. With
// [FinalCrossing] it returns the time after which the cumulative flow stays
// ≥ 0 to the end of the series (interpolated the same way); the cumulative flow
// must end ≥ 0.
//
// PaybackWith returns the errors of [Payback], and [ErrInvalidInput] for an
// unknown Crossing.
func PaybackWith(values []decimal.Decimal, opts PaybackOptions) (decimal.Decimal, error) {
	errs := checkValues(values, 1)
	if err := checkCrossing(opts.Crossing); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	return payback("Payback", values, decimal.Decimal{}, opts.Crossing)
}

// DiscountedPayback is [Payback] applied to the discounted flows
// values[i] / (1+rate)^i (the t = 0 convention of [ConventionT0]).
// Example: rate 0.12 and −200000, 60000, 80000, 70000, 60000, 50000 pay back
// at 3.8609365333….
//
// DiscountedPayback returns an error wrapping [ErrInvalidInput] if values is
// empty, rate ≤ −1 or a number is out of range, and [ErrNeverPaysBack] if the
// cumulative discounted flow never reaches zero.
func DiscountedPayback(rate decimal.Decimal, values []decimal.Decimal) (decimal.Decimal, error) {
	return DiscountedPaybackWith(rate, values, PaybackOptions{})
}

// DiscountedPaybackWith is [DiscountedPayback] with a choice of crossing rule
// (see [PaybackWith]).
func DiscountedPaybackWith(rate decimal.Decimal, values []decimal.Decimal, opts PaybackOptions) (decimal.Decimal, error) {
	var errs []error
	if err := checkRate("rate", rate); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, checkValues(values, 1)...)
	if err := checkCrossing(opts.Crossing); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	onePlus := decOne.Add(rate)
	if err := checkGrowth("rate", onePlus, int64(len(values))); err != nil {
		return decimal.Decimal{}, err
	}
	d := divW(decOne, onePlus)
	return payback("DiscountedPayback", values, d, opts.Crossing)
}

func checkCrossing(c Crossing) error {
	if c != FirstCrossing && c != FinalCrossing {
		return fieldErr("crossing", c.String(), ErrInvalidInput, "crossing must be first or final")
	}
	return nil
}

// payback implements both crossing rules on validated flows in one pass and
// O(1) memory: time O(n) decimal operations. With a zero disc the flows are
// taken as they are and the cumulative flow is exact (values are capped at
// 1000 digits and magnitude 1e±1000, so it has at most ~2000 digits); with a
// discount factor disc = 1/(1+rate) flow i is values[i]·disc^i and the
// cumulative flow is kept at working precision (the exact sum of factors
// that shrink geometrically would grow by a digit block per period, which
// made this quadratic).
func payback(op string, values []decimal.Decimal, disc decimal.Decimal, rule Crossing) (decimal.Decimal, error) {
	discounted := !disc.IsZero()
	f := decOne
	acc := decimal.Zero
	// For the first crossing the scan stops at the period where the
	// cumulative flow turns non-negative. For the final crossing it remembers
	// the cumulative flow before the last period that ends it non-negative
	// after being negative.
	var prevCum, lastPrev, lastVal decimal.Decimal
	last := -1
	for i, v := range values {
		if discounted {
			v = mulW(v, f)
			f = mulW(f, disc)
			acc = addW(acc, v)
		} else {
			acc = acc.Add(v)
		}
		if acc.Sign() >= 0 {
			switch {
			case i == 0:
				if rule == FirstCrossing {
					return decimal.Zero, nil
				}
				last = 0
			case prevCum.Sign() < 0:
				if rule == FirstCrossing {
					return crossingTime(i, prevCum, v), nil
				}
				last, lastPrev, lastVal = i, prevCum, v
			}
		} else if rule == FinalCrossing {
			last = -1
		}
		prevCum = acc
	}
	if rule == FinalCrossing && last >= 0 {
		if last == 0 {
			return decimal.Zero, nil
		}
		return crossingTime(last, lastPrev, lastVal), nil
	}
	return decimal.Decimal{}, opError(op, ErrNeverPaysBack, "cumulative flow stays below zero (ends at "+result(acc).String()+")")
}

// crossingTime is (k − 1) + (−C_{k−1})/v_k for C_{k−1} < 0 ≤ C_{k−1} + v_k.
func crossingTime(k int, prevCum, v decimal.Decimal) decimal.Decimal {
	frac := divW(prevCum.Neg(), v)
	return result(decimal.NewFromInt(int64(k - 1)).Add(frac))
}
