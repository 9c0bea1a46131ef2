package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/healthpm/healthpm/risk"
)

func riskSection(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := writeRisks(&b, defaultP(t)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRiskSectionAPCounts pins the AP of every line, read by hand from the
// printed AIAG-VDA 2019 grids (risk.md §4.2), not from the package:
//
//	R-AT-1 S9 O4 D6 → S 9-10, O 4-5, D 5-6 → H    R-AT-2 S9 O3 D4 → O 2-3, D 2-4 → L
//	R-AT-3 S5 O6 D5 → S 4-6, O 6-7, D 5-6 → M     R-EI-1 S8 O5 D7 → S 7-8, O 4-5, D 7-10 → H
//	R-EI-2 S9 O2 D5 → S 9-10, O 2-3, D 5-6 → M    R-EI-3 S5 O4 D3 → S 4-6, O 4-5, D 2-4 → L
//	R-RPM-1 S9 O5 D6 → H   R-RPM-2 S4 O7 D2 → M   R-RPM-3 unscored
//	R-PO-1 S8 O3 D6 → S 7-8, O 2-3, D 5-6 → M     R-PO-2 S6 O5 D7 → S 4-6, O 4-5, D 7-10 → M
//	R-IR-1 S7 O4 D4 → S 7-8, O 4-5, D 2-4 → M     R-IR-2 S2 O6 D3 → S 2-3, O 6-7 → L
func TestRiskSectionAPCounts(t *testing.T) {
	out := riskSection(t)
	want := []string{
		"  Product        H   M   L  unscored",
		"  AI-TRIAGE      1   1   1         0",
		"  EHR-INT        1   1   1         0",
		"  RPM            1   1   0         1",
		"  PORTAL         0   2   0         0",
		"  INV-REORDER    0   1   1         0",
		"  Total          3   6   3         1",
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("section lacks line %q\n%s", w, out)
		}
	}
	for _, id := range []string{"R-AT-1", "R-EI-1", "R-RPM-1"} {
		if !strings.Contains(out, "  "+id+" ") {
			t.Errorf("AP = H line %s not listed", id)
		}
	}
}

// TestRiskSectionResiduals pins the ISO 14971 evaluations computed by hand
// with the medtech 5x5 plan: P.hi = P1.hi × P2.hi, level of P.hi on the
// decade scale, class from the A/I/U matrix.
func TestRiskSectionResiduals(t *testing.T) {
	out := riskSection(t)
	want := []string{
		// 1e-2 × 0.3 = 3e-3 → P5; S4 × P5 = U. Residual 1e-2 × 1e-4 = 1e-6 → P1/P2; S4 → I.
		"      initial U (S4, P<=3e-03) -> now I (acceptable-afap, final residual E-AT-1)",
		// 1e-2 × 0.2 = 2e-3 → P5 = U; the residual is not final (control not effectiveness-verified).
		"      initial U (S4, P<=2e-03) -> now U (unacceptable, initial estimate still current)",
		// 1e-4 × 0.5 = 5e-5 → P3; S4 × P3 = U. Residual 5e-7 → P1; S4 × P1 = I.
		"      initial U (S4, P<=5e-05) -> now I (acceptable-afap, final residual E-EM-1)",
		// 1e-3 × 0.5 = 5e-4 → P4; S5 × P4 = U; controls only implemented.
		"      initial U (S5, P<=5e-04) -> now U (unacceptable, initial estimate still current)",
		// 1e-3 × 1 = 1e-3 → P5; S2 × P5 = U. Residual 1e-5 → P3; S2 × P3 = I.
		"      initial U (S2, P<=1e-03) -> now I (acceptable-afap, final residual E-PO-1)",
		// 1e-3 × 0.1 = 1e-4 → P4; S3 × P4 = U; control only proposed.
		"      initial U (S3, P<=1e-04) -> now U (unacceptable, initial estimate still current)",
		// 1e-3 × 0.5 = 5e-4 → P4; S4 × P4 = U; the reconciliation control is only implemented.
		"      initial U (S4, P<=5e-04) -> now U (unacceptable, initial estimate still current)",
		"  7 of 7 risks unacceptable before control; 4 stay so until their controls are verified.",
		"  error    ap-high-without-action                   R-RPM-1",
		"  error    contingency-plan-exercise-without-follow-up CP-EI-MIG",
	}
	for _, w := range want {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("section lacks line %q", w)
		}
	}
	check, _, _ := strings.Cut(out, "Contingency readiness")
	if n := strings.Count(check, "  error "); n != 2 {
		t.Errorf("%d error findings, want 2 (R-RPM-1 has AP H and no action; CP-EI-MIG's exercise "+
			"found gaps with no follow-up)", n)
	}
	for i, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 100 {
			t.Errorf("line %d longer than 100 columns: %q", i+1, line)
		}
	}
}

