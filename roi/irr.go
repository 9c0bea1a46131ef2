package roi

import (
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// IRROptions tune [IRR] and [XIRR]. The zero value means guess 0.1 (10 %) and
// [PolicyExcel].
//
// JSON: {"guess": "0.1" | null, "policy": "excel"}.
type IRROptions struct {
	// Guess is the starting rate (a decimal fraction, > −1); unset means 0.1.
	// It only matters when the flows have several rates of return (and speeds
	// up the single-root case).
	Guess decimal.NullDecimal `json:"guess"`
	// Policy selects among several rates of return.
	Policy RootPolicy `json:"policy"`
}

// Validate reports a guess ≤ −1 or out of range, and an unknown policy.
func (o IRROptions) Validate() error {
	var errs []error
	if o.Guess.Valid {
		if err := checkRate("guess", o.Guess.Decimal); err != nil {
			errs = append(errs, err)
		}
	}
	if o.Policy > SmallestNonNegative {
		errs = append(errs, fieldErr("policy", o.Policy.String(), ErrInvalidInput, "unknown root policy"))
	}
	return joinErrs(errs)
}

func (o IRROptions) guess() float64 {
	if !o.Guess.Valid {
		return 0.1
	}
	return toFloat(o.Guess.Decimal)
}

// IRR returns the internal rate of return of periodic values (values[i] at
// t = i): a rate r > −1 with Σ values[i]/(1+r)^i = 0, as a decimal fraction per
// period. Leading and trailing zeros do not change it.
//
// The rate is found by a bracketing solver on u = ln(1+r) (see [IRRRoots]):
// with one sign change in values there is exactly one rate and it is returned
// whatever the options; with several, the one opts.Policy selects. Two
// non-zero flows one period apart give the exact decimal −v1/v0 − 1.
// Otherwise the rate is accurate to about 1e−15 relative in 1 + r and is
// returned as the shortest decimal of that float64; |NPV(r)| ≤ 1e−6·Σ|v_i|(1+r)^−i
// is checked before returning. A rate ≤ −100 % is never returned.
//
// IRR returns an error wrapping [ErrInvalidInput] if values is empty, a number
// is out of range, or opts is invalid; [ErrNoSignChange] if values are all
// ≥ 0 or all ≤ 0; [ErrNoRealRoot] if they change sign but no rate solves the
// equation (−1, 3, −3); [ErrSolverFailed] if a bracketed root fails its residual check.
func IRR(values []decimal.Decimal, opts IRROptions) (decimal.Decimal, error) {
	errs := checkValues(values, 1)
	if err := opts.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkRootWork("values", len(values), decSignChanges(values)); err != nil {
		return decimal.Decimal{}, err
	}
	p, err := periodicSum("IRR", values)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return p.solve("IRR", opts, func(g float64) (float64, bool) { return irrNewton(p.raw, g) })
}

// IRRRoots returns every internal rate of return of periodic values in
// (−1, ∞), ascending: all r with Σ values[i]/(1+r)^i = 0 (a double root is
// listed once). It returns an empty, non-nil slice when there is none,
// including when values do not change sign. Roots are isolated exactly (see
// the package doc), so two roots however close are both found; each is
// accurate to about 1e−15 relative in 1 + r.
//
// IRRRoots returns an error wrapping [ErrInvalidInput] if values is empty or a
// number is out of range, [ErrNoSignChange] if every value is zero (every rate
// would be a root), and [ErrSolverFailed] if a bracketed root fails its
// residual check.
func IRRRoots(values []decimal.Decimal) ([]decimal.Decimal, error) {
	if err := joinErrs(checkValues(values, 1)); err != nil {
		return nil, err
	}
	if err := checkRootWork("values", len(values), decSignChanges(values)); err != nil {
		return nil, err
	}
	p, err := periodicSum("IRRRoots", values)
	switch {
	case err == nil:
	case isAllZero(values):
		return nil, opError("IRRRoots", ErrNoSignChange, "every value is zero, so every rate is a root")
	default:
		return []decimal.Decimal{}, nil
	}
	if r, ok := p.twoFlowExact(); ok && p.nz == 2 && p.two[0].Sign() != p.two[1].Sign() {
		return []decimal.Decimal{r}, nil
	}
	us, err := p.roots()
	if err != nil {
		return nil, err
	}
	out := make([]decimal.Decimal, len(us))
	for i, u := range us {
		out[i] = p.rate(u)
	}
	return out, nil
}

func isAllZero(values []decimal.Decimal) bool {
	for _, v := range values {
		if !v.IsZero() {
			return false
		}
	}
	return true
}

// cashSum is a validated series prepared for the solver.
type cashSum struct {
	// raw holds every IRR value as float64 (scaled) in input order, for the
	// Newton emulation; nil for XIRR.
	raw []float64
	// dense is raw from the first to the last non-zero value (IRR only): the
	// polynomial in x = 1/(1+r).
	dense []float64
	// w and tau are the non-zero amounts (netted by date for XIRR) as float64
	// and their times (periods or days from the first), tau[0] = 0. For IRR
	// they are derived from dense on demand.
	w, tau  []float64
	src     []decimal.Decimal  // the amounts (netted by date for XIRR); r = 0 is a root iff they sum to 0
	nz      int                // number of non-zero (netted) amounts
	two     [2]decimal.Decimal // the first two non-zero amounts, in time order
	twoGap  float64            // the time between them
	integ   bool               // integer times (IRR)
	perYear float64            // u = ln(1+r) = v·perYear, v the solver's variable per unit of tau
}

// periodicSum prepares IRR input; it returns ErrNoSignChange when values do
// not change sign.
func periodicSum(op string, values []decimal.Decimal) (*cashSum, error) {
	pos, neg := false, false
	for _, v := range values {
		switch v.Sign() {
		case 1:
			pos = true
		case -1:
			neg = true
		}
	}
	if !pos || !neg {
		return nil, opError(op, ErrNoSignChange, "values need at least one positive and one negative amount")
	}
	p := &cashSum{raw: make([]float64, len(values)), integ: true, perYear: 1, src: values}
	if !toFloats(p.raw, values) {
		scale := floatScale(values)
		for i, v := range values {
			p.raw[i] = toFloat(v.Shift(scale))
		}
	}
	first, last := -1, -1
	for i := range values {
		if values[i].IsZero() {
			continue
		}
		if first < 0 {
			first = i
		}
		if p.nz < 2 {
			p.two[p.nz] = values[i]
			if p.nz == 1 {
				p.twoGap = float64(i - first)
			}
		}
		p.nz++
		last = i
	}
	p.dense = p.raw[first : last+1]
	if p.dense[0] == 0 || p.dense[len(p.dense)-1] == 0 { // float underflow at an end
		p.terms()
		p.dense = nil
	}
	return p, nil
}

// terms fills w and tau from dense (IRR), dropping zeros.
func (p *cashSum) terms() {
	if p.w != nil {
		return
	}
	for k, x := range p.dense {
		if x != 0 {
			p.w, p.tau = append(p.w, x), append(p.tau, float64(k))
		}
	}
	if len(p.tau) > 0 {
		t0 := p.tau[0]
		for j := range p.tau {
			p.tau[j] -= t0
		}
	}
}

// toFloats converts values into dst and reports whether every value landed
// well inside the float64 range (else the caller rescales).
func toFloats(dst []float64, values []decimal.Decimal) bool {
	ok := true
	for i, v := range values {
		f := toFloat(v)
		dst[i] = f
		if a := math.Abs(f); a > 1e250 || (a < 1e-250 && !v.IsZero()) {
			ok = false
		}
	}
	return ok
}

// floatScale returns a power-of-ten shift that brings the largest magnitude
// near 1 when the values would otherwise overflow or underflow float64.
func floatScale(values []decimal.Decimal) int32 {
	var hi, lo int64 = math.MinInt64, math.MaxInt64
	for _, v := range values {
		if v.IsZero() {
			continue
		}
		m := magnitude(v)
		hi, lo = max(hi, m), min(lo, m)
	}
	if hi == math.MinInt64 || (hi < 250 && lo > -250) {
		return 0
	}
	return int32(-hi)
}

// roots returns every root u = ln(1+r), ascending.
func (p *cashSum) roots() ([]float64, error) {
	if p.nz == 2 && p.two[0].Sign() != p.two[1].Sign() {
		return []float64{p.twoFlowU()}, nil
	}
	if p.integ {
		p.terms()
	}
	if len(p.w) < 2 {
		return nil, nil
	}
	us, err := isolate(p.w, p.tau, p.integ)
	for i := range us {
		us[i] *= p.perYear
	}
	return us, err
}

// twoFlowU is the closed form for two flows: (1+r)^(Δτ/perYear) = −a1/a0.
func (p *cashSum) twoFlowU() float64 {
	ratio := divW(p.two[1].Neg(), p.two[0])
	return lnAbs(ratio) / p.twoGap * p.perYear
}

// twoFlowExact returns the decimal rate for two flows one rate period apart.
func (p *cashSum) twoFlowExact() (decimal.Decimal, bool) {
	if p.twoGap != p.perYear {
		return decimal.Decimal{}, false
	}
	// 1 + r to ResultDigits significant digits, then r exactly: a rate within
	// 1e−34 of −1 keeps its distance from −1.
	return result(divW(p.two[1].Neg(), p.two[0])).Sub(decOne), true
}

// solve applies the policy. newton emulates the spreadsheet iteration from a
// guess and reports where it converged.
func (p *cashSum) solve(op string, opts IRROptions, newton func(guess float64) (float64, bool)) (decimal.Decimal, error) {
	if p.nz == 2 && p.two[0].Sign() != p.two[1].Sign() {
		if r, ok := p.twoFlowExact(); ok {
			return r, nil
		}
		return p.rate(p.twoFlowU()), nil
	}
	g := opts.guess()
	var e *expSum
	switch {
	case p.dense != nil && signChanges(p.dense) == 1:
		e = &expSum{dense: p.dense}
	case p.dense == nil && signChanges(p.w) == 1 && !slices.Contains(p.w, 0):
		e = newExpSum(p.w, p.tau, p.integ)
	}
	if e != nil {
		v, err := singleRoot(e, p.startEstimate(g))
		if err != nil {
			return decimal.Decimal{}, err
		}
		return p.rate(v * p.perYear), nil
	}
	us, err := p.roots()
	if err != nil {
		return decimal.Decimal{}, err
	}
	if len(us) == 0 {
		return decimal.Decimal{}, opError(op, ErrNoRealRoot, "the present value is never zero for a rate above −100 %")
	}
	return p.rate(us[pick(us, g, opts.Policy, newton)]), nil
}

// startEstimate returns a starting point v for the single-root solve: the
// exact rate of the two-flow equivalent that puts all positive amounts at
// their amount-weighted mean time and all negative ones at theirs, which is
// usually within a few percent of the root. The guess is used when that
// equivalent is degenerate.
func (p *cashSum) startEstimate(guess float64) float64 {
	var pos, neg, tp, tn float64
	add := func(x, t float64) {
		if x > 0 {
			pos += x
			tp += x * t
		} else {
			neg -= x
			tn -= x * t
		}
	}
	if p.dense != nil {
		for k, x := range p.dense {
			add(x, float64(k))
		}
	} else {
		for j, x := range p.w {
			add(x, p.tau[j])
		}
	}
	if pos > 0 && neg > 0 {
		if dt := tp/pos - tn/neg; dt != 0 {
			if v := math.Log(pos/neg) / dt; !math.IsNaN(v) && !math.IsInf(v, 0) {
				return v
			}
		}
	}
	return math.Log1p(guess) / p.perYear
}

// rate converts a root u = ln(1+r) to the decimal rate. A root within 1e−9 of
// zero is returned as exactly 0 when the amounts sum to exactly zero (so 0 is
// a root), instead of a float64 residue such as 1e−17.
func (p *cashSum) rate(u float64) decimal.Decimal {
	if math.Abs(u) < 1e-9 {
		sum := decimal.Zero
		for _, a := range p.src {
			sum = sum.Add(a)
		}
		if sum.IsZero() {
			return decimal.Zero
		}
	}
	if c, ok := p.shortRoot(u); ok {
		return c
	}
	return expMinusOne(u)
}

// shortRoot returns the shortest decimal within 8 ulp of the float root
// e^u − 1 when it is an exact root of the periodic equation (checked in exact
// decimal arithmetic), so that 0.25 is returned rather than
// 0.24999999999999992. Only IRR series of at most 60 values are checked; the
// common case (no short decimal nearby) costs one float formatting.
func (p *cashSum) shortRoot(u float64) (decimal.Decimal, bool) {
	if !p.integ || len(p.src) > 60 || u < -0.7 || u > 20 {
		return decimal.Decimal{}, false
	}
	r := math.Expm1(u)
	ulp8 := 8 * math.Abs(math.Nextafter(r, math.Inf(1))-r)
	close := func(k int) (string, bool) {
		s := strconv.FormatFloat(r, 'g', k, 64)
		c, err := strconv.ParseFloat(s, 64)
		return s, err == nil && math.Abs(c-r) <= ulp8
	}
	if _, ok := close(12); !ok {
		return decimal.Decimal{}, false
	}
	for k := 1; k <= 12; k++ {
		s, ok := close(k)
		if !ok {
			continue
		}
		c, err := decimal.NewFromString(s)
		if err != nil {
			return decimal.Decimal{}, false
		}
		// Σ v_i (1+c)^(m−i) = 0 exactly ⇔ c is a root.
		q := decOne.Add(c)
		acc := decimal.Zero
		for _, v := range p.src {
			acc = acc.Mul(q).Add(v)
		}
		return c, acc.IsZero()
	}
	return decimal.Decimal{}, false
}

// pick returns the index of the root the policy selects among us (ascending u).
func pick(us []float64, guess float64, policy RootPolicy, newton func(float64) (float64, bool)) int {
	if len(us) == 1 {
		return 0
	}
	rs := make([]float64, len(us))
	for i, u := range us {
		rs[i] = math.Expm1(u)
	}
	nearest := func(x float64) int {
		best := 0
		for i, r := range rs {
			if math.Abs(r-x) < math.Abs(rs[best]-x) {
				best = i
			}
		}
		return best
	}
	switch policy {
	case SmallestNonNegative:
		for i, r := range rs {
			if r >= 0 {
				return i
			}
		}
		return len(rs) - 1
	case NearestToGuess:
		return nearest(guess)
	}
	if x, ok := newton(guess); ok && x > -1 {
		i := nearest(x)
		if math.Abs(rs[i]-x) <= 1e-6*(1+math.Abs(rs[i])) {
			return i
		}
	}
	return nearest(guess)
}

// irrNewton iterates Newton's method on Σ v_i (1+x)^−i from guess, as
// LibreOffice's IRR does (Excel documents the same method), for at most 50
// steps. It reports the converged point, or false if the iteration breaks down.
func irrNewton(v []float64, guess float64) (float64, bool) {
	x := guess
	n := len(v)
	step := math.Inf(1)
	for range 50 {
		if x == -1 {
			return 0, false
		}
		z := 1 / (1 + x)
		f, g := v[n-1], float64(n-1)*v[n-1]
		for i := n - 2; i >= 0; i-- {
			f = f*z + v[i]
			g = g*z + float64(i)*v[i]
		}
		d := z * g // = −f'(x)
		if d == 0 || math.IsNaN(f) || math.IsInf(f, 0) || math.IsInf(d, 0) || math.IsNaN(d) {
			return 0, false
		}
		xn := x + f/d
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
