package prioritize

import (
	"context"
	"fmt"
)

// bbSearch is one branch-and-bound solve at one budget, the fallback when
// the dynamic program exceeds MaxCells. It branches on the items by value
// per cost and compares leaves exactly: value, then cost, then the tie
// rule of [SelectPortfolioContext] over the plan's units.
type bbSearch struct {
	*prop
	ctx      context.Context
	pl       *plan
	best     int64
	bestCost int64
	bestSet  []int8
	found    bool
	nodes    int
	overflow bool
	err      error
	slack    float64
}

// branchBound solves budget b (scaled cost units) by branch and bound.
func (k *knap) branchBound(ctx context.Context, pl *plan, b int64) (Portfolio, error) {
	s := &bbSearch{prop: newProp(k, b), ctx: ctx, pl: pl, bestSet: make([]int8, len(k.ids)),
		slack: 1e-9*float64(k.sumAbs) + 1}
	for _, i := range k.mandatory {
		if !s.include(i) {
			return k.infeasibleAt(b, 0), nil
		}
	}
	s.dfs(0)
	if s.err != nil {
		return Portfolio{}, s.err
	}
	if s.overflow {
		return Portfolio{}, fmt.Errorf("prioritize: portfolio search exceeded %d nodes: %w", k.maxNodes, ErrNoConvergence)
	}
	if !s.found {
		return k.infeasibleAt(b, s.nodes), nil
	}
	sel := make([]bool, len(k.ids))
	for i, st := range s.bestSet {
		sel[i] = st == in
	}
	return k.portfolioAt(b, sel, s.nodes), nil
}

// better reports whether the current leaf beats the best one so far.
func (s *bbSearch) better() bool {
	switch {
	case !s.found || s.value > s.best:
		return true
	case s.value < s.best:
		return false
	case s.cost != s.bestCost:
		return s.cost < s.bestCost
	}
	for _, i := range s.pl.lexOrder {
		if s.st[i] != s.bestSet[i] {
			return s.st[i] == in
		}
	}
	return false
}

// bound is an upper bound on the value reachable from the current state:
// the fractional knapsack of the undecided items with positive value.
func (s *bbSearch) bound(pos int) float64 {
	b := float64(s.value)
	room := s.limit - s.cost
	for _, i := range s.k.order[pos:] {
		if s.st[i] != undecided || s.k.kv[i] <= 0 {
			continue
		}
		c := s.k.cost[i]
		if c <= room {
			room -= c
			b += float64(s.k.kv[i])
			continue
		}
		return b + float64(s.k.kv[i])*float64(room)/float64(c)
	}
	return b
}

// prune reports whether no completion can beat the best leaf: its value
// bound is below the best value, or it cannot exceed the best value and
// already costs more (the slack covers floating-point error in the bound).
func (s *bbSearch) prune(pos int) bool {
	b := s.bound(pos) + s.slack
	return b < float64(s.best) || (s.cost > s.bestCost && b < float64(s.best)+1)
}

func (s *bbSearch) dfs(pos int) {
	if s.overflow || s.err != nil {
		return
	}
	s.nodes++
	if s.nodes > s.k.maxNodes {
		s.overflow = true
		return
	}
	if s.nodes%4096 == 0 {
		if s.err = s.ctx.Err(); s.err != nil {
			return
		}
	}
	for pos < len(s.k.order) && s.st[s.k.order[pos]] != undecided {
		pos++
	}
	if pos == len(s.k.order) {
		if s.better() {
			s.found, s.best, s.bestCost = true, s.value, s.cost
			copy(s.bestSet, s.st)
		}
		return
	}
	if s.found && s.prune(pos) {
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
