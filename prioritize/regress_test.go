package prioritize

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Regression tests for the instances of issue 21: each failed before the
// fix it names.

// applyScore returns items with one score replaced (the inputs untouched).
func applyScore(items []Item, id, criterion string, v float64) []Item {
	out := slices.Clone(items)
	for i := range out {
		if out[i].ID != id {
			continue
		}
		out[i].Scores = slices.Clone(out[i].Scores)
		for q := range out[i].Scores {
			if out[i].Scores[q].Criterion == criterion {
				out[i].Scores[q] = Score{Criterion: criterion, Value: v}
			}
		}
	}
	return out
}

// checkScoreClaim re-ranks with the reported smallest score change applied
// and fails unless Rank places the reported new winner first.
func checkScoreClaim(t *testing.T, m Model, items []Item, rep SensitivityReport) {
	t.Helper()
	sc := rep.Score
	if !sc.Possible {
		return
	}
	r, err := Rank(m, applyScore(items, sc.Item, sc.Criterion, sc.To))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Entries[0].ID; got != sc.NewWinner || got == rep.Winner {
		t.Errorf("moving %s's %s from %g to %g: Rank puts %s first, the report says %s (winner was %s)",
			sc.Item, sc.Criterion, sc.From, sc.To, got, sc.NewWinner, rep.Winner)
	}
}

// noiseModel is issue 21's defect 2 instance: fixed-ratio weights without a
// Critical tier, 1–5 scales with levels; W and A tie at 7/9 up to 1e-16 once
// A's c0 moves 3 → 2, and W stays first by cost.
func noiseModel() (Model, []Item) {
	sc := Scale{Min: 1, Max: 5}
	for v := 1; v <= 5; v++ {
		sc.Levels = append(sc.Levels, Level{Value: float64(v), Label: "level"})
	}
	m := Model{ID: "noise", Version: "1", Criteria: []Criterion{
		{ID: "c0", Tier: TierHigh, Direction: Cost, Scale: sc},
		{ID: "c1", Tier: TierLow, Direction: Cost, Scale: sc},
		{ID: "c2", Tier: TierHigh, Direction: Benefit, Scale: sc},
		{ID: "c3", Tier: TierMedium, Direction: Benefit, Scale: sc},
	}, Weighting: Weighting{Scheme: SchemeFixedRatio}}
	item := func(id string, cost int64, v ...float64) Item {
		it := Item{ID: id, Cost: decimal.NewFromInt(cost)}
		for j, x := range v {
			it.Scores = append(it.Scores, Score{Criterion: m.Criteria[j].ID, Value: x})
		}
		return it
	}
	return m, []Item{item("W", 1, 1, 3, 5, 2), item("A", 5, 3, 1, 4, 4)}
}

func TestScoreChangeFloatNoise(t *testing.T) {
	m, items := noiseModel()
	rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkScoreClaim(t, m, items, rep)
	if sc := rep.Score; sc.Item == "A" && sc.Criterion == "c0" && sc.To == 2 {
		t.Errorf("A's c0 3 → 2 reported as a winner change, but A only ties W within ε and W is cheaper: %+v", sc)
	}
	r, err := Rank(m, applyScore(items, "A", "c0", 2))
	if err != nil {
		t.Fatal(err)
	}
	if r.Entries[0].ID != "W" || r.Entries[1].TieBreak != TieBreakCost {
		t.Errorf("Rank after A's c0 = 2: %s first, %s by %q; want W first, A by cost", r.Entries[0].ID, r.Entries[1].ID, r.Entries[1].TieBreak)
	}
}

func TestCriticalScoreTolerance(t *testing.T) {
	// Critical weights 0.1 + 0.2 against 0.3: X's critical score is
	// 0.30000000000000004, Y's 0.3, a difference of 5.6e-17 that is float
	// noise; the next step (cost) must decide.
	sc := Scale{Min: 0, Max: 1}
	m := Model{ID: "crit", Version: "1", Criteria: []Criterion{
		{ID: "a", Tier: TierCritical, Direction: Benefit, Scale: sc},
		{ID: "b", Tier: TierCritical, Direction: Benefit, Scale: sc},
		{ID: "c", Tier: TierCritical, Direction: Benefit, Scale: sc},
		{ID: "d", Tier: TierHigh, Direction: Benefit, Scale: sc},
	}, Weighting: Weighting{Scheme: SchemeExplicit, Policy: SumAsGiven,
		Values: map[string]float64{"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4}}}
	item := func(id string, cost int64, v ...float64) Item {
		it := Item{ID: id, Cost: decimal.NewFromInt(cost)}
		for j, x := range v {
			it.Scores = append(it.Scores, Score{Criterion: m.Criteria[j].ID, Value: x})
		}
		return it
	}
	r, err := Rank(m, []Item{item("X", 9, 1, 1, 0, 1), item("Y", 1, 0, 0, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{r.Entries[0].ID, r.Entries[1].ID, r.Entries[1].TieBreak}
	if diff := cmp.Diff([]string{"Y", "X", TieBreakCost}, got); diff != "" {
		t.Errorf("critical scores equal up to 5.6e-17 must count as tied (-want +got):\n%s", diff)
	}
}

func TestScoreChangeBlockedRival(t *testing.T) {
	// Issue 21's defect 3 instance: blocked fails the patient-safety gate
	// at 2; one level more unblocks it and its other scores put it first
	// (0.8375 against 0.5049).
	m := HealthcareDefault()
	item := func(id string, v ...float64) Item {
		it := Item{ID: id}
		for j, x := range v {
			it.Scores = append(it.Scores, Score{Criterion: m.Criteria[j].ID, Value: x})
		}
		return it
	}
	items := []Item{item("passing", 4, 2, 2, 3, 2, 3), item("blocked", 2, 5, 5, 5, 5, 1), item("third", 3, 1, 1, 2, 1, 5)}
	rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkScoreClaim(t, m, items, rep)
	sc := rep.Score
	got := []any{sc.Item, sc.Criterion, sc.From, sc.To, sc.Levels, sc.NewWinner, rep.Fragile}
	want := []any{"blocked", PatientSafety, 2.0, 3.0, 1, "blocked", true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("smallest score change (item, criterion, from, to, levels, new winner, fragile) (-want +got):\n%s", diff)
	}
}

func TestValidatePairwiseThreeDecimals(t *testing.T) {
	tests := []struct {
		name, reason string
		m            [][]float64
		ok           bool
	}{
		{"1/9", "0.111 is the documented three-decimal 1/9 (9 × 0.111 = 0.999 up to rounding)", [][]float64{{1, 9}, {0.111, 1}}, true},
		{"1/9 below", "the lower triangle may hold the 9", [][]float64{{1, 0.111}, {9, 1}}, true},
		{"1/6", "0.167 rounds 1/6 (6 × 0.167 = 1.002)", [][]float64{{1, 6}, {0.167, 1}}, true},
		{"1/7", "0.143 rounds 1/7", [][]float64{{1, 7}, {0.143, 1}}, true},
		{"1/3 two decimals", "0.33 is not 1/3 to three decimals and 3 × 0.33 = 0.99", [][]float64{{1, 3}, {0.33, 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidatePairwise(tt.m); (err == nil) != tt.ok {
				t.Errorf("%s: ValidatePairwise = %v, want ok %v", tt.reason, err, tt.ok)
			}
		})
	}
}
