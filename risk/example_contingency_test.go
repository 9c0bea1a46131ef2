package risk_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/healthpm/healthpm/risk"
)

// ehrRegister is a register for the EHR integration with one downtime
// hazard that is unacceptable before controls.
func ehrRegister() *risk.Register {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return &risk.Register{
		SchemaVersion: risk.SchemaVersion, ID: "EHR-INT-RMF", Plan: risk.PlanMedtech5x5(),
		Harms: []risk.Harm{{ID: "HARM-MED-ERR", Description: "medication given without allergy check", Severity: 4}},
		Hazards: []risk.Hazard{{ID: "HZ-EHR-DOWN", Product: "EHR-INT", Category: risk.CategoryDowntime,
			Description: "EHR unavailable during a shift", MaxDowntime: risk.Dur(8 * time.Hour), MaxDataLoss: risk.Dur(time.Hour)}},
		Sequences: []risk.SequenceOfEvents{{ID: "SQ-EHR-DOWN", Hazard: "HZ-EHR-DOWN", Situation: "HS-NO-ALLERGIES",
			Cause: "data-centre power failure"}},
		Situations: []risk.HazardousSituation{{ID: "HS-NO-ALLERGIES", Description: "nurse cannot see active allergies",
			Harms: []string{"HARM-MED-ERR"}}},
		Estimates: []risk.Estimate{{ID: "E-EHR-0", Situation: "HS-NO-ALLERGIES", Harm: "HARM-MED-ERR",
			Stage: risk.StageInitial, P1: risk.Interval{Lo: 1e-3, Hi: 1e-2}, P2: risk.Interval{Lo: 0.05, Hi: 0.2},
			By: "clinical.safety", At: at}},
		Controls: []risk.Control{{ID: "C-DOWNTIME-VIEWER", Description: "read-only downtime viewer refreshed every 15 min",
			Option: risk.ProtectiveMeasure, Situations: []string{"HS-NO-ALLERGIES"}}},
	}
}

// Example_ehrDowntime starts an EHR downtime plan from the ONC SAFER
// template, shows the readiness findings while it is incomplete, then
// completes it and records an exercise.
func Example_ehrDowntime() {
	asOf := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	reg := ehrRegister()
	readiness := func() {
		for _, f := range reg.Validate(asOf) {
			if strings.HasPrefix(f.Code, "contingency-plan-") || f.Code == risk.CodeHighRiskWithoutPlan {
				fmt.Printf("  %-7s %s %v\n", f.Severity, f.Code, f.IDs)
			}
		}
	}
	fmt.Println("no plan:")
	readiness()

	plan := risk.TemplateEHRDowntime("CP-EHR-DOWN", "EHR", "HZ-EHR-DOWN")
	plan.Owner = "it.ops.lead"
	plan.Communication = risk.Communication{Channel: "EHR secure chat", DependsOn: []string{"EHR"}}
	reg.ContingencyPlans = append(reg.ContingencyPlans, plan)
	fmt.Println("template, half filled in:")
	readiness()

	p := &reg.ContingencyPlans[0]
	p.Deputy = "nursing.informatics"
	p.RTO, p.RPO = risk.Dur(4*time.Hour), risk.Dur(15*time.Minute)
	p.Communication = risk.Communication{Channel: "overhead paging and phone tree", DependsOn: []string{"phone-system"}}
	p.LastExercise = risk.Exercise{At: time.Date(2026, 10, 14, 7, 0, 0, 0, time.UTC), Result: risk.ExercisePassed}
	p.NextExerciseDue = time.Date(2027, 4, 14, 0, 0, 0, 0, time.UTC)
	fmt.Println("completed and exercised:")
	readiness()
	if err := reg.SetPlanStatus("CP-EHR-DOWN", risk.PlanApproved, "cmo", "approved at safety board SB-31",
		time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)); err != nil {
		fmt.Println(err)
	}
	_ = reg.WriteReadiness(os.Stdout, asOf)
	// Output:
	// no plan:
	//   error   high-risk-without-contingency-plan [HZ-EHR-DOWN]
	// template, half filled in:
	//   error   contingency-plan-channel-depends-on-failed-system [CP-EHR-DOWN]
	//   warning contingency-plan-never-exercised [CP-EHR-DOWN]
	//   error   contingency-plan-rto-rpo-missing [CP-EHR-DOWN]
	//   error   contingency-plan-without-deputy [CP-EHR-DOWN]
	// completed and exercised:
	// ### Contingency readiness as of 2026-11-23
	//
	// | Plan | Status | Risks | Owner / deputy | RTO | RPO | Last exercise | Next due | Readiness |
	// |---|---|---|---|---|---|---|---|---|
	// | CP-EHR-DOWN: EHR downtime | approved | HZ-EHR-DOWN | it.ops.lead / nursing.informatics | 4h0m0s | 15m0s | 2026-10-14 passed | 2027-04-14 | ready |
}

