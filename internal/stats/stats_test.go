package stats

import (
	"math"
	"math/big"
	"testing"
)

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), math.SmallestNonzeroFloat64)
}

// Published values: R 4.2.2 / scipy outputs recorded in
// testdata/postmarket_vectors.dev.json of package postmarket (copied from
// ../shared/reference) and textbook quantiles.
func TestPublished(t *testing.T) {
	tests := []struct {
		name, reason string
		got, want    float64
		tol          float64 // absolute when abs, else relative
		abs          bool
	}{
		{"qnorm 0.975", "textbook z for 95%", NormalQuantile(0.975), 1.959963984540054, 1e-15, false},
		{"qnorm 0.995", "textbook z for 99%", NormalQuantile(0.995), 2.5758293035489004, 1e-15, false},
		{"qnorm 1e-10", "AS 241 tail branch r > 5", NormalQuantile(1e-10), -6.361340902404056, 1e-14, false},
		{"pnorm -10", "lower tail kept relative", NormalCDF(-10), 7.619853024160527e-24, 1e-14, false},
		{"pnorm -3", "Shewhart ARL0 ingredient", 1 / (2 * NormalCDF(-3)), 370.3983473, 1e-9, false},
		{"ppois upper 9,4", "vector poisson-trend-one-sided", PoissonSF(9, 4), 0.02136343449, 1e-10, true},
		{"poisson smr p", "vector poisson-exact-smr: 2.845227264e-56, an upper tail far below 1-P", PoissonSF(137, 24.19893), 2.845227264e-56, 1e-9, false},
		{"qchisq .95 9", "vector psi-critical-chi2", ChiSquareQuantile(0.95, 9), 16.9189776, 1e-8, true},
		{"qchisq .95 1", "textbook 3.841458820694124", ChiSquareQuantile(0.95, 1), 3.841458820694124, 1e-14, false},
		{"pchisq 3.841458820694124 1", "inverse of the row above", ChiSquareCDF(3.841458820694124, 1), 0.95, 1e-14, false},
		{"chisq sf 2 df", "Q(1, x/2) = exp(-x/2)", ChiSquareSF(30, 2), math.Exp(-15), 1e-14, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e float64
			if tt.abs {
				e = math.Abs(tt.got - tt.want)
			} else {
				e = relErr(tt.got, tt.want)
			}
			if !(e <= tt.tol) {
				t.Errorf("got %.17g, want %.17g (err %.3g > %.3g): %s", tt.got, tt.want, e, tt.tol, tt.reason)
			}
		})
	}
}

func TestIntervalsPublished(t *testing.T) {
	tests := []struct {
		name, reason string
		lo, hi       float64
		want         [2]float64
		tol          float64
	}{
		{"cp 682/925", "vector binom-exact-mendel", 0, 0, [2]float64{0.7076682641, 0.7654065582}, 1e-9},
		{"cp 81/263", "vector prop-ci-newcombe-81-263", 0, 0, [2]float64{0.2527367456, 0.3676219226}, 1e-9},
		{"cp 1/29", "vector prop-ci-newcombe-1-29", 0, 0, [2]float64{0.0008726468836, 0.1776442955}, 1e-9},
		{"cp 90/100", "vector sens-ci-90-100", 0, 0, [2]float64{0.8237774023, 0.9509953108}, 1e-9},
		{"wilson 81/263", "vector prop-ci-newcombe-81-263", 0, 0, [2]float64{0.2552885199, 0.366209577}, 1e-9},
		{"wilson 1/29", "vector prop-ci-newcombe-1-29", 0, 0, [2]float64{0.006113214293, 0.1717552188}, 1e-9},
		{"wilson 90/100", "vector sens-ci-90-100", 0, 0, [2]float64{0.8256343385, 0.9447708629}, 1e-9},
		{"garwood 137", "vector poisson-exact-smr, times its exposure 24.19893", 0, 0, [2]float64{4.753124805 * 24.19893, 6.692709334 * 24.19893}, 1e-8},
		{"garwood 18", "vector reporting-rate-neutropenia, times 8.7719 (10^4 person-months)", 0, 0, [2]float64{1.216149384 * 8.7719, 3.243055697 * 8.7719}, 1e-8},
	}
	calls := []func() (float64, float64){
		func() (float64, float64) { return ClopperPearson(682, 925, 0.95) },
		func() (float64, float64) { return ClopperPearson(81, 263, 0.95) },
		func() (float64, float64) { return ClopperPearson(1, 29, 0.95) },
		func() (float64, float64) { return ClopperPearson(90, 100, 0.95) },
		func() (float64, float64) { return Wilson(81, 263, 0.95) },
		func() (float64, float64) { return Wilson(1, 29, 0.95) },
		func() (float64, float64) { return Wilson(90, 100, 0.95) },
		func() (float64, float64) { return Garwood(137, 0.95) },
		func() (float64, float64) { return Garwood(18, 0.95) },
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := calls[i]()
			if relErr(lo, tt.want[0]) > tt.tol || relErr(hi, tt.want[1]) > tt.tol {
				t.Errorf("got [%.12g, %.12g], want %v: %s", lo, hi, tt.want, tt.reason)
			}
		})
	}
}

