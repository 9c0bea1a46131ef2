package stats

import (
	"math"
	"math/bits"
	"testing"
)

// bruteSmirnov enumerates every arrangement of m first-sample and n
// second-sample labels over the pooled positions and counts those whose
// statistic (evaluated at the block ends) is at least k.
func bruteSmirnov(m, n int, k int64, blockEnd []bool) float64 {
	total, hit := 0, 0
	for mask := uint32(0); mask < 1<<(m+n); mask++ {
		if bits.OnesCount32(mask) != m {
			continue
		}
		total++
		i, j := 0, 0
		var best int64
		for t := 1; t <= m+n; t++ {
			if mask&(1<<(t-1)) != 0 {
				i++
			} else {
				j++
			}
			if blockEnd != nil && !blockEnd[t] {
				continue
			}
			d := int64(i*n - j*m)
			if d < 0 {
				d = -d
			}
			best = max(best, d)
		}
		if best >= k {
			hit++
		}
	}
	return float64(hit) / float64(total)
}

func TestSmirnovExactSFMatchesEnumeration(t *testing.T) {
	ties := func(m, n int, ends ...int) []bool {
		b := make([]bool, m+n+1)
		for _, e := range ends {
			b[e] = true
		}
		b[m+n] = true
		return b
	}
	tests := []struct {
		name, reason string
		m, n         int
		blockEnd     []bool
	}{
		{"3x4 no ties", "classical distribution, unequal sizes", 3, 4, nil},
		{"5x5 no ties", "equal sizes", 5, 5, nil},
		{"2x7 no ties", "very unequal sizes", 2, 7, nil},
		{"4x5 ties", "ties pool positions 1-2 and 5-7", 4, 5, ties(4, 5, 2, 3, 4, 7, 8)},
		{"6x6 ties", "one big tied block in the middle", 6, 6, ties(6, 6, 1, 2, 3, 9, 10, 11)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k := int64(0); k <= int64(tt.m*tt.n)+1; k++ {
				want := bruteSmirnov(tt.m, tt.n, k, tt.blockEnd)
				got := SmirnovExactSF(tt.m, tt.n, k, tt.blockEnd)
				if math.Abs(got-want) > 1e-12 {
					t.Fatalf("SmirnovExactSF(%d,%d,%d) = %.15g, want %.15g (%s)", tt.m, tt.n, k, got, want, tt.reason)
				}
			}
		})
	}
}

func TestSmirnovExactSFInvalid(t *testing.T) {
	for _, c := range []struct {
		name string
		m, n int
		be   []bool
	}{{"m zero", 0, 3, nil}, {"n negative", 2, -1, nil}, {"bad tie length", 2, 2, make([]bool, 3)}} {
		if got := SmirnovExactSF(c.m, c.n, 1, c.be); !math.IsNaN(got) {
			t.Errorf("%s: got %v, want NaN", c.name, got)
		}
	}
}

func TestKolmogorov(t *testing.T) {
	// Critical values of the limiting Kolmogorov distribution (Smirnov 1948;
	// the familiar c(α) = sqrt(-ln(α/2)/2) approximation agrees to ~1e-3).
	tests := []struct {
		name   string
		alpha  float64
		lambda float64
	}{
		{"alpha 0.10", 0.10, 1.22387},
		{"alpha 0.05", 0.05, 1.35810},
		{"alpha 0.01", 0.01, 1.62762},
	}
	for _, tt := range tests {
		if got := KolmogorovQuantile(tt.alpha); math.Abs(got-tt.lambda) > 5e-5 {
			t.Errorf("%s: KolmogorovQuantile = %.6f, want %.5f", tt.name, got, tt.lambda)
		}
		if got := KolmogorovSF(KolmogorovQuantile(tt.alpha)); math.Abs(got-tt.alpha) > 1e-10 {
			t.Errorf("%s: round trip = %.12f", tt.name, got)
		}
	}
	// The two series agree where they meet.
	lo, hi := KolmogorovSF(math.Nextafter(1, 0)), KolmogorovSF(1)
	if math.Abs(lo-hi) > 1e-14 {
		t.Errorf("series disagree at 1: %.17g vs %.17g", lo, hi)
	}
	if KolmogorovSF(0) != 1 || !math.IsNaN(KolmogorovSF(math.NaN())) || !math.IsNaN(KolmogorovQuantile(0)) {
		t.Error("edge cases")
	}
}
