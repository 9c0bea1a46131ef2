package postmarket

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluatePerformance(t *testing.T) {
	prev := 0.02
	c := Confusion{TP: 90, FN: 10, TN: 850, FP: 50}
	p, err := EvaluatePerformance(c, PerformanceSpec{Interval: CIWilson, Confidence: 0.95, Prevalence: &prev})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name     string
		r        RateEstimate
		num, den int
	}{
		{"sensitivity on positives", p.Sensitivity, 90, 100},
		{"specificity on negatives", p.Specificity, 850, 900},
		{"ppv on predicted positives", p.PPV, 90, 140},
		{"npv on predicted negatives", p.NPV, 850, 860},
		{"accuracy on all", p.Accuracy, 940, 1000},
		{"prevalence", p.Prevalence, 100, 1000},
	}
	for _, ck := range checks {
		if ck.r.Numerator != ck.num || ck.r.Denominator != ck.den || !(ck.r.Lo <= ck.r.Value && ck.r.Value <= ck.r.Hi) {
			t.Errorf("%s: %+v", ck.name, ck.r)
		}
	}
	// Bayes at 2 %: 0.9·0.02 / (0.9·0.02 + (1−0.9444)·0.98).
	se, sp := 0.9, 850.0/900
	want := se * prev / (se*prev + (1-sp)*(1-prev))
	a := p.PPVAtPrevalence
	if a == nil || math.Abs(a.Value-want) > 1e-12 || !(a.Lo <= a.Value && a.Value <= a.Hi) {
		t.Errorf("ppv at prevalence %+v, want %.6g", a, want)
	}
	ppv, npv, err := PPVAtPrevalence(se, sp, prev)
	if err != nil || math.Abs(ppv-want) > 1e-12 || !(npv > 0.99) {
		t.Errorf("PPVAtPrevalence = %v %v %v", ppv, npv, err)
	}
}

