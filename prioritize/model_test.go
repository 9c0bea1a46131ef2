package prioritize

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// fieldPaths returns the Path of every FieldError in err, in order.
func fieldPaths(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *FieldError
		if errors.As(e, &fe) {
			out = append(out, fe.Path)
			return
		}
		var ie *InconsistencyError
		if errors.As(e, &ie) {
			out = append(out, "inconsistent "+ie.Worst.cell())
		}
	}
	walk(err)
	return out
}

func healthItem(id string, v ...float64) Item {
	m := HealthcareDefault()
	it := Item{ID: id, Name: id, Cost: decimal.NewFromInt(100)}
	for j, c := range m.Criteria {
		it.Scores = append(it.Scores, Score{Criterion: c.ID, Value: v[j]})
	}
	return it
}

func TestModelValidateReportsEverything(t *testing.T) {
	bad := HealthcareDefault()
	bad.Criteria[1].ID = bad.Criteria[0].ID            // duplicate
	bad.Criteria[2].Tier = TierUnspecified             // no tier
	bad.Criteria[3].Scale = Scale{Min: 5, Max: 1}      // inverted scale
	bad.Criteria[4].Scale.Levels[2].Value = math.NaN() // NaN level
	bad.Criteria[5].Gate = &Gate{Threshold: 9}         // gate off-scale
	bad.Epsilon = -1
	err := bad.Validate()
	want := []string{
		`criterion "patient_safety".id`,
		`criterion "workflow_integration".tier`,
		`criterion "regulatory_viability".scale`,
		`criterion "financial_impact".scale.levels[2]`,
		`criterion "user_adoption_risk".gate.threshold`,
		"epsilon",
	}
	if diff := cmp.Diff(want, fieldPaths(err)); diff != "" {
		t.Errorf("Validate() paths mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Validate() = %v, want ErrInvalidInput", err)
	}
	if err := HealthcareDefault().Validate(); err != nil {
		t.Errorf("HealthcareDefault().Validate() = %v", err)
	}
}

