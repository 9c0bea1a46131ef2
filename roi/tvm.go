package roi

import (
	"github.com/shopspring/decimal"
)

// The time-value-of-money functions solve Excel's annuity identity
//
//	fv + pv·(1+rate)^nper + pmt·(1 + rate·when)·A = 0,  A = Σ_{k=0}^{nper−1} (1+rate)^k
//
// where when is 0 for [EndOfPeriod] and 1 for [BeginningOfPeriod], and
// A = ((1+rate)^nper − 1)/rate for rate ≠ 0, nper for rate = 0. A and
// (1+rate)^nper are computed by binary powering in decimal at 50 significant
// digits, never by subtracting 1 from (1+rate)^nper, so rate 1e−12 loses no
// digits, rate 0 needs no special case, and rate 12 with nper 400 (13^400 ≈
// 1e445, beyond float64) is exact. Results are rounded half to even to
// [ResultDigits] significant digits. Sign convention as in Excel: money paid
// out is negative.

// tvmCheck validates the shared arguments.
func tvmCheck(rate decimal.Decimal, nper int, when Timing, amounts map[string]decimal.Decimal, order []string) error {
	var errs []error
	if err := checkRate("rate", rate); err != nil {
		errs = append(errs, err)
	}
	if nper <= 0 {
		errs = append(errs, fieldErr("nper", itoa(nper), ErrInvalidInput, "nper must be at least 1"))
	}
	for _, k := range order {
		if err := checkDecimal(k, amounts[k]); err != nil {
			errs = append(errs, err)
		}
	}
	if when != EndOfPeriod && when != BeginningOfPeriod {
		errs = append(errs, fieldErr("when", when.String(), ErrInvalidInput, "timing must be end or begin"))
	}
	if err := joinErrs(errs); err != nil {
		return err
	}
	return checkGrowth("rate", decOne.Add(rate), int64(nper))
}

// dueFactor is 1 + rate·when.
func dueFactor(rate decimal.Decimal, when Timing) decimal.Decimal {
	if when == BeginningOfPeriod {
		return decOne.Add(rate)
	}
	return decOne
}

// PMT returns the payment per period of a loan or savings plan with nper
// periods at rate per period, present value pv and future value fv:
//
//	PMT = −(fv + pv·(1+rate)^nper) / ((1 + rate·when)·A)
//
// PMT(0.08/12, 10, 10000, 0, EndOfPeriod) = −1037.03… (Excel's example).
//
// PMT returns an error wrapping [ErrInvalidInput] if: nper ≤ 0; rate ≤ −1; when
// is not a valid [Timing]; a number is out of range.
func PMT(rate decimal.Decimal, nper int, pv, fv decimal.Decimal, when Timing) (decimal.Decimal, error) {
	if err := tvmCheck(rate, nper, when, map[string]decimal.Decimal{"pv": pv, "fv": fv}, []string{"pv", "fv"}); err != nil {
		return decimal.Decimal{}, err
	}
	q, a := powAnnuity(decOne.Add(rate), int64(nper))
	num := addW(fv, mulW(pv, q))
	den := mulW(dueFactor(rate, when), a) // > 0: rate > −1 and A ≥ 1·min(1, q) > 0
	return result(divW(num, den).Neg()), nil
}

// FV returns the future value after nper periods at rate per period of a
// present value pv and a payment pmt per period:
//
//	FV = −(pv·(1+rate)^nper + pmt·(1 + rate·when)·A)
//
// FV returns an error wrapping [ErrInvalidInput] if: nper ≤ 0; rate ≤ −1; when
// is not a valid [Timing]; a number is out of range.
func FV(rate decimal.Decimal, nper int, pmt, pv decimal.Decimal, when Timing) (decimal.Decimal, error) {
	if err := tvmCheck(rate, nper, when, map[string]decimal.Decimal{"pmt": pmt, "pv": pv}, []string{"pmt", "pv"}); err != nil {
		return decimal.Decimal{}, err
	}
	q, a := powAnnuity(decOne.Add(rate), int64(nper))
	s := addW(mulW(pv, q), mulW(mulW(pmt, dueFactor(rate, when)), a))
	return result(s.Neg()), nil
}

// PV returns the present value of nper payments pmt per period at rate per
// period plus a future value fv:
//
//	PV = −(fv + pmt·(1 + rate·when)·A) / (1+rate)^nper
//
// PV returns an error wrapping [ErrInvalidInput] if: nper ≤ 0; rate ≤ −1; when
// is not a valid [Timing]; a number is out of range.
func PV(rate decimal.Decimal, nper int, pmt, fv decimal.Decimal, when Timing) (decimal.Decimal, error) {
	if err := tvmCheck(rate, nper, when, map[string]decimal.Decimal{"pmt": pmt, "fv": fv}, []string{"pmt", "fv"}); err != nil {
		return decimal.Decimal{}, err
	}
	q, a := powAnnuity(decOne.Add(rate), int64(nper))
	s := addW(fv, mulW(mulW(pmt, dueFactor(rate, when)), a))
	return result(divW(s, q).Neg()), nil
}