// bigPoissonCDF returns P[X ≤ k] for X ~ Poisson(mu) by exact summation in
// 256-bit arithmetic of Σ mu^j/j!, scaled by e^−mu in float64.
func bigPoissonCDF(k int, mu float64) float64 {
	prec := uint(256)
	sum := new(big.Float).SetPrec(prec).SetFloat64(1)
	term := new(big.Float).SetPrec(prec).SetFloat64(1)
	m := new(big.Float).SetPrec(prec).SetFloat64(mu)
	for j := 1; j <= k; j++ {
		term.Mul(term, m)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(j)))
		sum.Add(sum, term)
	}
	sum.Mul(sum, bigExpNeg(mu, prec))
	v, _ := sum.Float64()
	return v
}

// bigExpNeg returns e^−mu: the Taylor series at mu/2^32, squared 32 times.
func bigExpNeg(mu float64, prec uint) *big.Float {
	y := new(big.Float).SetPrec(prec).SetFloat64(-mu)
	y.SetMantExp(y, -32)
	sum := new(big.Float).SetPrec(prec).SetFloat64(1)
	term := new(big.Float).SetPrec(prec).SetFloat64(1)
	for j := 1; j < 40; j++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(j)))
		sum.Add(sum, term)
	}
	for range 32 {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigBinomialCDF returns P[X ≤ k] for X ~ Bin(n, p) exactly in 256-bit
// arithmetic (p is taken as its float64 value), summing terms built by the
// ratio C(n, j+1)/C(n, j) = (n−j)/(j+1).
func bigBinomialCDF(k, n int, p float64) float64 {
	prec := uint(256)
	bp := new(big.Float).SetPrec(prec).SetFloat64(p)
	bq := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetPrec(prec).SetFloat64(1), bp)
	ratio := new(big.Float).SetPrec(prec).Quo(bp, bq)
	term := bigPow(bq, n)
	sum := new(big.Float).SetPrec(prec).Set(term)
	for j := 0; j < k; j++ {
		term.Mul(term, ratio)
		term.Mul(term, new(big.Float).SetPrec(prec).SetInt64(int64(n-j)))
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(j+1)))
		sum.Add(sum, term)
	}
	v, _ := sum.Float64()
	return v
}

func bigPow(x *big.Float, n int) *big.Float {
	r := new(big.Float).SetPrec(x.Prec()).SetFloat64(1)
	b := new(big.Float).SetPrec(x.Prec()).Set(x)
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r.Mul(r, b)
		}
		b.Mul(b, b)
	}
	return r
}

func TestPoissonAgainstExactSums(t *testing.T) {
	cases := []struct {
		k  int
		mu float64
	}{
		{0, 0.5}, {3, 0.5}, {9, 4}, {50, 49.5}, {100, 140}, {140, 100}, {1000, 1000}, {999, 1100}, {1200, 1000}, {10000, 10000}, {9700, 10000}, {10300, 10000},
	}
	for _, c := range cases {
		want := bigPoissonCDF(c.k, c.mu)
		got := PoissonCDF(c.k, c.mu)
		if relErr(got, want) > 1e-12 {
			t.Errorf("PoissonCDF(%d, %g) = %.17g, want %.17g (rel %.2g)", c.k, c.mu, got, want, relErr(got, want))
		}
		// upper tail P[X ≥ k+1] = 1 − CDF, compared where it is not tiny
		wantSF := 1 - want
		if wantSF > 1e-3 {
			if gotSF := PoissonSF(c.k+1, c.mu); math.Abs(gotSF-wantSF) > 1e-13 {
				t.Errorf("PoissonSF(%d, %g) = %.17g, want %.17g", c.k+1, c.mu, gotSF, wantSF)
			}
		}
	}
}

