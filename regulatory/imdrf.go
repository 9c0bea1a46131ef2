package regulatory

import "fmt"

// IMDRFCell is one cell of the IMDRF N12 §7.2 matrix, stored as the category
// numeral plus its two axes. Criterion is the N12 §7.3 label (e.g. "III.ii");
// MDCG 2019-11 Annex III uses different sub-labels, which are never stored.
type IMDRFCell struct {
	// Category is the N12 category numeral, "I" to "IV".
	Category string `json:"category"`
	// Criterion is the N12 §7.3 criterion label, e.g. "III.ii".
	Criterion string `json:"criterion"`
	// Situation is the state of the healthcare situation (critical, serious, non_serious).
	Situation string `json:"healthcare_situation"`
	// Significance is the significance of the information the SaMD provides.
	Significance string `json:"significance"`
}

// imdrfMatrix is N12 §7.2 with the §7.3 criteria: [situation][significance].
var imdrfMatrix = map[string]map[string][2]string{
	"critical": {
		"treat_or_diagnose":          {"IV", "IV.i"},
		"drive_clinical_management":  {"III", "III.ii"},
		"inform_clinical_management": {"II", "II.iii"},
	},
	"serious": {
		"treat_or_diagnose":          {"III", "III.i"},
		"drive_clinical_management":  {"II", "II.ii"},
		"inform_clinical_management": {"I", "I.ii"},
	},
	"non_serious": {
		"treat_or_diagnose":          {"II", "II.i"},
		"drive_clinical_management":  {"I", "I.i"},
		"inform_clinical_management": {"I", "I.iii"},
	},
}

// imdrfCell looks up the stated situation and significance.
func imdrfCell(f *Facts) (IMDRFCell, bool) {
	if f.HealthcareSituation == nil || f.Significance == nil {
		return IMDRFCell{}, false
	}
	row, ok := imdrfMatrix[*f.HealthcareSituation]
	if !ok {
		return IMDRFCell{}, false
	}
	c, ok := row[*f.Significance]
	if !ok {
		return IMDRFCell{}, false
	}
	return IMDRFCell{Category: c[0], Criterion: c[1], Situation: *f.HealthcareSituation, Significance: *f.Significance}, true
}

// euFromIMDRF is MDCG 2019-11 rev.1 Annex III Table 1 (indicative, Rule 11a
// only): I and II → IIa, III → IIb, IV → III.
func euFromIMDRF(cat string) Class {
	switch cat {
	case "I", "II":
		return ClassIIa
	case "III":
		return ClassIIb
	case "IV":
		return ClassIII
	}
	return ClassNone
}

// ukFromIMDRF is the proposed UK mapping (MHRA webinar, Mar 2024): I → I,
// II → IIa, III → IIb, IV → III. Not in force.
func ukFromIMDRF(cat string) Class {
	switch cat {
	case "I":
		return ClassI
	case "II":
		return ClassIIa
	case "III":
		return ClassIIb
	case "IV":
		return ClassIII
	}
	return ClassNone
}

// Mapping is a class derived from the IMDRF category in another jurisdiction.
type Mapping struct {
	// Jurisdiction is "EU" or "UK".
	Jurisdiction string `json:"jurisdiction"`
	// Class is the mapped class.
	Class Class `json:"class"`
	// Status is "indicative" (EU, MDCG 2019-11 Annex III) or "proposed" (UK,
	// not in force).
	Status string `json:"status"`
	// Source names the document.
	Source string `json:"source"`
}

func evalIMDRF(f *Facts) Result {
	r := Result{Framework: IMDRF, RuleSet: RuleSetIMDRF}
	sit := newRB("N12 §5.2 state of the healthcare situation")
	sig := newRB("N12 §5.1 significance of the information")
	cell, ok := imdrfCell(f)
	if f.HealthcareSituation != nil {
		sit.e.FactsUsed = []string{ks("healthcare_situation", f.HealthcareSituation)}
		sit.e.Status = StatusApplies
		sit.e.Rationale = "The stated healthcare situation is used as given."
	} else {
		sit.e.Status = StatusNeedsInput
		sit.e.Open = []OpenFact{{Fact: "healthcare_situation", Effect: effectDecide}}
		sit.e.Rationale = "Critical, serious or non-serious (N12 §5.2) must be stated; it is a judgement, never inferred."
	}
	if f.Significance != nil {
		sig.e.FactsUsed = []string{ks("significance", f.Significance)}
		sig.e.Status = StatusApplies
		sig.e.Rationale = "The stated significance is used as given."
	} else {
		sig.e.Status = StatusNeedsInput
		sig.e.Open = []OpenFact{{Fact: "significance", Effect: effectDecide}}
		sig.e.Rationale = "Treat or diagnose, drive or inform clinical management (N12 §5.1) must be stated."
	}
	r.Trace = []TraceEntry{sit.e, sig.e}
	// Judgements the N12 text raises but the engine does not apply silently.
	if teq(f.HealthcareSituation, "serious") == yes && teq(f.IntendedUser, "patient", "caregiver") == yes {
		r.Judgements = append(r.Judgements, "lay-user escalation (N12 §5.2 note): lay users in a serious situation without professional support may be treated as critical; not applied, the stated situation governs (state critical to apply it)")
	}
	if tb(f.FragilePopulation) == yes && teq(f.HealthcareSituation, "critical") != yes {
		r.Judgements = append(r.Judgements, "fragile population (N12 §5.2): a fragile population is a characteristic of a critical situation; not applied, the stated situation governs")
	}
	if ok {
		r.Category, r.Criterion = cell.Category, cell.Criterion
		c := cell
		r.IMDRFCell = &c
		r.Mappings = []Mapping{
			{Jurisdiction: "EU", Class: euFromIMDRF(cell.Category), Status: "indicative", Source: "MDCG 2019-11 rev.1 Annex III Table 1 (Rule 11a only)"},
			{Jurisdiction: "UK", Class: ukFromIMDRF(cell.Category), Status: "proposed", Source: "MHRA future regime, webinar Mar 2024 (not in force)"},
		}
		r.Basis = fmt.Sprintf("N12 §7.2: %s situation × %s → category %s (criterion %s)", cell.Situation, cell.Significance, cell.Category, cell.Criterion)
	} else {
		r.Basis = "category needs the healthcare situation and the significance of the information"
	}
	r.Questions = collectQuestions(r.Trace)
	return r
}
