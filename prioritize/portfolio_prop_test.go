package prioritize

import (
	"math/bits"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// bruteTie is an exhaustive reference for SelectPortfolio on at most 16
// candidates whose values are multiples of 1/4 and costs multiples of
// 1/10. For each budget (in tenths) it returns the mask of the selection
// the documented rule prefers (highest value, then least cost, then the
// unit order tie rule), or -1 when nothing is feasible.
func bruteTie(p PortfolioProblem, budgets []int64) []int {
	n := len(p.Candidates)
	idx := map[string]int{}
	val, cost := make([]int64, n), make([]int64, n)
	for i, c := range p.Candidates {
		idx[c.ID] = i
		val[i] = int64(c.Value * 4)
		cost[i] = c.Cost.Shift(1).IntPart()
	}
	var must uint32
	for _, id := range p.Mandatory {
		must |= 1 << idx[id]
	}
	groups := make([]uint32, len(p.Exclusive))
	for g, grp := range p.Exclusive {
		for _, id := range grp {
			groups[g] |= 1 << idx[id]
		}
	}
	type link struct{ a, b int }
	var links []link
	for _, r := range p.Requires {
		links = append(links, link{idx[r.Item], idx[r.Requires]})
	}
	// Committed (in) and ruled-out items, then units of the rest.
	fixedIn := must
	for changed := true; changed; {
		changed = false
		for _, l := range links {
			if fixedIn&(1<<l.a) != 0 && fixedIn&(1<<l.b) == 0 {
				fixedIn |= 1 << l.b
				changed = true
			}
		}
	}
	var fixedOut uint32
	for _, g := range groups {
		if g&fixedIn != 0 {
			fixedOut |= g &^ fixedIn
		}
	}
	for changed := true; changed; {
		changed = false
		for _, l := range links {
			if fixedOut&(1<<l.b) != 0 && fixedOut&(1<<l.a) == 0 {
				fixedOut |= 1 << l.a
				changed = true
			}
		}
	}
	free := (uint32(1)<<n - 1) &^ fixedIn &^ fixedOut
	unit := make([]int, n)
	for i := range unit {
		unit[i] = i
	}
	root := func(i int) int {
		for unit[i] != i {
			i = unit[i]
		}
		return i
	}
	join := func(a, b int) {
		if free&(1<<a) != 0 && free&(1<<b) != 0 {
			ra, rb := root(a), root(b)
			unit[max(ra, rb)] = min(ra, rb)
		}
	}
	for _, l := range links {
		join(l.a, l.b)
	}
	for _, g := range groups {
		for a := range n {
			for b := range n {
				if g&(1<<a) != 0 && g&(1<<b) != 0 {
					join(a, b)
				}
			}
		}
	}
	// order: free items, units by their smallest ID, IDs ascending within.
	var order []int
	for i := range n {
		if free&(1<<i) != 0 {
			order = append(order, i)
		}
	}
	minID := map[int]string{}
	for _, i := range order {
		r := root(i)
		if m, ok := minID[r]; !ok || p.Candidates[i].ID < m {
			minID[r] = p.Candidates[i].ID
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if ma, mb := minID[root(a)], minID[root(b)]; ma != mb {
			return compareStrings(ma, mb)
		}
		return compareStrings(p.Candidates[a].ID, p.Candidates[b].ID)
	})
	prefer := func(a, b int) bool { // a before b by the tie rule
		for _, i := range order {
			if (a^b)&(1<<i) != 0 {
				return a&(1<<i) != 0
			}
		}
		return false
	}
	best := make([]int, len(budgets))
	bv, bc := make([]int64, len(budgets)), make([]int64, len(budgets))
	for q := range best {
		best[q] = -1
	}
	for mask := 0; mask < 1<<n; mask++ {
		m := uint32(mask)
		if m&must != must {
			continue
		}
		ok := true
		for _, g := range groups {
			ok = ok && bits.OnesCount32(m&g) <= 1
		}
		for _, l := range links {
			ok = ok && (m&(1<<l.a) == 0 || m&(1<<l.b) != 0)
		}
		if !ok {
			continue
		}
		var v, c int64
		for i := range n {
			if m&(1<<i) != 0 {
				v += val[i]
				c += cost[i]
			}
		}
		for q, b := range budgets {
			switch {
			case c > b:
			case best[q] < 0 || v > bv[q] || v == bv[q] && (c < bc[q] || c == bc[q] && prefer(mask, best[q])):
				best[q], bv[q], bc[q] = mask, v, c
			}
		}
	}
	return best
}

// genTieProblem draws up to 10 candidates with shuffled IDs (so ID order
// is not candidate order), values in quarters from a few levels (many
// ties), costs in tenths, and every constraint kind, cycles included.
func genTieProblem(t *rapid.T) PortfolioProblem {
	n := rapid.IntRange(0, 10).Draw(t, "n")
	names := rapid.Permutation([]string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}).Draw(t, "names")
	p := PortfolioProblem{Budget: decimal.NewFromInt(int64(rapid.IntRange(0, 30).Draw(t, "budget")))}
	for i := range n {
		p.Candidates = append(p.Candidates, Candidate{ID: names[i],
			Value: float64(rapid.IntRange(-2, 8).Draw(t, "value")) / 4,
			Cost:  decimal.New(int64(rapid.IntRange(0, 8).Draw(t, "cost")*5), -1)})
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
	for range rapid.IntRange(0, 5).Draw(t, "requires") {
		if a, b := id("a"), id("b"); a != b {
			p.Requires = append(p.Requires, Requirement{Item: a, Requires: b})
		}
	}
	return p
}

// checkAgainstBrute compares every selection of one solve with bruteTie.
func checkAgainstBrute(t interface{ Fatalf(string, ...any) }, p PortfolioProblem, opts PortfolioOptions) {
	res, err := SelectPortfolio(p, opts)
	if err != nil {
		t.Fatalf("SelectPortfolio(%+v): %v", opts, err)
	}
	pfs := []Portfolio{res.Optimal, res.Lower, res.Upper}
	var budgets []int64
	for _, pf := range pfs {
		budgets = append(budgets, pf.Budget.Shift(1).IntPart())
	}
	for _, fp := range res.Frontier {
		pfs = append(pfs, Portfolio{Budget: fp.Budget, Feasible: fp.Feasible, Value: fp.Value, Cost: fp.Cost})
		budgets = append(budgets, fp.Budget.Shift(1).IntPart())
	}
	best := bruteTie(p, budgets)
	for q, pf := range pfs {
		type sel struct {
			Feasible bool
			Value    float64
			Cost     string
			Selected []string
		}
		want := sel{Cost: "0", Selected: []string{}}
		if best[q] >= 0 {
			want.Feasible = true
			c := decimal.Zero
			for i, cd := range p.Candidates {
				if best[q]&(1<<i) != 0 {
					want.Selected = append(want.Selected, cd.ID)
					want.Value += cd.Value
					c = c.Add(cd.Cost)
				}
			}
			want.Cost = c.String()
		}
		got := sel{pf.Feasible, pf.Value, pf.Cost.String(), pf.Selected}
		if q >= 3 { // frontier points carry no selection
			got.Selected, want.Selected = nil, nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s at budget %s (-brute force +solver):\n%s", res.Method, pf.Budget, diff)
		}
	}
}

// TestPortfolioBruteForce: on small instances with every constraint kind
// and many ties, the dynamic program and the branch-and-bound fallback
// both return the brute-force optimum and its tie-broken selection at the
// budget, at ±10 % and along the frontier.
func TestPortfolioBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genTieProblem(t)
		checkAgainstBrute(t, p, PortfolioOptions{FrontierSteps: 4})
		checkAgainstBrute(t, p, PortfolioOptions{FrontierSteps: 4, MaxCells: 1})
	})
}

