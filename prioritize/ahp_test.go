package prioritize

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidatePairwiseNamesCells(t *testing.T) {
	tests := []struct {
		name, reason string
		m            [][]float64
		wantPaths    []string
	}{
		{"ok", "a reciprocal matrix on the scale is valid", [][]float64{{1, 3}, {1.0 / 3, 1}}, nil},
		{"not square", "every row needs n entries", [][]float64{{1, 3}, {1}}, []string{"pairwise[1]"}},
		{"diagonal", "the diagonal must be 1", [][]float64{{2, 3}, {1.0 / 3, 1}}, []string{"pairwise[0][0]"}},
		{"scale", "12 is beyond Saaty's 9", [][]float64{{1, 12}, {1.0 / 12, 1}}, []string{"pairwise[0][1]", "pairwise[1][0]"}},
		{"negative", "judgments are positive", [][]float64{{1, -3}, {1.0 / 3, 1}}, []string{"pairwise[0][1]"}},
		{"reciprocal", "a_ji must be 1/a_ij", [][]float64{{1, 3, 1}, {0.5, 1, 1}, {1, 1, 1}}, []string{"pairwise[1][0]"}},
		{"half missing", "a missing cell whose mirror is given", [][]float64{{1, 3}, {0, 1}}, []string{"pairwise[1][0]"}},
		{"nan", "NaN is rejected", [][]float64{{1, math.NaN()}, {1, 1}}, []string{"pairwise[0][1]"}},
		{"disconnected", "missing judgments must leave the rows connected",
			[][]float64{{1, 2, 0, 0}, {0.5, 1, 0, 0}, {0, 0, 1, 3}, {0, 0, 1.0 / 3, 1}}, []string{"pairwise"}},
		{"empty", "an empty matrix has no priorities", [][]float64{}, []string{"pairwise"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePairwise(tt.m)
			if diff := cmp.Diff(tt.wantPaths, fieldPaths(err)); diff != "" {
				t.Errorf("ValidatePairwise paths mismatch (%s) (-want +got):\n%s", tt.reason, diff)
			}
			if tt.wantPaths != nil && !errors.Is(err, ErrInvalidInput) {
				t.Errorf("err = %v, want ErrInvalidInput", err)
			}
		})
	}
}

func TestAHPSmallAndLarge(t *testing.T) {
	r, err := AHP([][]float64{{1, 4}, {0.25, 1}}, AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]float64{0.8, 0.2}, r.Weights, approx(1e-12)); diff != "" || r.CR != 0 || !r.Consistent {
		t.Errorf("2×2: weights %v CR %v; want [0.8 0.2], CR 0 (n ≤ 2)", r.Weights, r.CR)
	}
	ones := func(n int) [][]float64 {
		m := make([][]float64, n)
		for i := range m {
			m[i] = make([]float64, n)
			for j := range m[i] {
				m[i][j] = 1
			}
		}
		return m
	}
	if _, err := AHP(ones(16), AHPOptions{}); !errors.Is(err, ErrOutOfTable) {
		t.Errorf("16×16 with saaty1980: err = %v, want ErrOutOfTable", err)
	}
	for _, tb := range []RITable{RIJMcDM, RIDoneganDodd1991} {
		r, err := AHP(ones(16), AHPOptions{RITable: tb})
		if err != nil || r.CR != 0 {
			t.Errorf("16×16 with %s: CR %v err %v; want 0, nil", tb, r.CR, err)
		}
	}
}

