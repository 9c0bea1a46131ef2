package prioritize_test

import (
	"fmt"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/shopspring/decimal"
)

// point builds the six healthcare scores in model order.
func point(ps, ce, wi, rv, fi, uar float64) []prioritize.Score {
	ids := []string{prioritize.PatientSafety, prioritize.ClinicalEfficacy, prioritize.WorkflowIntegration,
		prioritize.RegulatoryViability, prioritize.FinancialImpact, prioritize.UserAdoptionRisk}
	out := make([]prioritize.Score, len(ids))
	for j, v := range []float64{ps, ce, wi, rv, fi, uar} {
		out[j] = prioritize.Score{Criterion: ids[j], Value: v}
	}
	return out
}

func backlog() []prioritize.Item {
	triage := point(4, 4, 3, 2, 3, 4)
	// The triage model is not yet clinically validated: under-triage is
	// possible, so Patient Safety is a three-point estimate.
	triage[0] = prioritize.Score{Criterion: prioritize.PatientSafety, Kind: prioritize.ScoreThreePoint,
		Min: 2, Value: 4, Max: 5, Evidence: "retrospective ED data only; no prospective validation", Rater: "CMIO"}
	return []prioritize.Item{
		{ID: "PORTAL", Name: "Patient portal", Scores: point(3, 2, 3, 5, 3, 2), Cost: decimal.NewFromInt(300_000)},
		{ID: "AI-TRIAGE", Name: "AI triage software", Scores: triage, Cost: decimal.NewFromInt(750_000)},
		{ID: "RPM", Name: "Remote patient monitoring", Scores: point(4, 4, 2, 3, 3, 3), Cost: decimal.NewFromInt(600_000)},
		{ID: "EHR-INT", Name: "EHR integration (HL7/FHIR)", Scores: point(4, 3, 5, 4, 3, 2), Cost: decimal.NewFromInt(450_000)},
		{ID: "INV-REORDER", Name: "Inventory reordering", Scores: point(3, 1, 4, 5, 5, 1), Cost: decimal.NewFromInt(180_000)},
	}
}

// ExampleRank ranks a hospital's product backlog with the healthcare preset:
// rank-order-centroid weights over tiers, absolute 1–5 scales and the two
// critical gates. AI triage is blocked: its pessimistic Patient Safety score
// (2) is below the gate (3).
func ExampleRank() {
	r, err := prioritize.Rank(prioritize.HealthcareDefault(), backlog())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Scheme, r.Aggregation, r.Normalization)
	for _, e := range r.Entries {
		status := "pass"
		for _, g := range e.Gates {
			if !g.Passed {
				status = fmt.Sprintf("BLOCKED by %s (%g < %g)", g.Criterion, g.Score, g.Threshold)
			}
		}
		fmt.Printf("%d %-11s %.4f %s\n", e.Rank, e.ID, e.Score, status)
	}
	// Output:
	// roc-tied-average/v1 weighted_sum absolute
	// 1 EHR-INT     0.7389 pass
	// 2 INV-REORDER 0.6743 pass
	// 3 PORTAL      0.6410 pass
	// 4 RPM         0.5813 pass
	// 5 AI-TRIAGE   0.5215 BLOCKED by patient_safety (2 < 3)
}

// ExampleExplain says why the first item beats the second.
func ExampleExplain() {
	r, _ := prioritize.Rank(prioritize.HealthcareDefault(), backlog())
	ex, err := prioritize.Explain(r, r.Entries[0].ID, r.Entries[1].ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ex.Summary)
	ex, _ = prioritize.Explain(r, "RPM", "AI-TRIAGE")
	fmt.Println(ex.Summary)
	// Output:
	// "EHR-INT" is above "INV-REORDER" by +0.0646, mostly from patient_safety (+0.0813), clinical_efficacy (+0.0653), workflow_integration (+0.0326), despite regulatory_viability (−0.0812), financial_impact (−0.0222)
	// "RPM" is above "AI-TRIAGE" because "AI-TRIAGE" fails its gate (patient_safety 2 vs threshold 3)
}

