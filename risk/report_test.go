package risk

import (
	"strings"
	"testing"
	"time"
)

func report(t *testing.T, write func(*strings.Builder) error) string {
	t.Helper()
	var b strings.Builder
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRiskMatrixReport(t *testing.T) {
	r := downtimeRegister()
	out := report(t, func(b *strings.Builder) error { return r.WriteRiskMatrix(b) })
	// HS-1/H-1: S4; initial P.hi = 1e-2 × 0.5 = 5e-3 → P5 (≥ 1e-3) → U;
	// residual 1e-5 × 0.5 = 5e-6 → P2 → I (control effectiveness-verified).
	for _, want := range []string{"### Risk matrix before controls", "### Risk matrix after controls", "1 of 1 risks estimated"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	before, after, _ := strings.Cut(out, "### Risk matrix after controls")
	rowS4 := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "| S4 ") {
				return l
			}
		}
		return ""
	}
	if got := rowS4(before); !strings.HasSuffix(got, "| U **1** |") {
		t.Errorf("before, S4 row = %q; want the count in the P5 cell (class U)", got)
	}
	if got := rowS4(after); !strings.Contains(got, "| I **1** |") || strings.Count(got, "**") != 2 {
		t.Errorf("after, S4 row = %q; want one count in a P2 cell of class I", got)
	}
}

func TestControlMatrixAndHazardLog(t *testing.T) {
	r := downtimeRegister()
	r.Hazards = append(r.Hazards, Hazard{ID: "HZ-2", Description: "pipe | in text"})
	r.Situations = append(r.Situations, HazardousSituation{ID: "HS-2", Harms: []string{"H-1"}})
	r.Sequences = append(r.Sequences, SequenceOfEvents{ID: "SQ-2", Hazard: "HZ-2", Situation: "HS-2", Cause: "c"})
	cm := report(t, func(b *strings.Builder) error { return r.WriteControlMatrix(b) })
	for _, want := range []string{
		"| HZ-1 | HS-1 | C-1: vital-sign override forces urgent | protective-measure | effectiveness-verified | TC-55 passed | usability study US-3 |",
		"| HZ-2 | HS-2 | NO CONTROL |",
	} {
		if !strings.Contains(cm, want) {
			t.Errorf("control matrix lacks %q\n%s", want, cm)
		}
	}
	if err := r.Close("HZ-2", "cso", "design change removed the pipe", day(120)); err != nil {
		t.Fatal(err)
	}
	hl := report(t, func(b *strings.Builder) error { return r.WriteHazardLog(b) })
	for _, want := range []string{
		"| HZ-1 | urgency under-estimated | model drift | HS-1: septic patient queued as non-urgent | H-1: delayed treatment of sepsis | C-1 | L5/S4/U | L2/S4/I | open |",
		`| HZ-2 | pipe \| in text |`,
		"| not estimated | — | closed |",
	} {
		if !strings.Contains(hl, want) {
			t.Errorf("hazard log lacks %q\n%s", want, hl)
		}
	}
}

func TestReadinessReport(t *testing.T) {
	r := downtimeRegister()
	p := TemplateEHRDowntime("CP-0", "EHR", "HZ-1")
	p.Owner = "it.ops"
	r.ContingencyPlans = append(r.ContingencyPlans, p)
	out := report(t, func(b *strings.Builder) error { return r.WriteReadiness(b, asOf) })
	for _, want := range []string{
		"### Contingency readiness as of 2026-06-01",
		"| CP-0: EHR downtime | draft | HZ-1 | it.ops / MISSING | MISSING | MISSING | never | — | " +
			"warning: contingency-plan-never-exercised; error: contingency-plan-rto-rpo-missing; error: contingency-plan-without-deputy |",
		"| CP-1: EHR downtime | approved | HZ-1 | it.ops.lead / nursing.informatics | 4h0m0s | 15m0s | 2026-03-06 passed | 2027-03-06 | ready |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("readiness lacks %q\n%s", want, out)
		}
	}
	r.ContingencyPlans = nil
	out = report(t, func(b *strings.Builder) error { return r.WriteReadiness(b, asOf.Add(time.Hour)) })
	if !strings.Contains(out, "High risks without a contingency plan: HZ-1.") {
		t.Errorf("uncovered risk not listed:\n%s", out)
	}
}
