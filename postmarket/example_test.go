package postmarket_test

import (
	"fmt"
	"time"

	"github.com/healthpm/healthpm/postmarket"
	"github.com/healthpm/healthpm/risk"
)

// A complaint series judged by a versioned plan; the signal contradicts the
// register's estimate, and the proposed re-estimate is recorded in the
// register's hash-chained history.
func Example_complaintToRecordedReestimate() {
	month := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	counts := []int{2, 1, 3, 2, 2, 9}
	series := postmarket.Series{ID: "complaints-triage", Unit: "encounters"}
	for i, c := range counts {
		series.Periods = append(series.Periods, postmarket.Period{Start: month(i + 1), End: month(i + 2), Count: c, Exposure: 2000})
	}
	plan := postmarket.Plan{ID: "PMS-PLAN-7", Version: "3", Signals: []postmarket.SignalSpec{{
		ID: "SIG-MISTRIAGE", Metric: "mis-triage complaints per encounter", Series: "complaints-triage",
		Baseline: postmarket.Baseline{Rate: 0.002, Unit: "encounters", Source: "PMS report 2025"},
		Method:   postmarket.MethodPoissonExact, Window: 1, Alpha: 0.05, WatchAlpha: 0.1, MinCount: 3, MinExpected: 1, Conf: 0.95,
		Hazards: []string{"HZ-1"},
	}}}
	sigs, err := postmarket.Evaluate(plan, []postmarket.Series{series}, month(7))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := sigs[0]
	fmt.Printf("%s: %s, p = %.4f\n", s.ID, s.Status, float64(s.PValue))

	at := time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC)
	reg := &risk.Register{SchemaVersion: risk.SchemaVersion, ID: "REG-1", Plan: risk.PlanMedtech5x5(),
		Harms:      []risk.Harm{{ID: "H-1", Description: "delayed treatment", Severity: 4}},
		Hazards:    []risk.Hazard{{ID: "HZ-1", Description: "incorrect triage urgency output"}},
		Sequences:  []risk.SequenceOfEvents{{ID: "SE-1", Hazard: "HZ-1", Situation: "HS-1", Description: "urgent case scored routine"}},
		Situations: []risk.HazardousSituation{{ID: "HS-1", Description: "urgent patient waits", Harms: []string{"H-1"}}},
	}
	if err := reg.RecordEstimate(risk.Estimate{ID: "E-1", Situation: "HS-1", Harm: "H-1", Stage: risk.StageInitial,
		P1: risk.Interval{Lo: 0.001, Hi: 0.003}, P2: risk.Interval{Lo: 0.1, Hi: 0.2}, Severity: 4,
		By: "risk-lead", At: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)}, "initial estimate"); err != nil {
		fmt.Println(err)
		return
	}
	props, err := postmarket.ProposeReestimates(reg, s, "pms-analyst", at)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := props[0]
	fmt.Printf("contradicted: %v (field P1 %.4f–%.4f vs allowed ≤ %.4f)\n", p.Contradicted, p.FieldP1.Lo, p.FieldP1.Hi, p.CurrentP1.Hi)
	if err := reg.RecordEstimate(p.Estimate, p.Reason); err != nil {
		fmt.Println(err)
		return
	}
	last := reg.History[len(reg.History)-1]
	fmt.Println("history:", last.Action, last.Record, "from", last.From)
	fmt.Println("verifies:", risk.VerifyHistory(reg.History, reg.Anchor()) == nil)
	// Output:
	// SIG-MISTRIAGE: signal, p = 0.0214
	// contradicted: true (field P1 0.0021–0.0085 vs allowed ≤ 0.0030)
	// history: rate SIG-MISTRIAGE.HS-1.H-1.20260702 from E-1
	// verifies: true
}
