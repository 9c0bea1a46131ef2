package prioritize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func cand(id string, v float64, cost int64) Candidate {
	return Candidate{ID: id, Value: v, Cost: decimal.NewFromInt(cost)}
}

// exhaustiveAt returns, per budget, the best value over every subset that
// meets the constraints, and whether any subset does. It works on bit masks with
// costs in ten-thousandths, independent of the solver.
func exhaustiveAt(p PortfolioProblem, budgets []decimal.Decimal) ([]float64, []bool) {
	n := len(p.Candidates)
	idx := map[string]int{}
	for i, c := range p.Candidates {
		idx[c.ID] = i
	}
	cost := make([]int64, n)
	for i, c := range p.Candidates {
		cost[i] = c.Cost.Shift(4).IntPart()
	}
	caps := make([]int64, len(budgets))
	for q, b := range budgets {
		caps[q] = b.Shift(4).IntPart()
	}
	var must uint32
	for _, id := range p.Mandatory {
		must |= 1 << idx[id]
	}
	var groups []uint32
	for _, g := range p.Exclusive {
		var gm uint32
		for _, id := range g {
			gm |= 1 << idx[id]
		}
		groups = append(groups, gm)
	}
	best, found := make([]float64, len(budgets)), make([]bool, len(budgets))
	for mask := uint32(0); mask < 1<<n; mask++ {
		if mask&must != must {
			continue
		}
		ok := true
		for _, gm := range groups {
			if bits.OnesCount32(mask&gm) > 1 {
				ok = false
			}
		}
		for _, r := range p.Requires {
			if mask&(1<<idx[r.Item]) != 0 && mask&(1<<idx[r.Requires]) == 0 {
				ok = false
			}
		}
		if !ok {
			continue
		}
		var c int64
		var v float64
		for i := range n {
			if mask&(1<<i) != 0 {
				c += cost[i]
				v += p.Candidates[i].Value
			}
		}
		for q, budget := range caps {
			if c <= budget && (!found[q] || v > best[q]) {
				best[q], found[q] = v, true
			}
		}
	}
	return best, found
}

// feasibleMask checks one selection against every constraint.
func feasibleMask(p PortfolioProblem, idx map[string]int, mask int) bool {
	has := func(id string) bool { return mask&(1<<idx[id]) != 0 }
	cost := decimal.Zero
	for i, c := range p.Candidates {
		if mask&(1<<i) != 0 {
			cost = cost.Add(c.Cost)
		}
	}
	if cost.GreaterThan(p.Budget) {
		return false
	}
	for _, id := range p.Mandatory {
		if !has(id) {
			return false
		}
	}
	for _, g := range p.Exclusive {
		seen := map[string]bool{}
		k := 0
		for _, id := range g {
			if has(id) && !seen[id] {
				seen[id] = true
				k++
			}
		}
		if k > 1 {
			return false
		}
	}
	for _, r := range p.Requires {
		if has(r.Item) && !has(r.Requires) {
			return false
		}
	}
	return true
}

func selectionMask(p PortfolioProblem, sel []string) int {
	mask := 0
	for i, c := range p.Candidates {
		for _, id := range sel {
			if id == c.ID {
				mask |= 1 << i
			}
		}
	}
	return mask
}

