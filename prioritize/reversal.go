package prioritize

import (
	"fmt"
	"strconv"
)

// Rank-reversal perturbations recorded in [ReversalCase.Kind].
const (
	// ReversalRemove removes the item.
	ReversalRemove = "remove"
	// ReversalAddDominated adds a dominated copy of the item (ID suffixed
	// with [DominatedSuffix]).
	ReversalAddDominated = "add_dominated"
	// ReversalReplaceDominated replaces the item by a dominated copy.
	ReversalReplaceDominated = "replace_dominated"
)

// DominatedSuffix is appended to the ID of an added dominated copy.
const DominatedSuffix = "~dominated"

// DominatedStep is how far a dominated copy moves each score towards the
// worse end of its scale, as a share of the scale (clipped at the end).
const DominatedStep = 0.10

// MaxReversalItems bounds the items of [CheckRankReversal] (the check
// re-ranks 3n times and compares n² pairs each time).
const MaxReversalItems = 300

// FlippedPair is a pair of original items whose order reversed: Above had a
// strictly better competition rank than Below before the perturbation and a
// strictly worse one after it.
type FlippedPair struct {
	Above string `json:"above"`
	Below string `json:"below"`
}

// ReversalCase is one perturbation and the pairs of other items it flipped.
type ReversalCase struct {
	Kind    string        `json:"kind"`
	Item    string        `json:"item"`
	Flipped []FlippedPair `json:"flipped"`
}

// ReversalReport is the result of [CheckRankReversal].
type ReversalReport struct {
	ModelHash      string        `json:"model_hash"`
	Normalization  Normalization `json:"normalization"`
	Aggregation    Aggregation   `json:"aggregation"`
	LibraryVersion string        `json:"library_version"`
	// DominatedStep records the step used for dominated copies.
	DominatedStep float64 `json:"dominated_step"`
	// Cases lists, per item in input order, the remove, add-dominated and
	// replace-dominated checks.
	Cases []ReversalCase `json:"cases"`
	// Reversals counts the cases with at least one flipped pair.
	Reversals int `json:"reversals"`
}

// CheckRankReversal tests whether the order of the other items depends on
// an irrelevant change: for each item it removes the item, adds a dominated
// copy of it, and replaces it by a dominated copy (each score moved
// [DominatedStep] of its scale towards the worse end; interval and
// three-point scores become point scores at their [Score.Point]), re-ranks,
// and reports the pairs of other original items whose order reversed.
// Under absolute normalization with the weighted sum no reversal can occur;
// relative normalizations (vector, min-max, sum) and TOPSIS can reverse.
//
// CheckRankReversal returns an error if the model or the items are invalid
// (see [Rank]) or there are more than [MaxReversalItems] items (wraps
// [ErrInvalidInput]).
func CheckRankReversal(m Model, items []Item) (ReversalReport, error) {
	if len(items) > MaxReversalItems {
		return ReversalReport{}, &FieldError{Pkg: "prioritize", Path: "items", Value: strconv.Itoa(len(items)),
			Err: fmt.Errorf("at most %d items: %w", MaxReversalItems, ErrInvalidInput)}
	}
	base, err := Rank(m, items)
	if err != nil {
		return ReversalReport{}, err
	}
	rep := ReversalReport{ModelHash: base.ModelHash, Normalization: base.Normalization, Aggregation: base.Aggregation,
		LibraryVersion: LibraryVersion, DominatedStep: DominatedStep, Cases: []ReversalCase{}}
	baseRank := ranksByID(base)
	for k := range items {
		for _, kind := range [...]string{ReversalRemove, ReversalAddDominated, ReversalReplaceDominated} {
			var mod []Item
			switch kind {
			case ReversalRemove:
				mod = append(append(mod, items[:k]...), items[k+1:]...)
			case ReversalAddDominated:
				cp := dominatedCopy(m, items[k])
				cp.ID += DominatedSuffix
				mod = append(append(mod, items...), cp)
			case ReversalReplaceDominated:
				mod = append(mod, items...)
				mod[k] = dominatedCopy(m, items[k])
			}
			r, err := Rank(m, mod)
			if err != nil {
				// A perturbed set that cannot be scored (for example a
				// dominated copy reaching zero under the weighted product)
				// says nothing about reversal; report no pairs.
				rep.Cases = append(rep.Cases, ReversalCase{Kind: kind, Item: items[k].ID, Flipped: []FlippedPair{}})
				continue
			}
			after := ranksByID(r)
			cs := ReversalCase{Kind: kind, Item: items[k].ID, Flipped: []FlippedPair{}}
			for _, a := range base.Entries {
				for _, b := range base.Entries {
					if a.ID == items[k].ID || b.ID == items[k].ID {
						continue
					}
					if baseRank[a.ID] < baseRank[b.ID] && after[a.ID] > after[b.ID] {
						cs.Flipped = append(cs.Flipped, FlippedPair{Above: a.ID, Below: b.ID})
					}
				}
			}
			if len(cs.Flipped) > 0 {
				rep.Reversals++
			}
			rep.Cases = append(rep.Cases, cs)
		}
	}
	return rep, nil
}

func ranksByID(r Ranking) map[string]int {
	out := make(map[string]int, len(r.Entries))
	for _, e := range r.Entries {
		out[e.ID] = e.Rank
	}
	return out
}

// dominatedCopy returns a copy of it with every score moved DominatedStep of
// its scale towards the worse end.
func dominatedCopy(m Model, it Item) Item {
	cp := it
	cp.Scores = make([]Score, len(it.Scores))
	for q, s := range it.Scores {
		v := s.Point()
		for _, cr := range m.Criteria {
			if cr.ID != s.Criterion {
				continue
			}
			step := DominatedStep * (cr.Scale.Max - cr.Scale.Min)
			if cr.Direction == Cost {
				v = min(cr.Scale.Max, v+step)
			} else {
				v = max(cr.Scale.Min, v-step)
			}
		}
		cp.Scores[q] = Score{Criterion: s.Criterion, Value: v, Evidence: "dominated copy for rank-reversal check"}
	}
	return cp
}