// TestPortfolioBruteForceCases keeps hand-made instances of each kind.
func TestPortfolioBruteForceCases(t *testing.T) {
	c := func(id string, v float64, tenths int64) Candidate {
		return Candidate{ID: id, Value: v, Cost: decimal.New(tenths, -1)}
	}
	tests := []struct {
		name, reason string
		p            PortfolioProblem
	}{
		{"cycle", "A and B require each other: all or nothing",
			PortfolioProblem{Candidates: []Candidate{c("B", 1, 10), c("A", 1, 10), c("C", 1.5, 10)}, Budget: decimal.NewFromInt(2),
				Requires: []Requirement{{"A", "B"}, {"B", "A"}}}},
		{"overlapping groups", "{A, B} and {B, C} exclusive: A and C together",
			PortfolioProblem{Candidates: []Candidate{c("A", 1, 10), c("B", 1.5, 10), c("C", 1, 10)}, Budget: decimal.NewFromInt(3),
				Exclusive: [][]string{{"A", "B"}, {"B", "C"}}}},
		{"star", "leaves need the hub",
			PortfolioProblem{Candidates: []Candidate{c("H", 0, 30), c("L1", 1, 10), c("L2", 1, 10), c("L3", 1, 10), c("X", 2, 40)},
				Budget: decimal.NewFromInt(5), Requires: []Requirement{{"L1", "H"}, {"L2", "H"}, {"L3", "H"}}}},
		{"mandatory rival", "a mandatory member rules out its group",
			PortfolioProblem{Candidates: []Candidate{c("A", 0.25, 10), c("B", 2, 10), c("C", 1, 10)}, Budget: decimal.NewFromInt(2),
				Mandatory: []string{"A"}, Exclusive: [][]string{{"A", "B"}}, Requires: []Requirement{{"C", "B"}}}},
		{"contradiction", "mandatory items that exclude each other",
			PortfolioProblem{Candidates: []Candidate{c("A", 1, 10), c("B", 1, 10)}, Budget: decimal.NewFromInt(5),
				Mandatory: []string{"A", "B"}, Exclusive: [][]string{{"A", "B"}}}},
		{"negative required", "a negative prerequisite is worth taking for a larger dependant",
			PortfolioProblem{Candidates: []Candidate{c("N", -0.5, 10), c("D", 2, 10), c("E", 1, 10)}, Budget: decimal.NewFromInt(2),
				Requires: []Requirement{{"D", "N"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, opts := range []PortfolioOptions{{FrontierSteps: 4}, {FrontierSteps: 4, MaxCells: 1}} {
				checkAgainstBrute(t, tt.p, opts)
			}
		})
	}
}
