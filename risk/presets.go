package risk

// Preset plans. Each call returns a fresh copy, so callers may edit it.

// PlanMedtech5x5 returns a common medtech 5 × 5 plan (ID "medtech-5x5",
// version "1"): severity Negligible, Minor, Serious, Critical, Catastrophic;
// probability of harm per use in one decade per level (< 10⁻⁶, 10⁻⁶–10⁻⁵,
// 10⁻⁵–10⁻⁴, 10⁻⁴–10⁻³, ≥ 10⁻³); classes A (acceptable), I (acceptable only
// when reduced as far as possible) and U (unacceptable). The boundaries are a
// widespread convention, not normative values: a manufacturer defines its
// own in its risk management plan.
func PlanMedtech5x5() Plan {
	return Plan{
		ID: "medtech-5x5", Version: "1", Title: "Medtech 5x5 severity x probability of harm",
		Criterion: CriterionSeverityProbability, ProbabilityUnit: "per use",
		Severity: []SeverityLevel{
			{1, "Negligible", "inconvenience or temporary discomfort"},
			{2, "Minor", "temporary injury or impairment not requiring professional medical intervention"},
			{3, "Serious", "injury or impairment requiring professional medical intervention"},
			{4, "Critical", "permanent impairment or life-threatening injury"},
			{5, "Catastrophic", "death"},
		},
		Probability: []ProbabilityLevel{
			{1, "Improbable", 0, 1e-6},
			{2, "Remote", 1e-6, 1e-5},
			{3, "Occasional", 1e-5, 1e-4},
			{4, "Probable", 1e-4, 1e-3},
			{5, "Frequent", 1e-3, 1},
		},
		Classes: []RiskClass{
			{"A", "acceptable", Acceptable},
			{"I", "investigate: reduce as far as possible", AcceptableAFAP},
			{"U", "unacceptable", Unacceptable},
		},
		Matrix: [][]string{
			{"A", "A", "A", "A", "I"},
			{"A", "A", "I", "I", "U"},
			{"A", "I", "I", "U", "U"},
			{"I", "I", "U", "U", "U"},
			{"I", "U", "U", "U", "U"},
		},
		OverallResidualMethod: "review of all residual risks against benefits by a cross-functional team",
		Provenance: "severity names as in Elahi, Safety Risk Management for Medical Devices, table 12.12; " +
			"one decade per probability level (illustrative); A/I/U matrix as in Nextedy's medical solution",
	}
}

// PlanOpenRegulatory5x4 returns OpenRegulatory's ISO 14971 template plan (ID
// "openregulatory-5x4", version "1"): four severity levels (Negligible,
// Marginal, Critical, Catastrophic), five probability levels of two decades
// each (< 10⁻⁸, 10⁻⁸–10⁻⁶, 10⁻⁶–10⁻⁴, 10⁻⁴–10⁻², ≥ 10⁻²), and an
// acceptable/unacceptable matrix: severity 1 is always acceptable, severity 2
// up to probability 3, severity 3 up to probability 2, severity 4 only at
// probability 1.
func PlanOpenRegulatory5x4() Plan {
	a, u := "acceptable", "unacceptable"
	return Plan{
		ID: "openregulatory-5x4", Version: "1", Title: "OpenRegulatory risk acceptance matrix",
		Criterion: CriterionSeverityProbability, ProbabilityUnit: "per use",
		Severity: []SeverityLevel{
			{1, "Negligible", "no or negligible injury"},
			{2, "Marginal", "temporary injury or impairment"},
			{3, "Critical", "permanent impairment or serious injury"},
			{4, "Catastrophic", "death"},
		},
		Probability: []ProbabilityLevel{
			{1, "Improbable", 0, 1e-8},
			{2, "Remote", 1e-8, 1e-6},
			{3, "Occasional", 1e-6, 1e-4},
			{4, "Probable", 1e-4, 1e-2},
			{5, "Frequent", 1e-2, 1},
		},
		Classes: []RiskClass{{a, "acceptable", Acceptable}, {u, "unacceptable", Unacceptable}},
		Matrix: [][]string{
			{a, a, a, a, a},
			{a, a, a, u, u},
			{a, a, u, u, u},
			{a, u, u, u, u},
		},
		OverallResidualMethod: "benefit-risk review of all residual risks in the risk management report",
		Provenance:            "openregulatory/templates templates/techdoc/14971/risk-management-plan.md (commit 62d2fac)",
	}
}

// PlanDCB0129 returns a UK DCB0129 clinical risk plan (ID "dcb0129-5x5",
// version "1") for health IT: likelihood L1 Very low … L5 Very high,
// severity S1 Minor … S5 Catastrophic, and the risk levels 1 (acceptable), 2
// (acceptable where further reduction is impractical), 3 (undesirable), 4
// (mandatory elimination or control) and 5 (unacceptable). Levels 3 to 5 are
// treated as unacceptable until controlled.
//
// DCB0129 defines likelihood qualitatively; the numeric ranges here (one
// decade per level, per patient episode) are an illustration the Clinical
// Safety Officer should replace with the organisation's own.
func PlanDCB0129() Plan {
	return Plan{
		ID: "dcb0129-5x5", Version: "1", Title: "DCB0129 clinical risk matrix",
		Criterion: CriterionSeverityProbability, ProbabilityUnit: "per patient episode (illustrative)",
		Severity: []SeverityLevel{
			{1, "Minor", "minor injury or inconvenience to one patient"},
			{2, "Significant", "minor injury to several patients or non-permanent harm to one"},
			{3, "Considerable", "severe injury to one patient or non-permanent harm to several"},
			{4, "Major", "death or permanent harm to one patient, or severe injury to several"},
			{5, "Catastrophic", "death or permanent harm to several patients"},
		},
		Probability: []ProbabilityLevel{
			{1, "Very low", 0, 1e-4},
			{2, "Low", 1e-4, 1e-3},
			{3, "Medium", 1e-3, 1e-2},
			{4, "High", 1e-2, 1e-1},
			{5, "Very high", 1e-1, 1},
		},
		Classes: []RiskClass{
			{"1", "acceptable", Acceptable},
			{"2", "acceptable where further reduction is impractical", AcceptableAFAP},
			{"3", "undesirable", Unacceptable},
			{"4", "mandatory elimination or control", Unacceptable},
			{"5", "unacceptable", Unacceptable},
		},
		// Rows are severity S1..S5, columns likelihood L1..L5.
		Matrix: [][]string{
			{"1", "1", "2", "2", "3"},
			{"1", "2", "2", "3", "4"},
			{"2", "2", "3", "3", "4"},
			{"2", "3", "3", "4", "5"},
			{"3", "4", "4", "5", "5"},
		},
		OverallResidualMethod: "clinical safety case report signed by the Clinical Safety Officer",
		Provenance: "risk levels from the DCB0129 hazard template of digital-clinical-safety-alliance/" +
			"digital-clinical-safety-platform (templates/DCB0129/templates/hazard-template.md)",
	}
}
