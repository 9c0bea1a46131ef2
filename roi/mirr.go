package roi

import (
	"github.com/shopspring/decimal"
)

// MIRR returns the modified internal rate of return of periodic values, as
// Excel defines it: negative values are discounted to t = 0 at financeRate,
// positive values are compounded to t = n−1 at reinvestRate, and
//
//	MIRR = (−FV(positives, reinvestRate) / PV(negatives, financeRate))^(1/(n−1)) − 1
//
// where n = len(values) counts zero values too (trailing zeros change the
// result, as in Excel). The two sums are exact to 50 digits; the root is taken
// in float64 (relative accuracy ≈ 1e−15), exactly in decimal when n = 2.
//
// MIRR returns an error wrapping [ErrInvalidInput] if: values has fewer than 2
// elements; a rate ≤ −1; a number is out of range; and [ErrNoSignChange] if
// values has no positive or no negative value.
func MIRR(values []decimal.Decimal, financeRate, reinvestRate decimal.Decimal) (decimal.Decimal, error) {
	errs := checkValues(values, 2)
	if err := checkRate("finance_rate", financeRate); err != nil {
		errs = append(errs, err)
	}
	if err := checkRate("reinvest_rate", reinvestRate); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	n := int64(len(values))
	fOne, rOne := decOne.Add(financeRate), decOne.Add(reinvestRate)
	if err := checkGrowth("finance_rate", fOne, n); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkGrowth("reinvest_rate", rOne, n); err != nil {
		return decimal.Decimal{}, err
	}
	// PV of negatives at financeRate (t0), FV of positives at reinvestRate to n−1: Horner.
	pvNeg, fvPos := decimal.Zero, decimal.Zero
	df := divW(decOne, fOne)
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		pvNeg = mulW(pvNeg, df)
		if v.Sign() < 0 {
			pvNeg = addW(pvNeg, v)
		}
	}
	for _, v := range values {
		fvPos = mulW(fvPos, rOne)
		if v.Sign() > 0 {
			fvPos = addW(fvPos, v)
		}
	}
	if pvNeg.IsZero() || fvPos.IsZero() {
		return decimal.Decimal{}, opError("MIRR", ErrNoSignChange, "values need at least one positive and one negative amount")
	}
	ratio := divW(fvPos, pvNeg.Neg()) // > 0
	if n == 2 {
		return result(ratio).Sub(decOne), nil
	}
	u := lnAbs(ratio) / float64(n-1)
	return expMinusOne(u), nil
}
