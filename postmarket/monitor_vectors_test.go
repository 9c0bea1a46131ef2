package postmarket

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The part-2 (AI model monitoring) reference vectors, read from
// testdata/postmarket_vectors.dev.json (copied unchanged from
// ../shared/reference/postmarket_vectors.dev.json; sources and provenance are
// recorded per vector in the file). Each vector is routed by the shape of
// its inputs, not by its id, so that vectors of the same kind added later
// run through the same checks.

// notHere lists part-2 vectors that belong to another package, with the
// reason; every other part-2 vector must be checked here.
var notHere = map[string]string{
	"reg-deadlines-ai-act-art73": "reporting deadlines are law and live in package regulatory (AI Act Art. 73)",
}

func loadVectors2(t *testing.T) []vector {
	t.Helper()
	var out []vector
	for _, v := range loadVectors(t) {
		if v.Part == 2 {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		t.Fatal("no part-2 vectors")
	}
	return out
}

func (v vector) in(t *testing.T, key string, dst any) {
	t.Helper()
	raw, ok := v.Inputs[key]
	if !ok {
		t.Fatalf("%s: input %q missing", v.ID, key)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		t.Fatalf("%s: input %q: %v", v.ID, key, err)
	}
}

func (v vector) want(t *testing.T, key string, dst any) bool {
	t.Helper()
	raw, ok := v.Expected[key]
	if !ok {
		return false
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		t.Fatalf("%s: expected %q: %v", v.ID, key, err)
	}
	return true
}

func (v vector) has(key string) bool { _, ok := v.Inputs[key]; return ok }

// close checks got against want at the vector's tolerance (abs, rel, or
// 1e-9 absolute when the vector states none).
func (v vector) closeTo(t *testing.T, what string, got, want float64) {
	t.Helper()
	tol := 1e-9
	switch {
	case v.Tolerance.Abs > 0:
		tol = v.Tolerance.Abs
	case v.Tolerance.Rel > 0:
		tol = v.Tolerance.Rel * math.Abs(want)
	}
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s: %s = %.12g, want %.12g (tolerance %g)", v.ID, what, got, want, tol)
	}
}

func TestVectorsPart2(t *testing.T) {
	for _, v := range loadVectors2(t) {
		t.Run(v.ID, func(t *testing.T) {
			if why, ok := notHere[v.ID]; ok {
				t.Skip(why)
			}
			switch {
			case v.has("actual") && v.has("expected"):
				checkPSIShares(t, v)
			case v.has("bins") && v.has("cases"):
				checkPSICritical(t, v)
			case v.has("u") && v.has("v"):
				checkWasserstein(t, v)
			default:
				if !checkVectorMore(t, v) {
					t.Fatalf("%s: no check for a vector of this shape (method %q)", v.ID, v.Method)
				}
			}
		})
	}
}

func checkPSIShares(t *testing.T, v vector) {
	var e, a []float64
	v.in(t, "expected", &e)
	v.in(t, "actual", &a)
	got, err := PSI(e, a, 1e-4, LogNatural)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	if v.want(t, "psi", &want) {
		v.closeTo(t, "psi", got, want)
	}
	for key, raw := range v.Expected {
		switch {
		case strings.HasPrefix(key, "evidently_drift_at_"):
			// Evidently flags PSI drift at value ≥ threshold.
			var th float64
			var flag bool
			_ = json.Unmarshal(raw, &flag)
			if _, err := fmt.Sscan(strings.TrimPrefix(key, "evidently_drift_at_"), &th); err != nil {
				t.Fatal(err)
			}
			if AtLeast.exceeds(got, th) != flag {
				t.Errorf("%s: drift at ≥ %g = %v, want %v", v.ID, th, !flag, flag)
			}
		case strings.HasPrefix(key, "band_"):
			var band string
			_ = json.Unmarshal(raw, &band)
			if g := PSIBand(got); g != band {
				t.Errorf("%s: band %q, want %q", v.ID, g, band)
			}
		}
	}
}

