package postmarket

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func normals(seed uint64, n int, shift float64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() + shift
	}
	return x
}

func psiSpec(rule DriftRule, th *FixedThreshold) DriftSpec {
	return DriftSpec{
		Feature: "score", Measure: MeasurePSI,
		Binning: &Binning{Method: BinReferenceQuantiles, Bins: 10, Epsilon: 1e-4, LogBase: LogNatural},
		Alpha:   0.05, Threshold: th, Rule: rule,
	}
}

func TestDriftPSIDecision(t *testing.T) {
	fixed := &FixedThreshold{Value: 0.25, Comparator: AtLeast}
	tests := []struct {
		name, reason string
		n            int
		shift        float64
		rule         DriftRule
		wantStatus   DriftStatus
		wantBy       Criterion
	}{
		{"small no drift critical", "at n = 100 the critical value (≈0.34) is above 0.25", 100, 0, RuleCriticalValue, NoDrift, ByCriticalValue},
		{"large shift critical", "a 0.5 sd shift at n = 5000 exceeds both", 5000, 0.5, RuleCriticalValue, Drifted, ByCriticalValue},
		{"large small shift either", "a 0.1 sd shift at n = 20000 passes the critical value but not 0.25", 20000, 0.1, RuleEither, Drifted, ByCriticalValue},
		{"large small shift both", "the fixed threshold blocks it", 20000, 0.1, RuleBoth, NoDrift, ByFixedThreshold},
		{"fixed only", "the fixed rule ignores the critical value", 20000, 0.1, RuleFixedThreshold, NoDrift, ByFixedThreshold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, cur := normals(1, tt.n, 0), normals(2, tt.n, tt.shift)
			got, err := Drift(ref, cur, psiSpec(tt.rule, fixed))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStatus || got.DecidedBy != tt.wantBy {
				t.Errorf("status %s by %s, want %s by %s (%s): %s", got.Status, got.DecidedBy, tt.wantStatus, tt.wantBy, tt.reason, got.Sentence)
			}
			crit, _ := PSICritical(tt.n, tt.n, got.Binned.Bins, 0.05)
			if math.Abs(got.CriticalValue-crit) > 1e-12 {
				t.Errorf("critical %.6g, want %.6g", got.CriticalValue, crit)
			}
			if got.ExceedsThreshold == nil || got.Threshold == nil {
				t.Error("the fixed threshold must be reported beside the critical value")
			}
		})
	}
}

func TestDriftPSIBinningStated(t *testing.T) {
	ref := []float64{0, 0, 0, 0, 1, 2, 3, 4, 5, 6}
	cur := []float64{0, 1, 1, 2, 2, 3, 9, 9, 9, 9}
	got, err := Drift(ref, cur, psiSpec(RuleCriticalValue, nil))
	if err != nil {
		t.Fatal(err)
	}
	b := got.Binned
	// The type-7 deciles of ref: 0 (×4, merged), 0.6, 1.4, …
	if b.Requested != 10 || b.Bins >= 10 || b.Edges[0] != 0 {
		t.Errorf("tied quantiles must merge: %+v", b)
	}
	sum := 0
	for _, c := range b.CurrentCounts {
		sum += c
	}
	if sum != len(cur) {
		t.Errorf("current counts sum %d, want %d", sum, len(cur))
	}
	for _, want := range []string{"reference-quantiles(type 7)", "epsilon=0.0001", "log=e"} {
		if !strings.Contains(got.Method, want) {
			t.Errorf("method %q does not state %q", got.Method, want)
		}
	}
	// Base 2 divides the value and the critical value by ln 2.
	s2 := psiSpec(RuleCriticalValue, nil)
	s2.Binning.LogBase = Log2
	got2, _ := Drift(ref, cur, s2)
	if math.Abs(got2.Value*math.Ln2-got.Value) > 1e-12 || math.Abs(got2.CriticalValue*math.Ln2-got.CriticalValue) > 1e-12 {
		t.Errorf("base 2: %.6g/%.6g vs base e %.6g/%.6g", got2.Value, got2.CriticalValue, got.Value, got.CriticalValue)
	}
}

func TestDriftFixedEdges(t *testing.T) {
	spec := DriftSpec{Feature: "age", Measure: MeasurePSI, Binning: &Binning{Method: BinFixedEdges, Edges: []float64{1, 2, 3}, Epsilon: 1e-3, LogBase: LogNatural}, Alpha: 0.05, Rule: RuleCriticalValue}
	got, err := Drift([]float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4}, []float64{1, 1, 1, 1, 4, 4, 4, 4}, spec)
	if err != nil {
		t.Fatal(err)
	}
	// Right-closed bins: (-inf,1], (1,2], (2,3], (3,inf).
	if diff := cmp.Diff([]int{2, 2, 2, 2}, got.Binned.ReferenceCounts); diff != "" {
		t.Errorf("reference counts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{4, 0, 0, 4}, got.Binned.CurrentCounts); diff != "" {
		t.Errorf("current counts (-want +got):\n%s", diff)
	}
	want, _ := PSI([]float64{0.25, 0.25, 0.25, 0.25}, []float64{0.5, 0, 0, 0.5}, 1e-3, LogNatural)
	if math.Abs(got.Value-want) > 1e-12 {
		t.Errorf("psi %.10g, want %.10g", got.Value, want)
	}
}

