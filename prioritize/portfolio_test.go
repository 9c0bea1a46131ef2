package prioritize

import (
	"errors"
	"math/bits"
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
			PortfolioOptions{MaxNodes: 1}, ErrNoConvergence},
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
