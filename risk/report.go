package risk

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// mdCell escapes text for a Markdown table cell: a pipe becomes \|, line
// breaks become <br>, and an empty cell becomes "—".
func mdCell(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "—"
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "<br>")
	s = strings.ReplaceAll(s, "\n", "<br>")
	return strings.ReplaceAll(s, "\r", "<br>")
}

// mdRow writes one Markdown table row.
func mdRow(b *strings.Builder, cells ...string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(mdCell(c))
		b.WriteString(" |")
	}
	b.WriteString("\n")
}

func mdHeader(b *strings.Builder, cells ...string) {
	mdRow(b, cells...)
	b.WriteString("|")
	for range cells {
		b.WriteString("---|")
	}
	b.WriteString("\n")
}

// pairStatuses evaluates every (situation, harm) pair with an initial
// estimate, sorted by situation then harm.
func (r *Register) pairStatuses() ([]RiskStatus, error) {
	if err := r.Plan.Validate(); err != nil {
		return nil, err
	}
	var out []RiskStatus
	for _, s := range r.Situations {
		for _, h := range s.Harms {
			st, err := r.RiskOf(s.ID, h)
			if err != nil {
				continue // unknown harm or no initial estimate: Validate reports it
			}
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b RiskStatus) int {
		return cmp.Or(strings.Compare(a.Situation, b.Situation), strings.Compare(a.Harm, b.Harm))
	})
	return out, nil
}

