package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/healthpm/healthpm/prioritize"
)

func init() {
	register(section{order: 20, title: "Robustness and budget", render: writeRobustness})
}

// writeRobustness writes the weight thresholds, the smallest score change,
// the fragile-winner flag, SMAA acceptability and the budgeted portfolio
// for the backlog of p.
func writeRobustness(w io.Writer, p *Portfolio) error {
	m := p.Model
	sens, err := prioritize.AnalyzeSensitivity(m, p.Items, prioritize.SensitivityOptions{})
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range m.Criteria {
		names[c.ID] = c.Name
	}
	fmt.Fprintf(w, "Winner %s (runner-up %s). Weight thresholds: one weight changed, the others\n",
		sens.Winner, sens.RunnerUp)
	fmt.Fprintf(w, "rescaled proportionally (%s).\n", rbMethod(sens.Method))
	for _, cs := range sens.Criteria {
		name := names[cs.Criterion]
		var parts []string
		if d := cs.Down; d.Possible {
			parts = append(parts, fmt.Sprintf("drops below %.4f (%+.1f%%, then %s wins)", d.Weight, 100*d.Relative, d.By))
		}
		if u := cs.Up; u.Possible {
			parts = append(parts, fmt.Sprintf("rises above %.4f (%+.1f%%, then %s wins)", u.Weight, 100*u.Relative, u.By))
		}
		if len(parts) == 0 {
			fmt.Fprintf(w, "  %s (%.4f): %s - the winner stays the winner at any weight.\n", name, cs.Weight,
				prioritize.NoChangePossible)
			continue
		}
		writeWrapped(w, "  ", fmt.Sprintf("The winner stays the winner unless %s's weight (%.4f) %s.", name, cs.Weight,
			strings.Join(parts, " or ")))
	}
	if sens.MostCritical != "" {
		writeWrapped(w, "  ", fmt.Sprintf("Most critical weight: %s (smallest absolute change); relative: %s.",
			names[sens.MostCritical], names[sens.MostCriticalRelative]))
	}
	if sc := sens.Score; sc.Possible {
		lv := ""
		if sc.Levels > 0 {
			lv = fmt.Sprintf(", %d scale level(s)", sc.Levels)
		}
		writeWrapped(w, "", fmt.Sprintf("Smallest score change: %s's %s from %g to %g%s makes %s the winner.",
			sc.Item, names[sc.Criterion], sc.From, sc.To, lv, sc.NewWinner))
	} else {
		fmt.Fprintf(w, "Smallest score change: %s.\n", prioritize.NoChangePossible)
	}
	if sens.Fragile {
		fmt.Fprintln(w, "FRAGILE WINNER:")
		for _, r := range sens.Reasons {
			writeWrapped(w, "  - ", r)
		}
	} else {
		fmt.Fprintln(w, "The winner is not fragile: no tie, no small weight or one-level score change flips it.")
	}

	opts := p.Robustness.SMAA
	res, err := prioritize.SMAA(m, p.Items, opts)
	if err != nil {
		return err
	}
	dist := "triangular"
	if res.PERT {
		dist = "PERT"
	}
	wts := "uniform on the simplex"
	if res.Ranges != nil {
		wts = "uniform within tier ranges"
	}
	fmt.Fprintf(w, "\nSMAA: %d samples, seed %d, weights %s, three-point scores %s.\n",
		res.Samples, res.Seed, wts, dist)
	fmt.Fprintf(w, "  %-13s %-16s %-8s %s\n", "Item", "P(best) +- SE", "P(top 3)", "Confidence")
	// Most likely winners first; the ID makes the order total.
	rows := slices.Clone(res.Items)
	slices.SortStableFunc(rows, func(a, b prioritize.SMAAItem) int {
		return cmp.Or(cmp.Compare(b.PBest, a.PBest), strings.Compare(a.ID, b.ID))
	})
	for _, it := range rows {
		var top3 float64
		for k := 0; k < 3 && k < len(it.Acceptability); k++ {
			top3 += it.Acceptability[k]
		}
		fmt.Fprintf(w, "  %-13s %6.4f +- %.4f  %8.4f %s\n", it.ID, it.PBest, it.PBestSE, top3, rbConfidence(it))
	}
	fmt.Fprintf(w, "  Largest standard error of any acceptability: %.4f.\n", res.MaxSE)

	if !p.Robustness.HasBudget {
		fmt.Fprintln(w, "\nNo budget given: no portfolio selected.")
		return nil
	}
	r, err := prioritize.Rank(m, p.Items)
	if err != nil {
		return err
	}
	bp := buildBudgetProblem(r, p.Robustness.Budget)
	sel, err := prioritize.SelectPortfolio(bp.problem, prioritize.PortfolioOptions{FrontierSteps: 8})
	if err != nil {
		return err
	}
	cur := p.Currency
	pr := bp.problem
	fmt.Fprintln(w, "\nBudgeted portfolio (exact optimum over integer cost units):")
	writeWrapped(w, "  ", fmt.Sprintf("Budget %s %s; mandatory: %s; requires: %s.", eur(pr.Budget), cur,
		rbList(pr.Mandatory), rbRequires(pr.Requires)))
	if len(bp.excluded) > 0 {
		fmt.Fprintf(w, "  Cannot enter (gate or requirement): %s.\n", strings.Join(bp.excluded, ", "))
	}
	rbSelection(w, "At the budget", sel.Optimal, cur)
	rbSelection(w, "At B - 10 %", sel.Lower, cur)
	rbSelection(w, "At B + 10 %", sel.Upper, cur)
	fmt.Fprintf(w, "  Marginal items: leave at B - 10 %%: %s; enter at B + 10 %%: %s.\n",
		rbList(sel.Leave), rbList(sel.Enter))
	fmt.Fprintln(w, "  Frontier (budget -> best total score):")
	for _, f := range sel.Frontier {
		if !f.Feasible {
			fmt.Fprintf(w, "    %12s  infeasible (mandatory items do not fit)\n", eur(f.Budget))
			continue
		}
		fmt.Fprintf(w, "    %12s  %.4f  (%d items, cost %s)\n", eur(f.Budget), f.Value, f.Count, eur(f.Cost))
	}
	return nil
}

func rbMethod(m string) string {
	if m == prioritize.MethodAnalyticWS {
		return "analytic, Triantaphyllou & Sanchez 1997"
	}
	return "numeric sweep"
}

func rbConfidence(it prioritize.SMAAItem) string {
	if it.PBest == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f", it.Confidence)
}

func rbSelection(w io.Writer, label string, pf prioritize.Portfolio, cur string) {
	if !pf.Feasible {
		fmt.Fprintf(w, "  %s (%s %s): infeasible, the mandatory items do not fit.\n", label, eur(pf.Budget), cur)
		return
	}
	writeWrapped(w, "  ", fmt.Sprintf("%s (%s %s): %s; total score %.4f, cost %s %s.", label, eur(pf.Budget), cur,
		strings.Join(pf.Selected, ", "), pf.Value, eur(pf.Cost), cur))
}

func rbList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func rbRequires(rs []prioritize.Requirement) string {
	if len(rs) == 0 {
		return "none"
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.Item+" needs "+r.Requires)
	}
	return strings.Join(parts, ", ")
}