// ExampleAHP derives criterion weights from pairwise judgments (the car
// example of prioritize.md §3.2, A3) and checks their consistency.
func ExampleAHP() {
	m := [][]float64{
		{1, 3, 7, 3},
		{1.0 / 3, 1, 9, 1},
		{1.0 / 7, 1.0 / 9, 1, 1.0 / 7},
		{1.0 / 3, 1, 7, 1},
	}
	r, err := prioritize.AHP(m, prioritize.AHPOptions{
		RITable: prioritize.RIDoneganDodd1991,
		Labels:  []string{"cost", "safety", "style", "capacity"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, w := range r.Weights {
		fmt.Printf("%-8s %.3f\n", r.Labels[i], w)
	}
	fmt.Printf("λmax %.4f CI %.4f CR %.4f (%s) consistent=%v\n", r.LambdaMax, r.CI, r.CR, r.RITable, r.Consistent)
	fmt.Println("revisit:", r.Worst.RowLabel, "vs", r.Worst.ColLabel)
	// Output:
	// cost     0.510
	// safety   0.234
	// style    0.041
	// capacity 0.215
	// λmax 4.1992 CI 0.0664 CR 0.0801 (donegan_dodd1991) consistent=true
	// revisit: cost vs style
}

// ExampleAHP_inconsistent shows the consistency gate naming the judgment to
// revisit (A6 of prioritize.md §3.2).
func ExampleAHP_inconsistent() {
	m := [][]float64{{1, 9, 9}, {1.0 / 9, 1, 9}, {1.0 / 9, 1.0 / 9, 1}}
	r, _ := prioritize.AHP(m, prioritize.AHPOptions{Labels: []string{"f150", "ferrari", "honda"}})
	fmt.Printf("CR %.3f\n", r.CR)
	fmt.Println(r.Check())
	// Output:
	// CR 0.483
	// prioritize: pairwise [0][1] (f150 vs ferrari): consistency ratio 0.4835 above 0.1000 (RI table saaty1980); revisit this judgment: given 9, the priorities imply 4.327
}

// ExampleSolveHierarchy composes a two-level hierarchy: the leader example
// of prioritize.md §3.2 (A2), criteria then three candidates.
func ExampleSolveHierarchy() {
	up := func(ab, ac, bc float64) [][]float64 { // from the upper triangle
		return [][]float64{{1, ab, ac}, {1 / ab, 1, bc}, {1 / ac, 1 / bc, 1}}
	}
	h := prioritize.Hierarchy{
		Alternatives: []string{"Moll", "Nell", "Sue"},
		Goal: prioritize.Node{ID: "leader", Pairwise: [][]float64{
			{1, 4, 3, 7}, {1.0 / 4, 1, 1.0 / 3, 3}, {1.0 / 3, 3, 1, 5}, {1.0 / 7, 1.0 / 3, 1.0 / 5, 1}},
			Children: []prioritize.Node{
				{ID: "experience", Pairwise: up(1.0/4, 4, 9)},
				{ID: "education", Pairwise: up(3, 1.0/5, 1.0/7)},
				{ID: "charisma", Pairwise: up(5, 9, 4)},
				{ID: "age", Pairwise: up(1.0/3, 5, 9)},
			}},
	}
	r, err := prioritize.SolveHierarchy(h)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range r.Nodes[1:] {
		fmt.Printf("%-18s local %.3f global %.3f CR %.3f\n", n.Path, n.Local, n.Global, n.AHP.CR)
	}
	for i, a := range r.Alternatives {
		fmt.Printf("%s %.4f rank %d\n", a, r.Scores[i], r.Ranks[i])
	}
	// Output:
	// leader/experience  local 0.548 global 0.548 CR 0.032
	// leader/education   local 0.127 global 0.127 CR 0.056
	// leader/charisma    local 0.270 global 0.270 CR 0.061
	// leader/age         local 0.056 global 0.056 CR 0.025
	// Moll 0.3581 rank 2
	// Nell 0.4928 rank 1
	// Sue 0.1491 rank 3
}

// ExampleGroupAHP aggregates two raters' judgments by the geometric mean
// and reports each rater's own consistency.
func ExampleGroupAHP() {
	r, err := prioritize.GroupAHP([]prioritize.RaterJudgments{
		{Rater: "CMIO", Pairwise: [][]float64{{1, 5, 3}, {1.0 / 5, 1, 1.0 / 2}, {1.0 / 3, 2, 1}}},
		{Rater: "CFO", Pairwise: [][]float64{{1, 1, 1.0 / 3}, {1, 1, 1.0 / 2}, {3, 2, 1}}},
	}, prioritize.AHPOptions{Labels: []string{"safety", "workflow", "finance"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rr := range r.Raters {
		fmt.Printf("%-4s CR %.3f consistent=%v\n", rr.Rater, rr.AHP.CR, rr.AHP.Consistent)
	}
	fmt.Printf("group weights %.3f CR %.3f\n", r.Aggregate.Weights, r.Aggregate.CR)
	// Output:
	// CMIO CR 0.003 consistent=true
	// CFO  CR 0.016 consistent=true
	// group weights [0.412 0.191 0.397] CR 0.001
}

// ExampleRICE scores two features with the RICE preset.
func ExampleRICE() {
	rice := func(id string, reach, impact, confidence, effort float64) prioritize.Item {
		return prioritize.Item{ID: id, Scores: []prioritize.Score{
			{Criterion: "reach", Value: reach}, {Criterion: "impact", Value: impact},
			{Criterion: "confidence", Value: confidence}, {Criterion: "effort", Value: effort}}}
	}
	r, err := prioritize.Rank(prioritize.RICE(), []prioritize.Item{
		rice("PORTAL-SCHED", 4000, 1, 0.8, 3),
		rice("RPM-ALERTS", 600, 3, 0.5, 2),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range r.Entries {
		fmt.Printf("%d %s %.0f\n", e.Rank, e.ID, e.Score)
	}
	// Output:
	// 1 PORTAL-SCHED 1067
	// 2 RPM-ALERTS 450
}

// robustnessItems is a three-item backlog on the healthcare preset.
func robustnessItems() []prioritize.Item {
	mk := func(id string, cost int64, s ...float64) prioritize.Item {
		it := prioritize.Item{ID: id, Cost: decimal.NewFromInt(cost)}
		for j, c := range prioritize.HealthcareDefault().Criteria {
			it.Scores = append(it.Scores, prioritize.Score{Criterion: c.ID, Value: s[j]})
		}
		return it
	}
	return []prioritize.Item{
		mk("EHR-INT", 450_000, 4, 3, 5, 4, 3, 2),
		mk("INV-REORDER", 180_000, 3, 1, 4, 5, 5, 1),
		mk("RPM", 600_000, 4, 4, 2, 3, 3, 3),
	}
}

// ExampleAnalyzeSensitivity finds the Patient Safety weight below which
// the winner changes.
func ExampleAnalyzeSensitivity() {
	rep, err := prioritize.AnalyzeSensitivity(prioritize.HealthcareDefault(), robustnessItems(), prioritize.SensitivityOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ps := rep.Criteria[0]
	fmt.Printf("winner %s; %s weight %.4f -> below %.4f (%+.1f%%) %s wins\n",
		rep.Winner, ps.Criterion, ps.Weight, ps.Down.Weight, 100*ps.Down.Relative, ps.Down.By)
	fmt.Println("fragile:", rep.Fragile)
	// Output:
	// winner EHR-INT; patient_safety weight 0.3250 -> below 0.0899 (-72.3%) INV-REORDER wins
	// fragile: true
}

// ExampleSelectPortfolio selects the best portfolio within a budget, with
// one item requiring another.
func ExampleSelectPortfolio() {
	r, err := prioritize.Rank(prioritize.HealthcareDefault(), robustnessItems())
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prioritize.SelectPortfolio(prioritize.PortfolioProblem{
		Candidates: prioritize.CandidatesFromRanking(r),
		Budget:     decimal.NewFromInt(1_150_000),
		Requires:   []prioritize.Requirement{{Item: "RPM", Requires: "INV-REORDER"}},
	}, prioritize.PortfolioOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Optimal.Selected, res.Optimal.Cost)
	fmt.Println("leave at -10%:", res.Leave, "enter at +10%:", res.Enter)
	// Output:
	// [EHR-INT INV-REORDER] 630000
	// leave at -10%: [] enter at +10%: [RPM]
}

// ExampleSMAA estimates how often each item ranks first when the weights
// are only known to lie in tier ranges.
func ExampleSMAA() {
	res, err := prioritize.SMAA(prioritize.HealthcareDefault(), robustnessItems(), prioritize.SMAAOptions{
		Samples: 20_000, Seed: 1,
		Ranges: &prioritize.TierRanges{Critical: &prioritize.WeightRange{Min: 0.2, Max: 0.4}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range res.Items {
		fmt.Printf("%-11s P(best) %.2f\n", it.ID, it.PBest)
	}
	// Output:
	// EHR-INT     P(best) 0.49
	// INV-REORDER P(best) 0.50
	// RPM         P(best) 0.01
}