func TestBinomialAgainstExactSums(t *testing.T) {
	cases := []struct {
		k, n int
		p    float64
	}{
		{0, 10, 0.1}, {3, 10, 0.5}, {682, 925, 0.75}, {700, 925, 0.75}, {50, 1000, 0.03}, {20, 1000, 0.03}, {5000, 10000, 0.5}, {4800, 10000, 0.5}, {9990, 10000, 0.999},
	}
	for _, c := range cases {
		want := bigBinomialCDF(c.k, c.n, c.p)
		if got := BinomialCDF(c.k, c.n, c.p); relErr(got, want) > 1e-12 {
			t.Errorf("BinomialCDF(%d, %d, %g) = %.17g, want %.17g (rel %.2g)", c.k, c.n, c.p, got, want, relErr(got, want))
		}
		// P[X ≥ k+1] = 1 − P[X ≤ k]
		if wantSF := 1 - want; wantSF > 1e-3 {
			if got := BinomialSF(c.k+1, c.n, c.p); math.Abs(got-wantSF) > 1e-13 {
				t.Errorf("BinomialSF(%d, %d, %g) = %.17g, want %.17g", c.k+1, c.n, c.p, got, wantSF)
			}
		}
		// pmf sums
		s := 0.0
		for j := 0; j <= c.k; j++ {
			s += BinomialPMF(j, c.n, c.p)
		}
		if relErr(s, want) > 1e-11 {
			t.Errorf("Σ BinomialPMF(≤%d, %d, %g) = %.17g, want %.17g", c.k, c.n, c.p, s, want)
		}
	}
}

func TestIdentities(t *testing.T) {
	for _, x := range []float64{1e-8, 0.01, 0.3, 1, 2.5, 10, 50, 300} {
		if e := relErr(GammaQ(1, x), math.Exp(-x)); e > 1e-13 {
			t.Errorf("Q(1, %g) rel err %.2g vs e^-x", x, e)
		}
		if e := relErr(GammaQ(0.5, x), math.Erfc(math.Sqrt(x))); e > 1e-13 {
			t.Errorf("Q(0.5, %g) rel err %.2g vs erfc(√x)", x, e)
		}
		for _, a := range []float64{0.1, 0.5, 1, 3, 20, 150} {
			p, q := GammaP(a, x), GammaQ(a, x)
			if math.Abs(p+q-1) > 1e-15 || p < 0 || q < 0 {
				t.Errorf("P+Q(%g, %g) = %.17g", a, x, p+q)
			}
		}
	}
	// x values whose 1 − x is exact, so the reflection identity is exact.
	for _, x := range []float64{0x1p-20, 0.125, 0.375, 0.5, 0.75, 1 - 0x1p-10} {
		for _, a := range []float64{0.3, 1, 2.5, 40} {
			if e := relErr(BetaInc(a, 1, x), math.Pow(x, a)); e > 1e-12 {
				t.Errorf("I_%g(%g, 1) rel err %.2g", x, a, e)
			}
			if e := relErr(BetaInc(1, a, x), -math.Expm1(a*math.Log1p(-x))); e > 1e-13 {
				t.Errorf("I_%g(1, %g) rel err %.2g", x, a, e)
			}
			for _, b := range []float64{0.5, 3, 77} {
				if d := math.Abs(BetaInc(a, b, x) + BetaInc(b, a, 1-x) - 1); d > 1e-14 {
					t.Errorf("I_x(a,b) + I_{1-x}(b,a) - 1 = %.3g at a=%g b=%g x=%g", d, a, b, x)
				}
			}
		}
	}
	if d := math.Abs(LogGamma(0.5) - 0.5*math.Log(math.Pi)); d > 1e-15 {
		t.Errorf("LogGamma(0.5) off by %g", d)
	}
	if d := relErr(LogGamma(101), 363.73937555556349014); d > 1e-15 {
		t.Errorf("LogGamma(101) rel %g", d)
	}
}

