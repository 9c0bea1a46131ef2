package prioritize

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// twoCriteria is a model with explicit weights 0.6 / 0.4 on 0–10 benefit
// scales and items A = (10, 0), B = (0, 10), C = (5, 5).
func twoCriteria() (Model, []Item) {
	m := Model{ID: "two", Version: "1", Criteria: []Criterion{
		{ID: "c0", Tier: TierCritical, Direction: Benefit, Scale: Scale{Min: 0, Max: 10}},
		{ID: "c1", Tier: TierHigh, Direction: Benefit, Scale: Scale{Min: 0, Max: 10}},
	}, Weighting: Weighting{Scheme: SchemeExplicit, Values: map[string]float64{"c0": 0.6, "c1": 0.4}}}
	pt := func(id string, a, b float64) Item {
		return Item{ID: id, Scores: []Score{{Criterion: "c0", Value: a}, {Criterion: "c1", Value: b}}}
	}
	return m, []Item{pt("A", 10, 0), pt("B", 0, 10), pt("C", 5, 4)}
}

func TestAnalyzeSensitivityReference(t *testing.T) {
	// Scores: A = 0.6, C = 0.46, B = 0.4. With w0 = t and w1 = 1 − t:
	// A(t) = t, B(t) = 1 − t, C(t) = 0.5t + 0.4(1 − t) = 0.4 + 0.1t.
	// A − B = 2t − 1 (zero at 0.5), A − C = 0.9t − 0.4 (zero at 4/9),
	// C − B = 1.1t − 0.6 (zero at 6/11).
	m, items := twoCriteria()
	rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	approx := cmpopts.EquateApprox(0, 1e-12)
	// A holds the Critical c0 advantage in every tie, so B (and C's rival B)
	// must lead by more than ε = 1e-9: the boundaries sit ε/2 (ε/1.1) past
	// the equal-score points.
	const eps = DefaultEpsilon
	c0 := 0.5 - eps/2
	cb := (0.6 - eps) / 1.1
	tests := []struct {
		name, reason string
		got, want    any
	}{
		{"winner", "A scores 0.6", rep.Winner, "A"},
		{"runner-up", "C scores 0.46", rep.RunnerUp, "C"},
		{"c0 down", "going down from 0.6, B leads A by more than ε below 0.5 − ε/2, before C passes A near 4/9",
			rep.Criteria[0].Down, WeightChange{Possible: true, Weight: c0, Delta: c0 - 0.6, Relative: (c0 - 0.6) / 0.6, By: "B", Crossing: CrossingLead}},
		{"c0 up", "raising c0 only helps A", rep.Criteria[0].Up, WeightChange{Note: NoChangePossible}},
		{"c1 up", "w1 = 1 − w0 crosses the A/B boundary at 0.5 + ε/2", rep.Criteria[1].Up,
			WeightChange{Possible: true, Weight: 1 - c0, Delta: 0.6 - c0, Relative: (0.6 - c0) / 0.4, By: "B", Crossing: CrossingLead}},
		{"pair C/B c0 down", "C − B = 1.1t − 0.6 falls below −ε at (0.6 − ε)/1.1, below the current 0.6",
			rep.Criteria[0].Pairs[1].Down, WeightChange{Possible: true, Weight: cb, Delta: cb - 0.6, Relative: (cb - 0.6) / 0.6, By: "B", Crossing: CrossingLead}},
		{"most critical relative", "1/6 < 1/4", rep.MostCriticalRelative, "c0"},
		{"method", "weighted sum is analytic", rep.Method, MethodAnalyticWS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got, approx); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestScoreSensitivity(t *testing.T) {
	// A leads C by 0.14; one unit of c0 is worth 0.06, so either A drops or C
	// gains 7/3 units of c0 (a c1 change for C would need 3.5 units), plus
	// ε/0.06 because A keeps the higher critical score and wins a tie.
	m, items := twoCriteria()
	rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Score
	want := ScoreChange{Possible: true, Item: got.Item, Criterion: "c0", From: got.From, To: got.From + got.Change,
		Change: math.Copysign(7.0/3+DefaultEpsilon/0.06, got.Change), NewWinner: "C", Exact: true}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("smallest score change (-want +got):\n%s", diff)
	}
	if got.Item != "A" && got.Item != "C" {
		t.Errorf("item %q, want A or C", got.Item)
	}
}

// TestSweepMatchesAnalytic runs the numeric sweep on a weighted-sum model
// and compares it with the closed form.
func TestSweepMatchesAnalytic(t *testing.T) {
	m, items := twoCriteria()
	c, err := m.compile()
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.score(items)
	if err != nil {
		t.Fatal(err)
	}
	opts := SensitivityOptions{}
	if err := opts.fill(); err != nil {
		t.Fatal(err)
	}
	an := newAnalyzer(s, items, opts)
	sw := newAnalyzer(s, items, opts)
	sw.v = nil
	for k := range m.Criteria {
		for _, pair := range [][2]int{{0, 2}, {2, 1}, {0, 1}} {
			ad, au := an.pairChange(k, pair[0], []int{pair[1]})
			sd, su := sw.pairChange(k, pair[0], []int{pair[1]})
			if diff := cmp.Diff([]WeightChange{ad, au}, []WeightChange{sd, su}, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("criterion %d pair %v: sweep differs from analytic (-analytic +sweep):\n%s", k, pair, diff)
			}
		}
	}
}

func TestAnalyzeSensitivityErrors(t *testing.T) {
	m, items := twoCriteria()
	tests := []struct {
		name, reason string
		items        []Item
		opts         SensitivityOptions
	}{
		{"one item", "a winner needs a rival", items[:1], SensitivityOptions{}},
		{"negative relative", "a negative share is meaningless", items, SensitivityOptions{FragileRelative: -0.1}},
		{"NaN relative", "NaN never compares", items, SensitivityOptions{FragileRelative: math.NaN()}},
		{"huge sweep", "bounded work", items, SensitivityOptions{SweepSteps: 1 << 30}},
		{"bad score", "items are validated", []Item{{ID: "X", Scores: []Score{{Criterion: "c0", Value: 11}, {Criterion: "c1"}}}, items[1]}, SensitivityOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AnalyzeSensitivity(m, tt.items, tt.opts)
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("%s: err = %v, want ErrInvalidInput", tt.reason, err)
			}
		})
	}
}
