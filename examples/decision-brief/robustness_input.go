package main

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/shopspring/decimal"
)

// maxSMAASamples bounds the SMAA samples a portfolio file may ask for.
const maxSMAASamples = 200_000

// robustnessDoc is the "robustness" part of a portfolio file: SMAA
// settings and the budgeted-portfolio problem over the backlog.
type robustnessDoc struct {
	SMAA      prioritize.SMAAOptions `json:"smaa"`
	Portfolio budgetDoc              `json:"portfolio"`
}

// budgetDoc is a budget with its constraints; the candidates are the
// backlog items that pass every gate, valued at their scores.
type budgetDoc struct {
	Budget    decimal.Decimal          `json:"budget"`
	Mandatory []string                 `json:"mandatory"`
	Exclusive [][]string               `json:"exclusive"`
	Requires  []prioritize.Requirement `json:"requires"`
}

// RobustnessSettings are the robustness settings of a decoded portfolio.
// Without a "robustness" part SMAA runs with its defaults and no budgeted
// portfolio is selected (HasBudget false).
type RobustnessSettings struct {
	SMAA      prioritize.SMAAOptions
	Budget    budgetDoc
	HasBudget bool
}

// decodeRobustness decodes and checks the robustness part against the
// backlog item IDs.
func decodeRobustness(raw json.RawMessage, items []prioritize.Item, bad func(string, error)) RobustnessSettings {
	if len(raw) == 0 || string(raw) == "null" {
		return RobustnessSettings{}
	}
	var doc robustnessDoc
	if err := strictInto(raw, &doc); err != nil {
		bad("robustness", err)
		return RobustnessSettings{}
	}
	o := doc.SMAA
	if o.Samples < 0 || o.Samples > maxSMAASamples {
		bad("robustness.smaa.samples", fmt.Errorf("%d outside [0, %d]", o.Samples, maxSMAASamples))
	}
	if o.Ranges != nil {
		for _, t := range []struct {
			name string
			r    *prioritize.WeightRange
		}{{"critical", o.Ranges.Critical}, {"high", o.Ranges.High}, {"medium", o.Ranges.Medium}, {"low", o.Ranges.Low}} {
			if t.r != nil && !(0 <= t.r.Min && t.r.Min <= t.r.Max && t.r.Max <= 1) {
				bad("robustness.smaa.ranges."+t.name, fmt.Errorf("[%g, %g] is not within [0, 1] with min ≤ max", t.r.Min, t.r.Max))
			}
		}
	}
	b := doc.Portfolio
	if b.Budget.IsNegative() {
		bad("robustness.portfolio.budget", fmt.Errorf("%s is negative", b.Budget))
	}
	known := func(path, id string) {
		if !slices.ContainsFunc(items, func(it prioritize.Item) bool { return it.ID == id }) {
			bad(path, fmt.Errorf("%q is not a backlog item", id))
		}
	}
	for i, id := range b.Mandatory {
		known(fmt.Sprintf("robustness.portfolio.mandatory[%d]", i), id)
	}
	for i, g := range b.Exclusive {
		for j, id := range g {
			known(fmt.Sprintf("robustness.portfolio.exclusive[%d][%d]", i, j), id)
		}
	}
	for i, r := range b.Requires {
		known(fmt.Sprintf("robustness.portfolio.requires[%d].item", i), r.Item)
		known(fmt.Sprintf("robustness.portfolio.requires[%d].requires", i), r.Requires)
	}
	return RobustnessSettings{SMAA: o, Budget: b, HasBudget: true}
}

// budgetProblem is the portfolio problem built from the settings.
type budgetProblem struct {
	problem prioritize.PortfolioProblem
	// excluded lists items that cannot enter: blocked by a gate, or
	// requiring a blocked item.
	excluded []string
	// mandatoryBlocked lists mandatory items that a gate blocks.
	mandatoryBlocked []string
}

// buildBudgetProblem turns the settings into a portfolio problem over the
// ranking's unblocked items. Constraints naming an excluded item are
// dropped; an item requiring an excluded item is itself excluded.
func buildBudgetProblem(r prioritize.Ranking, b budgetDoc) budgetProblem {
	cands := prioritize.CandidatesFromRanking(r)
	in := func(id string) bool {
		return slices.ContainsFunc(cands, func(c prioritize.Candidate) bool { return c.ID == id })
	}
	var out budgetProblem
	for changed := true; changed; {
		changed = false
		for _, q := range b.Requires {
			if in(q.Item) && !in(q.Requires) {
				cands = slices.DeleteFunc(cands, func(c prioritize.Candidate) bool { return c.ID == q.Item })
				changed = true
			}
		}
	}
	for _, e := range r.Entries {
		if !in(e.ID) {
			out.excluded = append(out.excluded, e.ID)
		}
	}
	p := prioritize.PortfolioProblem{Candidates: cands, Budget: b.Budget, Mandatory: []string{},
		Exclusive: [][]string{}, Requires: []prioritize.Requirement{}}
	for _, id := range b.Mandatory {
		if in(id) {
			p.Mandatory = append(p.Mandatory, id)
		} else {
			out.mandatoryBlocked = append(out.mandatoryBlocked, id)
		}
	}
	for _, g := range b.Exclusive {
		var kept []string
		for _, id := range g {
			if in(id) {
				kept = append(kept, id)
			}
		}
		if len(kept) > 1 {
			p.Exclusive = append(p.Exclusive, kept)
		}
	}
	for _, q := range b.Requires {
		if in(q.Item) && in(q.Requires) {
			p.Requires = append(p.Requires, q)
		}
	}
	out.problem = p
	return out
}
