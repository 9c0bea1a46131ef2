package prioritize

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Portfolio solver methods recorded in [PortfolioResult].Method.
const (
	// MethodPortfolio is the default exact solver: a dynamic program over
	// the integer budget (costs in their common decimal unit divided by
	// their greatest common divisor), with the candidates linked by
	// exclusive groups or requirements solved as multiple-choice units.
	MethodPortfolio = "exact dynamic program over integer cost units, linked items as multiple-choice units"
	// MethodPortfolioValue is the same dynamic program over integer value
	// units (values on their common decimal grid), chosen when that table
	// is smaller.
	MethodPortfolioValue = "exact dynamic program over integer value units, linked items as multiple-choice units"
	// MethodPortfolioBranchBound is the fallback used only when both tables
	// exceed MaxCells: branch and bound with a fractional-knapsack bound,
	// capped at MaxNodes search nodes.
	MethodPortfolioBranchBound = "branch and bound, fractional-knapsack bound, exact integer costs and values"
)

// Portfolio limits.
const (
	// MaxPortfolioItems bounds the number of candidates.
	MaxPortfolioItems = 100_000
	// DefaultMaxCells is the default cap on the dynamic-program table of
	// [PortfolioOptions]: 2^26 cells, about 64 MB of choices plus two
	// rows of 8-byte values, well under a second on one core.
	DefaultMaxCells = 1 << 26
	// MaxCellsLimit is the largest MaxCells accepted (2^28 cells, 256 MB).
	MaxCellsLimit = 1 << 28
	// DefaultMaxNodes is the default search-node cap of the branch-and-bound
	// fallback of [PortfolioOptions].
	DefaultMaxNodes = 20_000_000
	// DefaultFrontierSteps is the default number of frontier intervals.
	DefaultFrontierSteps = 20
	// MaxUnitOptions bounds the feasible selections enumerated for one unit
	// of linked candidates (see [SelectPortfolioContext]); a larger unit
	// sends the problem to the branch-and-bound fallback.
	MaxUnitOptions = 1 << 16
	// maxCostDigits bounds the decimal places of costs and budget.
	maxCostDigits = 12
	// valueDigits is the number of significant decimal digits, relative to
	// the largest |value|, on which values are compared.
	valueDigits = 12
)

// Candidate is one item that may enter a portfolio: its value (usually its
// score, higher is better, any finite number) and its cost (≥ 0, any
// currency as long as it matches the budget).
type Candidate struct {
	ID    string          `json:"id"`
	Value float64         `json:"value"`
	Cost  decimal.Decimal `json:"cost"`
}

// Requirement says that Item can only be selected together with Requires.
type Requirement struct {
	Item     string `json:"item"`
	Requires string `json:"requires"`
}

// PortfolioProblem is a budgeted selection: maximize the total value of the
// selected candidates subject to Σ cost ≤ Budget, every Mandatory item
// selected, at most one item of each Exclusive group, and every
// [Requirement] met.
type PortfolioProblem struct {
	Candidates []Candidate     `json:"candidates"`
	Budget     decimal.Decimal `json:"budget"`
	Mandatory  []string        `json:"mandatory"`
	Exclusive  [][]string      `json:"exclusive"`
	Requires   []Requirement   `json:"requires"`
}

// PortfolioOptions tunes [SelectPortfolio]; zero values select defaults.
type PortfolioOptions struct {
	// MaxNodes caps the search nodes of one branch-and-bound solve, used
	// only when the dynamic program would exceed MaxCells (default
	// [DefaultMaxNodes]); exceeding it is an error, never a silent
	// approximation.
	MaxNodes int `json:"max_nodes"`
	// MaxCells caps the dynamic-program table in cells (option count ×
	// table width, summed over the units; default [DefaultMaxCells], at
	// most [MaxCellsLimit]). It is checked before the table is allocated.
	MaxCells int `json:"max_cells"`
	// FrontierSteps is the number of equal budget intervals of the frontier
	// over [0, 2·Budget] (default [DefaultFrontierSteps], at most 1,000).
	FrontierSteps int `json:"frontier_steps"`
}

