package prioritize

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genModel draws a valid model: 1–6 criteria on integer scales, random tiers
// and directions, optional gates and a weighting scheme; aggregation is the
// weighted sum unless anyAgg.
func genModel(t *rapid.T, anyAgg bool) Model {
	m := Model{ID: "gen", Version: "1"}
	nc := rapid.IntRange(1, 6).Draw(t, "criteria")
	for j := range nc {
		hi := float64(rapid.IntRange(1, 10).Draw(t, "max"))
		c := Criterion{ID: fmt.Sprintf("c%d", j), Tier: Tier(rapid.IntRange(1, 4).Draw(t, "tier")),
			Direction: Direction(rapid.IntRange(1, 2).Draw(t, "dir")), Scale: Scale{Min: 0, Max: hi}}
		if rapid.IntRange(0, 3).Draw(t, "gated") == 0 {
			c.Gate = &Gate{Threshold: float64(rapid.IntRange(0, int(hi)).Draw(t, "threshold"))}
		}
		m.Criteria = append(m.Criteria, c)
	}
	switch rapid.IntRange(0, 4).Draw(t, "scheme") {
	case 0:
	case 1:
		m.Weighting.Scheme = SchemeRankSum
	case 2:
		m.Weighting.Scheme = SchemeReciprocal
	case 3:
		m.Weighting.Scheme = SchemeFixedRatio
	case 4:
		m.Weighting = Weighting{Scheme: SchemeExplicit, Values: map[string]float64{}}
		for _, c := range m.Criteria {
			m.Weighting.Values[c.ID] = float64(rapid.IntRange(1, 20).Draw(t, "w"))
		}
	}
	if anyAgg {
		switch rapid.IntRange(0, 3).Draw(t, "agg") {
		case 1:
			m.Aggregation = WeightedProduct
		case 2:
			m.Aggregation, m.Normalization = TOPSIS, NormVector
		case 3:
			m.Aggregation, m.Normalization = TOPSIS, NormMinMax
		}
	}
	return m
}

// genItems draws 0–25 items with unique IDs and integer scores (so that
// exact ties are common).
func genItems(t *rapid.T, m Model) []Item {
	n := rapid.IntRange(0, 25).Draw(t, "items")
	items := make([]Item, n)
	for i := range items {
		it := Item{ID: fmt.Sprintf("I%02d", i), Cost: decimal.NewFromInt(int64(rapid.IntRange(0, 3).Draw(t, "cost")))}
		for _, c := range m.Criteria {
			v := float64(rapid.IntRange(int(c.Scale.Min), int(c.Scale.Max)).Draw(t, "score"))
			it.Scores = append(it.Scores, Score{Criterion: c.ID, Value: v})
		}
		items[i] = it
	}
	return items
}

func mustRank(t *rapid.T, m Model, items []Item) Ranking {
	r, err := Rank(m, items)
	if err != nil {
		t.Fatalf("Rank: %v", err)
	}
	return r
}

func checkPermutation(t *rapid.T) {
	m := genModel(t, true)
	items := genItems(t, m)
	r := mustRank(t, m, items)
	if len(r.Entries) != len(items) {
		t.Fatalf("%d entries for %d items", len(r.Entries), len(items))
	}
	var ids, want []string
	for q, e := range r.Entries {
		ids = append(ids, e.ID)
		if e.Position != q+1 || e.Rank < 1 || e.Rank > e.Position {
			t.Fatalf("entry %d: position %d rank %d", q, e.Position, e.Rank)
		}
		if q > 0 && e.Rank < r.Entries[q-1].Rank {
			t.Fatalf("ranks decrease at %d", q)
		}
		if q > 0 && e.Rank != e.Position && e.Rank != r.Entries[q-1].Rank {
			t.Fatalf("competition rank %d at position %d not shared with the previous entry", e.Rank, e.Position)
		}
	}
	for _, it := range items {
		want = append(want, it.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("ranking is not a permutation: %v", ids)
	}
}

func checkOrderIndependent(t *rapid.T) {
	m := genModel(t, true)
	items := genItems(t, m)
	perm := rapid.Permutation(items).Draw(t, "perm")
	a, b := mustRank(t, m, items), mustRank(t, m, perm)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("input order changed the ranking (-want +got):\n%s", diff)
	}
}

func rankOf(r Ranking, id string) int {
	for _, e := range r.Entries {
		if e.ID == id {
			return e.Rank
		}
	}
	return -1
}