// WriteRiskMatrix writes the plan's severity × probability matrix twice as
// Markdown tables, before controls (initial estimates) and after controls
// (current risk, which only verified controls lower; see [RiskStatus]).
// Each cell shows the class and the number of risks in it. Pairs without an
// initial estimate are left out and counted below the tables.
//
// WriteRiskMatrix returns an error if the plan fails [Plan.Validate] or w
// fails.
func (r *Register) WriteRiskMatrix(w io.Writer) error {
	sts, err := r.pairStatuses()
	if err != nil {
		return err
	}
	total := 0
	for _, s := range r.Situations {
		total += len(s.Harms)
	}
	p := r.Plan
	var b strings.Builder
	for pass, title := range []string{"before controls", "after controls"} {
		counts := make(map[[2]int]int)
		for _, st := range sts {
			e := st.Initial
			if pass == 1 {
				e = st.Current
			}
			counts[[2]int{e.SeverityLevel, e.ProbabilityLevel}]++
		}
		fmt.Fprintf(&b, "### Risk matrix %s (plan %s v%s)\n\n", title, p.ID, p.Version)
		head := []string{"Severity \\ Probability"}
		for _, pl := range p.Probability {
			head = append(head, fmt.Sprintf("P%d %s", pl.Level, pl.Name))
		}
		mdHeader(&b, head...)
		for s := len(p.Severity); s >= 1; s-- {
			row := []string{fmt.Sprintf("S%d %s", s, p.Severity[s-1].Name)}
			for pi := 1; pi <= len(p.Probability); pi++ {
				cell := p.Matrix[s-1][pi-1]
				if n := counts[[2]int{s, pi}]; n > 0 {
					cell += fmt.Sprintf(" **%d**", n)
				}
				row = append(row, cell)
			}
			mdRow(&b, row...)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%d of %d risks estimated; rule %s.\n", len(sts), total, EvaluationRule)
	_, err = io.WriteString(w, b.String())
	return err
}

// evidenceFor returns the evidence of the step to state st, or "".
func evidenceFor(c *Control, st ControlState) string {
	for _, t := range c.History {
		if t.To == st {
			return t.Evidence
		}
	}
	return ""
}

// WriteControlMatrix writes the risk control matrix as a Markdown table:
// hazard → hazardous situation → control, with the control's option, state
// and the evidence of its implementation and effectiveness verification.
// Rows are sorted by hazard, situation and control; a situation with no
// control gets one row saying so.
//
// WriteControlMatrix returns an error only if w fails.
func (r *Register) WriteControlMatrix(w io.Writer) error {
	x := newIndex(r)
	var b strings.Builder
	b.WriteString("### Risk control matrix\n\n")
	mdHeader(&b, "Hazard", "Hazardous situation", "Control", "Option", "State",
		"Implementation verified by", "Effectiveness verified by")
	seqs := slices.Clone(r.Sequences)
	slices.SortFunc(seqs, func(a, b SequenceOfEvents) int {
		return cmp.Or(strings.Compare(a.Hazard, b.Hazard), strings.Compare(a.Situation, b.Situation), strings.Compare(a.ID, b.ID))
	})
	seen := map[[2]string]bool{}
	for _, q := range seqs {
		k := [2]string{q.Hazard, q.Situation}
		if seen[k] {
			continue
		}
		seen[k] = true
		idx := slices.Clone(x.controlsBySituation[q.Situation])
		slices.SortFunc(idx, func(a, b int) int { return strings.Compare(r.Controls[a].ID, r.Controls[b].ID) })
		if len(idx) == 0 {
			mdRow(&b, q.Hazard, q.Situation, "NO CONTROL", "", "", "", "")
			continue
		}
		for _, i := range idx {
			c := &r.Controls[i]
			mdRow(&b, q.Hazard, q.Situation, c.ID+": "+c.Description, c.Option.String(), c.State().String(),
				evidenceFor(c, StateImplementationVerified), evidenceFor(c, StateEffectivenessVerified))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteHazardLog writes the hazard log in the form of the DCB0129 clinical
// safety hazard log as a Markdown table: one row per hazard and (situation,
// harm) it leads to, with causes, effect, harm, existing controls, initial
// and residual likelihood, severity and risk class, and status (open,
// closed or superseded, from the history; hazards are never deleted).
//
// WriteHazardLog returns an error if the plan fails [Plan.Validate] or w
// fails.
func (r *Register) WriteHazardLog(w io.Writer) error {
	sts, err := r.pairStatuses()
	if err != nil {
		return err
	}
	x := newIndex(r)
	bySituation := map[string][]RiskStatus{}
	for _, st := range sts {
		bySituation[st.Situation] = append(bySituation[st.Situation], st)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Hazard log (DCB0129 form, plan %s v%s)\n\n", r.Plan.ID, r.Plan.Version)
	mdHeader(&b, "Hazard", "Description", "Causes", "Effect", "Harm", "Controls",
		"Initial L/S/risk", "Residual L/S/risk", "Status")
	hazards := slices.Clone(r.Hazards)
	slices.SortFunc(hazards, func(a, b Hazard) int { return strings.Compare(a.ID, b.ID) })
	for _, hz := range hazards {
		causes := map[string][]string{} // situation → causes
		var situations []string
		for _, q := range r.Sequences {
			if q.Hazard != hz.ID {
				continue
			}
			if _, ok := causes[q.Situation]; !ok {
				situations = append(situations, q.Situation)
			}
			causes[q.Situation] = append(causes[q.Situation], q.Cause)
		}
		slices.Sort(situations)
		status, by := r.Lifecycle(hz.ID)
		st := status.String()
		if by != "" {
			st += " by " + by
		}
		wrote := false
		for _, s := range situations {
			effect := s
			if i, ok := x.situations[s]; ok {
				effect = s + ": " + r.Situations[i].Description
			}
			for _, rs := range bySituation[s] {
				harm := rs.Harm
				if i, ok := x.harms[rs.Harm]; ok {
					harm += ": " + r.Harms[i].Description
				}
				lsr := func(e Evaluation) string {
					return fmt.Sprintf("L%d/S%d/%s", e.ProbabilityLevel, e.SeverityLevel, e.Class)
				}
				resid := lsr(rs.Current)
				if !rs.Residual {
					resid += " (initial; no verified residual)"
				}
				mdRow(&b, hz.ID, hz.Description, strings.Join(causes[s], "; "), effect, harm,
					strings.Join(rs.Controls, ", "), lsr(rs.Initial), resid, st)
				wrote = true
			}
		}
		if !wrote {
			mdRow(&b, hz.ID, hz.Description, "", "", "", "", "not estimated", "", st)
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// WriteReadiness writes the contingency readiness table as Markdown: per
// plan its status, the risks it answers, owner and deputy, RTO and RPO, the
// last exercise and its result, the next due date, and the codes of the
// readiness findings of [Register.Validate] as of asOf about it ("ready"
// when there are none). High risks that no plan answers are listed below
// the table.
//
// WriteReadiness returns an error only if w fails.
func (r *Register) WriteReadiness(w io.Writer, asOf time.Time) error {
	findings := r.Validate(asOf)
	byPlan := map[string][]string{}
	var uncovered []string
	for _, f := range findings {
		if f.Code == CodeHighRiskWithoutPlan {
			uncovered = append(uncovered, f.IDs[0])
			continue
		}
		if len(f.IDs) > 0 && strings.HasPrefix(f.Code, "contingency-plan-") {
			byPlan[f.IDs[0]] = append(byPlan[f.IDs[0]], f.Severity.String()+": "+f.Code)
		}
	}
	plans := slices.Clone(r.ContingencyPlans)
	slices.SortFunc(plans, func(a, b ContingencyPlan) int { return strings.Compare(a.ID, b.ID) })
	var b strings.Builder
	fmt.Fprintf(&b, "### Contingency readiness as of %s\n\n", asOf.UTC().Format(time.DateOnly))
	mdHeader(&b, "Plan", "Status", "Risks", "Owner / deputy", "RTO", "RPO", "Last exercise", "Next due", "Readiness")
	date := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format(time.DateOnly)
	}
	dur := func(d *Duration) string {
		if d == nil {
			return "MISSING"
		}
		return time.Duration(*d).String()
	}
	for _, p := range plans {
		last := date(p.LastExercise.At)
		if !p.LastExercise.At.IsZero() {
			last += " " + p.LastExercise.Result.String()
		}
		next := "—"
		if !p.NextExerciseDue.IsZero() {
			next = date(p.NextExerciseDue)
		}
		ready := "ready"
		if fs := byPlan[p.ID]; len(fs) > 0 {
			ready = strings.Join(slices.Compact(fs), "; ")
		}
		if !p.Status.inForce() {
			ready = "not in force"
		}
		mdRow(&b, p.ID+": "+p.Title, p.Status.String(), strings.Join(p.Risks, ", "),
			cmp.Or(p.Owner, "MISSING")+" / "+cmp.Or(p.Deputy, "MISSING"), dur(p.RTO), dur(p.RPO), last, next, ready)
	}
	if len(uncovered) > 0 {
		slices.Sort(uncovered)
		fmt.Fprintf(&b, "\nHigh risks without a contingency plan: %s.\n", strings.Join(slices.Compact(uncovered), ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
