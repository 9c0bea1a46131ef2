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
			fdaOutcome{Status: DeviceStatusDevice, Status2022: DeviceStatusDevice, Failed22: []int{3}, Failed26: []int{4}}},
		{"image analysis list", "a medical image fails C1 and C2 in both editions",
			`{"intended_user":"hcp","input":"medical_image","output":"list_of_options","time_critical":false,"basis_independently_reviewable":true}`,
			fdaOutcome{Status: DeviceStatusDevice, Status2022: DeviceStatusDevice, Failed22: []int{1, 2}, Failed26: []int{1, 2}}},
		{"list with unknown review", "no failure but an open criterion is undetermined",
			`{"intended_user":"hcp","input":"medical_information","output":"list_of_options","time_critical":false}`,
			fdaOutcome{Status: DeviceStatusUndetermined, Status2022: DeviceStatusUndetermined, Failed22: []int{}, Failed26: []int{}}},
		{"single score not appropriate", "single output without the single-appropriate fact stays a device",
			`{"intended_user":"hcp","input":"medical_information","output":"single_risk_score","single_clinically_appropriate_output":false,"time_critical":false,"basis_independently_reviewable":true}`,
			fdaOutcome{Status: DeviceStatusDevice, Status2022: DeviceStatusDevice, Failed22: []int{3}, Failed26: []int{3}}},
		{"otc ecg", "classification regulation lookup by device type",
			`{"software":true,"device_type":"Electrocardiograph software for over-the-counter use"}`,
			fdaOutcome{Status: DeviceStatusDevice, Class: ClassII, Regulation: "21 CFR 870.2345", Code: "QDA", Premarket: "510(k)"}},
		{"lookup by citation", "a citation works as device type",
			`{"device_type":"21 CFR 870.2790"}`,
			fdaOutcome{Status: DeviceStatusDevice, Class: ClassII, Regulation: "21 CFR 870.2790", Code: "QDB", Premarket: "510(k)"}},
		{"unknown type", "an unknown device type leaves the status open",
			`{"device_type":"quantum stethoscope"}`,
			fdaOutcome{Status: DeviceStatusUndetermined}},
		{"sleep app", "a software function with a category 1 wellness claim is excluded by 520(o)(1)(B)",
			`{"software":true,"claims":["sleep_management"],"references_disease":false}`,
			fdaOutcome{Status: DeviceStatusNotADevice}},
		{"sleep headband", "hardware with the same claim stays under the General Wellness policy",
			`{"software":false,"claims":["sleep_management"],"references_disease":false,"technology":"none"}`,
			fdaOutcome{Status: DeviceStatusGeneralWellness}},
		{"laser rejuvenation", "a laser is not low risk",
			`{"claims":["self_esteem"],"references_disease":false,"technology":"laser"}`,
			fdaOutcome{Status: DeviceStatusNotGeneralWellness}},
		{"trend display", "vital-sign trending is under enforcement discretion",
			`{"software":true,"function":"trend_display"}`,
			fdaOutcome{Status: DeviceStatusEnforcement}},
		{"ehr", "electronic patient records are excluded by 520(o)(1)(C)",
			`{"software":true,"function":"electronic_patient_record"}`,
			fdaOutcome{Status: DeviceStatusNotADevice}},
		{"nothing stated", "no outcome without facts",
			`{}`,
			fdaOutcome{Status: DeviceStatusUndetermined}},
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