func TestSelectPortfolioReference(t *testing.T) {
	// Budget 10: {B, C} (cost 10, value 11) beats the greedy {A} + nothing
	// (A has the best value per cost but leaves 4 unused).
	base := PortfolioProblem{Candidates: []Candidate{cand("A", 8, 6), cand("B", 6, 5), cand("C", 5, 5), cand("D", 1, 1)},
		Budget: decimal.NewFromInt(10)}
	tests := []struct {
		name, reason string
		mod          func(p *PortfolioProblem)
		want         []string
	}{
		{"plain", "B + C = 11 beats A + D = 9", func(*PortfolioProblem) {}, []string{"B", "C"}},
		{"mandatory", "A forced: best addition is D", func(p *PortfolioProblem) { p.Mandatory = []string{"A"} }, []string{"A", "D"}},
		{"exclusive", "B and C exclusive: A + D = 9 beats B + D = 7", func(p *PortfolioProblem) { p.Exclusive = [][]string{{"B", "C"}} }, []string{"A", "D"}},
		{"requires", "C needs D: B + C + D costs 11 > 10, so A + D (9) is best",
			func(p *PortfolioProblem) { p.Requires = []Requirement{{"C", "D"}} }, []string{"A", "D"}},
		{"requires met", "B needs C: B + C still fits", func(p *PortfolioProblem) { p.Requires = []Requirement{{"B", "C"}} }, []string{"B", "C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			tt.mod(&p)
			res, err := SelectPortfolio(p, PortfolioOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Optimal.Selected); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestPortfolioMarginsAndFrontier(t *testing.T) {
	// At 9 the best is A + D (cost 7, value 9); at 11, A + B (cost 11, value
	// 14) beats B + C + D (12).
	p := PortfolioProblem{Candidates: []Candidate{cand("A", 8, 6), cand("B", 6, 5), cand("C", 5, 5), cand("D", 1, 1)},
		Budget: decimal.NewFromInt(10)}
	res, err := SelectPortfolio(p, PortfolioOptions{FrontierSteps: 4})
	if err != nil {
		t.Fatal(err)
	}
	got := struct {
		Lower, Upper, Leave, Enter []string
		Values                     []float64
	}{res.Lower.Selected, res.Upper.Selected, res.Leave, res.Enter, nil}
	for _, f := range res.Frontier {
		got.Values = append(got.Values, f.Value)
	}
	want := struct {
		Lower, Upper, Leave, Enter []string
		Values                     []float64
	}{
		Lower: []string{"A", "D"}, Upper: []string{"A", "B"}, Leave: []string{"B", "C"}, Enter: []string{"A"},
		// Budgets 0, 5, 10, 15, 20: 0; B = 6; B + C = 11; A + B + D = 15; all = 20.
		Values: []float64{0, 6, 11, 15, 20},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("margins and frontier (-want +got):\n%s", diff)
	}
}

func TestSelectPortfolioErrors(t *testing.T) {
	ok := []Candidate{cand("A", 1, 1), cand("B", 1, 1)}
	tests := []struct {
		name, reason string
		p            PortfolioProblem
		opts         PortfolioOptions
		want         error
	}{
		{"negative budget", "no money is zero, not negative", PortfolioProblem{Candidates: ok, Budget: decimal.NewFromInt(-1)}, PortfolioOptions{}, ErrInvalidInput},
		{"duplicate", "IDs name items", PortfolioProblem{Candidates: []Candidate{cand("A", 1, 1), cand("A", 2, 1)}}, PortfolioOptions{}, ErrInvalidInput},
		{"unknown mandatory", "typo must not vanish", PortfolioProblem{Candidates: ok, Mandatory: []string{"Z"}}, PortfolioOptions{}, ErrInvalidInput},
		{"self requirement", "meaningless", PortfolioProblem{Candidates: ok, Requires: []Requirement{{"A", "A"}}}, PortfolioOptions{}, ErrInvalidInput},
		{"negative cost", "costs are ≥ 0", PortfolioProblem{Candidates: []Candidate{cand("A", 1, -1)}}, PortfolioOptions{}, ErrInvalidInput},
		{"too fine", "exact integer costs need ≤ 12 places", PortfolioProblem{Candidates: []Candidate{{ID: "A", Cost: decimal.New(1, -13)}}}, PortfolioOptions{}, ErrInvalidInput},
		{"node cap", "a capped search is an error, not an approximation",
			PortfolioProblem{Candidates: []Candidate{cand("A", 1, 1), cand("B", 1, 1), cand("C", 1, 1)}, Budget: decimal.NewFromInt(2)},
			PortfolioOptions{MaxCells: 1, MaxNodes: 1}, ErrNoConvergence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SelectPortfolio(tt.p, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
			}
		})
	}
}

func TestPortfolioInfeasibleMandatory(t *testing.T) {
	p := PortfolioProblem{Candidates: []Candidate{cand("A", 1, 6), cand("B", 1, 6)}, Budget: decimal.NewFromInt(10),
		Mandatory: []string{"A", "B"}}
	res, err := SelectPortfolio(p, PortfolioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Optimal.Feasible || len(res.Optimal.Selected) != 0 {
		t.Errorf("mandatory items costing 12 fit a budget of 10: %+v", res.Optimal)
	}
}

// refKnapsack is an independent 0/1 knapsack over unconstrained candidates
// with integer values (value × scale) and integer costs: the best value
// within budget, the least cost at that value, and the selection that
// contains the smallest ID in which two such optima differ (candidates are
// decided in ID order, taking before skipping).
func refKnapsack(cands []Candidate, budget int64, scale float64) (int64, int64, []string) {
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return cands[idx[a]].ID < cands[idx[b]].ID })
	n := len(idx)
	val := make([]int64, n)
	cost := make([]int64, n)
	for q, i := range idx {
		val[q] = int64(math.Round(cands[i].Value * scale))
		cost[q] = cands[i].Cost.IntPart()
	}
	const none = math.MinInt64 / 4
	// f[q][c]: best value of candidates q… with total cost exactly c.
	f := make([][]int64, n+1)
	for q := range f {
		f[q] = make([]int64, budget+1)
		for c := range f[q] {
			f[q][c] = none
		}
	}
	f[n][0] = 0
	for q := n - 1; q >= 0; q-- {
		for c := int64(0); c <= budget; c++ {
			f[q][c] = f[q+1][c]
			if c >= cost[q] && f[q+1][c-cost[q]] != none && f[q+1][c-cost[q]]+val[q] >= f[q][c] {
				f[q][c] = f[q+1][c-cost[q]] + val[q]
			}
		}
	}
	bestC := int64(0)
	for c := int64(0); c <= budget; c++ {
		if f[0][c] > f[0][bestC] {
			bestC = c
		}
	}
	var sel []string
	c := bestC
	for q := range n {
		if c >= cost[q] && f[q+1][c-cost[q]] != none && f[q+1][c-cost[q]]+val[q] == f[q][c] {
			sel = append(sel, cands[idx[q]].ID)
			c -= cost[q]
		}
	}
	return f[0][bestC], bestC, sel
}

// tiedCandidates draws n candidates with values in [0, 1) rounded to 0.1
// and integer costs 1–100 (the issue 21 instance).
func tiedCandidates(n int, seed uint64) []Candidate {
	rng := rand.New(rand.NewPCG(seed, 21))
	out := make([]Candidate, n)
	for i := range out {
		out[i] = Candidate{ID: fmt.Sprintf("T%04d", i), Value: math.Round(rng.Float64()*10) / 10,
			Cost: decimal.NewFromInt(int64(1 + rng.IntN(100)))}
	}
	return out
}

// subsetSumCandidates draws n candidates whose value equals their cost
// (1–1,000), so every item has the same value per cost and a fractional
// bound never prunes.
func subsetSumCandidates(n int, seed uint64) ([]Candidate, int64) {
	rng := rand.New(rand.NewPCG(seed, 30))
	out := make([]Candidate, n)
	var total int64
	for i := range out {
		c := int64(1 + rng.IntN(1000))
		total += c
		out[i] = Candidate{ID: fmt.Sprintf("S%03d", i), Value: float64(c), Cost: decimal.NewFromInt(c)}
	}
	return out, total / 2
}

// inCandidateOrder sorts ids by their place in cands.
func inCandidateOrder(cands []Candidate, ids []string) []string {
	pos := map[string]int{}
	for i, c := range cands {
		pos[c.ID] = i
	}
	out := slices.Clone(ids)
	sort.Slice(out, func(a, b int) bool { return pos[out[a]] < pos[out[b]] })
	if out == nil {
		out = []string{}
	}
	return out
}

// gridSum is the total of the selected values, each rounded to 1/scale.
func gridSum(cands []Candidate, sel []string, scale float64) int64 {
	var s int64
	for _, c := range cands {
		if slices.Contains(sel, c.ID) {
			s += int64(math.Round(c.Value * scale))
		}
	}
	return s
}

// TestSelectPortfolioTies: the issue 21 instances that made the branch and
// bound give up (ErrNoConvergence at its 20M-node cap) are solved exactly,
// with the documented tie rule, at the budget and at ±10 %.
func TestSelectPortfolioTies(t *testing.T) {
	ss30, b30 := subsetSumCandidates(30, 1)
	ss60, b60 := subsetSumCandidates(60, 2)
	ss200, b200 := subsetSumCandidates(200, 3)
	copies := make([]Candidate, 40)
	for i := range copies {
		copies[i] = Candidate{ID: fmt.Sprintf("C%02d", 39-i), Value: 0.7388888888888889, Cost: decimal.NewFromInt(30_000)}
	}
	tests := []struct {
		name, reason string
		cands        []Candidate
		budget       int64
		scale        float64
	}{
		{"2000 values rounded to 0.1", "equal-value candidates cannot be pruned by a bound", tiedCandidates(2000, 1), 1000, 10},
		{"500 values rounded to 0.1", "the size that used to solve still solves", tiedCandidates(500, 2), 1000, 10},
		{"subset sum 30", "value = cost: every item has the same density", ss30, b30, 1},
		{"subset sum 60", "value = cost at twice the size", ss60, b60, 1},
		{"subset sum 200", "value = cost at the benchmark size", ss200, b200, 1},
		{"exact copies", "40 identical items, 13 fit: the smallest IDs win", copies, 400_000, 1e12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := SelectPortfolio(PortfolioProblem{Candidates: tt.cands, Budget: decimal.NewFromInt(tt.budget)}, PortfolioOptions{})
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			for _, pf := range []Portfolio{res.Optimal, res.Lower, res.Upper} {
				b := pf.Budget.IntPart()
				wantV, wantC, wantSel := refKnapsack(tt.cands, b, tt.scale)
				got := struct {
					Value, Cost int64
					Selected    []string
				}{gridSum(tt.cands, pf.Selected, tt.scale), pf.Cost.IntPart(), pf.Selected}
				want := struct {
					Value, Cost int64
					Selected    []string
				}{wantV, wantC, inCandidateOrder(tt.cands, wantSel)}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("budget %d (%s) (-want +got):\n%s", b, tt.reason, diff)
				}
			}
		})
	}
}

