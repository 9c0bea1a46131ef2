package roi

import (
	"cmp"
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// XIRR returns the annual internal rate of return of dated flows: a rate
// r > −1 with [XNPV](r, flows) = 0, that is Σ amount_i/(1+r)^(d_i/365) = 0
// with d_i the days from the first listed date (ACT/365F). Flows need not be
// in date order but none may precede the first listed date; flows on the same
// date are added together first.
//
// The solver, the policies and the accuracy are those of [IRR] (exponents
// d_i/365 instead of i); two net flows give the closed form
// r = (−a1/a0)^(365/Δd) − 1 (exact in decimal when Δd = 365). The Excel policy
// emulates Newton's method on XNPV from the guess for up to 100 steps.
//
// XIRR returns an error wrapping [ErrInvalidInput] if flows is empty, a date is
// zero or before the first listed date, every date is the same, a number is
// out of range or opts is invalid; [ErrNoSignChange] if the amounts (netted by
// date) do not change sign; [ErrNoRealRoot] if they do but no rate solves the
// equation; [ErrSolverFailed] if a bracketed root fails its residual check.
func XIRR(flows []Flow, opts IRROptions) (decimal.Decimal, error) {
	var errs []error
	days, err := dayOffsets(flows, 1)
	if err != nil {
		errs = append(errs, err)
	}
	if err := opts.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	p, err := datedSum(flows, days)
	if err != nil {
		return decimal.Decimal{}, err
	}
	newton := func(g float64) (float64, bool) {
		raw := make([]float64, len(flows))
		times := make([]float64, len(flows))
		scale := floatScale(amounts(flows))
		for i, f := range flows {
			raw[i] = toFloat(f.Amount.Shift(scale))
			times[i] = float64(days[i]) / 365
		}
		return xirrNewton(raw, times, g)
	}
	return p.solve("XIRR", opts, newton)
}

func amounts(flows []Flow) []decimal.Decimal {
	out := make([]decimal.Decimal, len(flows))
	for i, f := range flows {
		out[i] = f.Amount
	}
	return out
}

// datedSum nets flows by date and prepares them for the solver.
func datedSum(flows []Flow, days []int64) (*cashSum, error) {
	pos, neg := false, false
	for _, f := range flows {
		switch f.Amount.Sign() {
		case 1:
			pos = true
		case -1:
			neg = true
		}
	}
	if !pos || !neg {
		return nil, opError("XIRR", ErrNoSignChange, "amounts need at least one positive and one negative value")
	}
	if slices.Min(days) == slices.Max(days) {
		return nil, fieldErr("flows", "", ErrInvalidInput, "every flow is on the same date: the rate is undefined")
	}
	order := make([]int, len(flows))
	for i := range order {
		order[i] = i
	}
	if !slices.IsSorted(days) {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(days[a], days[b]) })
	}
	amts := make([]decimal.Decimal, 0, len(flows))
	at := make([]int64, 0, len(flows))
	for _, i := range order {
		if len(at) > 0 && at[len(at)-1] == days[i] {
			amts[len(amts)-1] = amts[len(amts)-1].Add(flows[i].Amount)
			continue
		}
		amts, at = append(amts, flows[i].Amount), append(at, days[i])
	}
	p := &cashSum{perYear: 365, w: make([]float64, 0, len(amts)), tau: make([]float64, 0, len(amts))}
	fl := make([]float64, len(amts))
	if !toFloats(fl, amts) {
		scale := floatScale(amts)
		for j, a := range amts {
			fl[j] = toFloat(a.Shift(scale))
		}
	}
	first := int64(-1)
	sc, prev := 0, 0
	for j, a := range amts {
		if a.IsZero() {
			continue
		}
		if first < 0 {
			first = at[j]
		}
		if prev != 0 && a.Sign() != prev {
			sc++
		}
		prev = a.Sign()
		if p.nz < 2 {
			p.two[p.nz] = a
			if p.nz == 1 {
				p.twoGap = float64(at[j] - first)
			}
		}
		p.nz++
		p.tau = append(p.tau, float64(at[j]-first))
		p.w = append(p.w, fl[j])
	}
	p.src = amts
	if sc == 0 {
		return nil, opError("XIRR", ErrNoSignChange, "amounts netted by date do not change sign")
	}
	if err := checkRootWork("flows", len(p.w), sc); err != nil {
		return nil, err
	}
	return p, nil
}

// xirrNewton iterates Newton's method on Σ a_i (1+x)^(−t_i) from guess, as
// Excel documents XIRR (at most 100 steps). It reports false when an iterate
// reaches 1 + x ≤ 0 (where XNPV is undefined) or the iteration breaks down.
func xirrNewton(a, t []float64, guess float64) (float64, bool) {
	x := guess
	step := math.Inf(1)
	for range 100 {
		if x <= -1 {
			return 0, false
		}
		l := math.Log1p(x)
		var f, df float64
		for i, ai := range a {
			e := math.Exp(-t[i] * l)
			f += ai * e
			df -= t[i] * ai * e
		}
		df /= 1 + x
		if df == 0 || math.IsNaN(f) || math.IsInf(f, 0) || math.IsNaN(df) || math.IsInf(df, 0) {
			return 0, false
		}
		xn := x - f/df
		if math.IsNaN(xn) || math.IsInf(xn, 0) {
			return 0, false
		}
		step = math.Abs(xn - x)
		x = xn
		if step <= 1e-12*math.Max(1, math.Abs(x)) {
			return x, true
		}
	}
	return x, step < 1e-7
}
