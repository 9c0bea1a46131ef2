package regulatory

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// dutyView is a compact view of a duty for table tests.
type dutyView struct {
	ID     string
	Status Status
	Due    string
}

func views(ds []Duty) []dutyView {
	out := make([]dutyView, len(ds))
	for i, d := range ds {
		out[i] = dutyView{d.ID, d.Status, d.Due.String()}
	}
	return out
}

func TestEUVigilanceDuties(t *testing.T) {
	aware := MustDate(2026, time.December, 28)
	tests := []struct {
		name, reason string
		eu           EUVigilance
		want         []dutyView
	}{
		{"death", "a death: 10 days (87(5)) inside the 15-day outer limit (87(3)), across the year end",
			EUVigilance{SeriousIncident: bp(true), SeriousPublicHealthThreat: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(true), FieldSafetyCorrectiveAction: bp(false), TrendIncrease: bp(false)},
			[]dutyView{{"eu-mdr-art87-4", StatusNotApplicable, "2026-12-30"}, {"eu-mdr-art87-5", StatusApplies, "2027-01-07"}, {"eu-mdr-art87-3", StatusApplies, "2027-01-12"},
				{"eu-mdr-art87-1b", StatusNotApplicable, ""}, {"eu-mdr-art88", StatusNotApplicable, ""}}},
		{"unknown", "nothing stated: every duty needs input, none is dropped",
			EUVigilance{},
			[]dutyView{{"eu-mdr-art87-4", StatusNeedsInput, "2026-12-30"}, {"eu-mdr-art87-5", StatusNeedsInput, "2027-01-07"}, {"eu-mdr-art87-3", StatusNeedsInput, "2027-01-12"},
				{"eu-mdr-art87-1b", StatusNeedsInput, ""}, {"eu-mdr-art88", StatusNeedsInput, ""}}},
		{"threat-only", "a public health threat is reported in 2 days and carries the 87(3) duty",
			EUVigilance{SeriousPublicHealthThreat: bp(true), SeriousIncident: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(false), FieldSafetyCorrectiveAction: bp(true), TrendIncrease: bp(true), TrendBenefitRiskAffected: bp(false)},
			[]dutyView{{"eu-mdr-art87-4", StatusApplies, "2026-12-30"}, {"eu-mdr-art87-5", StatusNotApplicable, "2027-01-07"}, {"eu-mdr-art87-3", StatusApplies, "2027-01-12"},
				{"eu-mdr-art87-1b", StatusApplies, ""}, {"eu-mdr-art88", StatusNotApplicable, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := check(ReportingDuties(Incident{ID: "INC-1", AwareOn: aware, EU: &tt.eu}))(t)
			if d := cmp.Diff(tt.want, views(rep.Duties)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

func TestFDA803Duties(t *testing.T) {
	aware := MustDate(2026, time.July, 1) // Wednesday
	cal := WorkCalendar{Name: "US federal 2026", Holidays: []Date{MustDate(2026, time.July, 3)}}
	tests := []struct {
		name, reason string
		f            FDAReporting
		want         []dutyView
	}{
		{"manufacturer-remedial", "a serious injury needing remedial action: 30 calendar days and 5 work days (holiday skipped)",
			FDAReporting{Reporter: ReporterManufacturer, SeriousInjury: bp(true), RemedialActionNeeded: bp(true), FDARequested5Day: bp(false)},
			[]dutyView{{"fda-803.50", StatusApplies, "2026-07-31"}, {"fda-803.53a", StatusApplies, "2026-07-09"}, {"fda-803.53b", StatusNotApplicable, "2026-07-09"}}},
		{"manufacturer-none", "no death, injury or malfunction: nothing to report",
			FDAReporting{Reporter: ReporterManufacturer, Death: bp(false), SeriousInjury: bp(false), Malfunction: bp(false)},
			[]dutyView{{"fda-803.50", StatusNotApplicable, "2026-07-31"}, {"fda-803.53a", StatusNotApplicable, "2026-07-09"}, {"fda-803.53b", StatusNotApplicable, "2026-07-09"}}},
		{"manufacturer-unknown", "an unstated event type needs input",
			FDAReporting{Reporter: ReporterManufacturer, Death: bp(false)},
			[]dutyView{{"fda-803.50", StatusNeedsInput, "2026-07-31"}, {"fda-803.53a", StatusNeedsInput, "2026-07-09"}, {"fda-803.53b", StatusNeedsInput, "2026-07-09"}}},
		{"user-facility", "a user facility: 10 work days for a death, annual report by 1 January",
			FDAReporting{Reporter: ReporterUserFacility, Death: bp(true), SeriousInjury: bp(false)},
			[]dutyView{{"fda-803.30-death", StatusApplies, "2026-07-16"}, {"fda-803.30-serious-injury", StatusNotApplicable, "2026-07-16"}, {"fda-803.33-annual", StatusApplies, "2027-01-01"}}},
		{"importer", "an importer: 30 calendar days",
			FDAReporting{Reporter: ReporterImporter, Malfunction: bp(true)},
			[]dutyView{{"fda-803.40", StatusApplies, "2026-07-31"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := check(ReportingDuties(Incident{ID: "INC-1", AwareOn: aware, FDA: &tt.f, Calendar: cal}))(t)
			if d := cmp.Diff(tt.want, views(rep.Duties)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

func TestAIActDuty(t *testing.T) {
	aware := MustDate(2028, time.August, 10)
	tests := []struct {
		name, reason string
		ai           AIActIncident
		status       Status
		days         int
	}{
		{"not-high-risk", "only high-risk systems report", AIActIncident{HighRisk: bp(false)}, StatusNotApplicable, 0},
		{"device-other", "Art. 73(10): a device reports a death under the MDR", AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: AIIncidentDeath, DeviceUnderMDR: bp(true)}, StatusNotApplicable, 0},
		{"device-rights", "Art. 73(10): a device reports fundamental-rights infringements under the AI Act in 15 days", AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: AIIncidentFundamentalRights, DeviceUnderMDR: bp(true)}, StatusApplies, 15},
		{"unknown-kind", "an unstated kind shows the shortest limit", AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), DeviceUnderMDR: bp(false)}, StatusNeedsInput, 2},
		{"unknown-device", "whether Art. 73(10) applies is open", AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: AIIncidentDeath}, StatusNeedsInput, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := check(ReportingDuties(Incident{ID: "INC-1", AwareOn: aware, AI: &tt.ai}))(t)
			d := dutyByID(t, rep.Duties, "eu-ai-act-art73")
			if d.Status != tt.status || aware.DaysUntil(d.Due) != tt.days {
				t.Errorf("%s: got %v due %s (%d days), want %v %d days", tt.reason, d.Status, d.Due, aware.DaysUntil(d.Due), tt.status, tt.days)
			}
		})
	}
}

func TestPeriodicDuty(t *testing.T) {
	rep := check(ReportingDuties(Incident{ID: "P", Periodic: &PeriodicReporting{Class: ClassIIa, LastReportOn: MustDate(2024, time.February, 29)}}))(t)
	d := dutyByID(t, rep.Duties, "eu-mdr-art86")
	if d.Due.String() != "2026-02-28" || d.Months != 24 || d.Clock != ClockPeriodic {
		t.Errorf("class IIa PSUR due %s (%d months, %v), want 2026-02-28", d.Due, d.Months, d.Clock)
	}
	rep = check(ReportingDuties(Incident{ID: "P", Periodic: &PeriodicReporting{Class: ClassI}}))(t)
	if d := dutyByID(t, rep.Duties, "eu-mdr-art85"); !d.Due.IsZero() {
		t.Errorf("class I PMSR has no due date, got %s", d.Due)
	}
	if _, err := PSURSchedule(ClassII, false); !errors.Is(err, ErrInvalidInput) {
		t.Error("FDA class II accepted as an EU class")
	}
}

func TestReportingDutiesAll(t *testing.T) {
	inc := Incident{ID: "INC-9", AwareOn: MustDate(2026, time.March, 2),
		EU:       &EUVigilance{SeriousIncident: bp(true), SeriousPublicHealthThreat: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(false), FieldSafetyCorrectiveAction: bp(false), TrendIncrease: bp(false)},
		FDA:      &FDAReporting{Reporter: ReporterManufacturer, SeriousInjury: bp(true), FDARequested5Day: bp(false)},
		Periodic: &PeriodicReporting{Class: ClassIIb, LastReportOn: MustDate(2025, time.June, 1)},
	}
	b := unsecuredBreach(MustDate(2026, time.March, 5), 120)
	inc.Breach = &b
	rep := check(ReportingDuties(inc))(t)
	if rep.NextDue.String() != "2026-03-17" {
		t.Errorf("next due %s, want the 15-day MDR report 2026-03-17", rep.NextDue)
	}
	if rep.Breach == nil || rep.Breach.Outcome != BreachEstablished {
		t.Fatalf("breach assessment missing: %+v", rep.Breach)
	}
	hhs := dutyByID(t, rep.Duties, "hipaa-164.408")
	if hhs.Due.String() != "2027-03-01" {
		t.Errorf("small breach log due %s, want 2027-03-01", hhs.Due)
	}
	if len(rep.Judgements) == 0 || !strings.Contains(strings.Join(rep.Judgements, " "), "holiday") {
		t.Errorf("missing holiday-calendar judgement: %v", rep.Judgements)
	}
	// JSON round trip of input and result.
	ib, _ := json.Marshal(inc)
	back := check(ParseIncident(ib))(t)
	if d := cmp.Diff(inc, back, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("incident round trip (-want +got):\n%s", d)
	}
	rb, _ := json.Marshal(rep)
	var rback DutyReport
	if err := json.Unmarshal(rb, &rback); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(rep, rback, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("report round trip (-want +got):\n%s", d)
	}
}

func TestIncidentValidate(t *testing.T) {
	inc := Incident{EU: &EUVigilance{}, FDA: &FDAReporting{}, Periodic: &PeriodicReporting{Class: ClassII}, Breach: &Breach{}}
	want := []string{"id", "aware_on", "fda_803.reporter", "periodic.class", "hipaa_breach.id", "hipaa_breach.party", "hipaa_breach.discovered_on"}
	if d := cmp.Diff(want, errorPaths(inc.Validate())); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
	if _, err := ParseIncident([]byte(`{"id":"x","eu_mdr":{"serious_incident":true,"extra":1}}`)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown nested field accepted: %v", err)
	}
}
