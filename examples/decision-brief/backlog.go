package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/prioritize"
)

func init() {
	register(section{order: 10, title: "Ranked backlog", render: writeBacklog})
}

func writeBacklog(w io.Writer, p *Portfolio) error {
	m := p.Model
	r, err := prioritize.Rank(m, p.Items)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range m.Criteria {
		names[c.ID] = c.Name
	}
	fmt.Fprintf(w, "Model %s v%s (%s...), weights %s,\n", r.ModelID, r.ModelVersion, r.ModelHash[:19], r.Scheme)
	fmt.Fprintf(w, "%s on absolute 1-5 scales; critical criteria are non-compensatory gates.\n\n",
		r.Aggregation)
	for j, cw := range r.Weights {
		gate := ""
		if g := m.Criteria[j].Gate; g != nil {
			gate = fmt.Sprintf("gate: score >= %g", g.Threshold)
		}
		dir := ""
		if m.Criteria[j].Direction == prioritize.Cost {
			dir = " (cost)"
		}
		line := fmt.Sprintf("  %-27s %-8s %.4f  %s", names[cw.Criterion]+dir, cw.Tier, cw.Weight, gate)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintf(w, "\n  %-4s %-13s %-7s %s\n", "Rank", "Item", "Score", "Status")
	for _, e := range r.Entries {
		status := "pass"
		if e.Blocked {
			var why []string
			for _, g := range e.Gates {
				if !g.Passed {
					why = append(why, fmt.Sprintf("%s %g < %g", names[g.Criterion], g.Score, g.Threshold))
				}
			}
			status = "BLOCKED: " + strings.Join(why, "; ")
		} else if e.TieGroup != 0 {
			status = fmt.Sprintf("pass, tie group %d", e.TieGroup)
			if e.TieBreak != "" {
				status += ", placed by " + e.TieBreak
			}
		}
		if e.Dominated {
			status += " (dominated by " + e.DominatedBy + ")"
		}
		fmt.Fprintf(w, "  %4d %-13s %.4f  %s\n", e.Rank, e.ID, e.Score, status)
	}
	fmt.Fprintf(w, "\nTies: scores within %g of their group's first share a rank;\n", r.Epsilon)
	fmt.Fprintf(w, "inside a group the order is %s.\n", strings.Join(r.TieBreaks, " > "))
	for _, e := range r.Entries {
		if e.Blocked {
			for _, g := range e.Gates {
				if !g.Passed {
					fmt.Fprintf(w, "%s is blocked whatever its total: pessimistic %s %g is %g below the gate.\n",
						e.ID, names[g.Criterion], g.Score, -g.Margin)
				}
			}
		}
	}
	ex, err := prioritize.Explain(r, r.Entries[0].ID, r.Entries[1].ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhy %s is #1 ahead of %s (%s by %.4f):\n", ex.Above, ex.Below, ex.Reason, ex.Margin)
	for _, c := range ex.Criteria {
		if c.Delta == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-22s %g vs %g  %+.4f\n", names[c.Criterion], c.RawAbove, c.RawBelow, c.Delta)
	}
	return nil
}