func checkPSICritical(t *testing.T, v vector) {
	var bins int
	var alpha float64
	var cases []struct{ N, M int }
	v.in(t, "bins", &bins)
	v.in(t, "alpha", &alpha)
	v.in(t, "cases", &cases)
	var want []float64
	if !v.want(t, "psi_crit", &want) || len(want) != len(cases) {
		t.Fatalf("%s: psi_crit missing or of the wrong length", v.ID)
	}
	for i, c := range cases {
		got, err := PSICritical(c.N, c.M, bins, alpha)
		if err != nil {
			t.Fatal(err)
		}
		v.closeTo(t, "psi_crit", got, want[i])
	}
	for key, raw := range v.Expected {
		if strings.HasPrefix(key, "chi2_") {
			var w float64
			_ = json.Unmarshal(raw, &w)
			got, _ := PSICritical(1, 1, bins, alpha) // (1/1 + 1/1)·χ²
			v.closeTo(t, key, got/2, w)
		}
	}
}

func checkWasserstein(t *testing.T, v vector) {
	var u, w []float64
	v.in(t, "u", &u)
	v.in(t, "v", &w)
	got, err := Wasserstein1(u, w)
	if err != nil {
		t.Fatal(err)
	}
	var want float64
	if !v.want(t, "distance", &want) {
		t.Fatalf("%s: distance missing", v.ID)
	}
	v.closeTo(t, "distance", got, want)
}

// checkVectorMore routes the vector kinds checked against the performance
// and equity code; it reports whether it knew the shape.
func checkVectorMore(t *testing.T, v vector) bool {
	switch {
	case v.has("x") && v.has("n") && v.has("conf"):
		var x, n int
		var conf float64
		v.in(t, "x", &x)
		v.in(t, "n", &n)
		v.in(t, "conf", &conf)
		checkIntervals(t, v, x, n, conf)
	case v.has("tp") && v.has("positives"):
		var tp, pos int
		var conf float64
		v.in(t, "tp", &tp)
		v.in(t, "positives", &pos)
		v.in(t, "conf", &conf)
		// Through the performance API: sensitivity uses the positives as n.
		for _, m := range []CIMethod{CIWilson, CIClopperPearson} {
			p, err := EvaluatePerformance(Confusion{TP: tp, FN: pos - tp}, PerformanceSpec{Interval: m, Confidence: conf})
			if err != nil {
				t.Fatal(err)
			}
			checkPair(t, v, m, p.Sensitivity)
		}
	case v.has("x1") && v.has("n2"):
		var x1, n1, x2, n2 int
		var conf float64
		v.in(t, "x1", &x1)
		v.in(t, "n1", &n1)
		v.in(t, "x2", &x2)
		v.in(t, "n2", &n2)
		v.in(t, "conf", &conf)
		d, err := NewcombeDiff(x1, n1, x2, n2, conf)
		if err != nil {
			t.Fatal(err)
		}
		var diff float64
		if v.want(t, "difference", &diff) {
			v.closeTo(t, "difference", d.Difference, diff)
		}
		var ci []float64
		if !v.want(t, "ci", &ci) || len(ci) != 2 {
			t.Fatalf("%s: ci missing", v.ID)
		}
		v.closeTo(t, "ci lo", d.Lo, ci[0])
		v.closeTo(t, "ci hi", d.Hi, ci[1])
	case v.has("p_values") && v.has("alpha"):
		var p []float64
		var alpha float64
		v.in(t, "p_values", &p)
		v.in(t, "alpha", &alpha)
		for key, m := range map[string]Correction{"bonferroni_rejections": Bonferroni, "holm_rejections": Holm, "bh_rejections": BenjaminiHochberg} {
			var want int
			if !v.want(t, key, &want) {
				continue
			}
			r, err := AdjustPValues(p, alpha, m)
			if err != nil {
				t.Fatal(err)
			}
			if r.Rejections != want {
				t.Errorf("%s: %s rejections = %d, want %d", v.ID, m, r.Rejections, want)
			}
		}
	case v.has("y_true") && v.has("y_pred") && v.has("sensitive"):
		checkFairlearn(t, v)
	default:
		return false
	}
	return true
}

func checkIntervals(t *testing.T, v vector, x, n int, conf float64) {
	for _, m := range []CIMethod{CIWilson, CIClopperPearson} {
		r, err := Proportion(x, n, m, conf)
		if err != nil {
			t.Fatal(err)
		}
		checkPair(t, v, m, r)
	}
}

