package prioritize

// Criterion IDs of the [HealthcareDefault] model.
const (
	PatientSafety       = "patient_safety"
	ClinicalEfficacy    = "clinical_efficacy"
	WorkflowIntegration = "workflow_integration"
	RegulatoryViability = "regulatory_viability"
	FinancialImpact     = "financial_impact"
	UserAdoptionRisk    = "user_adoption_risk"
)

const (
	healthcareModelID    = "healthcare-default"
	healthcareModelVer   = "1"
	presetVersion        = "1"
	patientSafetyGate    = 3 // "no change to patient risk" or better
	regulatoryViableGate = 2 // a pathway is achievable
)

func five(labels ...string) Scale {
	s := Scale{Min: 1, Max: 5, Unit: "level", Levels: make([]Level, len(labels))}
	for i, l := range labels {
		s.Levels[i] = Level{Value: float64(i + 1), Label: l}
	}
	return s
}

// HealthcareDefault returns the six-criterion healthcare model on 1–5
// absolute scales with labelled levels, rank-order-centroid weights over
// tiers (two Critical 0.3250 each, two High 0.1306 each, two Medium 0.0444
// each), the weighted sum, and two non-compensatory gates: Patient Safety
// ≥ 3 ("no change to patient risk" or better) and Regulatory Viability ≥ 2
// (a pathway is achievable). User Adoption Risk is a cost criterion. Each
// call returns a fresh model the caller may modify.
func HealthcareDefault() Model {
	return Model{
		ID: healthcareModelID, Name: "Healthcare product prioritization (default)", Version: healthcareModelVer,
		Criteria: []Criterion{
			{ID: PatientSafety, Name: "Patient Safety", Tier: TierCritical, Direction: Benefit,
				Description: "Effect on the likelihood or severity of patient harm",
				Scale: five("introduces a new hazard without adequate controls",
					"adds residual risk that needs new controls",
					"no change to patient risk",
					"reduces a known hazard's likelihood or severity",
					"eliminates a known sentinel-event pathway"),
				Gate: &Gate{Threshold: patientSafetyGate, Reason: "nothing that adds uncontrolled patient risk is funded"}},
			{ID: ClinicalEfficacy, Name: "Clinical Efficacy", Tier: TierHigh, Direction: Benefit,
				Description: "Strength of evidence that clinical outcomes improve",
				Scale: five("no expected clinical effect",
					"plausible effect, no evidence yet",
					"effect shown in a pilot or in published studies",
					"improves a tracked clinical outcome",
					"strong evidence of better outcomes at scale")},
			{ID: WorkflowIntegration, Name: "Workflow Integration", Tier: TierHigh, Direction: Benefit,
				Description: "Fit with clinical workflow and the EHR",
				Scale: five("adds a separate system and duplicate entry",
					"needs workarounds",
					"fits after training",
					"fits the existing workflow",
					"removes steps inside the EHR workflow")},
			{ID: RegulatoryViability, Name: "Regulatory Viability", Tier: TierCritical, Direction: Benefit,
				Description: "How achievable the regulatory pathway is (EU MDR, FDA, IEC 62304)",
				Scale: five("not achievable",
					"achievable with major new evidence (clinical investigation)",
					"standard pathway with known requirements",
					"low class or exempt, documentation only",
					"no regulatory burden"),
				Gate: &Gate{Threshold: regulatoryViableGate, Reason: "an item without an achievable pathway cannot ship"}},
			{ID: FinancialImpact, Name: "Financial Impact", Tier: TierMedium, Direction: Benefit,
				Description: "Net financial effect (savings or revenue against cost)",
				Scale: five("net cost with no offsetting benefit",
					"roughly cost-neutral",
					"modest savings or revenue",
					"clear positive return within three years",
					"large return, payback within a year")},
			{ID: UserAdoptionRisk, Name: "User Adoption Risk", Tier: TierMedium, Direction: Cost,
				Description: "Risk that clinicians or patients do not adopt it",
				Scale: five("users asked for it",
					"minor change management",
					"moderate training and change effort",
					"significant resistance expected",
					"likely rejection or unsafe workarounds")},
		},
	}
}

func explicitOnes(ids ...string) Weighting {
	v := make(map[string]float64, len(ids))
	for _, id := range ids {
		v[id] = 1
	}
	return Weighting{Scheme: SchemeExplicit, Policy: SumAsGiven, Values: v}
}