func checkMonotone(t *rapid.T) {
	m := genModel(t, false)
	items := genItems(t, m)
	if len(items) == 0 {
		return
	}
	i := rapid.IntRange(0, len(items)-1).Draw(t, "item")
	var benefit []int
	for j, c := range m.Criteria {
		if c.Direction == Benefit && items[i].Scores[j].Value < c.Scale.Max {
			benefit = append(benefit, j)
		}
	}
	if len(benefit) == 0 {
		return
	}
	j := rapid.SampledFrom(benefit).Draw(t, "criterion")
	before := rankOf(mustRank(t, m, items), items[i].ID)
	up := slices.Clone(items)
	up[i].Scores = slices.Clone(items[i].Scores)
	up[i].Scores[j].Value = float64(rapid.IntRange(int(items[i].Scores[j].Value)+1, int(m.Criteria[j].Scale.Max)).Draw(t, "raised"))
	after := rankOf(mustRank(t, m, up), items[i].ID)
	if after > before {
		t.Fatalf("raising %s of %s moved its rank from %d to %d", m.Criteria[j].ID, items[i].ID, before, after)
	}
}

func checkWeightScaling(t *rapid.T) {
	m := genModel(t, true)
	items := genItems(t, m)
	w := Weighting{Scheme: SchemeExplicit, Values: map[string]float64{}}
	for _, c := range m.Criteria {
		w.Values[c.ID] = float64(rapid.IntRange(1, 20).Draw(t, "w"))
	}
	m.Weighting = w
	a := mustRank(t, m, items)
	// Powers of two scale exactly, so the normalized weights are identical.
	c := math.Ldexp(1, rapid.IntRange(-20, 20).Draw(t, "exp"))
	scaled := Weighting{Scheme: SchemeExplicit, Values: map[string]float64{}}
	for k, v := range w.Values {
		scaled.Values[k] = v * c
	}
	m.Weighting = scaled
	b := mustRank(t, m, items)
	a.ModelHash, b.ModelHash = "", ""
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("scaling weights by %v changed the ranking (-want +got):\n%s", c, diff)
	}
}

func checkGatesAndContributions(t *rapid.T) {
	m := genModel(t, false)
	items := genItems(t, m)
	r := mustRank(t, m, items)
	seenBlocked := false
	for _, e := range r.Entries {
		if e.Blocked {
			seenBlocked = true
		} else if seenBlocked {
			t.Fatalf("%s passes its gates but is placed after a blocked item", e.ID)
		}
		passed := true
		for _, g := range e.Gates {
			passed = passed && g.Passed
		}
		if passed == e.Blocked {
			t.Fatalf("%s: blocked=%v but gates %+v", e.ID, e.Blocked, e.Gates)
		}
		var sum float64
		for _, c := range e.Contributions {
			sum += c.Weighted
		}
		if math.Abs(sum-e.Score) > 1e-12 {
			t.Fatalf("%s: contributions sum to %v, score %v", e.ID, sum, e.Score)
		}
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
		t.Fatalf("JSON round trip (-want +got):\n%s", diff)
	}
}

func checkConsistentAHP(t *rapid.T) {
	n := rapid.IntRange(1, 15).Draw(t, "n")
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = rapid.Float64Range(1, 3).Draw(t, "w")
		sum += w[i]
	}
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = w[i] / w[j]
		}
	}
	d := rapid.SampledFrom([]Derivation{DerivEigen, DerivGeometricMean, DerivColumnMean}).Draw(t, "derivation")
	r, err := AHP(m, AHPOptions{Derivation: d})
	if err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if math.Abs(r.Weights[i]-w[i]/sum) > 1e-9 {
			t.Fatalf("%s weight %d = %v, want %v", d, i, r.Weights[i], w[i]/sum)
		}
	}
	if r.CR > 1e-9 || !r.Consistent {
		t.Fatalf("consistent matrix: CR %v", r.CR)
	}
}

func TestProperties(t *testing.T) {
	t.Run("permutation", rapid.MakeCheck(checkPermutation))
	t.Run("order independent", rapid.MakeCheck(checkOrderIndependent))
	t.Run("monotone", rapid.MakeCheck(checkMonotone))
	t.Run("weight scaling", rapid.MakeCheck(checkWeightScaling))
	t.Run("gates and contributions", rapid.MakeCheck(checkGatesAndContributions))
	t.Run("consistent AHP", rapid.MakeCheck(checkConsistentAHP))
}

// rankWith ranks items with the model's weights replaced by w (explicit,
// in criterion order, used as given).
func rankWith(t *rapid.T, m Model, items []Item, w []float64) Ranking {
	m.Weighting = Weighting{Scheme: SchemeExplicit, Policy: SumAsGiven, Values: map[string]float64{}}
	for j, c := range m.Criteria {
		m.Weighting.Values[c.ID] = w[j]
	}
	return mustRank(t, m, items)
}