// TestRiskRegisterBehaviour checks the rules the section relies on: an
// action clears the AP = H error, and the EHR message-loss risk only drops
// once its control is effectiveness-verified and the residual is final.
func TestRiskRegisterBehaviour(t *testing.T) {
	reg := defaultP(t).Register
	reg.Actions = append(reg.Actions, risk.Action{ID: "A-RPM-1", Row: "R-RPM-1", Owner: "rpm.lead",
		Due: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Status: risk.ActionOpen})
	reg.ContingencyPlans[1].LastExercise.FollowUp = "A-MIG-1"
	for _, f := range reg.Validate(defaultP(t).AsOf) {
		if f.Severity == risk.SeverityError {
			t.Errorf("unexpected error finding %s %v", f.Code, f.IDs)
		}
	}
	for i := range reg.Estimates {
		if reg.Estimates[i].ID == "E-EI-1" {
			reg.Estimates[i].Final = true
		}
	}
	st, err := reg.RiskOf("HS-EI-LOSS", "HARM-DELAYED-TX")
	if err != nil {
		t.Fatal(err)
	}
	if st.CurrentEstimate != "E-EI-0" {
		t.Errorf("an unverified control lowered the risk: current %s", st.CurrentEstimate)
	}
	if err := reg.AdvanceControl("C-EI-ACK", risk.StateEffectivenessVerified, "90-day reconciliation: 0 lost",
		"clinical.safety", time.Date(2026, 9, 10, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	st, err = reg.RiskOf("HS-EI-LOSS", "HARM-DELAYED-TX")
	if err != nil {
		t.Fatal(err)
	}
	// 1e-5 × 0.2 = 2e-6 → P2; S4 × P2 = I.
	got := []string{st.CurrentEstimate, st.Current.Class}
	if diff := cmp.Diff([]string{"E-EI-1", "I"}, got); diff != "" {
		t.Errorf("residual after verification mismatch (-want +got):\n%s", diff)
	}
}

// TestRiskSectionReadiness pins the contingency readiness part, worked out
// by hand from the plan dates and the 12-month rule: CP-EI-DOWN was last
// exercised 2025-10-08, before the window opening 2025-11-23 (stale), and
// its next exercise was due 2026-10-08, before the brief (overdue);
// CP-EI-MIG's mock cut-over on 2026-09-15 is inside the window but passed
// with findings and no follow-up (error). The EHR downtime template has 4
// recovery steps, 3 of them safety-critical (allergies, medications,
// results); the migration template 5, 2 safety-critical (allergies,
// medications).
func TestRiskSectionReadiness(t *testing.T) {
	out := riskSection(t)
	_, part, ok := strings.Cut(out, "Contingency readiness (as of 2026-11-23)\n")
	if !ok {
		t.Fatalf("no readiness part:\n%s", out)
	}
	want := []string{
		"  CP-EI-DOWN EHR downtime (template onc-safer-contingency-planning)",
		"             owner integration.lead, deputy nursing.informatics; RTO 4h0m0s, RPO 15m0s",
		"             last exercise 2025-10-08 passed; next due 2026-10-08",
		"             4 reconciliation steps, 3 safety-critical at 100 %",
		"             warning  contingency-plan-exercise-overdue",
		"             warning  contingency-plan-exercise-stale",
		"  CP-EI-MIG  data migration legacy-EHR to EHR (template data-migration-silent-loss)",
		"             answers HZ-MIG-STRUCT, HZ-MIG-CODEMAP, HZ-MIG-STATUS, HZ-MIG-MEDS, HZ-MIG-FEED",
		"             5 reconciliation steps, 2 safety-critical at 100 %",
		"             error    contingency-plan-exercise-without-follow-up",
		"  High downtime/interface/migration risks without a plan in force: 0",
	}
	for _, w := range want {
		if !strings.Contains(part, w+"\n") {
			t.Errorf("readiness part lacks %q\n%s", w, part)
		}
	}
	if strings.Contains(part, "ready\n") {
		t.Errorf("a plan is shown ready although both have findings")
	}
}

// TestRiskReadinessRules checks the readiness rules the section relies on:
// without the downtime plan the EHR-INT downtime hazard (its situation is
// unacceptable before control) is reported as uncovered, and exercising
// the plan within the year clears its warnings.
func TestRiskReadinessRules(t *testing.T) {
	count := func(reg *risk.Register, code string) int {
		n := 0
		for _, f := range reg.Validate(defaultP(t).AsOf) {
			if f.Code == code {
				n++
			}
		}
		return n
	}
	reg := defaultP(t).Register
	reg.ContingencyPlans = reg.ContingencyPlans[1:]
	if n := count(reg, risk.CodeHighRiskWithoutPlan); n != 1 {
		t.Errorf("without CP-EI-DOWN: %d uncovered high risks, want 1 (HZ-EI-DOWN)", n)
	}
	reg = defaultP(t).Register
	reg.ContingencyPlans[0].LastExercise.At = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	reg.ContingencyPlans[0].NextExerciseDue = time.Date(2027, 5, 2, 0, 0, 0, 0, time.UTC)
	for _, code := range []string{risk.CodePlanExerciseStale, risk.CodePlanExerciseOverdue} {
		if n := count(reg, code); n != 0 {
			t.Errorf("after a fresh exercise: %d %s findings", n, code)
		}
	}
}