// TestPortfolioTieRule pins the documented tie rule on small cases.
func TestPortfolioTieRule(t *testing.T) {
	tests := []struct {
		name, reason string
		p            PortfolioProblem
		want         []string
	}{
		{"cheaper wins", "B and C tie with A on value; A is cheaper",
			PortfolioProblem{Candidates: []Candidate{cand("B", 1, 2), cand("C", 1, 2), cand("A", 2, 3)}, Budget: decimal.NewFromInt(4)},
			[]string{"A"}},
		{"smallest differing ID", "{A, D} and {B, C} tie on value and cost; A decides",
			PortfolioProblem{Candidates: []Candidate{cand("D", 1, 1), cand("C", 1, 1), cand("B", 1, 1), cand("A", 1, 1)}, Budget: decimal.NewFromInt(2)},
			[]string{"B", "A"}},
		{"zero value, zero cost", "an item that changes nothing is kept (it is the smallest differing ID)",
			PortfolioProblem{Candidates: []Candidate{cand("A", 0, 0), cand("B", 1, 1)}, Budget: decimal.NewFromInt(1)},
			[]string{"A", "B"}},
		{"group member by ID", "the exclusive members tie: the smaller ID is kept",
			PortfolioProblem{Candidates: []Candidate{cand("Y", 1, 1), cand("X", 1, 1)}, Budget: decimal.NewFromInt(5),
				Exclusive: [][]string{{"Y", "X"}}},
			[]string{"X"}},
		{"units by smallest ID", "unit {A, Z} (Z requires A) comes before M: {A, Z} beats {A, M}",
			PortfolioProblem{Candidates: []Candidate{cand("A", 1, 1), cand("M", 1, 1), cand("Z", 1, 1)}, Budget: decimal.NewFromInt(2),
				Requires: []Requirement{{"Z", "A"}}},
			[]string{"A", "Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, opts := range []PortfolioOptions{{}, {MaxCells: 1}} {
				res, err := SelectPortfolio(tt.p, opts)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, res.Optimal.Selected); diff != "" {
					t.Errorf("%s, %s (-want +got):\n%s", tt.reason, res.Method, diff)
				}
			}
		})
	}
}

