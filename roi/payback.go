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
	return payback("Payback", values, opts.Crossing)
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
	disc := make([]decimal.Decimal, len(values))
	d := divW(decOne, onePlus)
	f := decOne
	for i, v := range values {
		disc[i] = mulW(v, f)
		f = mulW(f, d)
	}
	return payback("DiscountedPayback", disc, opts.Crossing)
}

func checkCrossing(c Crossing) error {
	if c != FirstCrossing && c != FinalCrossing {
		return fieldErr("crossing", c.String(), ErrInvalidInput, "crossing must be first or final")
	}
	return nil
}

// payback implements both crossing rules on validated flows.
func payback(op string, values []decimal.Decimal, rule Crossing) (decimal.Decimal, error) {
	cum := make([]decimal.Decimal, len(values))
	acc := decimal.Zero
	for i, v := range values {
		acc = acc.Add(v)
		cum[i] = acc
	}
	k := -1 // index of the period in which the crossing happens
	switch rule {
	case FirstCrossing:
		for i, c := range cum {
			if c.Sign() >= 0 {
				k = i
				break
			}
		}
	case FinalCrossing:
		if cum[len(cum)-1].Sign() >= 0 {
			k = 0
			for i := len(cum) - 1; i >= 0; i-- {
				if cum[i].Sign() < 0 {
					k = i + 1
					break
				}
			}
		}
	}
	if k < 0 {
		return decimal.Decimal{}, opError(op, ErrNeverPaysBack, "cumulative flow stays below zero (ends at "+result(acc).String()+")")
	}
	if k == 0 {
		return decimal.Zero, nil
	}
	// cum[k−1] < 0 ≤ cum[k], so values[k] > 0.
	frac := divW(cum[k-1].Neg(), values[k])
	return result(decimal.NewFromInt(int64(k - 1)).Add(frac)), nil
}