func TestAHPCompletionTwoMissing(t *testing.T) {
	m := [][]float64{
		{1, 2, 0, 4, 3},
		{0.5, 1, 3, 0, 2},
		{0, 1.0 / 3, 1, 2, 1},
		{0.25, 0, 0.5, 1, 1.0 / 3},
		{1.0 / 3, 0.5, 1, 3, 1},
	}
	r, err := AHP(m, AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Completed) != 2 {
		t.Fatalf("completed %v, want two cells", r.Completed)
	}
	// The completion minimizes λmax: nudging either filled cell raises it.
	lambda := func(m [][]float64) float64 {
		rr, err := AHP(m, AHPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return rr.LambdaMax
	}
	for _, c := range r.Completed {
		for _, f := range []float64{0.97, 1.03} {
			mm := make([][]float64, len(r.Matrix))
			for i := range mm {
				mm[i] = append([]float64(nil), r.Matrix[i]...)
			}
			mm[c.Row][c.Col] *= f
			mm[c.Col][c.Row] = 1 / mm[c.Row][c.Col]
			if l := lambda(mm); l < r.LambdaMax-1e-12 {
				t.Errorf("cell [%d][%d]×%v gives λmax %v below the completion's %v", c.Row, c.Col, f, l, r.LambdaMax)
			}
		}
	}
	if m[0][2] != 0 {
		t.Errorf("input matrix mutated")
	}
}

func TestSolveHierarchySubCriteria(t *testing.T) {
	alt := [][]float64{{1, 3}, {1.0 / 3, 1}} // X 0.75, Y 0.25
	rev := [][]float64{{1, 1.0 / 3}, {3, 1}} // X 0.25, Y 0.75
	h := Hierarchy{
		Alternatives: []string{"X", "Y"},
		Goal: Node{ID: "goal", Pairwise: [][]float64{{1, 4}, {0.25, 1}}, // safety 0.8, cost 0.2
			Children: []Node{
				{ID: "safety", Pairwise: [][]float64{{1, 1}, {1, 1}}, // two sub-criteria 0.5 each
					Children: []Node{{ID: "harm", Pairwise: alt}, {ID: "alarm", Pairwise: rev}}},
				{ID: "cost", Pairwise: alt},
			}},
	}
	r, err := SolveHierarchy(h)
	if err != nil {
		t.Fatal(err)
	}
	type nw struct {
		Path          string
		Local, Global float64
	}
	var got []nw
	for _, n := range r.Nodes {
		got = append(got, nw{n.Path, n.Local, n.Global})
	}
	want := []nw{{"goal", 1, 1}, {"goal/safety", 0.8, 0.8}, {"goal/safety/harm", 0.5, 0.4},
		{"goal/safety/alarm", 0.5, 0.4}, {"goal/cost", 0.2, 0.2}}
	if diff := cmp.Diff(want, got, approx(1e-12)); diff != "" {
		t.Errorf("node weights mismatch (-want +got):\n%s", diff)
	}
	// X: 0.4·0.75 + 0.4·0.25 + 0.2·0.75 = 0.55.
	if diff := cmp.Diff([]float64{0.55, 0.45}, r.Scores, approx(1e-12)); diff != "" {
		t.Errorf("scores mismatch (-want +got):\n%s", diff)
	}
	if err := r.Check(); err != nil {
		t.Errorf("Check() = %v", err)
	}
}

func TestGroupAHP(t *testing.T) {
	a := [][]float64{{1, 4}, {0.25, 1}}
	b := [][]float64{{1, 1}, {1, 1}}
	incon := [][]float64{{1, 9, 9}, {1.0 / 9, 1, 9}, {1.0 / 9, 1.0 / 9, 1}}
	cons := [][]float64{{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.5, 1}}
	r, err := GroupAHP([]RaterJudgments{{Rater: "nurse", Pairwise: a}, {Rater: "cmio", Pairwise: b}}, AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Geometric mean of 4 and 1 is 2: weights 2/3, 1/3.
	if diff := cmp.Diff([]float64{2.0 / 3, 1.0 / 3}, r.Aggregate.Weights, approx(1e-12)); diff != "" {
		t.Errorf("aggregate weights mismatch (-want +got):\n%s", diff)
	}
	g, err := GroupAHP([]RaterJudgments{{Rater: "a", Pairwise: incon}, {Rater: "b", Pairwise: cons}}, AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.Raters[0].AHP.Consistent || !g.Raters[1].AHP.Consistent {
		t.Errorf("per-rater consistency %v/%v, want false/true", g.Raters[0].AHP.Consistent, g.Raters[1].AHP.Consistent)
	}
	if _, err := GroupAHP([]RaterJudgments{{Rater: "a", Pairwise: a}, {Rater: "a", Pairwise: a}}, AHPOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("duplicate rater: err = %v", err)
	}
}