// TestPortfolioMethods: the value table is used when it is smaller, the
// branch and bound only when both tables exceed MaxCells, and a fallback
// that would exceed MaxNodes is an error.
func TestPortfolioMethods(t *testing.T) {
	cents := PortfolioProblem{Budget: decimal.RequireFromString("1200000.00")}
	for i := range 12 {
		cents.Candidates = append(cents.Candidates, Candidate{ID: fmt.Sprintf("P%02d", i), Value: float64(1 + i%4),
			Cost: decimal.New(int64(10_000_001+7_919*i*i), -2)})
	}
	fine := PortfolioProblem{Candidates: tiedCandidates(50, 3), Budget: decimal.NewFromInt(1000)}
	for i := range fine.Candidates {
		fine.Candidates[i].Value = 1 / float64(3+i)
	}
	tests := []struct {
		name, reason string
		p            PortfolioProblem
		opts         PortfolioOptions
		method       string
		err          error
	}{
		{"cost table", "integer costs 1–100 against 1,000, values off any short grid", fine, PortfolioOptions{}, MethodPortfolio, nil},
		{"value table for 0.1 steps", "50 values in tenths span at most 500 units, costs 2,000", PortfolioProblem{Candidates: tiedCandidates(50, 3),
			Budget: decimal.NewFromInt(1000)}, PortfolioOptions{}, MethodPortfolioValue, nil},
		{"value table", "cent costs, small integer values", cents, PortfolioOptions{}, MethodPortfolioValue, nil},
		{"branch and bound", "both tables over the cap", cents, PortfolioOptions{MaxCells: 10}, MethodPortfolioBranchBound, nil},
		{"node cap", "a capped fallback is an error, not an approximation", cents, PortfolioOptions{MaxCells: 10, MaxNodes: 5}, "", ErrNoConvergence},
		{"cells out of range", "the cap is itself capped", cents, PortfolioOptions{MaxCells: MaxCellsLimit + 1}, "", ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := SelectPortfolio(tt.p, tt.opts)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("%s: err = %v, want %v", tt.reason, err, tt.err)
			}
			if err == nil && res.Method != tt.method {
				t.Errorf("%s: method %q, want %q", tt.reason, res.Method, tt.method)
			}
		})
	}
	// The value table, the cost table and the fallback agree.
	var sels [][]string
	for _, opts := range []PortfolioOptions{{}, {MaxCells: 10}} {
		res, err := SelectPortfolio(cents, opts)
		if err != nil {
			t.Fatal(err)
		}
		sels = append(sels, res.Optimal.Selected)
	}
	if diff := cmp.Diff(sels[0], sels[1]); diff != "" {
		t.Errorf("value table and branch and bound disagree (-table +bb):\n%s", diff)
	}
}

// cancelAfter is a context whose Err reports cancellation from the n-th
// call on, so a test can cancel a solve in the middle deterministically.
type cancelAfter struct {
	context.Context
	n *int
}

func (c cancelAfter) Err() error {
	if *c.n--; *c.n <= 0 {
		return context.Canceled
	}
	return nil
}

func TestSelectPortfolioContextCancel(t *testing.T) {
	p := PortfolioProblem{Candidates: tiedCandidates(2000, 4), Budget: decimal.NewFromInt(1000)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SelectPortfolioContext(ctx, p, PortfolioOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the call: err = %v", err)
	}
	for _, tt := range []struct {
		name string
		opts PortfolioOptions
	}{{"table", PortfolioOptions{}}, {"branch and bound", PortfolioOptions{MaxCells: 1}}} {
		n := 4 // the start, the plan, then inside the table or the search
		if _, err := SelectPortfolioContext(cancelAfter{context.Background(), &n}, p, tt.opts); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled during the solve: err = %v", tt.name, err)
		}
	}
}
