package postmarket

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteKS computes D directly from the empirical CDFs, and the exact
// p-value by enumerating every relabelling of the pooled sample.
func bruteKS(x, y []float64) (d, p float64) {
	stat := func(a, b []float64) float64 {
		best := 0.0
		for _, t := range append(slices.Clone(a), b...) {
			fa, fb := 0, 0
			for _, v := range a {
				if v <= t {
					fa++
				}
			}
			for _, v := range b {
				if v <= t {
					fb++
				}
			}
			best = math.Max(best, math.Abs(float64(fa)/float64(len(a))-float64(fb)/float64(len(b))))
		}
		return best
	}
	d = stat(x, y)
	pool := append(slices.Clone(x), y...)
	m := len(x)
	total, hit := 0, 0
	for mask := uint32(0); mask < 1<<len(pool); mask++ {
		if bits.OnesCount32(mask) != m {
			continue
		}
		var a, b []float64
		for i, v := range pool {
			if mask&(1<<i) != 0 {
				a = append(a, v)
			} else {
				b = append(b, v)
			}
		}
		total++
		if stat(a, b) >= d-1e-12 {
			hit++
		}
	}
	return d, float64(hit) / float64(total)
}

func TestKS2ExactMatchesEnumeration(t *testing.T) {
	tests := []struct {
		name, reason string
		x, y         []float64
	}{
		{"separated", "every reference value below every current value", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8, 9}},
		{"interleaved", "no ties, mixed order", []float64{0.1, 0.5, 0.9, 1.3, 2.0}, []float64{0.3, 0.4, 1.1, 1.7}},
		{"ties across samples", "a value present in both samples", []float64{1, 2, 2, 3, 5}, []float64{2, 2, 4, 6}},
		{"ties within", "repeated values in one sample", []float64{1, 1, 1, 2}, []float64{1, 3, 3, 3, 3}},
		{"negative zero", "-0 and +0 are one value", []float64{math.Copysign(0, -1), 1, 2}, []float64{0, 0.5, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KS2(tt.x, tt.y, 0.05, KSExact)
			if err != nil {
				t.Fatal(err)
			}
			d, p := bruteKS(tt.x, tt.y)
			if math.Abs(got.Statistic-d) > 1e-12 || math.Abs(got.PValue-p) > 1e-12 {
				t.Errorf("KS2 = D %.6g p %.6g, want D %.6g p %.6g (%s)", got.Statistic, got.PValue, d, p, tt.reason)
			}
			if (got.Statistic >= got.CriticalValue) != (got.PValue <= 0.05) {
				t.Errorf("critical value %.6g disagrees with p %.6g at D %.6g", got.CriticalValue, got.PValue, got.Statistic)
			}
		})
	}
}

func TestKS2Asymptotic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, y := make([]float64, 3000), make([]float64, 2000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := range y {
		y[i] = rng.NormFloat64() + 0.2
	}
	got, err := KS2(x, y, 0.05, KSAuto)
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != KSAsymptotic {
		t.Fatalf("method %s, want asymptotic above the exact cap", got.Method)
	}
	// c(0.05) = 1.3581 for the Kolmogorov limit.
	want := 1.35810 * math.Sqrt(5000.0/(3000*2000))
	if math.Abs(got.CriticalValue-want) > 1e-4 {
		t.Errorf("critical value %.6g, want %.6g", got.CriticalValue, want)
	}
	if got.PValue > 1e-6 {
		t.Errorf("a 0.2 sd shift at n = 3000/2000 should be clear, p = %g", got.PValue)
	}
	// Exact and asymptotic agree roughly at moderate sizes.
	xs, ys := x[:300], y[:300]
	e, _ := KS2(xs, ys, 0.05, KSExact)
	a, _ := KS2(xs, ys, 0.05, KSAsymptotic)
	if math.Abs(e.PValue-a.PValue) > 0.02 {
		t.Errorf("exact p %.4g vs asymptotic %.4g", e.PValue, a.PValue)
	}
}

func TestKS2Errors(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		alpha  float64
		method KSMethod
		want   error
	}{
		{"empty", nil, []float64{1}, 0.05, KSAuto, ErrInsufficientData},
		{"nan", []float64{math.NaN()}, []float64{1}, 0.05, KSAuto, ErrInvalidInput},
		{"inf", []float64{1}, []float64{math.Inf(1)}, 0.05, KSAuto, ErrInvalidInput},
		{"alpha", []float64{1}, []float64{2}, 1, KSAuto, ErrOutOfRange},
		{"method", []float64{1}, []float64{2}, 0.05, KSMethod(9), ErrInvalidInput},
		{"exact too big", make([]float64, 2000), make([]float64, 1000), 0.05, KSExact, ErrTooLarge},
	}
	for _, tt := range tests {
		if _, err := KS2(tt.x, tt.y, tt.alpha, tt.method); !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestSortedKeysRadix(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 10, 300, 5000} {
		x := make([]float64, n)
		for i := range x {
			switch i % 4 {
			case 0:
				x[i] = rng.NormFloat64() * 1e6
			case 1:
				x[i] = -rng.Float64()
			case 2:
				x[i] = float64(rng.IntN(5))
			default:
				x[i] = math.Copysign(0, -1)
			}
		}
		orig := slices.Clone(x)
		got := sortedValues(x)
		want := slices.Clone(x)
		slices.Sort(want)
		for i := range want {
			if want[i] == 0 {
				want[i] = 0
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: radix sort disagrees with slices.Sort", n)
		}
		if !slices.EqualFunc(x, orig, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }) {
			t.Fatalf("n=%d: input modified", n)
		}
	}
}
