package prioritize

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// tieModel has a Critical criterion (weight 0.5) and two High ones (0.25
// each) on 0–10 scales; c2 carries a gate at 2.
func tieModel() Model {
	s := Scale{Min: 0, Max: 10}
	return Model{ID: "tie", Version: "1",
		Criteria: []Criterion{
			{ID: "c1", Tier: TierCritical, Direction: Benefit, Scale: s},
			{ID: "c2", Tier: TierHigh, Direction: Benefit, Scale: s, Gate: &Gate{Threshold: 2}},
			{ID: "c3", Tier: TierHigh, Direction: Benefit, Scale: s},
		},
		Weighting: Weighting{Scheme: SchemeExplicit, Values: map[string]float64{"c1": 0.5, "c2": 0.25, "c3": 0.25}},
	}
}

func pts(id string, cost int64, v ...float64) Item {
	it := Item{ID: id, Cost: decimal.NewFromInt(cost)}
	for j, x := range v {
		it.Scores = append(it.Scores, Score{Criterion: "c" + string(rune('1'+j)), Value: x})
	}
	return it
}

type rankRow struct {
	ID       string
	Rank     int
	TieGroup int
	TieBreak string
	Blocked  bool
}

func rows(r Ranking) []rankRow {
	out := make([]rankRow, len(r.Entries))
	for i, e := range r.Entries {
		out[i] = rankRow{e.ID, e.Rank, e.TieGroup, e.TieBreak, e.Blocked}
	}
	return out
}

