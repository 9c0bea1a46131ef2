package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/healthpm/healthpm/risk"
)

func init() { register(section{order: 30, title: "Risk register", render: writeRisks}) }

// productOrder lists the products of the register's worksheets and
// hazards, in their first-appearance order.
func productOrder(reg *risk.Register) []string {
	var out []string
	add := func(p string) {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, ws := range reg.Worksheets {
		add(ws.Product)
	}
	for _, hz := range reg.Hazards {
		add(hz.Product)
	}
	return out
}

// apCounts counts a worksheet's lines by AP; unscored lines are counted
// apart, never as L.
type apCounts struct{ h, m, l, unscored int }

func writeRisks(w io.Writer, p *Portfolio) error {
	reg, riskAsOf := p.Register, p.AsOf
	riskProducts := productOrder(reg)
	product := map[string]string{}
	for _, ws := range reg.Worksheets {
		product[ws.ID] = ws.Product
	}
	counts := map[string]*apCounts{}
	for _, p := range riskProducts {
		counts[p] = &apCounts{}
	}
	var total apCounts
	type hLine struct {
		row risk.FMEARow
		res risk.APResult
	}
	var high []hLine
	for _, row := range reg.Rows {
		table, err := reg.Table(row.APTable)
		if err != nil {
			return err
		}
		c := counts[product[row.Worksheet]]
		if c == nil {
			return fmt.Errorf("row %s: worksheet %s has no product", row.ID, row.Worksheet)
		}
		res, err := risk.ActionPriority(table, row.S, row.O, row.D)
		switch {
		case !row.Scored():
			c.unscored++
			total.unscored++
			continue
		case err != nil:
			return err
		}
		switch res.AP {
		case risk.APHigh:
			c.h++
			total.h++
			high = append(high, hLine{row, res})
		case risk.APMedium:
			c.m++
			total.m++
		default:
			c.l++
			total.l++
		}
	}
	tab := risk.AIAGVDA2019()
	fmt.Fprintf(w, "Plan %s v%s: acceptability from severity x probability of harm; RPN and AP only\n",
		reg.Plan.ID, reg.Plan.Version)
	fmt.Fprintf(w, "rank the need for action. AP table %s (sha256 %s...), as of %s.\n\n",
		tab.ID(), tab.Checksum()[:12], riskAsOf.Format(time.DateOnly))

	fmt.Fprintln(w, "FMEA lines by Action Priority")
	fmt.Fprintf(w, "  %-12s %3s %3s %3s %9s\n", "Product", "H", "M", "L", "unscored")
	for _, p := range riskProducts {
		c := counts[p]
		fmt.Fprintf(w, "  %-12s %3d %3d %3d %9d\n", p, c.h, c.m, c.l, c.unscored)
	}
	fmt.Fprintf(w, "  %-12s %3d %3d %3d %9d\n\n", "Total", total.h, total.m, total.l, total.unscored)

	fmt.Fprintln(w, "AP = H lines and their actions")
	actions := map[string]risk.Action{}
	for _, a := range reg.Actions {
		if a.Status != risk.ActionCancelled {
			actions[a.Row] = a
		}
	}
	for _, h := range high {
		fmt.Fprintf(w, "  %-8s %-10s S%d O%d D%d RPN %3d  %s: %s\n", h.row.ID, product[h.row.Worksheet],
			h.row.S, h.row.O, h.row.D, h.res.RPN, h.row.FailureMode, h.row.Cause)
		if a, ok := actions[h.row.ID]; ok {
			fmt.Fprintf(w, "           action %s: %s (%s, due %s)\n", a.ID, a.Description, a.Owner, a.Due.Format(time.DateOnly))
		} else {
			fmt.Fprintln(w, "           NO ACTION and no justification")
		}
	}

	fmt.Fprintln(w, "\nRisks unacceptable before control (ISO 14971; P = P1 x P2, class of its upper bound)")
	hazardOf := map[string]risk.Hazard{}
	for _, q := range reg.Sequences {
		for _, hz := range reg.Hazards {
			if hz.ID == q.Hazard {
				hazardOf[q.Situation] = hz
			}
		}
	}
	controls := map[string]risk.Control{}
	for _, c := range reg.Controls {
		controls[c.ID] = c
	}
	situations := slices.Clone(reg.Situations)
	slices.SortStableFunc(situations, func(a, b risk.HazardousSituation) int {
		pa := slices.Index(riskProducts, hazardOf[a.ID].Product)
		pb := slices.Index(riskProducts, hazardOf[b.ID].Product)
		return cmp.Or(cmp.Compare(pa, pb), strings.Compare(a.ID, b.ID))
	})
	pairs, unacceptable, remaining := 0, 0, 0
	for _, hs := range situations {
		for _, harm := range hs.Harms {
			st, err := reg.RiskOf(hs.ID, harm)
			if err != nil {
				return err
			}
			pairs++
			if st.Initial.Acceptability != risk.Unacceptable {
				continue
			}
			unacceptable++
			if st.Current.Acceptability == risk.Unacceptable {
				remaining++
			}
			fmt.Fprintf(w, "  %-11s %-14s %s\n", hazardOf[hs.ID].Product, hs.ID, hs.Description)
			now := "initial estimate still current"
			if st.Residual {
				now = "final residual " + st.CurrentEstimate
			}
			fmt.Fprintf(w, "      initial %s (S%d, P<=%.0e) -> now %s (%s, %s)\n", st.Initial.Class,
				st.Initial.SeverityLevel, st.Initial.P.Hi, st.Current.Class, st.Current.Acceptability, now)
			for _, id := range st.Controls {
				c := controls[id]
				fmt.Fprintf(w, "      %-17s %-25s %s\n", c.ID, c.Option, c.State())
			}
		}
	}
	fmt.Fprintf(w, "  %d of %d risks unacceptable before control; %d stay so until their controls are verified.\n",
		unacceptable, pairs, remaining)

	findings := reg.Validate(riskAsOf)
	var errs, warns int
	byCode := map[string]int{}
	for _, f := range findings {
		if f.Severity == risk.SeverityError {
			errs++
		} else {
			warns++
			byCode[f.Code]++
		}
	}
	fmt.Fprintf(w, "\nRegister check (Validate as of %s): %d errors, %d warnings\n",
		riskAsOf.Format(time.DateOnly), errs, warns)
	for _, f := range findings {
		if f.Severity == risk.SeverityError {
			fmt.Fprintf(w, "  error    %-40s %s\n", f.Code, strings.Join(f.IDs, ", "))
		}
	}
	for _, c := range slices.Sorted(maps.Keys(byCode)) {
		fmt.Fprintf(w, "  warning  %-40s x%d\n", c, byCode[c])
	}
	return writeReadiness(w, reg, findings, riskAsOf)
}

// writeReadiness prints the contingency readiness part: per plan its
// promises, its last and next exercise, and its readiness findings.
func writeReadiness(w io.Writer, reg *risk.Register, findings []risk.Finding, riskAsOf time.Time) error {
	fmt.Fprintf(w, "\nContingency readiness (as of %s)\n", riskAsOf.Format(time.DateOnly))
	byPlan := map[string][]risk.Finding{}
	uncovered := 0
	for _, f := range findings {
		switch {
		case f.Code == risk.CodeHighRiskWithoutPlan:
			uncovered++
		case strings.HasPrefix(f.Code, "contingency-plan-"):
			byPlan[f.IDs[0]] = append(byPlan[f.IDs[0]], f)
		}
	}
	for _, p := range reg.ContingencyPlans {
		fmt.Fprintf(w, "  %-10s %s (template %s)\n", p.ID, p.Title, p.Template)
		fmt.Fprintf(w, "             answers %s\n", strings.Join(p.Risks, ", "))
		fmt.Fprintf(w, "             owner %s, deputy %s; RTO %s, RPO %s\n", p.Owner, p.Deputy, p.RTO, p.RPO)
		fmt.Fprintf(w, "             last exercise %s %s; next due %s\n", p.LastExercise.At.Format(time.DateOnly),
			p.LastExercise.Result, p.NextExerciseDue.Format(time.DateOnly))
		critical := 0
		for _, s := range p.Recovery {
			if s.SafetyCritical {
				critical++
			}
		}
		fmt.Fprintf(w, "             %d reconciliation steps, %d safety-critical at 100 %%\n", len(p.Recovery), critical)
		if len(byPlan[p.ID]) == 0 {
			fmt.Fprintln(w, "             ready")
		}
		for _, f := range byPlan[p.ID] {
			fmt.Fprintf(w, "             %-8s %s\n", f.Severity, f.Code)
		}
	}
	fmt.Fprintf(w, "  High downtime/interface/migration risks without a plan in force: %d\n", uncovered)
	return nil
}
