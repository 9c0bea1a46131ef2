package regulatory

import "testing"

// BenchmarkEvaluate measures one Evaluate call with its full trace, per
// framework, for a sparse device (many rules need input), the AI triage SaMD
// and a fully described implant.
func BenchmarkEvaluate(b *testing.B) {
	inputs := []struct{ name, facts string }{
		{"sparse", `{"invasiveness":"non_invasive"}`},
		{"samd", `{"software":true,"software_independent":true,"medical_purpose":true,"software_purpose":"diagnostic_or_therapeutic_decisions","decision_impact":"serious_deterioration_or_surgical_intervention","healthcare_situation":"critical","significance":"drive_clinical_management","intended_user":"hcp","input":"medical_information","output":"specific_diagnostic_output","time_critical":true,"basis_independently_reviewable":true,"can_contribute_to_hazardous_situation":true,"unacceptable_risk_after_external_controls":true,"worst_harm":"death_or_serious_injury"}`},
		{"system", `{"sold_as_single_system":true,"components":[{"name":"bottle","invasiveness":"non_invasive","channels_or_stores_for_administration":false},{"name":"tube","invasiveness":"surgically_invasive","duration":"short_term"}]}`},
	}
	for _, fw := range []Framework{EUMDR, IMDRF, FDA, IEC62304} {
		for _, in := range inputs {
			f := mustFacts(b, in.facts)
			b.Run(fw.String()+"/"+in.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Evaluate(fw, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkParseFacts measures decoding the AI triage facts.
func BenchmarkParseFacts(b *testing.B) {
	data := []byte(`{"software":true,"software_independent":true,"medical_purpose":true,"software_purpose":"diagnostic_or_therapeutic_decisions","decision_impact":"serious_deterioration_or_surgical_intervention","healthcare_situation":"critical","significance":"drive_clinical_management","intended_user":"hcp","input":"medical_information","output":"specific_diagnostic_output","time_critical":true}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFacts(data); err != nil {
			b.Fatal(err)
		}
	}
}
