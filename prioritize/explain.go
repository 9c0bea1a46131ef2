package prioritize

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Reasons an item is placed above another, as reported by [Explain].
const (
	// ReasonGate: the lower item failed a gate the higher one passed.
	ReasonGate = "gate"
	// ReasonScore: the higher item has a higher score beyond the tie tolerance.
	ReasonScore = "score"
	// ReasonTieBreak: the items are tied and a tie-break step decided.
	ReasonTieBreak = "tie_break"
)

// CriterionDelta is one criterion's part in the gap between two items.
type CriterionDelta struct {
	Criterion string `json:"criterion"`
	// RawAbove and RawBelow are the raw scores of the item placed higher
	// and of the item placed lower (Explanation.Above and .Below), whatever
	// order the caller asked in; WeightedAbove and WeightedBelow are their
	// weighted contributions.
	RawAbove      float64 `json:"raw_above"`
	RawBelow      float64 `json:"raw_below"`
	WeightedAbove float64 `json:"weighted_above"`
	WeightedBelow float64 `json:"weighted_below"`
	// Delta is WeightedAbove − WeightedBelow: positive where the criterion
	// favours the higher item. Under the weighted product it is the
	// difference of the factors' logarithms, 0 when a factor is 0.
	Delta float64 `json:"delta"`
}

// Explanation says why one item of a ranking is placed above another.
type Explanation struct {
	// A and B are the item IDs asked about, in the order asked.
	A string `json:"a"`
	B string `json:"b"`
	// Above is the ID of the item placed higher.
	Above string `json:"above"`
	Below string `json:"below"`
	// Reason is ReasonGate, ReasonScore or ReasonTieBreak.
	Reason string `json:"reason"`
	// Gates lists the gates the lower item failed (for ReasonGate).
	Gates []GateResult `json:"gates"`
	// TieBreak is the deciding cascade step (for ReasonTieBreak).
	TieBreak string `json:"tie_break"`
	// ScoreAbove and ScoreBelow are the two scores; Margin is their
	// difference (may be ≤ 0 under ReasonGate or ReasonTieBreak).
	ScoreAbove float64 `json:"score_above"`
	ScoreBelow float64 `json:"score_below"`
	Margin     float64 `json:"margin"`
	// Criteria lists every criterion, largest |Delta| first (then model
	// order), with deltas taken as above minus below.
	Criteria []CriterionDelta `json:"criteria"`
	// Summary is a one-line reading of the above.
	Summary string `json:"summary"`
}

