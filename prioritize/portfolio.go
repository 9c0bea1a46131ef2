package prioritize

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// MethodPortfolio identifies the portfolio solver recorded in results.
const MethodPortfolio = "branch and bound, fractional-knapsack bound, exact integer costs"

// Portfolio limits.
const (
	// MaxPortfolioItems bounds the number of candidates.
	MaxPortfolioItems = 100_000
	// DefaultMaxNodes is the default search-node cap of [PortfolioOptions].
	DefaultMaxNodes = 20_000_000
	// DefaultFrontierSteps is the default number of frontier intervals.
	DefaultFrontierSteps = 20
	// maxCostDigits bounds the decimal places of costs and budget.
	maxCostDigits = 12
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
	// MaxNodes caps the search nodes of one solve (default
	// [DefaultMaxNodes]); exceeding it is an error, never a silent
	// approximation.
	MaxNodes int `json:"max_nodes"`
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
	Selected []string        `json:"selected"`
	Value    float64         `json:"value"`
	Cost     decimal.Decimal `json:"cost"`
	// Nodes is the number of search nodes visited.
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

// SelectPortfolio finds the exact optimum of a [PortfolioProblem] by branch
// and bound on integer costs (costs and budget scaled by a power of ten so
// they are exact), and reports the selections at 90 % and 110 % of the
// budget with the marginal items, and the frontier of optimal value against
// budget over [0, 2·Budget]. Among selections of equal value the solver
// keeps the first found (items are tried in order of value per cost, then
// candidate order), so results are deterministic.
//
// SelectPortfolio returns an error if:
//   - there are more than [MaxPortfolioItems] candidates, an ID is empty or
//     duplicated, a value is not finite, a cost or the budget is negative or
//     has more than 12 decimal places, or the scaled costs overflow
//     (wraps [ErrInvalidInput]);
//   - Mandatory, Exclusive or Requires names an unknown item, an item
//     requires itself, or an option is out of range (wraps
//     [ErrInvalidInput]);
//   - a solve needs more than MaxNodes search nodes (wraps
//     [ErrNoConvergence]).
func SelectPortfolio(p PortfolioProblem, opts PortfolioOptions) (PortfolioResult, error) {
	k, err := newKnap(p, opts)
	if err != nil {
		return PortfolioResult{}, err
	}
	res := PortfolioResult{Method: MethodPortfolio, LibraryVersion: LibraryVersion,
		Leave: []string{}, Enter: []string{}, Frontier: []FrontierPoint{}}
	if res.Optimal, err = k.solve(k.budget); err != nil {
		return PortfolioResult{}, err
	}
	if res.Lower, err = k.solve(k.budget/10*9 + k.budget%10*9/10); err != nil {
		return PortfolioResult{}, err
	}
	if res.Upper, err = k.solve(k.budget/10*11 + k.budget%10*11/10); err != nil {
		return PortfolioResult{}, err
	}
	res.Leave = minus(res.Optimal.Selected, res.Lower.Selected)
	res.Enter = minus(res.Upper.Selected, res.Optimal.Selected)
	steps := int64(k.steps)
	for s := range steps + 1 {
		b := 2 * k.budget / steps * s
		b += (2 * k.budget % steps) * s / steps
		pf, err := k.solve(b)
		if err != nil {
			return PortfolioResult{}, err
		}
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

// knap is a validated portfolio problem on integer costs.
type knap struct {
	ids       []string
	val       []float64
	cost      []int64
	digits    int32
	budget    int64
	mandatory []int
	groups    [][]int // per item: the other members of its exclusive groups
	req, rev  [][]int // direct requirements and reverse
	order     []int   // items by value per cost, descending
	maxNodes  int
	steps     int
}

func newKnap(p PortfolioProblem, opts PortfolioOptions) (*knap, error) {
	var errs []error
	add := func(path, v, msg string) {
		errs = append(errs, &FieldError{Path: path, Value: v, Err: fmt.Errorf("%s: %w", msg, ErrInvalidInput)})
	}
	n := len(p.Candidates)
	if n > MaxPortfolioItems {
		add("candidates", strconv.Itoa(n), "too many candidates")
		return nil, errs[0]
	}
	k := &knap{maxNodes: opts.MaxNodes, steps: opts.FrontierSteps}
	if k.maxNodes == 0 {
		k.maxNodes = DefaultMaxNodes
	}
	if k.steps == 0 {
		k.steps = DefaultFrontierSteps
	}
	if opts.MaxNodes < 0 {
		add("max_nodes", strconv.Itoa(opts.MaxNodes), "must be ≥ 0")
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
	k.order = make([]int, n)
	for i := range k.order {
		k.order[i] = i
	}
	density := func(i int) float64 {
		if k.cost[i] == 0 {
			return math.Copysign(math.Inf(1), k.val[i])
		}
		return k.val[i] / float64(k.cost[i])
	}
	slices.SortStableFunc(k.order, func(a, b int) int { return cmp.Compare(density(b), density(a)) })
	return k, nil
}

func costsOf(cs []Candidate) []decimal.Decimal {
	out := make([]decimal.Decimal, len(cs))
	for i, c := range cs {
		out[i] = c.Cost
	}
	return out
}

const (
	undecided int8 = iota
	in
	out
)

// search is the state of one branch-and-bound solve.
type search struct {
	k        *knap
	budget   int64
	st       []int8
	trail    []int
	cost     int64
	value    float64
	best     float64
	bestSet  []int8
	found    bool
	nodes    int
	overflow bool
}

// include selects i and everything it requires, excluding its group
// rivals; it reports false on a contradiction or a budget overrun.
func (s *search) include(i int) bool {
	switch s.st[i] {
	case in:
		return true
	case out:
		return false
	}
	s.st[i] = in
	s.trail = append(s.trail, i)
	s.cost += s.k.cost[i]
	s.value += s.k.val[i]
	if s.cost > s.budget {
		return false
	}
	for _, j := range s.k.groups[i] {
		if !s.exclude(j) {
			return false
		}
	}
	for _, j := range s.k.req[i] {
		if !s.include(j) {
			return false
		}
	}
	return true
}

// exclude rejects i and everything that requires it.
func (s *search) exclude(i int) bool {
	switch s.st[i] {
	case out:
		return true
	case in:
		return false
	}
	s.st[i] = out
	s.trail = append(s.trail, i)
	for _, j := range s.k.rev[i] {
		if !s.exclude(j) {
			return false
		}
	}
	return true
}

// undo restores the state to trail length mark.
func (s *search) undo(mark int) {
	for len(s.trail) > mark {
		i := s.trail[len(s.trail)-1]
		s.trail = s.trail[:len(s.trail)-1]
		if s.st[i] == in {
			s.cost -= s.k.cost[i]
			s.value -= s.k.val[i]
		}
		s.st[i] = undecided
	}
}

// bound is an upper bound on the value reachable from the current state:
// the fractional knapsack of the undecided items with positive value.
func (s *search) bound(pos int) float64 {
	b := s.value
	room := s.budget - s.cost
	for _, i := range s.k.order[pos:] {
		if s.st[i] != undecided || s.k.val[i] <= 0 {
			continue
		}
		c := s.k.cost[i]
		if c <= room {
			room -= c
			b += s.k.val[i]
			continue
		}
		return b + s.k.val[i]*float64(room)/float64(c)
	}
	return b
}

func (s *search) dfs(pos int) {
	if s.overflow {
		return
	}
	s.nodes++
	if s.nodes > s.k.maxNodes {
		s.overflow = true
		return
	}
	for pos < len(s.k.order) && s.st[s.k.order[pos]] != undecided {
		pos++
	}
	if pos == len(s.k.order) {
		if !s.found || s.value > s.best {
			s.found, s.best = true, s.value
			copy(s.bestSet, s.st)
		}
		return
	}
	if s.found && s.bound(pos) <= s.best+1e-12*math.Max(1, math.Abs(s.best)) {
		return
	}
	i := s.k.order[pos]
	mark := len(s.trail)
	if s.include(i) {
		s.dfs(pos + 1)
	}
	s.undo(mark)
	if s.exclude(i) {
		s.dfs(pos + 1)
	}
	s.undo(mark)
}

// solve returns the optimal portfolio at budget b (scaled units).
func (k *knap) solve(b int64) (Portfolio, error) {
	n := len(k.ids)
	s := &search{k: k, budget: b, st: make([]int8, n), bestSet: make([]int8, n)}
	pf := Portfolio{Budget: decimal.New(b, -k.digits), Selected: []string{}, Cost: decimal.Zero}
	ok := true
	for _, i := range k.mandatory {
		if ok && !s.include(i) {
			ok = false
		}
	}
	if ok {
		s.dfs(0)
	}
	pf.Nodes = s.nodes
	if s.overflow {
		return Portfolio{}, fmt.Errorf("prioritize: portfolio search exceeded %d nodes: %w", k.maxNodes, ErrNoConvergence)
	}
	if !s.found {
		return pf, nil
	}
	pf.Feasible = true
	var cost int64
	for i, st := range s.bestSet {
		if st == in {
			pf.Selected = append(pf.Selected, k.ids[i])
			pf.Value += k.val[i]
			cost += k.cost[i]
		}
	}
	pf.Cost = decimal.New(cost, -k.digits)
	return pf, nil
}