// bracketsRoot reports whether the true root of tail(x) = p lies within k
// ulps of x: tail evaluated k ulps either side of x straddles p.
func bracketsRoot(tail func(float64) float64, x, p float64, k int) bool {
	lo, hi := x, x
	for range k {
		lo = math.Nextafter(lo, math.Inf(-1))
		hi = math.Nextafter(hi, math.Inf(1))
	}
	a, b := tail(lo), tail(hi)
	return (a <= p && p <= b) || (b <= p && p <= a)
}

func TestQuantileRoundTrip(t *testing.T) {
	for _, p := range []float64{1e-100, 1e-20, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 1 - 1e-10} {
		if z := NormalQuantile(p); !bracketsRoot(NormalCDF, z, p, 4) {
			t.Errorf("Φ⁻¹(%g) = %.17g is not within 4 ulp of the root", p, z)
		}
		for _, a := range []float64{0.5, 2, 30, 700} {
			for _, b := range []float64{0.7, 5, 400} {
				x := BetaQuantile(a, b, p)
				if x < 1e-300 || x > 1-1e-13 {
					continue // the root is not resolvable in float64 near 0 or 1
				}
				// compare on the smaller tail
				tail := func(x float64) float64 { return BetaInc(a, b, x) }
				q := p
				if p > 0.5 {
					q = 1 - p
					tail = func(x float64) float64 { _, up := betaIncPQ(a, b, x, 1-x); return up }
				}
				if !bracketsRoot(tail, x, q, 64) {
					t.Errorf("B⁻¹(%g; %g, %g) = %.17g is not within 64 ulp of the root (I = %.17g)", p, a, b, x, tail(x))
				}
			}
			k := 2 * a
			x := ChiSquareQuantile(p, k)
			tail := func(x float64) float64 { return ChiSquareCDF(x, k) }
			q := p
			if p > 0.5 {
				q = 1 - p
				tail = func(x float64) float64 { return ChiSquareSF(x, k) }
			}
			if !bracketsRoot(tail, x, q, 64) {
				t.Errorf("χ²⁻¹(%g; %g) = %.17g is not within 64 ulp of the root", p, k, x)
			}
		}
	}
}

func TestNewcombeDiff(t *testing.T) {
	tests := []struct {
		name, reason   string
		x1, n1, x2, n2 int
		want           [2]float64
	}{
		{"56/70 vs 48/80", "vector diff-ci-newcombe-56-70-48-80 (Newcombe 1998b, 4 d.p.)", 56, 70, 48, 80, [2]float64{0.0524, 0.3339}},
		{"6/7 vs 2/7", "vector diff-ci-newcombe-6-7-2-7 (Newcombe 1998b, 4 d.p.)", 6, 7, 2, 7, [2]float64{0.0582, 0.8062}},
	}
	for _, tt := range tests {
		lo, hi := NewcombeDiff(tt.x1, tt.n1, tt.x2, tt.n2, 0.95)
		if math.Abs(lo-tt.want[0]) > 5e-5 || math.Abs(hi-tt.want[1]) > 5e-5 {
			t.Errorf("%s: got [%.5f, %.5f], want %v: %s", tt.name, lo, hi, tt.want, tt.reason)
		}
	}
	if lo, hi := NewcombeDiff(1, 0, 1, 2, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Error("n1 = 0 must give NaN bounds")
	}
}

func TestGammaQuantileIC(t *testing.T) {
	// vector ic-shrinkage-pvda: O = E = 1 gives IC limits −3.797 and 1.640
	lo := math.Log2(GammaQuantile(1.5, 0.025) / 1.5)
	hi := math.Log2(GammaQuantile(1.5, 0.975) / 1.5)
	if math.Abs(lo+3.797) > 5e-4 || math.Abs(hi-1.640) > 5e-4 {
		t.Errorf("IC limits = %.4f, %.4f", lo, hi)
	}
}

func TestHypergeometric(t *testing.T) {
	// Tea tasting: 8 cups, 4 with milk first, 4 chosen; P[X ≥ 3] = 17/70.
	p := HypergeometricPMF(3, 4, 4, 4) + HypergeometricPMF(4, 4, 4, 4)
	if relErr(p, 17.0/70) > 1e-14 {
		t.Errorf("tea tasting tail = %.17g, want 17/70", p)
	}
	s := 0.0
	for k := 0; k <= 30; k++ {
		s += HypergeometricPMF(k, 30, 70, 40)
	}
	if math.Abs(s-1) > 1e-13 {
		t.Errorf("hypergeometric pmf sums to %.17g", s)
	}
}

