package roi

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genMoney draws an amount with two decimal places in [−1e7, 1e7].
func genMoney(t *rapid.T, label string) decimal.Decimal {
	return decimal.New(rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, label), -2)
}

// genRate draws a rate with up to 6 decimal places in (lo, hi).
func genRate(t *rapid.T, label string, lo, hi float64) decimal.Decimal {
	n := rapid.Int64Range(int64(lo*1e6)+1, int64(hi*1e6)).Draw(t, label)
	return decimal.New(n, -6)
}

// genFlows draws a series that starts with an investment and has at least
// one positive value.
func genFlows(t *rapid.T) []decimal.Decimal {
	n := rapid.IntRange(2, 40).Draw(t, "n")
	v := make([]decimal.Decimal, n)
	for i := range v {
		v[i] = genMoney(t, "v")
	}
	v[0] = v[0].Abs().Neg().Sub(decOne)
	j := rapid.IntRange(1, n-1).Draw(t, "pos")
	v[j] = v[j].Abs().Add(decOne)
	return v
}

// relResidual returns |NPV(r)| / Σ|v_i|(1+r)^−i, evaluated in decimal.
func relResidual(r decimal.Decimal, v []decimal.Decimal) float64 {
	abs := make([]decimal.Decimal, len(v))
	for i, x := range v {
		abs[i] = x.Abs()
	}
	onePlus := decOne.Add(r)
	f := npvW(onePlus, v, ConventionT0).Abs()
	a := npvW(onePlus, abs, ConventionT0)
	return toFloat(divW(f, a))
}

// propIRRIsARoot: whatever IRR returns is > −1 and a root of the present
// value relative to the sum of absolute discounted flows, and it is one of
// IRRRoots.
func propIRRIsARoot(t *rapid.T) {
	v := genFlows(t)
	policy := RootPolicy(rapid.IntRange(0, 2).Draw(t, "policy"))
	r, err := IRR(v, IRROptions{Policy: policy})
	if errors.Is(err, ErrNoRealRoot) {
		return
	}
	if err != nil {
		t.Fatalf("IRR(%v) = %v", v, err)
	}
	if r.LessThanOrEqual(decOne.Neg()) {
		t.Fatalf("IRR(%v) = %s ≤ −1", v, r)
	}
	if res := relResidual(r, v); res > 1e-9 {
		t.Fatalf("IRR(%v) = %s has relative residual %g", v, r, res)
	}
	roots, err := IRRRoots(v)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(roots, func(x decimal.Decimal) bool {
		return x.Equal(r) || x.Sub(r).Abs().LessThanOrEqual(r.Abs().Add(decOne).Mul(d("1e-12")))
	}) {
		t.Fatalf("IRR %s not among IRRRoots %v", r, roots)
	}
	for i, x := range roots {
		if res := relResidual(x, v); res > 1e-9 || x.LessThanOrEqual(decOne.Neg()) || (i > 0 && !roots[i-1].LessThan(x)) {
			t.Fatalf("IRRRoots(%v) = %v: element %d bad (residual %g)", v, roots, i, res)
		}
	}
}

func TestPropIRRIsARoot(t *testing.T) { rapid.Check(t, propIRRIsARoot) }

// propRootsFromChosen builds Σ v_i x^i = c·Π(x − x_j)·(x² + a) with x = 1/(1+r)
// from chosen, well-separated roots r_j and checks IRRRoots finds exactly
// them (x² + a adds no real root).
func propRootsFromChosen(t *rapid.T) {
	k := rapid.IntRange(1, 5).Draw(t, "k")
	var us []float64
	for len(us) < k {
		u := float64(rapid.IntRange(-200, 150).Draw(t, "u")) / 100 // u = ln(1+r) in [−2, 1.5]
		if !slices.ContainsFunc(us, func(w float64) bool { return math.Abs(w-u) < 0.05 }) {
			us = append(us, u)
		}
	}
	slices.Sort(us)
	poly := []float64{1}
	mul := func(q []float64) {
		out := make([]float64, len(poly)+len(q)-1)
		for i, a := range poly {
			for j, b := range q {
				out[i+j] += a * b
			}
		}
		poly = out
	}
	for _, u := range us {
		mul([]float64{-math.Exp(-u), 1})
	}
	if rapid.Bool().Draw(t, "quadratic") {
		mul([]float64{float64(rapid.IntRange(1, 5).Draw(t, "a")) / 4, 0, 1})
	}
	scale := float64(rapid.IntRange(1, 1000).Draw(t, "scale"))
	v := make([]decimal.Decimal, len(poly))
	for i, c := range poly {
		v[i] = decimal.NewFromFloat(c * scale)
	}
	roots, err := IRRRoots(v)
	if err != nil {
		t.Fatalf("IRRRoots(%v): %v", v, err)
	}
	if len(roots) != len(us) {
		t.Fatalf("IRRRoots(%v) = %v, want %d roots at u = %v", v, roots, len(us), us)
	}
	for i, r := range roots {
		if want := math.Expm1(us[i]); math.Abs(toFloat(r)-want) > 1e-6*(1+math.Abs(want)) {
			t.Fatalf("root %d = %s, want %g", i, r, want)
		}
	}
}

func TestPropRootsFromChosen(t *testing.T) { rapid.Check(t, propRootsFromChosen) }

