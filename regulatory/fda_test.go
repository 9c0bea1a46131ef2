package regulatory

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

type fdaOutcome struct {
	Status, Status2022 string
	Failed22, Failed26 []int
	Class              Class
	Regulation, Code   string
	Premarket          string
}

func fdaOf(r Result) fdaOutcome {
	return fdaOutcome{r.DeviceStatus, r.DeviceStatus2022, r.FailedCriteria2022, r.FailedCriteria2026, r.Class, r.ClassificationRegulation, r.ProductCode, r.Premarket}
}

func TestEvaluateFDA(t *testing.T) {
	tests := []struct {
		name, reason string
		facts        string
		want         fdaOutcome
	}{
		{"notification list time-critical", "2022 fails C3, 2026 moves time-criticality to C4",
			`{"intended_user":"hcp","input":"medical_information","output":"notification_list_of_considerations","time_critical":true,"basis_independently_reviewable":true}`,
			fdaOutcome{Status: StatusDevice, Status2022: StatusDevice, Failed22: []int{3}, Failed26: []int{4}}},
		{"image analysis list", "a medical image fails C1 and C2 in both editions",
			`{"intended_user":"hcp","input":"medical_image","output":"list_of_options","time_critical":false,"basis_independently_reviewable":true}`,
			fdaOutcome{Status: StatusDevice, Status2022: StatusDevice, Failed22: []int{1, 2}, Failed26: []int{1, 2}}},
		{"list with unknown review", "no failure but an open criterion is undetermined",
			`{"intended_user":"hcp","input":"medical_information","output":"list_of_options","time_critical":false}`,
			fdaOutcome{Status: StatusUndetermined, Status2022: StatusUndetermined, Failed22: []int{}, Failed26: []int{}}},
		{"single score not appropriate", "single output without the single-appropriate fact stays a device",
			`{"intended_user":"hcp","input":"medical_information","output":"single_risk_score","single_clinically_appropriate_output":false,"time_critical":false,"basis_independently_reviewable":true}`,
			fdaOutcome{Status: StatusDevice, Status2022: StatusDevice, Failed22: []int{3}, Failed26: []int{3}}},
		{"otc ecg", "classification regulation lookup by device type",
			`{"software":true,"device_type":"Electrocardiograph software for over-the-counter use"}`,
			fdaOutcome{Status: StatusDevice, Class: ClassII, Regulation: "21 CFR 870.2345", Code: "QDA", Premarket: "510(k)"}},
		{"lookup by citation", "a citation works as device type",
			`{"device_type":"21 CFR 870.2790"}`,
			fdaOutcome{Status: StatusDevice, Class: ClassII, Regulation: "21 CFR 870.2790", Code: "QDB", Premarket: "510(k)"}},
		{"unknown type", "an unknown device type leaves the status open",
			`{"device_type":"quantum stethoscope"}`,
			fdaOutcome{Status: StatusUndetermined}},
		{"sleep app", "category 1 wellness claim, software is low risk",
			`{"software":true,"claims":["sleep_management"],"references_disease":false}`,
			fdaOutcome{Status: StatusGeneralWellness}},
		{"laser rejuvenation", "a laser is not low risk",
			`{"claims":["self_esteem"],"references_disease":false,"technology":"laser"}`,
			fdaOutcome{Status: StatusNotGeneralWellness}},
		{"trend display", "vital-sign trending is under enforcement discretion",
			`{"software":true,"function":"trend_display"}`,
			fdaOutcome{Status: StatusEnforcement}},
		{"ehr", "electronic patient records are excluded by 520(o)(1)(C)",
			`{"software":true,"function":"electronic_patient_record"}`,
			fdaOutcome{Status: StatusNotADevice}},
		{"nothing stated", "no outcome without facts",
			`{}`,
			fdaOutcome{Status: StatusUndetermined}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(FDA, mustFacts(t, tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, fdaOf(r)); diff != "" {
				t.Errorf("Evaluate(FDA, %s) mismatch (%s) (-want +got):\n%s", tt.facts, tt.reason, diff)
			}
		})
	}
}

func TestRegulationsTable(t *testing.T) {
	regs := Regulations()
	for i, r := range regs {
		if i > 0 && regs[i-1].Regulation >= r.Regulation {
			t.Errorf("table not ordered by citation at %s", r.Regulation)
		}
		got, ok := LookupRegulation(r.Title)
		if !ok || got.Regulation != r.Regulation {
			t.Errorf("LookupRegulation(%q) = %v, %v", r.Title, got.Regulation, ok)
		}
		if r.FirstAuthorization != nil && (r.Class != ClassII || r.FirstAuthorization.Pathway != "De Novo") {
			t.Errorf("%s: De Novo types are class II, got %v %+v", r.Regulation, r.Class, r.FirstAuthorization)
		}
	}
	regs[0].Title = "changed"
	if again := Regulations(); again[0].Title == "changed" {
		t.Error("Regulations returns the shared table")
	}
	if _, ok := LookupRegulation(""); ok {
		t.Error("empty device type matched")
	}
}

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
