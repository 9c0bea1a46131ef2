package risk_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/healthpm/healthpm/risk"
)

// ExampleActionPriority rates one line of a software FMEA for the AI triage
// product and shows that the result records the table that produced it.
func ExampleActionPriority() {
	table := risk.AIAGVDA2019()
	res, err := risk.ActionPriority(table, 8, 5, 7)
	fmt.Println(res.AP, res.RPN, res.Table, err)

	// Same RPN band, different priority: RPN does not decide AP.
	low, _ := risk.ActionPriority(table, 3, 7, 10)
	fmt.Println(low.AP, low.RPN)

	// An unscored factor is an error, never a default priority.
	_, err = risk.ActionPriority(table, 8, risk.Unscored, 7)
	fmt.Println(err)
	// Output:
	// H 280 aiag-vda-2019 <nil>
	// L 210
	// risk: o: rating unscored
}

// ExampleAPTable_Lookup shows the contract used by acceptance tests and the
// error for an out-of-range rating.
func ExampleAPTable_Lookup() {
	t := risk.AIAGVDA2019()
	ap, err := t.Lookup(10, 2, 2)
	fmt.Println(ap, err)
	_, err = t.Lookup(0, 5, 5)
	fmt.Println(err)
	h, m, l := t.Counts()
	fmt.Println(h, m, l, t.Checksum()[:12])
	// Output:
	// L <nil>
	// risk: s: value "0": value out of range [1, 10]
	// 318 214 468 d95c347d0d8e
}

// ExampleLoadAPTable loads a company table and shows that a table with a
// gap is rejected with the uncovered cells named.
func ExampleLoadAPTable() {
	_, err := risk.LoadAPTable(strings.NewReader(`{"id":"acme-2024","rules":[
		{"s_min":1,"s_max":10,"o_min":2,"o_max":10,"d_min":1,"d_max":10,"ap":"M"}]}`))
	lines := strings.Split(err.Error(), "\n")
	fmt.Println(len(lines))
	fmt.Println(lines[0])
	fmt.Println(lines[len(lines)-1])
	// Output:
	// 21
	// risk: rules: value "S=1 O=1 D=1": ap table gap: cell covered by no rule
	// risk: rules: ap table gap: cell covered by no rule: 80 more uncovered cells
}

// Example_iso14971 follows one risk of the AI triage product from hazard to
// residual risk: an unacceptable initial estimate, a protective control that
// passes implementation and effectiveness verification, and a final residual
// estimate that only counts once the control is verified.
func Example_iso14971() {
	at := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	reg := &risk.Register{
		SchemaVersion: risk.SchemaVersion, ID: "AI-TRIAGE-RMF", Plan: risk.PlanMedtech5x5(),
		Harms:      []risk.Harm{{ID: "HARM-SEPSIS", Description: "delayed sepsis treatment", Severity: 4}},
		Hazards:    []risk.Hazard{{ID: "HZ-UNDER", Product: "AI-TRIAGE", Description: "urgency under-estimated"}},
		Sequences:  []risk.SequenceOfEvents{{ID: "SQ-DRIFT", Hazard: "HZ-UNDER", Situation: "HS-QUEUE", Cause: "model drift"}},
		Situations: []risk.HazardousSituation{{ID: "HS-QUEUE", Description: "septic patient queued as routine", Harms: []string{"HARM-SEPSIS"}}},
		Controls: []risk.Control{{ID: "C-VITALS", Description: "abnormal vital signs force urgent", Option: risk.ProtectiveMeasure,
			Situations: []string{"HS-QUEUE"}, NewRisk: risk.NewRiskCheck{Assessed: true, Rationale: "over-triage only"}}},
		OverallResiduals: []risk.OverallResidual{{ID: "ORR-1", Product: "AI-TRIAGE", Acceptable: true, By: "cso", At: at(30)}},
	}
	must := func(err error) {
		if err != nil {
			fmt.Println(err)
		}
	}
	must(reg.AppendEstimate(risk.Estimate{ID: "E-INIT", Situation: "HS-QUEUE", Harm: "HARM-SEPSIS", Stage: risk.StageInitial,
		P1: risk.Interval{Lo: 1e-3, Hi: 1e-2}, P2: risk.Interval{Lo: 0.1, Hi: 0.3}, By: "cso", At: at(1)}))
	must(reg.AppendEstimate(risk.Estimate{ID: "E-RES", Situation: "HS-QUEUE", Harm: "HARM-SEPSIS", Stage: risk.StageAfterControls,
		P1: risk.Interval{Lo: 1e-3, Hi: 1e-2}, P2: risk.Interval{Lo: 1e-5, Hi: 1e-4}, Controls: []string{"C-VITALS"}, Final: true,
		By: "cso", At: at(20)}))

	show := func() {
		st, err := reg.RiskOf("HS-QUEUE", "HARM-SEPSIS")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("initial %s P<=%.0e class %s (%s); current %s class %s (%s)\n", st.InitialEstimate, st.Initial.P.Hi,
			st.Initial.Class, st.Initial.Acceptability, st.CurrentEstimate, st.Current.Class, st.Current.Acceptability)
	}
	show()
	for _, f := range reg.Validate(at(31)) {
		fmt.Println(f.Severity, f.Code)
	}
	must(reg.AdvanceControl("C-VITALS", risk.StateImplemented, "PR-812", "dev.lead", at(10)))
	must(reg.AdvanceControl("C-VITALS", risk.StateImplementationVerified, "test TC-431", "qa.lead", at(12)))
	must(reg.AdvanceControl("C-VITALS", risk.StateEffectivenessVerified, "retrospective study RS-7", "clinical.lead", at(18)))
	show()
	fmt.Println(len(reg.Validate(at(31))), "findings")
	// Output:
	// initial E-INIT P<=3e-03 class U (unacceptable); current E-INIT class U (unacceptable)
	// warning control-without-effectiveness-evidence
	// warning control-without-implementation-evidence
	// error residual-controls-unverified
	// initial E-INIT P<=3e-03 class U (unacceptable); current E-RES class I (acceptable-afap)
	// 0 findings
}

// ExampleRollUp rolls two lines of one failure mode up with the worst-case
// rule.
func ExampleRollUp() {
	rows := []risk.FMEARow{
		{ID: "R-1", Worksheet: "EHR-INT-DFMEA", FailureModeID: "FM-LOSS", Effect: "lab result not filed", S: 8, O: 3, D: 4},
		{ID: "R-2", Worksheet: "EHR-INT-DFMEA", FailureModeID: "FM-LOSS", Effect: "order lost", S: 7, O: 6, D: 2},
	}
	ups, err := risk.RollUp(rows, risk.AIAGVDA2019())
	if err != nil {
		fmt.Println(err)
		return
	}
	u := ups[0]
	fmt.Println(u.FailureModeID, u.S, u.O, u.D, u.AP, u.WorstRow, u.Complete)
	// Output:
	// FM-LOSS 8 6 2 H R-2 true
}