func TestEvaluatePerformanceUndefined(t *testing.T) {
	p, err := EvaluatePerformance(Confusion{TN: 5}, PerformanceSpec{Interval: CIClopperPearson, Confidence: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if p.Sensitivity.Defined || p.PPV.Defined || !p.Specificity.Defined || !math.IsInf(p.Sensitivity.HalfWidth(), 1) {
		t.Errorf("rates without cases must be undefined: %+v", p)
	}
}

func TestRequiredN(t *testing.T) {
	tests := []struct {
		name, reason string
		p, w, conf   float64
		want         int
	}{
		{"sens 0.9 ±0.05", "reference §2.2: about 139 positives", 0.9, 0.05, 0.95, 139},
		{"sens 0.9 ±0.10", "reference §2.2: about 35", 0.9, 0.10, 0.95, 35},
		{"p 0.5 ±0.05", "the worst case", 0.5, 0.05, 0.95, 385},
		{"p 0", "no variance, no cases needed", 0, 0.05, 0.95, 0},
	}
	for _, tt := range tests {
		got, err := RequiredN(tt.p, tt.w, tt.conf)
		if err != nil || got != tt.want {
			t.Errorf("%s: RequiredN = %d, %v; want %d (%s)", tt.name, got, err, tt.want, tt.reason)
		}
	}
	if _, err := RequiredN(1.5, 0, 1); !errors.Is(err, ErrOutOfRange) || len(unjoin(err)) != 3 {
		t.Errorf("every bad argument reported: %v", err)
	}
}

func TestCompareMetric(t *testing.T) {
	before := Confusion{TP: 56, FN: 14, TN: 100, FP: 10}
	after := Confusion{TP: 48, FN: 32, TN: 100, FP: 10}
	d, err := CompareMetric(MetricTPR, before, after, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	// after − before = 48/80 − 56/70: the negative of Newcombe's example.
	want, _ := NewcombeDiff(56, 70, 48, 80, 0.95)
	if math.Abs(d.Difference+want.Difference) > 1e-12 || math.Abs(d.Lo+want.Hi) > 1e-12 || math.Abs(d.Hi+want.Lo) > 1e-12 {
		t.Errorf("CompareMetric %+v vs mirrored %+v", d, want)
	}
	if _, err := CompareMetric(MetricPPV, Confusion{TN: 3}, after, 0.95); !errors.Is(err, ErrInsufficientData) {
		t.Errorf("no denominator: %v", err)
	}
}

func TestCalibration(t *testing.T) {
	scores := make([]float64, 1000)
	out := make([]bool, 1000)
	for i := range scores {
		scores[i] = float64(i) / 1000
		out[i] = i%10 < int(scores[i]*10) // observed rate tracks the score
	}
	r, err := Calibration(scores, out, CalibrationSpec{Bins: 10, Interval: CIWilson, Confidence: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Bins) != 10 || r.N != 1000 || r.DF != 8 {
		t.Fatalf("bins %d n %d df %d", len(r.Bins), r.N, r.DF)
	}
	for i, b := range r.Bins {
		if b.N != 100 || math.Abs(b.MeanPredicted-(float64(i)/10+0.0495)) > 1e-9 {
			t.Errorf("bin %d: %+v", i, b)
		}
	}
	if !(r.OELo <= r.OE && r.OE <= r.OEHi) || r.PValue < 0 || r.PValue > 1 {
		t.Errorf("overall %+v", r)
	}
	if _, err := Calibration([]float64{0.5, 2}, []bool{true}, CalibrationSpec{Bins: 1}); len(unjoin(err)) < 3 {
		t.Errorf("all problems reported: %v", err)
	}
}

func TestPerformanceCUSUM(t *testing.T) {
	spec := ErrorCUSUMSpec{BaselineRate: 0.05, ShiftRate: 0.10, Limit: 4, Reset: ResetZero}
	batches := []ErrorBatch{{"w1", 5, 100}, {"w2", 4, 100}, {"w3", 12, 100}, {"w4", 14, 100}, {"w5", 3, 100}, {"w6", 15, 100}, {"w7", 15, 100}}
	r, err := PerformanceCUSUM(batches, spec)
	if err != nil {
		t.Fatal(err)
	}
	up, down := math.Log(2), math.Log(0.90/0.95)
	s := 0.0
	var alarms []int
	for i, b := range batches {
		s = math.Max(0, s+float64(b.Errors)*up+float64(b.N-b.Errors)*down)
		if math.Abs(r.Points[i].Statistic-s) > 1e-12 {
			t.Fatalf("batch %d: S %.6g, want %.6g", i, r.Points[i].Statistic, s)
		}
		if s >= 4 {
			alarms = append(alarms, i)
			s = 0
		}
	}
	if len(alarms) == 0 {
		t.Fatal("the fixture must alarm")
	}
	if diff := cmp.Diff(alarms, r.Alarms); diff != "" {
		t.Errorf("alarms (-want +got):\n%s", diff)
	}
	cont := spec
	cont.Reset = ResetNone
	rc, _ := PerformanceCUSUM(batches, cont)
	if len(rc.Alarms) < len(r.Alarms) {
		t.Errorf("continuing never alarms less than resetting: %v vs %v", rc.Alarms, r.Alarms)
	}
	// A head start h/2 starts the statistic there and restarts it there
	// after each alarm, the rule the signal CUSUMs follow.
	hs := spec
	hs.Reset, hs.HeadStart = ResetHeadStart, 2
	rh, err := PerformanceCUSUM(batches, hs)
	if err != nil {
		t.Fatal(err)
	}
	s = 2
	for i, b := range batches {
		s = math.Max(0, s+float64(b.Errors)*up+float64(b.N-b.Errors)*down)
		if math.Abs(rh.Points[i].Statistic-s) > 1e-12 {
			t.Fatalf("head start, batch %d: S %.6g, want %.6g", i, rh.Points[i].Statistic, s)
		}
		if s >= 4 {
			s = 2
		}
	}
	if len(rh.Alarms) < len(r.Alarms) {
		t.Errorf("a head start never alarms less than a reset to zero: %v vs %v", rh.Alarms, r.Alarms)
	}
	bad := spec
	bad.HeadStart = 4
	if _, err := PerformanceCUSUM(batches, bad); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("head start at the limit: %v", err)
	}
	if _, err := PerformanceCUSUM([]ErrorBatch{{"x", 5, 3}}, ErrorCUSUMSpec{BaselineRate: 0.2, ShiftRate: 0.1}); len(unjoin(err)) != 4 {
		t.Errorf("all problems reported: %v", err)
	}
}
