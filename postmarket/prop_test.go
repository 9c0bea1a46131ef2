package postmarket

import (
	"testing"

	"pgregory.net/rapid"
)

// p-values lie in [0, 1] and the one-sided upper Poisson p-value never rises
// with the count.
func TestPropPoissonPValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.IntRange(0, 10000).Draw(t, "x")
		mu := rapid.Float64Range(0.01, 10000).Draw(t, "mu")
		a, err := PoissonTest(x, 1, mu, Greater, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		b, err := PoissonTest(x+1, 1, mu, Greater, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		two, err := PoissonTest(x, 1, mu, TwoSided, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []float64{a.PValue, b.PValue, two.PValue} {
			if !(p >= 0 && p <= 1) {
				t.Fatalf("p-value %g outside [0, 1]", p)
			}
		}
		if b.PValue > a.PValue {
			t.Fatalf("p(x+1) = %g > p(x) = %g", b.PValue, a.PValue)
		}
	})
}

// Control limits contain the centre line.
func TestPropLimitsContainCentre(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.IntRange(2, 30).Draw(t, "m")
		counts := rapid.SliceOfN(rapid.IntRange(0, 50), m, m).Draw(t, "counts")
		sizes := make([]float64, m)
		for i := range sizes {
			sizes[i] = float64(rapid.IntRange(50, 200).Draw(t, "n"))
		}
		kind := rapid.SampledFrom([]ChartKind{ChartC, ChartU, ChartP, ChartNP}).Draw(t, "kind")
		lim := rapid.SampledFrom([]LimitMethod{LimitSigma, LimitProbability}).Draw(t, "limits")
		r, err := ControlChart(ChartSpec{Kind: kind, Limits: lim, Sigmas: 3, Conf: 0.9973}, counts, sizes)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range r.Points {
			if !(p.LCL <= p.Center && p.Center <= p.UCL) {
				t.Fatalf("point %d: centre %g outside [%g, %g]", i, p.Center, p.LCL, p.UCL)
			}
		}
	})
}

// After an alarm, ResetZero restarts the CUSUM at 0.
func TestPropResetResets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		z := rapid.SliceOfN(rapid.Float64Range(-4, 4), 1, 60).Draw(t, "z")
		r, err := TabularCUSUM(z, CUSUMSpec{K: 0.5, H: 4, Reset: ResetZero})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range r.Alarms {
			if a.Point+1 < len(z) && a.Side == "upper" {
				want := max(0, z[a.Point+1]-0.5)
				if r.Upper[a.Point+1] != want {
					t.Fatalf("after alarm at %d upper sum %g, want %g (restart at 0)", a.Point, r.Upper[a.Point+1], want)
				}
			}
		}
	})
}
