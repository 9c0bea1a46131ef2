package risk

import (
	"fmt"
	"math/big"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// decOf is the shortest round-trip decimal of x: the value a person typed.
func decOf(x float64) decimal.Decimal {
	return decimal.RequireFromString(strconv.FormatFloat(x, 'g', -1, 64))
}

// nearestFloat rounds an exact decimal to the nearest float64 (an oracle
// independent of mulProb: big.Rat rounds to nearest, ties to even).
func nearestFloat(d decimal.Decimal) float64 {
	f, _ := new(big.Rat).SetString(d.String())
	v, _ := f.Float64()
	return v
}

// decimalLevel is the oracle level of an exact decimal product: the number
// of the plan's levels whose decimal Min is at most x.
func decimalLevel(p Plan, x decimal.Decimal) int {
	lvl := 0
	for _, l := range p.Probability {
		if decOf(l.Min).LessThanOrEqual(x) {
			lvl = l.Level
		}
	}
	return lvl
}

// edgePairs returns factor pairs (a, b), both in (0, 1], whose exact decimal
// product is edge: a runs over c × 10^s for c = 2^i × 5^j (the divisors of a
// power of ten) and every scale s that keeps both factors in (0, 1], and b =
// edge / a, which then terminates. Each pair is checked exactly.
func edgePairs(t *testing.T, edge decimal.Decimal) [][2]float64 {
	t.Helper()
	one := decimal.NewFromInt(1)
	seen := map[[2]float64]bool{}
	var out [][2]float64
	for i := range 13 {
		for j := range 13 {
			c := decimal.NewFromInt(2).Pow(decimal.NewFromInt(int64(i))).Mul(decimal.NewFromInt(5).Pow(decimal.NewFromInt(int64(j))))
			for s := -20; s <= 0; s++ {
				a := c.Shift(int32(s))
				if a.GreaterThan(one) || a.LessThanOrEqual(edge) {
					continue
				}
				b := edge.DivRound(a, 40)
				if !b.Mul(a).Equal(edge) || b.GreaterThan(one) {
					continue
				}
				fa, fb := a.InexactFloat64(), b.InexactFloat64()
				if !decOf(fa).Equal(a) || !decOf(fb).Equal(b) {
					continue // not representable as a short round-trip decimal
				}
				for _, pr := range [][2]float64{{fa, fb}, {fb, fa}} {
					if !seen[pr] {
						seen[pr] = true
						out = append(out, pr)
					}
				}
			}
		}
	}
	return out
}

// TestEvaluateHonoursEveryDecimalEdge (issue 22, defect 1): for every class
// edge of every preset plan and every factor pair whose exact decimal
// product is that edge, the product lands on the edge and takes the level
// above it, for every severity, as a point and as the upper bound of an
// interval. The binary float64 product misclassifies some of these pairs;
// the test counts them to show it exercises the defect.
func TestEvaluateHonoursEveryDecimalEdge(t *testing.T) {
	total, binaryLow := 0, 0
	for _, plan := range []Plan{PlanMedtech5x5(), PlanOpenRegulatory5x4(), PlanDCB0129()} {
		for _, edgeLevel := range plan.Probability[1:] {
			edge := decOf(edgeLevel.Min)
			pairs := edgePairs(t, edge)
			if len(pairs) < 20 {
				t.Fatalf("%s edge %s: only %d factor pairs generated", plan.ID, edge, len(pairs))
			}
			for _, pr := range pairs {
				a, b := pr[0], pr[1]
				if !decOf(a).Mul(decOf(b)).Equal(edge) {
					t.Fatalf("generator: %v × %v is not %s", a, b, edge)
				}
				total++
				if lvl, _ := plan.ProbabilityLevel(a * b); lvl < edgeLevel.Level {
					binaryLow++
				}
				for sev := 1; sev <= len(plan.Severity); sev++ {
					for _, iv := range []struct{ p1, p2 Interval }{
						{Point(a), Point(b)},
						{Interval{a / 10, a}, Interval{0, b}},
					} {
						ev, err := plan.Evaluate(sev, iv.p1, iv.p2)
						if err != nil {
							t.Fatalf("%s: %v", plan.ID, err)
						}
						want := struct {
							Hi    float64
							Level int
							Class string
						}{edgeLevel.Min, edgeLevel.Level, plan.Matrix[sev-1][edgeLevel.Level-1]}
						got := struct {
							Hi    float64
							Level int
							Class string
						}{ev.P.Hi, ev.ProbabilityLevel, ev.Class}
						if diff := cmp.Diff(want, got); diff != "" {
							t.Fatalf("%s S%d: %v × %v on edge %s (-want +got):\n%s", plan.ID, sev, iv.p1, iv.p2, edge, diff)
						}
					}
				}
			}
		}
	}
	t.Logf("%d edge pairs; the binary product puts %d of them one level too low", total, binaryLow)
	if binaryLow == 0 {
		t.Errorf("no edge pair defeats the binary product: the generator does not exercise issue 22")
	}
}

// TestEvaluateIssue22Reproducers pins the two reproducers of issue 22.
func TestEvaluateIssue22Reproducers(t *testing.T) {
	tests := []struct {
		name, reason string
		plan         Plan
		sev          int
		p1, p2       float64
		wantHi       float64
		wantLevel    int
		wantClass    string
		wantAcc      Acceptability
	}{
		{"medtech-S4", "0.000016 × 0.625 = 0.00001 exactly: level 3, S4 P3 = U",
			PlanMedtech5x5(), 4, 0.000016, 0.625, 1e-5, 3, "U", Unacceptable},
		{"openregulatory-S2", "0.000512 × 0.1953125 = 0.0001 exactly: level 4, S2 P4 = unacceptable",
			PlanOpenRegulatory5x4(), 2, 0.000512, 0.1953125, 1e-4, 4, "unacceptable", Unacceptable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := tt.plan.Evaluate(tt.sev, Point(tt.p1), Point(tt.p2))
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(ev.P.Hi, ev.ProbabilityLevel, ev.Class, ev.Acceptability)
			want := fmt.Sprint(tt.wantHi, tt.wantLevel, tt.wantClass, tt.wantAcc)
			if got != want {
				t.Errorf("%s: got %s, want %s", tt.reason, got, want)
			}
		})
	}
}

// TestMulProbMatchesDecimalOracle checks mulProb against an independent
// oracle (shopspring product, big.Rat rounding) on hand-picked cases:
// subnormals, 1, long decimals and ties.
func TestMulProbMatchesDecimalOracle(t *testing.T) {
	cases := [][2]float64{
		{0, 0.5}, {1, 1}, {1, 1e-300}, {5e-324, 5e-324}, {5e-324, 1}, {2.2250738585072014e-308, 0.5},
		{0.1, 0.3}, {1.0 / 3, 1.0 / 3}, {0.9999999999999999, 0.9999999999999999}, {0.000016, 0.625},
		{0.000512, 0.1953125}, {0.123456789012345678, 0.876543210987654321}, {1e-5, 1e-5},
	}
	for _, c := range cases {
		want := nearestFloat(decOf(c[0]).Mul(decOf(c[1])))
		if c[0] == 0 || c[1] == 0 {
			want = 0
		}
		if got := mulProb(c[0], c[1]); got != want {
			t.Errorf("mulProb(%v, %v) = %v, want %v", c[0], c[1], got, want)
		}
	}
}