// propXNPVIsNPV: flows exactly 365 days apart make XNPV equal NPV (t0).
func propXNPVIsNPV(t *rapid.T) {
	n := rapid.IntRange(1, 30).Draw(t, "n")
	rate := genRate(t, "rate", -0.5, 2)
	start := date("2001-03-01").AddDate(0, 0, rapid.IntRange(0, 5000).Draw(t, "start"))
	v := make([]decimal.Decimal, n)
	fs := make([]Flow, n)
	for i := range v {
		v[i] = genMoney(t, "v")
		fs[i] = Flow{Date: start.AddDate(0, 0, 365*i), Amount: v[i]}
	}
	a, err1 := XNPV(rate, fs)
	b, err2 := NPV(rate, v, ConventionT0)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	tol := decimal.Max(d("1e-20"), b.Abs().Mul(d("1e-28")))
	if a.Sub(b).Abs().GreaterThan(tol) {
		t.Fatalf("XNPV %s ≠ NPV %s", a, b)
	}
	c, _ := NPV(rate, v, ConventionExcel)
	if diff := c.Mul(decOne.Add(rate)).Sub(b).Abs(); diff.GreaterThan(tol) {
		t.Fatalf("NPV t0 %s ≠ (1+r)·NPV excel %s", b, c)
	}
}

func TestPropXNPVIsNPV(t *testing.T) { rapid.Check(t, propXNPVIsNPV) }

// propTVMIdentity: PMT, FV and PV satisfy fv + pv(1+r)^n + pmt(1+r·w)A = 0, so
// each inverts the others.
func propTVMIdentity(t *rapid.T) {
	rate := genRate(t, "rate", -0.5, 1)
	if rapid.Bool().Draw(t, "zero") {
		rate = decimal.Zero
	}
	n := rapid.IntRange(1, 600).Draw(t, "nper")
	pv, fv := genMoney(t, "pv"), genMoney(t, "fv")
	when := Timing(rapid.IntRange(0, 1).Draw(t, "when"))
	pmt, err := PMT(rate, n, pv, fv, when)
	if err != nil {
		t.Fatal(err)
	}
	fv2, err := FV(rate, n, pmt, pv, when)
	if err != nil {
		t.Fatal(err)
	}
	pv2, err := PV(rate, n, pmt, fv, when)
	if err != nil {
		t.Fatal(err)
	}
	q, a := powAnnuity(decOne.Add(rate), int64(n))
	pmtA := mulW(mulW(pmt, dueFactor(rate, when)), a).Abs()
	// Each inversion is exact to ~1e−30 of the terms it adds; PV divides by
	// (1+r)^n, which magnifies that for negative rates.
	tol := fv.Abs().Add(mulW(pv, q).Abs()).Add(pmtA).Add(d("1e-6")).Mul(d("1e-28"))
	if fv2.Sub(fv).Abs().GreaterThan(tol) {
		t.Fatalf("FV(PMT) = %s, want %s", fv2, fv)
	}
	if pv2.Sub(pv).Abs().GreaterThan(divW(tol, q)) {
		t.Fatalf("PV(PMT) = %s, want %s", pv2, pv)
	}
	id := fv.Add(mulW(pv, q)).Add(mulW(mulW(pmt, dueFactor(rate, when)), a))
	if id.Abs().GreaterThan(tol) {
		t.Fatalf("identity residual %s", id)
	}
}

func TestPropTVMIdentity(t *testing.T) { rapid.Check(t, propTVMIdentity) }

// genCase draws a small valid business case.
func genCase(t *rapid.T) BusinessCase {
	years := rapid.IntRange(1, 10).Draw(t, "years")
	bc := BusinessCase{ID: "P", Years: years, DiscountRate: genRate(t, "rate", -0.2, 0.3)}
	nd := rapid.IntRange(0, 4).Draw(t, "drivers")
	for i := range nd {
		a := rapid.Int64Range(0, 1000).Draw(t, "a")
		b := a + rapid.Int64Range(0, 1000).Draw(t, "b")
		c := b + rapid.Int64Range(0, 1000).Draw(t, "c")
		bc.Drivers = append(bc.Drivers, Driver{ID: string(rune('a' + i)), Value: Estimate{Low: decimal.New(a, -2), Mode: decimal.New(b, -2), High: decimal.New(c, -2)}})
	}
	nl := rapid.IntRange(1, 4).Draw(t, "lines")
	for i := range nl {
		s := rapid.IntRange(0, years).Draw(t, "start")
		l := Line{ID: string(rune('A' + i)), Kind: LineKind(rapid.IntRange(1, 2).Draw(t, "kind")), Amount: genMoney(t, "amount").Abs(), Start: s, End: rapid.IntRange(s, years).Draw(t, "end")}
		for _, dr := range bc.Drivers {
			if rapid.Bool().Draw(t, "uses") {
				l.Drivers = append(l.Drivers, dr.ID)
			}
		}
		bc.Lines = append(bc.Lines, l)
	}
	return bc
}

// propMonteCarlo: percentiles are ordered, results reproduce from the seed
// and do not depend on the number of workers.
func propMonteCarlo(t *rapid.T) {
	bc := genCase(t)
	opts := MonteCarloOptions{Draws: rapid.IntRange(1, 9000).Draw(t, "draws"), Seed: rapid.Uint64().Draw(t, "seed"), Distribution: Distribution(rapid.IntRange(0, 1).Draw(t, "dist")), Workers: 1}
	a, err := MonteCarloNPV(bc, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Workers = rapid.IntRange(2, 8).Draw(t, "workers")
	b, err := MonteCarloNPV(bc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !a.P10.Equal(b.P10) || !a.P50.Equal(b.P50) || !a.P90.Equal(b.P90) || !a.Mean.Equal(b.Mean) || a.ProbPositive != b.ProbPositive {
		t.Fatalf("not reproducible: %+v vs %+v", a, b)
	}
	if a.P10.GreaterThan(a.P50) || a.P50.GreaterThan(a.P90) || a.ProbPositive < 0 || a.ProbPositive > 1 {
		t.Fatalf("unordered: %+v", a)
	}
}

func TestPropMonteCarlo(t *testing.T) { rapid.Check(t, propMonteCarlo) }