func TestInvalidReturnsNaN(t *testing.T) {
	nan := math.NaN()
	vals := map[string]float64{
		"LogGamma(0)":                LogGamma(0),
		"GammaP(-1,1)":               GammaP(-1, 1),
		"GammaQ(1,-1)":               GammaQ(1, -1),
		"GammaP(nan,1)":              GammaP(nan, 1),
		"BetaInc(0,1,.5)":            BetaInc(0, 1, 0.5),
		"BetaInc(1,1,1.5)":           BetaInc(1, 1, 1.5),
		"BetaQuantile(1,1,2)":        BetaQuantile(1, 1, 2),
		"NormalQuantile(-0.1)":       NormalQuantile(-0.1),
		"NormalQuantile(nan)":        NormalQuantile(nan),
		"NormalCDF(nan)":             NormalCDF(nan),
		"ChiSquareCDF(1,0)":          ChiSquareCDF(1, 0),
		"ChiSquareSF(-1,2)":          ChiSquareSF(-1, 2),
		"ChiSquareQuantile(1.1,2)":   ChiSquareQuantile(1.1, 2),
		"BinomialCDF(1,-1,.5)":       BinomialCDF(1, -1, 0.5),
		"BinomialSF(1,3,1.5)":        BinomialSF(1, 3, 1.5),
		"BinomialPMF(1,3,nan)":       BinomialPMF(1, 3, nan),
		"PoissonCDF(1,-1)":           PoissonCDF(1, -1),
		"PoissonSF(1,inf)":           PoissonSF(1, math.Inf(1)),
		"PoissonPMF(1,nan)":          PoissonPMF(1, nan),
		"HypergeometricPMF(1,1,1,3)": HypergeometricPMF(1, 1, 1, 3),
	}
	for name, v := range vals {
		if !math.IsNaN(v) {
			t.Errorf("%s = %g, want NaN", name, v)
		}
	}
	pairs := map[string][2]float64{}
	lo, hi := ClopperPearson(3, 2, 0.95)
	pairs["ClopperPearson(3,2)"] = [2]float64{lo, hi}
	lo, hi = ClopperPearson(1, 2, 1)
	pairs["ClopperPearson conf 1"] = [2]float64{lo, hi}
	lo, hi = Wilson(0, 0, 0.95)
	pairs["Wilson n 0"] = [2]float64{lo, hi}
	lo, hi = Garwood(-1, 0.95)
	pairs["Garwood -1"] = [2]float64{lo, hi}
	lo, hi = Garwood(1, nan)
	pairs["Garwood nan"] = [2]float64{lo, hi}
	for name, v := range pairs {
		if !math.IsNaN(v[0]) || !math.IsNaN(v[1]) {
			t.Errorf("%s = %v, want NaN bounds", name, v)
		}
	}
}

func TestEdges(t *testing.T) {
	if lo, hi := ClopperPearson(0, 10, 0.95); lo != 0 || relErr(hi, 1-math.Pow(0.025, 0.1)) > 1e-13 {
		t.Errorf("CP(0,10) = [%g, %g]", lo, hi)
	}
	if lo, hi := Garwood(0, 0.95); lo != 0 || relErr(hi, -math.Log(0.025)) > 1e-13 {
		t.Errorf("Garwood(0) = [%g, %g], want [0, %g]", lo, hi, -math.Log(0.025))
	}
	if lo, hi := Wilson(10, 10, 0.95); hi != 1 || !(lo > 0.6 && lo < 0.8) {
		t.Errorf("Wilson(10,10) = [%g, %g]", lo, hi)
	}
	if PoissonCDF(3, 0) != 1 || PoissonSF(1, 0) != 0 || BinomialSF(0, 5, 0.3) != 1 || BinomialCDF(5, 5, 0.3) != 1 {
		t.Error("degenerate tails wrong")
	}
}

func BenchmarkPoissonSF(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		PoissonSF(10000, 9800)
	}
}

func BenchmarkBinomialSF(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		BinomialSF(5000, 10000, 0.49)
	}
}

func BenchmarkGarwood(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Garwood(10000, 0.95)
	}
}