// checkWeightThresholds compares the analytic weighted-sum thresholds and
// the weighted-product sweep with Rank itself: just beyond the reported
// weight Rank places another item first, and on a grid of smaller changes
// it keeps the winner (ε-ties and the tie-break cascade included).
func checkWeightThresholds(t *rapid.T) {
	m := genModel(t, true)
	if m.Aggregation == TOPSIS {
		// TOPSIS closeness is not monotone in a weight, so a sweep may step
		// over a narrow window; the weighted sum is analytic and the
		// weighted product crosses once (log-linear in the weight).
		m.Aggregation, m.Normalization = WeightedSum, NormAbsolute
	}
	items := genItems(t, m)
	if m.Aggregation == WeightedProduct && len(items) > 8 {
		items = items[:8] // the sweep re-scores ~260 times per pair and criterion
	}
	if len(items) < 2 {
		return
	}
	rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{})
	if err != nil {
		t.Fatalf("AnalyzeSensitivity: %v", err)
	}
	if r := mustRank(t, m, items); r.Entries[0].ID != rep.Winner {
		t.Fatalf("winner %s, Rank says %s", rep.Winner, r.Entries[0].ID)
	}
	w0, _, _ := m.Weights()
	var total float64
	for _, w := range w0 {
		total += w
	}
	// first is Rank's first item with criterion k's weight at x.
	first := func(k int, x float64) string {
		w := make([]float64, len(w0))
		for j := range w0 {
			w[j] = w0[j] * (total - x) / (total - w0[k])
		}
		w[k] = x
		return rankWith(t, m, items, w).Entries[0].ID
	}
	const nudge = 1e-6
	for k, cs := range rep.Criteria {
		if total-w0[k] <= 1e-12 {
			continue
		}
		for _, d := range [...]struct {
			wc   WeightChange
			sign float64
			end  float64
		}{{cs.Down, -1, 0}, {cs.Up, +1, total}} {
			limit := d.end
			if d.wc.Possible {
				limit = d.wc.Weight
				if x := d.wc.Weight + d.sign*nudge; (d.sign < 0 && x > 0) || (d.sign > 0 && x < total) {
					if f := first(k, x); f == rep.Winner {
						t.Fatalf("criterion %s: beyond the reported weight %v (%s by %s) Rank still puts %s first",
							cs.Criterion, d.wc.Weight, d.wc.Crossing, d.wc.By, rep.Winner)
					}
				}
			}
			for g := range 20 {
				x := w0[k] + (limit-w0[k])*float64(g)/20
				if math.Abs(x-limit) < 10*nudge || (d.sign > 0 && x >= total) {
					continue
				}
				if f := first(k, x); f != rep.Winner {
					t.Fatalf("criterion %s %+v: at weight %v (before %v) Rank already puts %s first, not %s",
						cs.Criterion, d.sign, x, limit, f, rep.Winner)
				}
			}
		}
	}
}

func TestRobustnessProperties(t *testing.T) {
	t.Run("weight thresholds", rapid.MakeCheck(checkWeightThresholds))
	t.Run("portfolio exhaustive", rapid.MakeCheck(checkPortfolioExhaustive))
	t.Run("no reversal on absolute scales", rapid.MakeCheck(checkNoReversalAbsolute))
	t.Run("SMAA stochastic", rapid.MakeCheck(checkSMAAStochastic))
}

// genPortfolio draws up to 20 candidates with small integer costs and
// values, mandatory items, exclusive groups and requirements.
func genPortfolio(t *rapid.T) PortfolioProblem {
	n := rapid.IntRange(0, 20).Draw(t, "n")
	p := PortfolioProblem{Budget: decimal.NewFromInt(int64(rapid.IntRange(0, 60).Draw(t, "budget")))}
	for i := range n {
		cost := decimal.New(int64(rapid.IntRange(0, 200).Draw(t, "cost")), -1)
		p.Candidates = append(p.Candidates, Candidate{ID: fmt.Sprintf("P%02d", i),
			Value: float64(rapid.IntRange(-2, 20).Draw(t, "value")) / 4, Cost: cost})
	}
	if n == 0 {
		return p
	}
	id := func(label string) string { return p.Candidates[rapid.IntRange(0, n-1).Draw(t, label)].ID }
	for range rapid.IntRange(0, 2).Draw(t, "mandatory") {
		p.Mandatory = append(p.Mandatory, id("m"))
	}
	for range rapid.IntRange(0, 3).Draw(t, "groups") {
		var g []string
		for range rapid.IntRange(1, 4).Draw(t, "group size") {
			g = append(g, id("g"))
		}
		p.Exclusive = append(p.Exclusive, g)
	}
	for range rapid.IntRange(0, 4).Draw(t, "requires") {
		a, b := id("a"), id("b")
		if a != b {
			p.Requires = append(p.Requires, Requirement{Item: a, Requires: b})
		}
	}
	return p
}