func checkPair(t *testing.T, v vector, m CIMethod, r RateEstimate) {
	key := map[CIMethod]string{CIWilson: "wilson", CIClopperPearson: "clopper_pearson"}[m]
	var want []float64
	if !v.want(t, key, &want) {
		return
	}
	if len(want) != 2 {
		t.Fatalf("%s: %s is not a pair", v.ID, key)
	}
	v.closeTo(t, key+" lo", r.Lo, want[0])
	v.closeTo(t, key+" hi", r.Hi, want[1])
}

func checkFairlearn(t *testing.T, v vector) {
	var yt, yp []int
	var sens []string
	v.in(t, "y_true", &yt)
	v.in(t, "y_pred", &yp)
	v.in(t, "sensitive", &sens)
	act, pred := make([]bool, len(yt)), make([]bool, len(yp))
	for i := range yt {
		act[i] = yt[i] == 1
	}
	for i := range yp {
		pred[i] = yp[i] == 1
	}
	p, err := LabelPredictions(sens, act, pred)
	if err != nil {
		t.Fatal(err)
	}
	spec := EquitySpec{
		Metrics:  []RateMetric{MetricTPR, MetricFPR, MetricSelection},
		Interval: CIWilson, Confidence: 0.95,
		Precision: Precision{HalfWidth: 0.1, MinCount: 30},
		Alpha:     0.05, Correction: Holm,
	}
	r, err := AssessEquity(p, spec)
	if err != nil {
		t.Fatal(err)
	}
	key := map[RateMetric]string{MetricTPR: "tpr", MetricFPR: "fpr", MetricSelection: "sel"}
	byMetric := map[string]MetricDisparity{}
	for _, d := range r.Disparities {
		byMetric[key[d.Metric]] = d
	}
	var overall map[string]float64
	if v.want(t, "overall", &overall) {
		for k, w := range overall {
			if k == "count" {
				if r.Overall.N() != int(w) {
					t.Errorf("%s: overall count %d, want %v", v.ID, r.Overall.N(), w)
				}
				continue
			}
			v.closeTo(t, "overall "+k, byMetric[k].Overall.Value, w)
		}
	}
	var byGroup map[string]map[string]float64
	if v.want(t, "by_group", &byGroup) {
		for g, ms := range byGroup {
			for k, w := range ms {
				found := false
				for _, gm := range r.Metrics {
					if gm.Group == g && key[gm.Metric] == k {
						v.closeTo(t, g+" "+k, gm.Rate.Value, w)
						found = true
					}
				}
				if k == "count" {
					for _, gc := range r.Groups {
						if gc.Group == g && gc.Counts.N() != int(w) {
							t.Errorf("%s: group %s count %d, want %v", v.ID, g, gc.Counts.N(), w)
						}
					}
					found = true
				}
				if !found {
					t.Errorf("%s: group %s metric %s not reported", v.ID, g, k)
				}
			}
		}
	}
	for field, get := range map[string]func(MetricDisparity) float64{
		"difference_between_groups": func(d MetricDisparity) float64 { return d.DifferenceBetween },
		"ratio_between_groups":      func(d MetricDisparity) float64 { return d.RatioBetween },
		"difference_to_overall":     func(d MetricDisparity) float64 { return d.DifferenceToOverall },
		"ratio_to_overall":          func(d MetricDisparity) float64 { return d.RatioToOverall },
	} {
		var want map[string]float64
		if !v.want(t, field, &want) {
			continue
		}
		for k, w := range want {
			v.closeTo(t, field+" "+k, get(byMetric[k]), w)
		}
	}
	f := r.Fairness
	for field, got := range map[string]*float64{
		"demographic_parity_difference": f.DemographicParityDifference,
		"demographic_parity_ratio":      f.DemographicParityRatio,
		"equalized_odds_difference":     f.EqualizedOddsDifference,
		"equalized_odds_ratio":          f.EqualizedOddsRatio,
		"equal_opportunity_difference":  f.EqualOpportunityDifference,
		"equal_opportunity_ratio":       f.EqualOpportunityRatio,
	} {
		var w float64
		if !v.want(t, field, &w) {
			continue
		}
		if got == nil {
			t.Errorf("%s: %s not reported", v.ID, field)
			continue
		}
		v.closeTo(t, field, *got, w)
	}
	// The point of the vector: groups of 4, 6 and 8 can never support a
	// "no disparity" verdict.
	if r.Status == NoDisparity {
		t.Errorf("%s: status %s on groups of 4, 6 and 8", v.ID, r.Status)
	}
}
