package postmarket

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func equitySpec() EquitySpec {
	return EquitySpec{
		Metrics:  []RateMetric{MetricTPR, MetricFPR, MetricSelection, MetricPPV},
		Interval: CIWilson, Confidence: 0.95,
		Precision: Precision{HalfWidth: 0.05, MinCount: 100},
		Alpha:     0.05, Correction: BenjaminiHochberg,
	}
}

func TestAssessEquityStatus(t *testing.T) {
	big := Confusion{TP: 900, FN: 100, TN: 8000, FP: 1000}
	tests := []struct {
		name, reason string
		groups       []GroupCounts
		want         EquityStatus
	}{
		{"equal and large", "identical rates, every group sufficient", []GroupCounts{{Group: "a", Counts: big}, {Group: "b", Counts: big}}, NoDisparity},
		{"one small group", "the small group cannot support no-disparity", []GroupCounts{{Group: "a", Counts: big}, {Group: "b", Counts: big}, {Group: "c", Counts: Confusion{TP: 9, FN: 1, TN: 80, FP: 10}}}, EquityInsufficient},
		{"clear gap", "group b misses three times as often", []GroupCounts{{Group: "a", Counts: big}, {Group: "b", Counts: Confusion{TP: 700, FN: 300, TN: 8000, FP: 1000}}}, Disparity},
		{"single group", "nothing to compare", []GroupCounts{{Group: "a", Counts: big}}, EquityInsufficient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := AssessEquityCounts(tt.groups, equitySpec())
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.want {
				t.Errorf("status %s, want %s (%s): %s", r.Status, tt.want, tt.reason, r.Sentence)
			}
			for _, g := range r.Metrics {
				if g.Sufficiency == Sufficient && (g.Rate.Denominator < 100 || g.Rate.HalfWidth() > 0.05) {
					t.Errorf("%s %s sufficient at n %d half-width %.3g", g.Group, g.Metric, g.Rate.Denominator, g.Rate.HalfWidth())
				}
			}
		})
	}
}

func TestAssessEquityDoesNotMutate(t *testing.T) {
	groups := []GroupCounts{{Group: "x", Counts: Confusion{TP: 1, FN: 2, TN: 3, FP: 4}}, {Group: "y", Counts: Confusion{TP: 4, FN: 3, TN: 2, FP: 1}}}
	spec := equitySpec()
	before, _ := json.Marshal([]any{groups, spec})
	r, err := AssessEquityCounts(groups, spec)
	if err != nil {
		t.Fatal(err)
	}
	r.Groups[0].Group = "changed"
	r.Spec.Metrics[0] = MetricNPV
	after, _ := json.Marshal([]any{groups, spec})
	if string(before) != string(after) {
		t.Error("the result aliases the input")
	}
}

func TestFourFifths(t *testing.T) {
	prec := Precision{HalfWidth: 0.2, MinCount: 10}
	tests := []struct {
		name, reason string
		groups       []GroupSelection
		flagged      []string
	}{
		{"exactly four fifths", "0.48/0.60 is 0.8 exactly and is not below it (float division gives 0.7999…)", []GroupSelection{{"a", 60, 100}, {"b", 48, 100}}, []string{}},
		{"just below", "47/100 over 60/100 is below 0.8", []GroupSelection{{"a", 60, 100}, {"b", 47, 100}}, []string{"b"}},
		{"uniform guidelines example", "29 CFR 1607.4(D): 30 % against 60 % has an impact ratio of 0.5", []GroupSelection{{"white", 48, 80}, {"black", 12, 40}}, []string{"black"}},
		{"zero highest", "no one selected anywhere flags no one", []GroupSelection{{"a", 0, 10}, {"b", 0, 20}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := FourFifths(tt.groups, prec, CIWilson, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.flagged, r.Flagged); diff != "" {
				t.Errorf("flagged (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
	if _, err := FourFifths([]GroupSelection{{"a", 5, 3}, {"a", -1, 2}}, Precision{}, CIUnspecified, 2); len(unjoin(err)) < 5 {
		t.Errorf("all problems reported: %v", err)
	}
}

func TestAdjustPValues(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.005}
	h, _ := AdjustPValues(p, 0.05, Holm)
	// Holm: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06 stop.
	if diff := cmp.Diff([]bool{true, false, false, true}, h.Rejected); diff != "" {
		t.Errorf("holm (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{0.03, 0.06, 0.06, 0.02}, h.Adjusted, cmpApprox); diff != "" {
		t.Errorf("holm adjusted (-want +got):\n%s", diff)
	}
	bh, _ := AdjustPValues(p, 0.05, BenjaminiHochberg)
	// BH: largest i with p(i) ≤ i·0.05/4: p(4) = 0.04 ≤ 0.05: all four.
	if bh.Rejections != 4 {
		t.Errorf("bh rejections %d, want 4", bh.Rejections)
	}
	if diff := cmp.Diff([]float64{0.02, 0.04, 0.04, 0.02}, bh.Adjusted, cmpApprox); diff != "" {
		t.Errorf("bh adjusted (-want +got):\n%s", diff)
	}
	if _, err := AdjustPValues([]float64{2}, 0, CorrectionUnspecified); len(unjoin(err)) != 3 || !errors.Is(err, ErrOutOfRange) {
		t.Errorf("all problems: %v", err)
	}
}

var cmpApprox = cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })

func TestPredictionsValidate(t *testing.T) {
	p := Predictions{Groups: []string{"a", "a", ""}, Group: []int{0, 5}, Actual: []bool{true}, Predicted: []bool{true, false}, Scores: []float64{0.5, 1.5}}
	var paths []string
	for _, e := range unjoin(p.Validate()) {
		var fe *FieldError
		if errors.As(e, &fe) {
			paths = append(paths, fe.Path)
		}
	}
	want := []string{"groups[1]", "groups[2]", "actual", "group[1]", "scores[1]"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestEquityCalibration(t *testing.T) {
	p, _ := LabelPredictions([]string{"b", "a", "b", "a"}, []bool{true, false, true, true}, []bool{true, true, false, true})
	p.Scores = []float64{0.5, 0.5, 0.5, 0.5}
	r, err := AssessEquity(p, equitySpec())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Calibration) != 2 || r.Calibration[0].Group != "a" || r.Calibration[0].OE != 1 || r.Calibration[1].OE != 2 {
		t.Errorf("calibration %+v", r.Calibration)
	}
}