// Explain says why a is placed relative to b in r, criterion by criterion:
// which item is higher, whether a gate, the score or a tie-break decided,
// and each criterion's contribution to the gap (largest first). Under the
// weighted sum the deltas add up to the margin.
//
// Explain returns an error if a or b is not in r (wraps [ErrNotFound]) or
// a == b (wraps [ErrInvalidInput]).
func Explain(r Ranking, a, b string) (Explanation, error) {
	if a == b {
		return Explanation{}, &FieldError{Pkg: "prioritize", Path: "explain", Value: a, Err: fmt.Errorf("compare two different items: %w", ErrInvalidInput)}
	}
	ia, ib := -1, -1
	for k := range r.Entries {
		switch r.Entries[k].ID {
		case a:
			ia = k
		case b:
			ib = k
		}
	}
	var errs []error
	if ia < 0 {
		errs = append(errs, &FieldError{Pkg: "prioritize", Path: "explain", Value: a, Err: fmt.Errorf("item not in the ranking: %w", ErrNotFound)})
	}
	if ib < 0 {
		errs = append(errs, &FieldError{Pkg: "prioritize", Path: "explain", Value: b, Err: fmt.Errorf("item not in the ranking: %w", ErrNotFound)})
	}
	if len(errs) > 0 {
		return Explanation{}, joinErrsOrOne(errs)
	}
	hi, lo := &r.Entries[ia], &r.Entries[ib]
	if hi.Position > lo.Position {
		hi, lo = lo, hi
	}
	ex := Explanation{A: a, B: b, Above: hi.ID, Below: lo.ID, ScoreAbove: hi.Score, ScoreBelow: lo.Score,
		Margin: hi.Score - lo.Score, Gates: []GateResult{}}
	switch {
	case lo.Blocked && !hi.Blocked:
		ex.Reason = ReasonGate
		for _, g := range lo.Gates {
			if !g.Passed {
				ex.Gates = append(ex.Gates, g)
			}
		}
	case hi.TieGroup != 0 && hi.TieGroup == lo.TieGroup:
		ex.Reason = ReasonTieBreak
		// The deciding step is the latest step applied between the two
		// along the group's order: the first step on which they differ.
		ex.TieBreak = TieBreakID
		for k := hi.Position; k < lo.Position; k++ {
			st := r.Entries[k].TieBreak
			if stepIndex(st) < stepIndex(ex.TieBreak) {
				ex.TieBreak = st
			}
		}
	default:
		ex.Reason = ReasonScore
	}
	product := r.Aggregation == WeightedProduct
	n := min(len(hi.Contributions), len(lo.Contributions))
	ex.Criteria = make([]CriterionDelta, n)
	for j := range n {
		ch, cl := hi.Contributions[j], lo.Contributions[j]
		d := ch.Weighted - cl.Weighted
		if product {
			d = 0
			if ch.Weighted > 0 && cl.Weighted > 0 {
				d = math.Log(ch.Weighted) - math.Log(cl.Weighted)
			}
		}
		ex.Criteria[j] = CriterionDelta{Criterion: criterionID(r, j), RawAbove: ch.Raw, RawBelow: cl.Raw,
			WeightedAbove: ch.Weighted, WeightedBelow: cl.Weighted, Delta: d}
	}
	idx := make(map[string]int, n)
	for j, c := range ex.Criteria {
		idx[c.Criterion] = j
	}
	slices.SortStableFunc(ex.Criteria, func(x, y CriterionDelta) int {
		return cmp.Or(cmp.Compare(math.Abs(y.Delta), math.Abs(x.Delta)), cmp.Compare(idx[x.Criterion], idx[y.Criterion]))
	})
	ex.Summary = summary(ex)
	return ex, nil
}

func joinErrsOrOne(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

func stepIndex(s string) int {
	if i := slices.Index(TieBreakCascade(), s); i >= 0 {
		return i
	}
	return len(TieBreakCascade())
}

func signed(x float64) string {
	if x >= 0 {
		return "+" + strconv.FormatFloat(x, 'f', 4, 64)
	}
	return "−" + strconv.FormatFloat(-x, 'f', 4, 64)
}

func summary(ex Explanation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q is above %q", ex.Above, ex.Below)
	switch ex.Reason {
	case ReasonGate:
		parts := make([]string, len(ex.Gates))
		for k, g := range ex.Gates {
			parts[k] = fmt.Sprintf("%s %s vs threshold %s", g.Criterion, fmtFloat(g.Score), fmtFloat(g.Threshold))
		}
		fmt.Fprintf(&b, " because %q fails its gate (%s)", ex.Below, strings.Join(parts, "; "))
		return b.String()
	case ReasonTieBreak:
		fmt.Fprintf(&b, ": tied within tolerance (%s), decided by tie-break %q", signed(ex.Margin), ex.TieBreak)
		return b.String()
	}
	fmt.Fprintf(&b, " by %s", signed(ex.Margin))
	var pro, con []string
	for _, c := range ex.Criteria {
		switch {
		case c.Delta > 0 && len(pro) < 3:
			pro = append(pro, fmt.Sprintf("%s (%s)", c.Criterion, signed(c.Delta)))
		case c.Delta < 0 && len(con) < 2:
			con = append(con, fmt.Sprintf("%s (%s)", c.Criterion, signed(c.Delta)))
		}
	}
	if len(pro) > 0 {
		b.WriteString(", mostly from " + strings.Join(pro, ", "))
	}
	if len(con) > 0 {
		b.WriteString(", despite " + strings.Join(con, ", "))
	}
	return b.String()
}

func criterionID(r Ranking, j int) string {
	if j < len(r.Weights) {
		return r.Weights[j].Criterion
	}
	return strconv.Itoa(j)
}