// Portfolio is the optimal selection at one budget.
type Portfolio struct {
	Budget decimal.Decimal `json:"budget"`
	// Feasible is false when the mandatory items (with what they require)
	// cannot be selected together within the budget; Selected is then empty.
	Feasible bool `json:"feasible"`
	// Selected lists the chosen IDs in candidate order.
	Selected []string `json:"selected"`
	// Value is the float64 sum of the selected values in candidate order.
	Value float64         `json:"value"`
	Cost  decimal.Decimal `json:"cost"`
	// Nodes is the work done: the cells of the dynamic-program table (one
	// table answers every budget of a [PortfolioResult], so each of its
	// portfolios reports the same count), or the search nodes of this
	// budget's branch and bound.
	Nodes int `json:"nodes"`
}

// FrontierPoint is the optimal value at one budget.
type FrontierPoint struct {
	Budget   decimal.Decimal `json:"budget"`
	Feasible bool            `json:"feasible"`
	Value    float64         `json:"value"`
	Cost     decimal.Decimal `json:"cost"`
	Count    int             `json:"count"`
}

// PortfolioResult is the result of [SelectPortfolio].
type PortfolioResult struct {
	// Method is [MethodPortfolio], [MethodPortfolioValue] or
	// [MethodPortfolioBranchBound].
	Method         string `json:"method"`
	LibraryVersion string `json:"library_version"`
	// Optimal is the selection at the budget; Lower and Upper at 90 % and
	// 110 % of it (rounded down to the smallest cost unit).
	Optimal Portfolio `json:"optimal"`
	Lower   Portfolio `json:"lower"`
	Upper   Portfolio `json:"upper"`
	// Leave lists the selected items that drop out at 90 % of the budget,
	// Enter the items that come in at 110 % (candidate order).
	Leave    []string        `json:"leave"`
	Enter    []string        `json:"enter"`
	Frontier []FrontierPoint `json:"frontier"`
}

// CandidatesFromRanking turns the entries of a ranking that pass every gate
// into candidates valued at their scores, in ranking order.
func CandidatesFromRanking(r Ranking) []Candidate {
	out := make([]Candidate, 0, len(r.Entries))
	for _, e := range r.Entries {
		if !e.Blocked {
			out = append(out, Candidate{ID: e.ID, Value: e.Score, Cost: e.Cost})
		}
	}
	return out
}

// SelectPortfolio is [SelectPortfolioContext] with [context.Background].
func SelectPortfolio(p PortfolioProblem, opts PortfolioOptions) (PortfolioResult, error) {
	return SelectPortfolioContext(context.Background(), p, opts)
}

