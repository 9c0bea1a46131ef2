package risk_test

import (
	"fmt"
	"time"

	"github.com/healthpm/healthpm/risk"
)

// A HIPAA Security Rule risk analysis in the register: one ePHI system,
// one threat event rated with the NIST SP 800-30 tables, and the
// contingency plan linted against a 72-hour restore objective.
func ExampleAssessThreat() {
	a, err := risk.AssessThreat(risk.NISTHigh, risk.NISTModerate, risk.NISTVeryHigh)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("overall likelihood:", a.OverallLikelihood.Label(), "via", a.LikelihoodTable)
	fmt.Println("risk:", a.Risk.Label(), "value", a.RiskValue, "via", a.RiskTable)
	// Output:
	// overall likelihood: Moderate via nist-sp800-30r1-table-g5
	// risk: High value 8 via nist-sp800-30r1-table-i2
}

func ExampleRegister_CheckRestoreObjective() {
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	plan := risk.TemplateHIPAA("CP-EHR", []string{"EHR"}, "HZ-1")
	plan.Status, plan.RTO = risk.PlanApproved, risk.Dur(96*time.Hour)
	r := &risk.Register{
		SchemaVersion:    risk.SchemaVersion,
		ID:               "REG-1",
		Assets:           []risk.Asset{{ID: "AS-EHR", Name: "EHR", EPHI: true}, {ID: "AS-PACS", Name: "PACS", EPHI: true}},
		ContingencyPlans: []risk.ContingencyPlan{plan},
		SecurityAnalyses: []risk.SecurityAnalysis{{ID: "SRA-1", Title: "2026 analysis", Assets: []string{"AS-EHR"},
			By: "security.officer", At: day(10), NextReview: day(375), RestoreObjective: risk.Dur(72 * time.Hour)}},
	}
	for _, f := range r.CheckRestoreObjective(72 * time.Hour) {
		fmt.Println(f.Code, f.IDs)
	}
	// Output:
	// ephi-restore-objective-not-met [CP-EHR AS-EHR]
	// ephi-system-without-contingency-plan [AS-PACS]
}

func ExampleNIST80030SemiQuant() {
	s := risk.NIST80030SemiQuant()
	for _, score := range []float64{4, 5, 79, 96} {
		l, _ := s.Level(score)
		v, _ := s.Value(l)
		fmt.Printf("%3.0f → %s (%d)\n", score, l.Label(), v)
	}
	// Output:
	//   4 → Very Low (0)
	//   5 → Low (2)
	//  79 → Moderate (5)
	//  96 → Very High (10)
}
