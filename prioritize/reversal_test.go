package prioritize

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckRankReversal(t *testing.T) {
	// Under absolute normalization scores do not depend on the other items,
	// so no perturbation can flip a pair.
	m, items := twoCriteria()
	items = append(items, Item{ID: "D", Scores: []Score{{Criterion: "c0", Value: 6}, {Criterion: "c1", Value: 1}}})
	abs, err := CheckRankReversal(m, items)
	if err != nil {
		t.Fatal(err)
	}
	if abs.Reversals != 0 || len(abs.Cases) != 3*len(items) {
		t.Errorf("absolute scales: %d reversals in %d cases, want 0 in %d", abs.Reversals, len(abs.Cases), 3*len(items))
	}
	// Min-max: A = 0.6, C = 0.6·0.5 + 0.4·0.4 = 0.46, B = 0.4 and
	// D = 0.6·0.6 + 0.4·0.1 = 0.40. Without A, c0 spans [0, 6]:
	// C = 0.66, D = 0.64, B = 0.4: no strict pair reverses.
	m.Normalization = NormMinMax
	mm, err := CheckRankReversal(m, items)
	if err != nil {
		t.Fatal(err)
	}
	var removeA ReversalCase
	for _, c := range mm.Cases {
		if c.Kind == ReversalRemove && c.Item == "A" {
			removeA = c
		}
	}
	if diff := cmp.Diff(ReversalCase{Kind: ReversalRemove, Item: "A", Flipped: []FlippedPair{}}, removeA); diff != "" {
		t.Errorf("min-max, remove A (-want +got):\n%s", diff)
	}
}

func TestRankReversalMinMaxFlip(t *testing.T) {
	// Min-max with weights 0.6/0.4: X = (4, 3) scores 0.24 + 0.12 = 0.36,
	// Y = (0, 10) 0.4, Z = (10, 0) 0.6. Without Z, c0 spans [0, 4] and c1
	// [3, 10]: X = 0.6, Y = 0.4, so Y and X flip.
	m, _ := twoCriteria()
	m.Normalization = NormMinMax
	pt := func(id string, a, b float64) Item {
		return Item{ID: id, Scores: []Score{{Criterion: "c0", Value: a}, {Criterion: "c1", Value: b}}}
	}
	items := []Item{pt("X", 4, 3), pt("Y", 0, 10), pt("Z", 10, 0)}
	rep, err := CheckRankReversal(m, items)
	if err != nil {
		t.Fatal(err)
	}
	var got []FlippedPair
	for _, c := range rep.Cases {
		if c.Kind == ReversalRemove && c.Item == "Z" {
			got = c.Flipped
		}
	}
	if diff := cmp.Diff([]FlippedPair{{Above: "Y", Below: "X"}}, got); diff != "" {
		t.Errorf("removing Z (-want +got):\n%s", diff)
	}
	if _, err := CheckRankReversal(m, make([]Item, MaxReversalItems+1)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("too many items: err = %v", err)
	}
}