// SelectPortfolioContext finds the exact optimum of a [PortfolioProblem],
// reports the selections at 90 % and 110 % of the budget with the marginal
// items, and the frontier of optimal value against budget over
// [0, 2·Budget] (FrontierSteps + 1 budgets). The result never depends on
// the absence of ties.
//
// # Method
//
// Costs and budgets are scaled by a power of ten to exact integers and
// divided by the greatest common divisor of the costs (a budget is rounded
// down to that unit, which changes nothing). Values are compared on a
// decimal grid: exactly when every value's shortest decimal form has at
// most 12 significant digits counted from the largest |value| (scores on
// 1–5 levels, values rounded to 0.1, integers); otherwise rounded half to
// even at that resolution, so totals closer than about 1e-12 × the largest
// |value| per item count as ties. Value reports the float64 sum.
//
// The mandatory items and everything they require are committed; their
// exclusive rivals and everything requiring an excluded item are ruled
// out. The remaining candidates fall into units: a candidate on its own,
// or a connected set of candidates linked by exclusive groups or
// requirements (in any combination, cycles and overlapping groups
// included). Each unit's feasible selections are enumerated exactly
// (an exclusive group of m members has m + 1, a requirement chain of m
// items m + 1) and those dominated in cost and value are dropped; the
// units are then combined by a multiple-choice knapsack dynamic program
// over the integer budget, or over the integer value when that table is
// smaller. Every unit combination is feasible, so the optimum is exact.
// One table answers every budget of the result.
//
// Only when both tables exceed MaxCells, or a unit has more than
// [MaxUnitOptions] feasible selections, does the solver fall back to
// branch and bound, whose search is capped at MaxNodes nodes per budget;
// the table is never allocated in that case.
//
// # Ties
//
// Among optimal selections the cheaper wins; among equally cheap ones the
// units are compared in order of each unit's smallest ID (byte order) and,
// within the first unit where they differ, the selection that contains the
// smallest ID in which they differ wins. Without linked candidates this is
// simply: the selection containing the smallest ID in which two optima
// differ. On instances with a unique optimum the tie rule plays no part.
//
// # Cost
//
// With n candidates, o unit selections in all (n + the extra selections of
// linked units) and W the table width (2·Budget minus the mandatory cost,
// in cost units, at most the total cost; or the value range in value
// units): O(o·W) time, O(W) values and O(o·W) two-byte choices of memory
// ≤ MaxCells cells, plus O(n + Σ |groups|² + |requires|) to build the units.
// The branch-and-bound fallback is O(MaxNodes · n) per budget. The context
// is checked between units and every few thousand cells or nodes; on
// cancellation ctx.Err() is returned.
//
// SelectPortfolioContext returns an error if:
//   - there are more than [MaxPortfolioItems] candidates, an ID is empty or
//     duplicated, a value is not finite, a cost or the budget is negative or
//     has more than 12 decimal places, or a scaled cost or budget exceeds
//     10^15 (wraps [ErrInvalidInput]);
//   - Mandatory, Exclusive or Requires names an unknown item, an item
//     requires itself, or an option is out of range (wraps
//     [ErrInvalidInput]);
//   - the dynamic program would exceed MaxCells and the branch-and-bound
//     fallback needs more than MaxNodes search nodes (wraps
//     [ErrNoConvergence]);
//   - ctx is cancelled or its deadline passes (ctx.Err()).
func SelectPortfolioContext(ctx context.Context, p PortfolioProblem, opts PortfolioOptions) (PortfolioResult, error) {
	if err := ctx.Err(); err != nil {
		return PortfolioResult{}, err
	}
	k, err := newKnap(p, opts)
	if err != nil {
		return PortfolioResult{}, err
	}
	steps := int64(k.steps)
	budgets := []int64{k.budget, k.budget/10*9 + k.budget%10*9/10, k.budget/10*11 + k.budget%10*11/10}
	for s := range steps + 1 {
		b := 2 * k.budget / steps * s
		b += (2 * k.budget % steps) * s / steps
		budgets = append(budgets, b)
	}
	pfs, method, err := k.solveAll(ctx, budgets)
	if err != nil {
		return PortfolioResult{}, err
	}
	res := PortfolioResult{Method: method, LibraryVersion: LibraryVersion,
		Optimal: pfs[0], Lower: pfs[1], Upper: pfs[2], Frontier: []FrontierPoint{}}
	res.Leave = minus(res.Optimal.Selected, res.Lower.Selected)
	res.Enter = minus(res.Upper.Selected, res.Optimal.Selected)
	for _, pf := range pfs[3:] {
		res.Frontier = append(res.Frontier, FrontierPoint{Budget: pf.Budget, Feasible: pf.Feasible,
			Value: pf.Value, Cost: pf.Cost, Count: len(pf.Selected)})
	}
	return res, nil
}

