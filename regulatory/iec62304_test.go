package regulatory

import "testing"

func TestEvaluateIEC62304(t *testing.T) {
	tests := []struct {
		name, reason string
		facts        string
		want         SafetyClass
	}{
		{"unclassified", "class C applies until classified", `{"classified":false,"can_contribute_to_hazardous_situation":false}`, SafetyClassC},
		{"acceptable after controls", "Amd1: acceptable risk after external controls is A", `{"can_contribute_to_hazardous_situation":true,"unacceptable_risk_after_external_controls":false}`, SafetyClassA},
		{"nothing stated", "an incomplete decision is treated as C", `{}`, SafetyClassC},
		{"severity missing", "unacceptable risk without severity is treated as C", `{"can_contribute_to_hazardous_situation":true,"unacceptable_risk_after_external_controls":true}`, SafetyClassC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(IEC62304, mustFacts(t, tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			if r.SafetyClass != tt.want {
				t.Errorf("Evaluate(IEC62304, %s) = %v, want %v (%s)", tt.facts, r.SafetyClass, tt.want, tt.reason)
			}
		})
	}
}
