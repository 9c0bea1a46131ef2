package prioritize

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
)

const (
	undecided int8 = iota
	in
	out
)

// prop holds item states with constraint propagation: including an item
// includes what it requires and excludes its exclusive rivals; excluding
// an item excludes what requires it. cost and value track the included
// items; an include that takes cost above limit fails.
type prop struct {
	k     *knap
	st    []int8
	trail []int
	cost  int64
	value int64
	limit int64
}

func newProp(k *knap, limit int64) *prop {
	return &prop{k: k, st: make([]int8, len(k.ids)), limit: limit}
}

// include selects i and everything it requires, excluding its group
// rivals; it reports false on a contradiction or a budget overrun.
func (s *prop) include(i int) bool {
	switch s.st[i] {
	case in:
		return true
	case out:
		return false
	}
	s.st[i] = in
	s.trail = append(s.trail, i)
	s.cost += s.k.cost[i]
	s.value += s.k.kv[i]
	if s.cost > s.limit {
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
func (s *prop) exclude(i int) bool {
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
func (s *prop) undo(mark int) {
	for len(s.trail) > mark {
		i := s.trail[len(s.trail)-1]
		s.trail = s.trail[:len(s.trail)-1]
		if s.st[i] == in {
			s.cost -= s.k.cost[i]
			s.value -= s.k.kv[i]
		}
		s.st[i] = undecided
	}
}

// unitOpt is one feasible selection of a unit: its items (ID order), cost
// in divided cost units and value in grid units.
type unitOpt struct {
	items     []int
	cost, val int64
}

// plan is the decomposition of a problem into committed items and units,
// valid for every budget up to the limit it was built for.
type plan struct {
	ok        bool   // the mandatory items are consistent and fit the limit
	base      []int8 // states after committing the mandatory items
	fixed     []int  // further items in every optimum (single-option units)
	fixedCost int64  // scaled cost of the items in state in
	g         int64  // cost divisor
	stages    [][]unitOpt
	lexOrder  []int // undecided items: units in order, IDs ascending within
	enumOK    bool  // every unit was enumerated within the caps
	enumNodes int
}

// maxEnumNodes caps the enumeration work over all units.
const maxEnumNodes = 1 << 22

// buildPlan commits the mandatory items, splits the rest into units and
// enumerates each unit's feasible selections costing at most limit.
func (k *knap) buildPlan(ctx context.Context, limit int64) (*plan, error) {
	n := len(k.ids)
	pl := &plan{g: 1}
	pr := newProp(k, limit)
	for _, i := range k.mandatory {
		if !pr.include(i) {
			return pl, nil
		}
	}
	pl.ok = true
	pl.base = slices.Clone(pr.st)
	pl.fixedCost = pr.cost
	pr.trail = pr.trail[:0]
	// Union-find over the undecided items linked by groups or requirements.
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i := range n {
		if pr.st[i] != undecided {
			continue
		}
		for _, j := range k.req[i] {
			if pr.st[j] == undecided {
				union(i, j)
			}
		}
		for _, j := range k.groups[i] {
			if pr.st[j] == undecided {
				union(i, j)
			}
		}
	}
	members := map[int][]int{}
	var roots []int
	for i := range n {
		if pr.st[i] != undecided {
			continue
		}
		r := find(i)
		if _, seen := members[r]; !seen {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	units := make([][]int, 0, len(roots))
	for _, r := range roots {
		u := members[r]
		slices.SortFunc(u, func(a, b int) int { return compareStrings(k.ids[a], k.ids[b]) })
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b []int) int { return compareStrings(k.ids[a[0]], k.ids[b[0]]) })
	for _, u := range units {
		pl.lexOrder = append(pl.lexOrder, u...)
	}
	first := true
	for _, i := range pl.lexOrder {
		if c := k.cost[i]; c > 0 {
			if first {
				pl.g, first = c, false
			} else {
				pl.g = gcd(pl.g, c)
			}
		}
	}
	// Enumerate every unit's feasible selections.
	pl.enumOK = true
	for q, u := range units {
		if q%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		opts, ok := pl.enumerate(pr, u)
		if !ok {
			pl.enumOK = false
			return pl, nil
		}
		opts = paretoFilter(opts)
		if len(opts) == 1 {
			pl.fixed = append(pl.fixed, opts[0].items...)
			continue
		}
		pl.stages = append(pl.stages, opts)
	}
	return pl, nil
}

// enumerate lists the feasible selections of unit u (items in ID order) in
// preference order: depth first, including each item before excluding it,
// so a selection containing the smallest differing ID comes first.
func (pl *plan) enumerate(pr *prop, u []int) ([]unitOpt, bool) {
	k := pr.k
	if len(u) == 1 && len(k.req[u[0]]) == 0 && len(k.rev[u[0]]) == 0 && len(k.groups[u[0]]) == 0 {
		i := u[0]
		empty := unitOpt{items: []int{}}
		if pr.cost+k.cost[i] > pr.limit {
			return []unitOpt{empty}, true
		}
		return []unitOpt{{items: []int{i}, cost: k.cost[i] / pl.g, val: k.kv[i]}, empty}, true
	}
	var opts []unitOpt
	base := pr.cost
	ok := true
	var rec func(pos int)
	rec = func(pos int) {
		if !ok {
			return
		}
		pl.enumNodes++
		if pl.enumNodes > maxEnumNodes {
			ok = false
			return
		}
		for pos < len(u) && pr.st[u[pos]] != undecided {
			pos++
		}
		if pos == len(u) {
			if len(opts) == MaxUnitOptions {
				ok = false
				return
			}
			o := unitOpt{items: []int{}, cost: (pr.cost - base) / pl.g}
			for _, i := range u {
				if pr.st[i] == in {
					o.items = append(o.items, i)
					o.val += k.kv[i]
				}
			}
			opts = append(opts, o)
			return
		}
		mark := len(pr.trail)
		if pr.include(u[pos]) {
			rec(pos + 1)
		}
		pr.undo(mark)
		if pr.exclude(u[pos]) {
			rec(pos + 1)
		}
		pr.undo(mark)
	}
	rec(0)
	return opts, ok
}

// paretoFilter drops the selections that another one beats on every
// count: no more cost and at least the value, with a strict gain or an
// earlier place in preference order. The rest keep preference order.
func paretoFilter(opts []unitOpt) []unitOpt {
	idx := make([]int, len(opts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if opts[a].cost != opts[b].cost {
			return compareInt64(opts[a].cost, opts[b].cost)
		}
		return compareInt64(opts[b].val, opts[a].val)
	})
	keep := make([]bool, len(opts))
	best := int64(math.MinInt64)
	for _, i := range idx {
		if opts[i].val > best {
			keep[i], best = true, opts[i].val
		}
	}
	out := opts[:0:0]
	for i, o := range opts {
		if keep[i] {
			out = append(out, o)
		}
	}
	return out
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Sentinels of the table: reachable cells hold values in [-2^60, 2^60];
// unreachable ones stay below -2^61.
const (
	dpNone  = -(int64(1) << 62)
	dpValid = -(int64(1) << 61)
	dpRange = int64(1) << 60
)

// dpTable is the multiple-choice knapsack over the stages of a plan. Stage
// s chooses one option; option o moves the index by inc and adds gain. In
// the cost table the index is the exact cost and the cell the best value;
// in the value table the index is the exact value and the cell minus the
// least cost. Rows are suffixes: row s covers stages s … S-1.
type dpTable struct {
	byValue bool
	lo, hi  []int64 // reachable index range of row s (len S+1)
	off     []int64 // start of stage s in choice
	choice  []uint16
	row0    []int64 // values of row 0
	cells   int64
	// Queries: cost table, best index ≤ x; value table, the (value,
	// least cost) points with cost strictly falling as value falls.
	prefix []int64
	points [][2]int64
}

func (d *dpTable) inc(o unitOpt) int64 {
	if d.byValue {
		return o.val
	}
	return o.cost
}

func (d *dpTable) gain(o unitOpt) int64 {
	if d.byValue {
		return -o.cost
	}
	return o.val
}

// sizeTables returns the row ranges and cell counts of the cost table
// (capped at width capCost) and of the value table (ok false when its
// cost sums could overflow).
func sizeTable(stages [][]unitOpt, byValue bool, capCost int64) (lo, hi []int64, cells int64, ok bool) {
	S := len(stages)
	lo, hi = make([]int64, S+1), make([]int64, S+1)
	d := dpTable{byValue: byValue}
	var costSum int64
	for s := S - 1; s >= 0; s-- {
		mn, mx := int64(math.MaxInt64), int64(math.MinInt64)
		var cmax int64
		for _, o := range stages[s] {
			mn, mx = min(mn, d.inc(o)), max(mx, d.inc(o))
			cmax = max(cmax, o.cost)
		}
		costSum += cmax
		if byValue && costSum > dpRange {
			return nil, nil, 0, false
		}
		lo[s], hi[s] = lo[s+1]+mn, hi[s+1]+mx
		if !byValue {
			lo[s], hi[s] = 0, min(hi[s], capCost)
		}
		w := hi[s] - lo[s] + 1
		c := int64(len(stages[s]))
		if w > math.MaxInt64/4/c || cells > math.MaxInt64/4-c*w {
			return nil, nil, 0, false
		}
		cells += c * w
	}
	return lo, hi, cells, true
}

// buildTable fills the table; ctx is checked every few thousand cells.
func buildTable(ctx context.Context, stages [][]unitOpt, byValue bool, lo, hi []int64, cells int64) (*dpTable, error) {
	S := len(stages)
	d := &dpTable{byValue: byValue, lo: lo, hi: hi, off: make([]int64, S+1), cells: cells}
	var width int64 = 1
	for s := range S {
		d.off[s+1] = d.off[s] + hi[s] - lo[s] + 1
		width = max(width, hi[s]-lo[s]+1)
	}
	d.choice = make([]uint16, d.off[S])
	next, cur := make([]int64, 1, width), make([]int64, 0, width)
	next[0] = 0
	var work int64
	for s := S - 1; s >= 0; s-- {
		w := hi[s] - lo[s] + 1
		cur = cur[:w]
		for x := range cur {
			cur[x] = dpNone
		}
		row := d.choice[d.off[s] : d.off[s]+w]
		l, nlo, nhi := lo[s], lo[s+1], hi[s+1]
		// Options in reverse preference order, each replacing ties, so the
		// most preferred of the best options is stored.
		for oi := len(stages[s]) - 1; oi >= 0; oi-- {
			o := stages[s][oi]
			inc, gain := d.inc(o), d.gain(o)
			x0, x1 := max(l, nlo+inc), min(hi[s], nhi+inc)
			if x0 > x1 {
				continue
			}
			src := next[x0-inc-nlo : x1-inc-nlo+1]
			dst := cur[x0-l : x1-l+1]
			ch := row[x0-l : x1-l+1]
			ch = ch[:len(dst)]
			src = src[:len(dst)]
			if oi == len(stages[s])-1 && gain == 0 {
				copy(dst, src)
				for j := range ch {
					ch[j] = uint16(oi)
				}
			} else {
				for j, v := range src {
					if c := v + gain; c >= dst[j] {
						dst[j] = c
						ch[j] = uint16(oi)
					}
				}
			}
			if work += x1 - x0 + 1; work >= 1<<16 {
				work = 0
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
		}
		next, cur = cur, next
	}
	d.row0 = next
	if byValue {
		least := int64(math.MaxInt64)
		for x := hi[0]; x >= lo[0]; x-- {
			if v := d.row0[x-lo[0]]; v >= dpValid && -v < least {
				least = -v
				d.points = append(d.points, [2]int64{x, least})
			}
		}
		return d, nil
	}
	d.prefix = make([]int64, len(d.row0))
	bestX := int64(-1)
	for x, v := range d.row0 {
		if v >= dpValid && (bestX < 0 || v > d.row0[bestX]) {
			bestX = int64(x)
		}
		d.prefix[x] = bestX
	}
	return d, nil
}

// query returns the index of the best selection within budget b (divided
// cost units), or false when none fits.
func (d *dpTable) query(b int64) (int64, bool) {
	if b < 0 {
		return 0, false
	}
	if d.byValue {
		// points: value descending, least cost descending.
		j := sort.Search(len(d.points), func(j int) bool { return d.points[j][1] <= b })
		if j == len(d.points) {
			return 0, false
		}
		return d.points[j][0], true
	}
	x := min(b, d.hi[0])
	if len(d.prefix) == 0 || d.prefix[x] < 0 {
		return 0, false
	}
	return d.prefix[x], true
}

// trace follows the stored choices from row 0 at index x.
func (d *dpTable) trace(stages [][]unitOpt, x int64, visit func(unitOpt)) {
	for s, opts := range stages {
		o := opts[d.choice[d.off[s]+x-d.lo[s]]]
		visit(o)
		x -= d.inc(o)
	}
}

// solveAll answers every budget (scaled cost units) from one plan: the
// dynamic program when it fits MaxCells, branch and bound otherwise.
func (k *knap) solveAll(ctx context.Context, budgets []int64) ([]Portfolio, string, error) {
	limit := int64(0)
	for _, b := range budgets {
		limit = max(limit, b)
	}
	pl, err := k.buildPlan(ctx, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]Portfolio, len(budgets))
	if !pl.ok {
		for q, b := range budgets {
			out[q] = k.infeasibleAt(b, 0)
		}
		return out, MethodPortfolio, nil
	}
	if pl.enumOK {
		capCost := (limit - pl.fixedCost) / pl.g
		var total int64
		for _, opts := range pl.stages {
			var mx int64
			for _, o := range opts {
				mx = max(mx, o.cost)
			}
			total = min(total+mx, capCost)
		}
		clo, chi, ccells, cok := sizeTable(pl.stages, false, total)
		vlo, vhi, vcells, vok := sizeTable(pl.stages, true, 0)
		byValue := vok && (!cok || vcells < ccells)
		lo, hi, cells := clo, chi, ccells
		if byValue {
			lo, hi, cells = vlo, vhi, vcells
		}
		if (cok || vok) && cells <= k.maxCells {
			d, err := buildTable(ctx, pl.stages, byValue, lo, hi, cells)
			if err != nil {
				return nil, "", err
			}
			method := MethodPortfolio
			if byValue {
				method = MethodPortfolioValue
			}
			for q, b := range budgets {
				x, ok := d.query((b - pl.fixedCost) / pl.g)
				if b < pl.fixedCost || !ok {
					out[q] = k.infeasibleAt(b, int(cells))
					continue
				}
				sel := make([]bool, len(k.ids))
				for i, st := range pl.base {
					sel[i] = st == in
				}
				for _, i := range pl.fixed {
					sel[i] = true
				}
				d.trace(pl.stages, x, func(o unitOpt) {
					for _, i := range o.items {
						sel[i] = true
					}
				})
				out[q] = k.portfolioAt(b, sel, int(cells))
			}
			return out, method, nil
		}
	}
	for q, b := range budgets {
		pf, err := k.branchBound(ctx, pl, b)
		if err != nil {
			return nil, "", fmt.Errorf("%w (the dynamic program needs more than %d cells)", err, k.maxCells)
		}
		out[q] = pf
	}
	return out, MethodPortfolioBranchBound, nil
}