// minus returns the elements of a not in b, keeping a's order.
func minus(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// knap is a validated portfolio problem on integer costs and values.
type knap struct {
	ids       []string
	val       []float64
	kv        []int64 // values on the decimal value grid
	sumAbs    int64   // Σ |kv|
	cost      []int64
	digits    int32
	budget    int64
	mandatory []int
	groups    [][]int // per item: the other members of its exclusive groups
	req, rev  [][]int // direct requirements and reverse
	order     []int   // items by value per cost, descending (branch and bound)
	maxNodes  int
	maxCells  int64
	steps     int
}

func newKnap(p PortfolioProblem, opts PortfolioOptions) (*knap, error) {
	var errs []error
	add := func(path, v, msg string) {
		errs = append(errs, &FieldError{Pkg: "prioritize", Path: path, Value: v, Err: fmt.Errorf("%s: %w", msg, ErrInvalidInput)})
	}
	n := len(p.Candidates)
	if n > MaxPortfolioItems {
		add("candidates", strconv.Itoa(n), "too many candidates")
		return nil, errs[0]
	}
	k := &knap{maxNodes: opts.MaxNodes, maxCells: int64(opts.MaxCells), steps: opts.FrontierSteps}
	if k.maxNodes == 0 {
		k.maxNodes = DefaultMaxNodes
	}
	if k.maxCells == 0 {
		k.maxCells = DefaultMaxCells
	}
	if k.steps == 0 {
		k.steps = DefaultFrontierSteps
	}
	if opts.MaxNodes < 0 {
		add("max_nodes", strconv.Itoa(opts.MaxNodes), "must be ≥ 0")
	}
	if opts.MaxCells < 0 || opts.MaxCells > MaxCellsLimit {
		add("max_cells", strconv.Itoa(opts.MaxCells), "must be in [0, 268435456]")
	}
	if opts.FrontierSteps < 0 || opts.FrontierSteps > 1000 {
		add("frontier_steps", strconv.Itoa(opts.FrontierSteps), "must be in [0, 1000]")
	}
	index := make(map[string]int, n)
	digits := int32(0)
	for _, d := range append([]decimal.Decimal{p.Budget}, costsOf(p.Candidates)...) {
		if e := -d.Exponent(); e > digits {
			digits = e
		}
	}
	if digits > maxCostDigits {
		digits = maxCostDigits
	}
	k.digits = digits
	scale := func(path string, d decimal.Decimal) int64 {
		if d.Sign() < 0 {
			add(path, d.String(), "negative amount")
			return 0
		}
		s := d.Shift(digits)
		if !s.IsInteger() {
			add(path, d.String(), "more than 12 decimal places")
			return 0
		}
		if s.Cmp(decimal.New(1, 15)) > 0 {
			add(path, d.String(), "amount too large for exact integer costs")
			return 0
		}
		return s.IntPart()
	}
	k.budget = scale("budget", p.Budget)
	for i, c := range p.Candidates {
		path := "candidates[" + strconv.Itoa(i) + "]"
		if c.ID == "" {
			add(path+".id", "", "empty ID")
		} else if _, dup := index[c.ID]; dup {
			add(path+".id", c.ID, "duplicate ID")
		} else {
			index[c.ID] = i
		}
		if !finite(c.Value) {
			add(path+".value", fmtFloat(c.Value), "not a finite number")
		}
		k.ids = append(k.ids, c.ID)
		k.val = append(k.val, c.Value)
		k.cost = append(k.cost, scale(path+".cost", c.Cost))
	}
	look := func(path, id string) int {
		i, ok := index[id]
		if !ok {
			add(path, id, "unknown item")
			return -1
		}
		return i
	}
	for q, id := range p.Mandatory {
		if i := look("mandatory["+strconv.Itoa(q)+"]", id); i >= 0 {
			k.mandatory = append(k.mandatory, i)
		}
	}
	k.groups = make([][]int, n)
	for g, grp := range p.Exclusive {
		var members []int
		for q, id := range grp {
			if i := look("exclusive["+strconv.Itoa(g)+"]["+strconv.Itoa(q)+"]", id); i >= 0 && !slices.Contains(members, i) {
				members = append(members, i)
			}
		}
		for _, i := range members {
			for _, j := range members {
				if i != j && !slices.Contains(k.groups[i], j) {
					k.groups[i] = append(k.groups[i], j)
				}
			}
		}
	}
	k.req, k.rev = make([][]int, n), make([][]int, n)
	for q, r := range p.Requires {
		path := "requires[" + strconv.Itoa(q) + "]"
		a, b := look(path+".item", r.Item), look(path+".requires", r.Requires)
		if a < 0 || b < 0 {
			continue
		}
		if a == b {
			add(path, r.Item, "item requires itself")
			continue
		}
		k.req[a] = append(k.req[a], b)
		k.rev[b] = append(k.rev[b], a)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	k.kv, k.sumAbs = gridValues(k.val)
	k.order = make([]int, n)
	for i := range k.order {
		k.order[i] = i
	}
	density := func(i int) float64 {
		if k.cost[i] == 0 {
			return math.Copysign(math.Inf(1), float64(k.kv[i]))
		}
		return float64(k.kv[i]) / float64(k.cost[i])
	}
	slices.SortStableFunc(k.order, func(a, b int) int { return cmp.Compare(density(b), density(a)) })
	return k, nil
}

// gridValues maps finite values to integers on their common decimal grid:
// the fewest decimal places that represent every value's shortest decimal
// form exactly, but at most valueDigits significant digits counted from
// the largest |value| (then rounded half to even). Σ |result| < 10^17.
func gridValues(vals []float64) ([]int64, int64) {
	ds := make([]decimal.Decimal, len(vals))
	places := int32(0)
	var maxAbs decimal.Decimal
	for i, v := range vals {
		ds[i] = decimal.NewFromFloat(v)
		if e := -ds[i].Exponent(); e > places {
			places = e
		}
		if a := ds[i].Abs(); a.GreaterThan(maxAbs) {
			maxAbs = a
		}
	}
	if maxAbs.IsZero() {
		return make([]int64, len(vals)), 0
	}
	// 10^(top-1) ≤ maxAbs < 10^top.
	top := int32(len(maxAbs.Coefficient().String())) + maxAbs.Exponent()
	places = min(places, valueDigits-top)
	out := make([]int64, len(vals))
	var sum int64
	for i, d := range ds {
		out[i] = d.RoundBank(places).Shift(places).IntPart()
		sum += max(out[i], -out[i])
	}
	return out, sum
}

func costsOf(cs []Candidate) []decimal.Decimal {
	out := make([]decimal.Decimal, len(cs))
	for i, c := range cs {
		out[i] = c.Cost
	}
	return out
}

// solve returns the optimal portfolio at budget b (scaled cost units).
func (k *knap) solve(b int64) (Portfolio, error) {
	pfs, _, err := k.solveAll(context.Background(), []int64{b})
	if err != nil {
		return Portfolio{}, err
	}
	return pfs[0], nil
}

// portfolioAt renders the selection sel (item states) at budget b.
func (k *knap) portfolioAt(b int64, sel []bool, work int) Portfolio {
	pf := Portfolio{Budget: decimal.New(b, -k.digits), Feasible: true, Selected: []string{}, Nodes: work}
	var cost int64
	for i, in := range sel {
		if in {
			pf.Selected = append(pf.Selected, k.ids[i])
			pf.Value += k.val[i]
			cost += k.cost[i]
		}
	}
	pf.Cost = decimal.New(cost, -k.digits)
	return pf
}

// infeasibleAt is the empty, infeasible portfolio at budget b.
func (k *knap) infeasibleAt(b int64, work int) Portfolio {
	return Portfolio{Budget: decimal.New(b, -k.digits), Selected: []string{}, Cost: decimal.Zero, Nodes: work}
}
