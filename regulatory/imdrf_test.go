package regulatory

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluateIMDRF(t *testing.T) {
	tests := []struct {
		name, reason string
		facts        string
		cat, crit    string
		eu, uk       Class
		judgements   int
	}{
		{"critical inform", "N12 II.iii", `{"healthcare_situation":"critical","significance":"inform_clinical_management"}`, "II", "II.iii", ClassIIa, ClassIIa, 0},
		{"non-serious treat", "N12 II.i", `{"healthcare_situation":"non_serious","significance":"treat_or_diagnose"}`, "II", "II.i", ClassIIa, ClassIIa, 0},
		{"non-serious inform", "N12 I.iii; UK maps I to class I", `{"healthcare_situation":"non_serious","significance":"inform_clinical_management"}`, "I", "I.iii", ClassIIa, ClassI, 0},
		{"lay user serious", "escalation is reported, not applied", `{"healthcare_situation":"serious","significance":"inform_clinical_management","intended_user":"patient"}`, "I", "I.ii", ClassIIa, ClassI, 1},
		{"missing axis", "no category without both axes", `{"healthcare_situation":"serious"}`, "", "", ClassNone, ClassNone, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(IMDRF, mustFacts(t, tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			var eu, uk Class
			for _, m := range r.Mappings {
				if m.Jurisdiction == "EU" {
					eu = m.Class
				} else if m.Status == "proposed" {
					uk = m.Class
				}
			}
			got := []any{r.Category, r.Criterion, eu, uk, len(r.Judgements)}
			want := []any{tt.cat, tt.crit, tt.eu, tt.uk, tt.judgements}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Evaluate(IMDRF, %s) mismatch (%s) (-want +got):\n%s", tt.facts, tt.reason, diff)
			}
		})
	}
}