// RICE returns the RICE preset (Intercom): (Reach × Impact × Confidence) /
// Effort, computed as a weighted product of raw values with exponents 1 and
// −1. Reach is people or events per period in [0, 1e12]; Impact is on
// [0.25, 3] (0.25 minimal … 3 massive); Confidence is in [0, 1] (0.5 low,
// 0.8 medium, 1 high); Effort is person-months in [0.01, 1e6].
func RICE() Model {
	return Model{
		ID: "rice", Name: "RICE", Version: presetVersion,
		Criteria: []Criterion{
			{ID: "reach", Name: "Reach", Tier: TierHigh, Direction: Benefit, Scale: Scale{Min: 0, Max: 1e12, Unit: "people per period"}},
			{ID: "impact", Name: "Impact", Tier: TierHigh, Direction: Benefit, Scale: Scale{Min: 0.25, Max: 3, Unit: "multiplier",
				Levels: []Level{{0.25, "minimal"}, {0.5, "low"}, {1, "medium"}, {2, "high"}, {3, "massive"}}}},
			{ID: "confidence", Name: "Confidence", Tier: TierHigh, Direction: Benefit, Scale: Scale{Min: 0, Max: 1, Unit: "fraction",
				Levels: []Level{{0.5, "low"}, {0.8, "medium"}, {1, "high"}}}},
			{ID: "effort", Name: "Effort", Tier: TierHigh, Direction: Cost, Scale: Scale{Min: 0.01, Max: 1e6, Unit: "person-months"}},
		},
		Weighting:   explicitOnes("reach", "impact", "confidence", "effort"),
		Aggregation: WeightedProduct, Normalization: NormNone,
	}
}

func iceCriteria() []Criterion {
	s := Scale{Min: 1, Max: 10, Unit: "points"}
	return []Criterion{
		{ID: "impact", Name: "Impact", Tier: TierHigh, Direction: Benefit, Scale: s},
		{ID: "confidence", Name: "Confidence", Tier: TierHigh, Direction: Benefit, Scale: s},
		{ID: "ease", Name: "Ease", Tier: TierHigh, Direction: Benefit, Scale: s},
	}
}

// ICEProduct returns the ICE preset in its product form: Impact × Confidence
// × Ease, each on 1–10, so scores lie in [1, 1000].
func ICEProduct() Model {
	return Model{ID: "ice-product", Name: "ICE (product)", Version: presetVersion, Criteria: iceCriteria(),
		Weighting: explicitOnes("impact", "confidence", "ease"), Aggregation: WeightedProduct, Normalization: NormNone}
}

// ICEMean returns the ICE preset in its mean form: (Impact + Confidence +
// Ease) / 3, each on 1–10, so scores lie in [1, 10].
func ICEMean() Model {
	w := explicitOnes("impact", "confidence", "ease")
	w.Policy = SumNormalize
	return Model{ID: "ice-mean", Name: "ICE (mean)", Version: presetVersion, Criteria: iceCriteria(),
		Weighting: w, Aggregation: WeightedSum, Normalization: NormNone}
}

// WSJF returns the SAFe weighted-shortest-job-first preset: (User-Business
// Value + Time Criticality + Risk Reduction/Opportunity Enablement) / Job
// Size, each on a relative scale [1, 100] (typically Fibonacci 1, 2, 3, 5, 8,
// 13, 20).
func WSJF() Model {
	s := Scale{Min: 1, Max: 100, Unit: "relative points",
		Levels: []Level{{1, "1"}, {2, "2"}, {3, "3"}, {5, "5"}, {8, "8"}, {13, "13"}, {20, "20"}}}
	return Model{
		ID: "wsjf", Name: "WSJF", Version: presetVersion,
		Criteria: []Criterion{
			{ID: "business_value", Name: "User-Business Value", Tier: TierHigh, Direction: Benefit, Scale: s},
			{ID: "time_criticality", Name: "Time Criticality", Tier: TierHigh, Direction: Benefit, Scale: s},
			{ID: "risk_reduction", Name: "Risk Reduction / Opportunity Enablement", Tier: TierHigh, Direction: Benefit, Scale: s},
			{ID: "job_size", Name: "Job Size", Tier: TierHigh, Direction: Cost, Scale: s},
		},
		Weighting:   explicitOnes("business_value", "time_criticality", "risk_reduction", "job_size"),
		Aggregation: WeightedRatio, Normalization: NormNone,
	}
}
