package regulatory_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/healthpm/healthpm/regulatory"
)

// aiTriage describes software that suggests an urgency level for emergency
// department patients to the triage nurse.
const aiTriage = `{
  "software": true, "software_independent": true, "medical_purpose": true,
  "acts_on_data_beyond_storage_communication_search": true,
  "for_benefit_of_individual_patients": true,
  "software_purpose": "diagnostic_or_therapeutic_decisions",
  "decision_impact": "serious_deterioration_or_surgical_intervention",
  "healthcare_situation": "critical", "significance": "drive_clinical_management",
  "active_therapeutic_with_integrated_diagnostic_determining_management": false,
  "contraception_or_sti_prevention": false,
  "intended_user": "hcp", "input": "medical_information", "output": "specific_diagnostic_output",
  "time_critical": true, "basis_independently_reviewable": true,
  "can_contribute_to_hazardous_situation": true,
  "unacceptable_risk_after_external_controls": true,
  "worst_harm": "death_or_serious_injury"
}`

// ExampleEvaluate classifies one SaMD in the four frameworks side by side.
func ExampleEvaluate() {
	facts, err := regulatory.ParseFacts([]byte(aiTriage))
	if err != nil {
		fmt.Println(err)
		return
	}
	eu, _ := regulatory.Evaluate(regulatory.EUMDR, facts)
	fmt.Printf("EU MDR:    class %s by %s %s (highest reachable %s)\n", eu.Class, strings.Join(eu.Rules, ", "), eu.Subrule, eu.HighestReachableClass)
	imdrf, _ := regulatory.Evaluate(regulatory.IMDRF, facts)
	fmt.Printf("IMDRF N12: category %s (%s); UK %s %s\n", imdrf.Category, imdrf.Criterion, imdrf.Mappings[1].Status, imdrf.Mappings[1].Class)
	fda, _ := regulatory.Evaluate(regulatory.FDA, facts)
	fmt.Printf("FDA:       %s; CDS criteria failed 2022 %v, 2026 %v\n", fda.DeviceStatus, fda.FailedCriteria2022, fda.FailedCriteria2026)
	iec, _ := regulatory.Evaluate(regulatory.IEC62304, facts)
	fmt.Printf("IEC 62304: class %s (%s)\n", iec.SafetyClass, iec.Basis)
	fmt.Println("EU rule set:", eu.RuleSet.ID)
	// Output:
	// EU MDR:    class IIb by Rule 11 11(a) (highest reachable III)
	// IMDRF N12: category III (III.ii); UK proposed IIb
	// FDA:       device; CDS criteria failed 2022 [3], 2026 [3 4]
	// IEC 62304: class C (unacceptable risk; death or serious injury possible)
	// EU rule set: eu-mdr-2017-745-annex-viii
}

// ExampleQuestions lists what to state next for a sparsely described device.
func ExampleQuestions() {
	facts, _ := regulatory.ParseFacts([]byte(`{"software":true,"software_independent":true,"medical_purpose":true,
		"acts_on_data_beyond_storage_communication_search":true,"for_benefit_of_individual_patients":true}`))
	qs, err := regulatory.Questions(regulatory.EUMDR, facts)
	fmt.Println(err)
	for _, q := range qs[:3] {
		fmt.Printf("%s → up to class %s (%s)\n", q.Fact, q.Class, strings.Join(q.Rules, ", "))
	}
	// Output:
	// <nil>
	// software_purpose → up to class III (Rule 11)
	// active_therapeutic_with_integrated_diagnostic_determining_management → up to class III (Rule 22)
	// controls_monitors_or_influences_active_implantable → up to class III (Rule 9)
}

// ExampleParseFacts shows that unknown keys are rejected by name.
func ExampleParseFacts() {
	_, err := regulatory.ParseFacts([]byte(`{"invasivness":"non_invasive","active":"yes"}`))
	fmt.Println(errors.Is(err, regulatory.ErrUnknownFact), errors.Is(err, regulatory.ErrInvalidInput))
	fmt.Println(err)
	// Output:
	// true true
	// regulatory: invasivness: unknown fact
	// regulatory: active: value "\"yes\"": wrong type, want true or false: invalid input
}

// ExampleResult_Markdown prints the head of a classification document.
func ExampleResult_Markdown() {
	facts, _ := regulatory.ParseFacts([]byte(`{"invasiveness":"surgically_invasive","duration":"transient","reusable_surgical_instrument":true}`))
	r, _ := regulatory.Evaluate(regulatory.EUMDR, facts)
	lines := strings.Split(r.Markdown(), "\n")
	for _, l := range lines[:13] {
		fmt.Println(l)
	}
	// Output:
	// # Classification document: EU MDR 2017/745 Annex VIII
	//
	// - Rule set: `eu-mdr-2017-745-annex-viii`
	// - Source: Regulation (EU) 2017/745 Annex VIII and Art. 52(7); MDCG 2021-24; MDCG 2019-11 rev.1
	// - Edition: MDR 2017/745; MDCG 2021-24 (Oct 2021); MDCG 2019-11 rev.1 (June 2025)
	//
	// ## Outcome
	//
	// | Item | Value |
	// |---|---|
	// | Medical device | true |
	// | Class | I |
	// | Highest class the open questions could reach | III |
}