// Example_dataMigration seeds the silent-loss hazards of a data migration
// and shows the reconciliation step that detects each one, with its
// acceptance criterion.
func Example_dataMigration() {
	kit := risk.TemplateDataMigration("CP-MIG", "HZ-MIG", "legacy-EHR", "EHR")
	for i, hz := range kit.Hazards {
		s := kit.Plan.Recovery[i]
		fmt.Printf("%-14s %-38s %5s %%\n", hz.ID, s.Domain, s.Acceptance)
	}
	// Lowering a safety-critical criterion is a readiness error.
	kit.Plan.Recovery[2].Acceptance = kit.Plan.Recovery[0].Acceptance
	reg := &risk.Register{SchemaVersion: risk.SchemaVersion, ID: "MIG", Plan: risk.PlanMedtech5x5(),
		Hazards: kit.Hazards, ContingencyPlans: []risk.ContingencyPlan{kit.Plan}}
	for _, f := range reg.Validate(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		if f.Code == risk.CodePlanReconciliationBelowFull {
			fmt.Println(f.Message)
		}
	}
	// Output:
	// HZ-MIG-STRUCT  coded problems, results and medications  99.5 %
	// HZ-MIG-CODEMAP coded concepts                          99.5 %
	// HZ-MIG-STATUS  active allergies                         100 %
	// HZ-MIG-MEDS    active medications                       100 %
	// HZ-MIG-FEED    interface feeds                         99.5 %
	// contingency plan CP-MIG: recovery step 3 (active allergies) is safety-critical and accepts 99.5 % instead of 100 %
}

// ExampleVerifyHistory records two changes, then shows that editing one
// event is detected and named.
func ExampleVerifyHistory() {
	reg := ehrRegister()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	_, _ = reg.Log(risk.Event{At: at, Actor: "clinical.safety", Action: risk.EventCreate, Record: "C-DOWNTIME-VIEWER"})
	_ = reg.Close("C-DOWNTIME-VIEWER", "clinical.safety", "replaced by the read-only replica", at.Add(time.Hour))
	anchor := reg.Anchor()
	fmt.Println(risk.VerifyHistory(reg.History, anchor))

	reg.History[0].Actor = "someone.else"
	fmt.Println(risk.VerifyHistory(reg.History, anchor))
	// Output:
	// <nil>
	// risk: history[0] (seq 1): audit history does not verify: content does not match its hash (event edited)
}

// ExampleRegister_WriteCSV exports a register to CSV (a description that
// starts with "=" is neutralized), edits one cell as a spreadsheet user
// would, and re-imports it: the hazard is updated, not duplicated.
func ExampleRegister_WriteCSV() {
	reg := ehrRegister()
	reg.Hazards[0].Description = "=downtime over 8 h"
	var b strings.Builder
	if err := reg.WriteCSV(&b); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "hazards,") {
			fmt.Println(strings.TrimRight(line, ","))
		}
	}
	edited := strings.Replace(b.String(), "'=downtime over 8 h", "EHR down for a shift", 1)
	back, err := risk.MergeCSV(reg, strings.NewReader(edited))
	fmt.Println(len(back.Hazards), back.Hazards[0].Description, err)
	// Output:
	// hazards,,HZ-EHR-DOWN,,,,,,'=downtime over 8 h,,EHR-INT,downtime,8h0m0s,1h0m0s
	// 1 EHR down for a shift <nil>
}