func TestDriftJSAndWasserstein(t *testing.T) {
	ref, cur := normals(5, 2000, 0), normals(6, 2000, 0.3)
	js := DriftSpec{Feature: "x", Measure: MeasureJS, Binning: &Binning{Method: BinReferenceQuantiles, Bins: 10, Epsilon: 1e-4, LogBase: Log2}, Alpha: 0.05, Rule: RuleCriticalValue}
	got, err := Drift(ref, cur, js)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != Drifted || got.Value > 1 {
		t.Errorf("js: %s", got.Sentence)
	}
	w := DriftSpec{Feature: "x", Measure: MeasureWasserstein, Alpha: 0.05, Rule: RuleCriticalValue, Normed: true, Permutations: 99, Seed: 42}
	a, err := Drift(ref, cur, w)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Drift(ref, cur, w)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("seeded permutations must be deterministic:\n%s", diff)
	}
	if a.Status != Drifted || *a.PValue != 0.01 {
		t.Errorf("wasserstein: p %v: %s", *a.PValue, a.Sentence)
	}
	none, _ := Drift(ref, normals(7, 2000, 0), w)
	if none.Value > none.CriticalValue && none.Status == NoDrift {
		t.Errorf("verdict disagrees with the critical value: %s", none.Sentence)
	}
}

func TestJSDistanceBases(t *testing.T) {
	p, q := []float64{0.5, 0.5, 0}, []float64{0, 0.5, 0.5}
	d2, _ := JSDistance(p, q, Log2)
	de, _ := JSDistance(p, q, LogNatural)
	// JSD = ½·(½·ln 2 + ½·ln 2)·... : half the mass is disjoint, JSD = 0.5 bit.
	if math.Abs(d2-math.Sqrt(0.5)) > 1e-12 || math.Abs(de-math.Sqrt(0.5*math.Ln2)) > 1e-12 {
		t.Errorf("js distance base 2 %.12g, base e %.12g", d2, de)
	}
	if d, _ := JSDistance([]float64{1, 0}, []float64{0, 1}, Log2); math.Abs(d-1) > 1e-12 {
		t.Errorf("disjoint base-2 distance %.12g, want 1", d)
	}
}

func TestDriftSpecValidate(t *testing.T) {
	tests := []struct {
		name  string
		spec  DriftSpec
		paths []string
	}{
		{"empty", DriftSpec{}, []string{"measure", "alpha", "rule"}},
		{"psi without binning", DriftSpec{Measure: MeasurePSI, Alpha: 0.05, Rule: RuleCriticalValue}, []string{"binning"}},
		{"ks with binning", DriftSpec{Measure: MeasureKS, Binning: &Binning{}, Alpha: 0.05, Rule: RuleCriticalValue}, []string{"binning"}},
		{"rule needs threshold", DriftSpec{Measure: MeasureKS, Alpha: 0.05, Rule: RuleEither}, []string{"rule"}},
		{"bad binning", DriftSpec{Measure: MeasurePSI, Binning: &Binning{Method: BinFixedEdges, Edges: []float64{2, 1}, Epsilon: 0.5}, Alpha: 0.05, Rule: RuleCriticalValue},
			[]string{"binning.edges[1]", "binning.epsilon", "binning.log_base"}},
		{"wasserstein permutations", DriftSpec{Measure: MeasureWasserstein, Alpha: 0.05, Rule: RuleCriticalValue, Permutations: 5}, []string{"permutations"}},
		{"threshold comparator", DriftSpec{Measure: MeasureKS, Alpha: 0.05, Rule: RuleCriticalValue, Threshold: &FixedThreshold{Value: -1}}, []string{"threshold.value", "threshold.comparator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate("")
			var got []string
			for _, e := range unjoin(err) {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("not a FieldError: %v", e)
				}
				got = append(got, fe.Path)
			}
			if diff := cmp.Diff(tt.paths, got); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
		})
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

func TestDriftResultJSONRoundTrip(t *testing.T) {
	ref, cur := normals(8, 500, 0), normals(9, 400, 0.2)
	for _, spec := range []DriftSpec{
		psiSpec(RuleEither, &FixedThreshold{Value: 0.1, Comparator: AtLeast}),
		{Feature: "x", Measure: MeasureKS, Alpha: 0.01, Rule: RuleCriticalValue},
	} {
		r, err := Drift(ref, cur, spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{r, spec} {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			switch x := v.(type) {
			case DriftResult:
				var back DriftResult
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(x, back); diff != "" {
					t.Errorf("round trip (-want +got):\n%s", diff)
				}
			case DriftSpec:
				var back DriftSpec
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(x, back); diff != "" {
					t.Errorf("round trip (-want +got):\n%s", diff)
				}
			}
		}
	}
	var m DriftMeasure
	if err := m.UnmarshalText([]byte("chi2")); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "psi, ks, js-distance, wasserstein-1") {
		t.Errorf("unknown measure text: %v", err)
	}
}

func TestDriftInsufficientKS(t *testing.T) {
	got, err := Drift([]float64{1, 2}, []float64{3, 4}, DriftSpec{Feature: "tiny", Measure: MeasureKS, Alpha: 0.05, Rule: RuleCriticalValue})
	if err != nil {
		t.Fatal(err)
	}
	// With 2 vs 2 the smallest attainable p is 1/3: KS can never reject.
	if got.Status != DriftInsufficient || got.CriticalValue <= 1 {
		t.Errorf("2 vs 2 must be insufficient: %s", got.Sentence)
	}
}