func TestRankTieBreakCascade(t *testing.T) {
	items := []Item{
		pts("Z-ID", 50, 6, 4, 4),    // same as A-CRIT but a later ID
		pts("B-LOW", 50, 4, 6, 6),   // same total as A-CRIT, less critical score
		pts("TOP", 50, 10, 10, 10),  // alone at the top
		pts("A-CRIT", 50, 6, 4, 4),  // 0.5
		pts("C-COST", 90, 6, 4, 4),  // as A-CRIT but dearer
		pts("E-GATE", 50, 4, 4, 8),  // 0.5 with c1 = 4 like B-LOW, tighter gate
		pts("BLOCK", 10, 10, 1, 10), // higher score but fails the c2 gate
		pts("LAST", 50, 0, 2, 0),    // alone near the bottom
		pts("F-GATE", 50, 4, 8, 4),  // ties E-GATE with more gate room
	}
	r, err := Rank(tieModel(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []rankRow{
		{"TOP", 1, 0, "", false},
		{"A-CRIT", 2, 1, "", false},
		{"Z-ID", 2, 1, TieBreakID, false},
		{"C-COST", 2, 1, TieBreakCost, false},
		{"F-GATE", 2, 1, TieBreakCritical, false},
		{"B-LOW", 2, 1, TieBreakGateMargin, false},
		{"E-GATE", 2, 1, TieBreakGateMargin, false},
		{"LAST", 8, 0, "", false},
		{"BLOCK", 9, 0, "", true},
	}
	if diff := cmp.Diff(want, rows(r)); diff != "" {
		t.Errorf("Rank() mismatch (-want +got):\n%s", diff)
	}
	ex, err := Explain(r, "E-GATE", "A-CRIT")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Above != "A-CRIT" || ex.Reason != ReasonTieBreak || ex.TieBreak != TieBreakCritical {
		t.Errorf("Explain(E-GATE, A-CRIT) = above %s, %s/%s; want A-CRIT, tie_break/critical_score", ex.Above, ex.Reason, ex.TieBreak)
	}
	ex, _ = Explain(r, "BLOCK", "LAST")
	if ex.Above != "LAST" || ex.Reason != ReasonGate || len(ex.Gates) != 1 || ex.Gates[0].Margin != -1 {
		t.Errorf("Explain(BLOCK, LAST) = %+v; want LAST above by gate c2 short by 1", ex)
	}
	if _, err := Explain(r, "TOP", "NOPE"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Explain with an unknown ID: err = %v, want ErrNotFound", err)
	}
}

func TestRankEpsilonTies(t *testing.T) {
	tests := []struct {
		name, reason string
		eps          float64
		wantRanks    []int
	}{
		{"default", "scores 5e-4 apart differ beyond the default ε", 0, []int{1, 2, 3}},
		{"wide", "with ε = 1e-3 the first two tie", 1e-3, []int{1, 1, 3}},
		{"chain", "ties chain from the group leader only: C is 0.0015 below the leader, 0.001 below B", 0.0012, []int{1, 1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tieModel()
			m.Epsilon = tt.eps
			m.Criteria[1].Gate = nil
			// c1 moves the score by 0.05 per unit: A 0.5, B 0.4995, C 0.4985.
			items := []Item{pts("A", 1, 6, 4, 4), pts("B", 1, 5.99, 4, 4), pts("C", 1, 5.97, 4, 4)}
			r, err := Rank(m, items)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, e := range r.Entries {
				got = append(got, e.Rank)
			}
			if diff := cmp.Diff(tt.wantRanks, got); diff != "" {
				t.Errorf("ranks mismatch (%s) (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestRankContributionsAndJSON(t *testing.T) {
	m := HealthcareDefault()
	items := []Item{
		healthItem("EHR-INT", 4, 3, 5, 4, 3, 2),
		healthItem("PORTAL", 3, 2, 3, 5, 3, 2),
		healthItem("WORSE", 3, 2, 3, 4, 3, 2), // dominated by PORTAL
	}
	r, err := Rank(m, items)
	if err != nil {
		t.Fatal(err)
	}
	// EHR-INT by hand: ROC weights × (x−1)/4, user adoption risk reversed.
	wc, wh, wm := 0.325, 47.0/360, 2.0/45
	want := wc*0.75 + wh*0.5 + wh*1 + wc*0.75 + wm*0.5 + wm*0.75
	if e := r.Entries[0]; e.ID != "EHR-INT" || math.Abs(e.Score-want) > 1e-12 {
		t.Errorf("first entry %s %.15f, want EHR-INT %.15f", e.ID, e.Score, want)
	}
	for _, e := range r.Entries {
		var sum, share float64
		for _, c := range e.Contributions {
			sum += c.Weighted
			share += c.Share
		}
		if math.Abs(sum-e.Score) > 1e-12 || math.Abs(share-1) > 1e-12 {
			t.Errorf("%s: contributions sum to %v (shares %v), score %v", e.ID, sum, share, e.Score)
		}
	}
	if w := r.Entries[2]; !w.Dominated || w.DominatedBy != "EHR-INT" {
		t.Errorf("WORSE: dominated=%v by %q, want true by EHR-INT (the best placed dominator)", w.Dominated, w.DominatedBy)
	}
	if p := r.Entries[1]; p.Dominated {
		t.Errorf("PORTAL flagged dominated by %q; its regulatory score is the highest", p.DominatedBy)
	}
	if r.ModelHash != m.Hash() || r.LibraryVersion != LibraryVersion || r.Scheme != "roc-tied-average/v1" {
		t.Errorf("audit fields: %q %q %q", r.ModelHash, r.LibraryVersion, r.Scheme)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Ranking
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	for _, key := range []string{`"model_hash"`, `"contributions"`, `"tie_breaks"`, `"normalization":"absolute"`, `"cost":"100"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestRankOrderIndependent(t *testing.T) {
	items := []Item{pts("A", 1, 6, 4, 4), pts("B", 1, 4, 6, 6), pts("C", 1, 6, 4, 4), pts("D", 1, 9, 1, 9)}
	r1, err := Rank(tieModel(), items)
	if err != nil {
		t.Fatal(err)
	}
	rev := slices.Clone(items)
	slices.Reverse(rev)
	r2, err := Rank(tieModel(), rev)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("ranking depends on input order (-want +got):\n%s", diff)
	}
	if items[0].ID != "A" {
		t.Errorf("input mutated")
	}
}

func TestPresets(t *testing.T) {
	rice := func(id string, reach, impact, conf, effort float64) Item {
		return Item{ID: id, Scores: []Score{{Criterion: "reach", Value: reach}, {Criterion: "impact", Value: impact},
			{Criterion: "confidence", Value: conf}, {Criterion: "effort", Value: effort}}}
	}
	ice := func(id string, i, c, e float64) Item {
		return Item{ID: id, Scores: []Score{{Criterion: "impact", Value: i}, {Criterion: "confidence", Value: c}, {Criterion: "ease", Value: e}}}
	}
	tests := []struct {
		name, reason string
		m            Model
		items        []Item
		want         []float64
	}{
		{"rice", "RICE = reach × impact × confidence / effort", RICE(),
			[]Item{rice("A", 2000, 2, 0.8, 4), rice("B", 500, 3, 1, 1)}, []float64{800, 1500}},
		{"ice product", "ICE product multiplies the three scores", ICEProduct(),
			[]Item{ice("A", 8, 5, 3), ice("B", 10, 10, 10)}, []float64{120, 1000}},
		{"ice mean", "ICE mean averages the three scores", ICEMean(),
			[]Item{ice("A", 8, 5, 2), ice("B", 10, 10, 10)}, []float64{5, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Scores(tt.m, tt.items)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, approx(1e-9)); diff != "" {
				t.Errorf("Scores() mismatch (%s) (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestRankRelativeNormalizations(t *testing.T) {
	m := tieModel()
	m.Criteria[1].Gate = nil
	items := []Item{pts("A", 1, 5, 4, 3), pts("B", 1, 7, 4, 9), pts("C", 1, 1, 4, 2)}
	for _, tc := range []struct {
		agg  Aggregation
		norm Normalization
	}{{TOPSIS, NormVector}, {TOPSIS, NormMinMax}, {WeightedSum, NormMinMax}, {WeightedProduct, NormSum}} {
		m.Aggregation, m.Normalization = tc.agg, tc.norm
		r, err := Rank(m, items)
		if err != nil {
			t.Fatalf("%s/%s: %v", tc.agg, tc.norm, err)
		}
		if r.Entries[0].ID != "B" || r.Entries[2].ID != "C" {
			t.Errorf("%s/%s: order %v, want B first and C last (B dominates)", tc.agg, tc.norm, rows(r))
		}
		wantWarn := []Warning{{Code: WarnRelativeNormalization}, {Code: WarnConstantColumn, Criterion: "c2"}}
		if diff := cmp.Diff(wantWarn, r.Warnings, cmpopts.IgnoreFields(Warning{}, "Message")); diff != "" {
			t.Errorf("%s/%s: warnings mismatch (-want +got):\n%s", tc.agg, tc.norm, diff)
		}
		// The matrix engine agrees with Rank.
		mr, err := EvaluateMatrix(Matrix{Values: [][]float64{{5, 4, 3}, {7, 4, 9}, {1, 4, 2}}, Weights: []float64{0.5, 0.25, 0.25},
			Directions: []Direction{Benefit, Benefit, Benefit}}, MatrixOptions{Aggregation: tc.agg, Normalization: tc.norm})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Scores(m, items)
		if diff := cmp.Diff(mr.Scores, s, approx(1e-15)); diff != "" {
			t.Errorf("%s/%s: EvaluateMatrix and Scores disagree:\n%s", tc.agg, tc.norm, diff)
		}
	}
}

func TestRankIntervalGatesPessimistic(t *testing.T) {
	m := tieModel()
	it := pts("A", 1, 5, 5, 5)
	it.Scores[1] = Score{Criterion: "c2", Kind: ScoreInterval, Min: 1, Max: 9}
	r, err := Rank(m, []Item{it})
	if err != nil {
		t.Fatal(err)
	}
	e := r.Entries[0]
	if !e.Blocked || e.Gates[0].Score != 1 || e.Contributions[1].Raw != 5 {
		t.Errorf("interval gate: blocked=%v gate score %v raw %v; want blocked on min 1, scored on midpoint 5",
			e.Blocked, e.Gates[0].Score, e.Contributions[1].Raw)
	}
}

// TestRankCostGate gates a cost criterion: a cost passes when it is at most
// the threshold, and the margin is threshold − score.
func TestRankCostGate(t *testing.T) {
	s := Scale{Min: 1, Max: 5}
	m := Model{ID: "costgate", Version: "1", Criteria: []Criterion{
		{ID: "c1", Tier: TierHigh, Direction: Benefit, Scale: s},
		{ID: "c2", Tier: TierHigh, Direction: Cost, Scale: s, Gate: &Gate{Threshold: 3}},
	}}
	r, err := Rank(m, []Item{pts("DEAR", 0, 5, 4), pts("CHEAP", 0, 1, 1), pts("EDGE", 0, 2, 3)})
	if err != nil {
		t.Fatal(err)
	}
	type gateRow struct {
		ID      string
		Blocked bool
		Passed  bool
		Margin  float64
	}
	var got []gateRow
	for _, e := range r.Entries {
		got = append(got, gateRow{e.ID, e.Blocked, e.Gates[0].Passed, e.Gates[0].Margin})
	}
	want := []gateRow{
		{"CHEAP", false, true, 2}, // 1 ≤ 3 passes by 2
		{"DEAR", true, false, -1}, // 4 > 3 fails by 1 despite the top score
		{"EDGE", false, true, 0},  // 3 ≤ 3 passes with no room
	}
	slices.SortFunc(got, func(a, b gateRow) int { return strings.Compare(a.ID, b.ID) })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a cost gate passes low values (-want +got):\n%s", diff)
	}
}

// TestRankGateMarginBeforeCost ties two items whose gate room and cost
// disagree: the gate margin comes first in the cascade.
func TestRankGateMarginBeforeCost(t *testing.T) {
	// Both score 0.5 with c1 = 5 (equal critical scores); ROOMY has c2 = 8
	// (room 0.6, dearer), TIGHT c2 = 4 (room 0.2, cheaper).
	r, err := Rank(tieModel(), []Item{pts("TIGHT", 10, 5, 4, 6), pts("ROOMY", 90, 5, 8, 2)})
	if err != nil {
		t.Fatal(err)
	}
	want := []rankRow{{"ROOMY", 1, 1, "", false}, {"TIGHT", 1, 1, TieBreakGateMargin, false}}
	if diff := cmp.Diff(want, rows(r)); diff != "" {
		t.Errorf("gate margin decides before cost (-want +got):\n%s", diff)
	}
}

// TestRankEpsilonBoundary puts two scores exactly Epsilon apart (dyadic
// weights and scores, so the gap 0.25 is exact): they are tied.
func TestRankEpsilonBoundary(t *testing.T) {
	s := Scale{Min: 0, Max: 1}
	m := Model{ID: "eps", Version: "1", Epsilon: 0.25, Criteria: []Criterion{
		{ID: "c1", Tier: TierHigh, Direction: Benefit, Scale: s},
		{ID: "c2", Tier: TierHigh, Direction: Benefit, Scale: s},
	}, Weighting: Weighting{Scheme: SchemeExplicit, Values: map[string]float64{"c1": 0.5, "c2": 0.5}}}
	r, err := Rank(m, []Item{pts("HIGH", 9, 1, 0.5), pts("LOW", 1, 0.5, 0.5), pts("OUT", 0, 0.5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	// HIGH 0.75, LOW 0.5 (gap exactly ε: tied, LOW first by cost), OUT 0.25
	// (0.5 below the group's leader).
	want := []rankRow{{"LOW", 1, 1, "", false}, {"HIGH", 1, 1, TieBreakCost, false}, {"OUT", 3, 0, "", false}}
	if diff := cmp.Diff(want, rows(r)); diff != "" {
		t.Errorf("a gap of exactly ε is a tie (-want +got):\n%s", diff)
	}
}

// TestExplainDeltaOrientation: whatever order the caller asks in, each
// criterion's fields describe the item placed above and the one below, and
// Delta is WeightedAbove − WeightedBelow (issue 21, defect 4).
func TestExplainDeltaOrientation(t *testing.T) {
	m := HealthcareDefault()
	mk := func(id string, v ...float64) Item {
		it := Item{ID: id}
		for i, c := range m.Criteria {
			it.Scores = append(it.Scores, Score{Criterion: c.ID, Value: v[i]})
		}
		return it
	}
	r, err := Rank(m, []Item{mk("hi", 5, 5, 4, 5, 4, 2), mk("lo", 4, 3, 4, 4, 2, 4)})
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][2]string{{"hi", "lo"}, {"lo", "hi"}} {
		ex, err := Explain(r, order[0], order[1])
		if err != nil {
			t.Fatal(err)
		}
		if ex.Above != "hi" || ex.Below != "lo" {
			t.Fatalf("Explain%v: above %s below %s", order, ex.Above, ex.Below)
		}
		for _, c := range ex.Criteria {
			if math.Abs(c.Delta-(c.WeightedAbove-c.WeightedBelow)) > 1e-15 {
				t.Errorf("Explain%v %s: Delta %g, WeightedAbove − WeightedBelow %g", order, c.Criterion, c.Delta, c.WeightedAbove-c.WeightedBelow)
			}
		}
		for _, c := range ex.Criteria {
			if c.Criterion == "patient_safety" && (c.RawAbove != 5 || c.RawBelow != 4) {
				t.Errorf("Explain%v patient_safety: raw %g / %g, want 5 (above) / 4 (below)", order, c.RawAbove, c.RawBelow)
			}
		}
	}
}