// checkPortfolioExhaustive compares the solver with exhaustive search and
// checks every constraint of the returned selections.
func checkPortfolioExhaustive(t *rapid.T) {
	p := genPortfolio(t)
	res, err := SelectPortfolio(p, PortfolioOptions{FrontierSteps: 2})
	if err != nil {
		t.Fatalf("SelectPortfolio: %v", err)
	}
	idx := map[string]int{}
	for i, c := range p.Candidates {
		idx[c.ID] = i
	}
	pfs := []Portfolio{res.Optimal, res.Lower, res.Upper}
	wants, oks := exhaustiveAt(p, []decimal.Decimal{res.Optimal.Budget, res.Lower.Budget, res.Upper.Budget})
	for k, pf := range pfs {
		q := p
		q.Budget = pf.Budget
		want, ok := wants[k], oks[k]
		if ok != pf.Feasible {
			t.Fatalf("budget %s: feasible %v, exhaustive says %v", pf.Budget, pf.Feasible, ok)
		}
		if !ok {
			continue
		}
		if math.Abs(want-pf.Value) > 1e-9 {
			t.Fatalf("budget %s: value %v, exhaustive optimum %v", pf.Budget, pf.Value, want)
		}
		if !feasibleMask(q, idx, selectionMask(q, pf.Selected)) {
			t.Fatalf("budget %s: selection %v violates a constraint", pf.Budget, pf.Selected)
		}
	}
	// Budgets at ±10 % are rounded down to the cost unit (here ≤ 1).
	for _, c := range []struct {
		got    decimal.Decimal
		tenths int64
	}{{res.Lower.Budget, 9}, {res.Upper.Budget, 11}} {
		exact := p.Budget.Mul(decimal.NewFromInt(c.tenths)).Shift(-1)
		if c.got.GreaterThan(exact) || exact.Sub(c.got).GreaterThanOrEqual(decimal.NewFromInt(1)) {
			t.Fatalf("budget %s at %d/10 of %s", c.got, c.tenths, p.Budget)
		}
	}
}

// checkNoReversalAbsolute: with absolute scales and the weighted sum,
// removing, adding or degrading an item never flips two others.
func checkNoReversalAbsolute(t *rapid.T) {
	m := genModel(t, false)
	items := genItems(t, m)
	if len(items) > 12 {
		items = items[:12]
	}
	rep, err := CheckRankReversal(m, items)
	if err != nil {
		t.Fatalf("CheckRankReversal: %v", err)
	}
	if rep.Reversals != 0 {
		t.Fatalf("%d reversals under absolute normalization: %+v", rep.Reversals, rep.Cases)
	}
}

// checkSMAAStochastic: for any model and items SMAA accepts, every
// acceptability row and column sums to 1, central weights of a winning item
// sum to 1, and P(best) equals the first acceptability.
func checkSMAAStochastic(t *rapid.T) {
	m := genModel(t, true)
	items := genItems(t, m)
	if len(items) == 0 {
		return
	}
	// One item's first score becomes a three-point estimate over the scale.
	s := &items[rapid.IntRange(0, len(items)-1).Draw(t, "uncertain")].Scores[0]
	sc := m.Criteria[0].Scale
	*s = Score{Criterion: s.Criterion, Kind: ScoreThreePoint, Min: sc.Min, Value: s.Value, Max: sc.Max}
	res, err := SMAA(m, items, SMAAOptions{Samples: rapid.IntRange(1, 3000).Draw(t, "samples"),
		Seed: rapid.Uint64().Draw(t, "seed"), PERT: rapid.Bool().Draw(t, "pert")})
	if err != nil {
		if _, rerr := Scores(m, items); rerr != nil {
			return // the items cannot be scored at all
		}
		if errors.Is(err, ErrInvalidInput) {
			return // a drawn sample could not be scored (for example a zero under WPM)
		}
		t.Fatalf("SMAA: %v", err)
	}
	checkStochastic(t, res)
	for _, it := range res.Items {
		if it.PBest != it.Acceptability[0] {
			t.Fatalf("%s: P(best) %v vs acceptability %v", it.ID, it.PBest, it.Acceptability[0])
		}
		if it.PBest > 0 {
			var s float64
			for _, w := range it.CentralWeights {
				s += w
			}
			if math.Abs(s-1) > 1e-9 {
				t.Fatalf("%s: central weights sum to %v", it.ID, s)
			}
		}
	}
}