func TestWeightingValidation(t *testing.T) {
	ids := []string{PatientSafety, ClinicalEfficacy, WorkflowIntegration, RegulatoryViability, FinancialImpact, UserAdoptionRisk}
	explicit := func(p SumPolicy, v ...float64) Weighting {
		w := Weighting{Scheme: SchemeExplicit, Policy: p, Values: map[string]float64{}}
		for j, x := range v {
			w.Values[ids[j]] = x
		}
		return w
	}
	tests := []struct {
		name, reason string
		w            Weighting
		wantErr      error
		wantW        []float64
	}{
		{"roc", "the default scheme gives the tied ROC weights", Weighting{}, nil,
			[]float64{0.325, 47.0 / 360, 47.0 / 360, 0.325, 2.0 / 45, 2.0 / 45}},
		{"rank sum", "tied rank-sum positions are averaged: (6+5)/2, (4+3)/2, (2+1)/2 over 21", Weighting{Scheme: SchemeRankSum}, nil,
			[]float64{5.5 / 21, 3.5 / 21, 3.5 / 21, 5.5 / 21, 1.5 / 21, 1.5 / 21}},
		{"fixed ratio", "4:3:2 ratios normalized over 18", Weighting{Scheme: SchemeFixedRatio}, nil,
			[]float64{4.0 / 18, 3.0 / 18, 3.0 / 18, 4.0 / 18, 2.0 / 18, 2.0 / 18}},
		{"swing", "swing points are normalized", Weighting{Scheme: SchemeSwing, Values: map[string]float64{
			PatientSafety: 100, ClinicalEfficacy: 50, WorkflowIntegration: 50, RegulatoryViability: 100, FinancialImpact: 0, UserAdoptionRisk: 0}}, nil,
			[]float64{1.0 / 3, 1.0 / 6, 1.0 / 6, 1.0 / 3, 0, 0}},
		{"explicit normalize", "weights summing to 2 are halved", explicit(SumNormalize, 0.4, 0.4, 0.4, 0.4, 0.2, 0.2), nil,
			[]float64{0.2, 0.2, 0.2, 0.2, 0.1, 0.1}},
		{"explicit reject", "the reject policy refuses a sum of 2", explicit(SumReject, 0.4, 0.4, 0.4, 0.4, 0.2, 0.2), ErrWeights, nil},
		{"negative", "a negative weight is refused", explicit(SumNormalize, -1, 1, 1, 1, 1, 1), ErrWeights, nil},
		{"all zero", "all-zero weights are refused", explicit(SumNormalize, 0, 0, 0, 0, 0, 0), ErrWeights, nil},
		{"nan", "a NaN weight is refused even though |NaN−1| > 0.01 is false", explicit(SumAsGiven, math.NaN(), 1, 1, 1, 1, 1), ErrWeights, nil},
		{"missing", "every criterion needs a weight", explicit(SumNormalize, 1, 1, 1, 1, 1), ErrWeights, nil},
		{"unknown", "an unknown criterion ID is reported", Weighting{Scheme: SchemeExplicit, Values: map[string]float64{
			"cost": 1, PatientSafety: 1, ClinicalEfficacy: 1, WorkflowIntegration: 1, RegulatoryViability: 1, FinancialImpact: 1, UserAdoptionRisk: 1}}, ErrInvalidInput, nil},
		{"ahp inconsistent", "an AHP matrix above the CR gate is refused", Weighting{Scheme: SchemeAHP, Pairwise: [][]float64{
			{1, 9, 9, 9, 9, 9}, {1.0 / 9, 1, 9, 9, 9, 9}, {1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9}, {1.0 / 9, 1.0 / 9, 1.0 / 9, 1, 9, 9},
			{1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1, 9}, {1.0 / 9, 1.0 / 9, 9, 1.0 / 9, 1.0 / 9, 1}}}, ErrInconsistent, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := HealthcareDefault()
			m.Weighting = tt.w
			w, _, err := m.Weights()
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Weights() error = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if diff := cmp.Diff(tt.wantW, w, approx(1e-12)); diff != "" {
				t.Errorf("Weights() mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func approx(tol float64) cmp.Option {
	return cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= tol || (math.IsNaN(a) && math.IsNaN(b)) })
}

func TestValidateItemsReportsEverything(t *testing.T) {
	m := HealthcareDefault()
	good := healthItem("OK", 3, 3, 3, 3, 3, 3)
	dup := healthItem("OK", 3, 3, 3, 3, 3, 3)
	outOfScale := healthItem("OOS", 6, 3, 3, 3, 3, 3)
	nan := healthItem("NAN", 3, math.NaN(), 3, 3, 3, 3)
	missing := healthItem("MISS", 3, 3, 3, 3, 3, 3)
	missing.Scores = missing.Scores[:5]
	unknown := healthItem("UNK", 3, 3, 3, 3, 3, 3)
	unknown.Scores = append(unknown.Scores, Score{Criterion: "vibes", Value: 1})
	twice := healthItem("TWICE", 3, 3, 3, 3, 3, 3)
	twice.Scores[1].Criterion = PatientSafety
	disordered := healthItem("ORDER", 3, 3, 3, 3, 3, 3)
	disordered.Scores[2] = Score{Criterion: WorkflowIntegration, Kind: ScoreThreePoint, Min: 4, Value: 3, Max: 5}
	negCost := healthItem("COST", 3, 3, 3, 3, 3, 3)
	negCost.Cost = decimal.NewFromInt(-1)
	noID := healthItem("", 3, 3, 3, 3, 3, 3)
	err := m.ValidateItems([]Item{good, dup, outOfScale, nan, missing, unknown, twice, disordered, negCost, noID})
	want := []string{
		`item "OK"`,
		`item "OOS" score "patient_safety".value`,
		`item "NAN" score "clinical_efficacy".value`,
		`item "MISS" score "user_adoption_risk"`,
		`item "UNK" score "vibes"`,
		`item "TWICE" score "patient_safety"`,
		`item "TWICE" score "clinical_efficacy"`,
		`item "ORDER" score "workflow_integration"`,
		`item "COST".cost`,
		`items[9].id`,
	}
	if diff := cmp.Diff(want, fieldPaths(err)); diff != "" {
		t.Errorf("ValidateItems() paths mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("ValidateItems() = %v, want ErrInvalidInput", err)
	}
}

func TestHashStable(t *testing.T) {
	a, b := HealthcareDefault(), HealthcareDefault()
	if a.Hash() != b.Hash() {
		t.Errorf("Hash differs for equal models")
	}
	b.Criteria[0].Gate.Threshold = 2
	if a.Hash() == b.Hash() {
		t.Errorf("Hash ignores a gate change")
	}
}
