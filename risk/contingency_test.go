package risk

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// readyPlan is a downtime plan for HZ-1 that meets every readiness check
// as of asOf (2026-06-01).
func readyPlan() ContingencyPlan {
	p := TemplateEHRDowntime("CP-1", "EHR", "HZ-1")
	p.Owner, p.Deputy = "it.ops.lead", "nursing.informatics"
	p.RTO, p.RPO = Dur(4*time.Hour), Dur(15*time.Minute)
	p.LastExercise = Exercise{At: day(60), Result: ExercisePassed, Notes: "tabletop TT-3"}
	p.NextExerciseDue = day(60).AddDate(1, 0, 0)
	p.Status = PlanApproved
	return p
}

// downtimeRegister is the clean register with its hazard recategorised as
// downtime (its initial risk is unacceptable, so it needs a plan) and
// tolerances the ready plan meets.
func downtimeRegister() *Register {
	r := cleanRegister()
	r.Hazards[0].Category = CategoryDowntime
	r.Hazards[0].MaxDowntime = Dur(8 * time.Hour)
	r.Hazards[0].MaxDataLoss = Dur(time.Hour)
	r.ContingencyPlans = []ContingencyPlan{readyPlan()}
	return r
}

func TestReadinessFindings(t *testing.T) {
	tests := []struct {
		name, reason string
		edit         func(r *Register)
		want         []string
	}{
		{"ready", "the ready plan answers the high downtime risk", func(*Register) {}, nil},
		{"no-plan", "HS-1 is unacceptable before controls and HZ-1 is a downtime hazard",
			func(r *Register) { r.ContingencyPlans = nil }, []string{CodeHighRiskWithoutPlan + " HZ-1"}},
		{"retired", "a retired plan answers nothing and is not checked",
			func(r *Register) {
				r.ContingencyPlans[0].Status = PlanRetired
				r.ContingencyPlans[0].Deputy = ""
			}, []string{CodeHighRiskWithoutPlan + " HZ-1"}},
		{"via-situation", "a plan may answer the hazardous situation instead of the hazard",
			func(r *Register) { r.ContingencyPlans[0].Risks = []string{"HS-1"} }, nil},
		{"not-downtime", "an information hazard needs no plan",
			func(r *Register) { r.Hazards[0].Category = "information"; r.ContingencyPlans = nil }, nil},
		{"ap-high-only", "an AP = H row linked through a sequence makes the hazard high even if no situation is",
			func(r *Register) {
				r.ContingencyPlans = nil
				r.Estimates[0].P1 = Interval{1e-9, 1e-8}
				r.Estimates[1].P1 = Interval{1e-10, 1e-9}
			}, []string{CodeHighRiskWithoutPlan + " HZ-1"}},
		{"never", "no exercise recorded",
			func(r *Register) { r.ContingencyPlans[0].LastExercise = Exercise{} },
			[]string{CodePlanNeverExercised + " CP-1"}},
		{"stale", "12 months and a day before asOf",
			func(r *Register) { r.ContingencyPlans[0].LastExercise.At = asOf.AddDate(-1, 0, -1) },
			[]string{CodePlanExerciseStale + " CP-1"}},
		{"exactly-12-months", "12 months to the day is still within the window",
			func(r *Register) { r.ContingencyPlans[0].LastExercise.At = asOf.AddDate(-1, 0, 0) }, nil},
		{"overdue", "next exercise due yesterday",
			func(r *Register) { r.ContingencyPlans[0].NextExerciseDue = asOf.AddDate(0, 0, -1) },
			[]string{CodePlanExerciseOverdue + " CP-1"}},
		{"failed", "a failed exercise needs a follow-up",
			func(r *Register) { r.ContingencyPlans[0].LastExercise.Result = ExerciseFailed },
			[]string{CodePlanExerciseNoFollowUp + " CP-1"}},
		{"failed-followed", "a failed exercise with a follow-up action is fine",
			func(r *Register) {
				r.ContingencyPlans[0].LastExercise.Result = ExerciseFailed
				r.ContingencyPlans[0].LastExercise.FollowUp = "A-1"
			}, nil},
		{"partial", "passed with findings also needs a follow-up",
			func(r *Register) { r.ContingencyPlans[0].LastExercise.Result = ExercisePassedWithFindings },
			[]string{CodePlanExerciseNoFollowUp + " CP-1"}},
		{"no-deputy", "deputy missing",
			func(r *Register) { r.ContingencyPlans[0].Deputy = " " }, []string{CodePlanMissingDeputy + " CP-1"}},
		{"deputy-is-owner", "the owner cannot deputise for themselves",
			func(r *Register) { r.ContingencyPlans[0].Deputy = "IT.OPS.LEAD" }, []string{CodePlanMissingDeputy + " CP-1"}},
		{"no-owner", "owner missing",
			func(r *Register) { r.ContingencyPlans[0].Owner = "" }, []string{CodePlanMissingOwner + " CP-1"}},
		{"no-rto", "RTO missing",
			func(r *Register) { r.ContingencyPlans[0].RTO = nil }, []string{CodePlanRTORPOMissing + " CP-1"}},
		{"rto-too-long", "9 h of downtime against a tolerance of 8 h",
			func(r *Register) { r.ContingencyPlans[0].RTO = Dur(9 * time.Hour) },
			[]string{CodePlanRTORPOInconsistent + " CP-1,HZ-1"}},
		{"rpo-at-limit", "an RPO equal to the tolerance is consistent",
			func(r *Register) { r.ContingencyPlans[0].RPO = Dur(time.Hour) }, nil},
		{"rpo-too-wide", "61 min of data loss against 60",
			func(r *Register) { r.ContingencyPlans[0].RPO = Dur(61 * time.Minute) },
			[]string{CodePlanRTORPOInconsistent + " CP-1,HZ-1"}},
		{"channel", "EHR messaging fails with the EHR",
			func(r *Register) { r.ContingencyPlans[0].Communication = Communication{"EHR inbox", []string{"ehr"}} },
			[]string{CodePlanChannelDependsOnFailed + " CP-1"}},
		{"allergies-99", "safety-critical domains need 100 %",
			func(r *Register) { r.ContingencyPlans[0].Recovery[1].Acceptance = decimal.RequireFromString("99.9") },
			[]string{CodePlanReconciliationBelowFull + " CP-1"}},
		{"dangling", "a plan answering an unknown risk",
			func(r *Register) { r.ContingencyPlans[0].Risks = append(r.ContingencyPlans[0].Risks, "HZ-404") },
			[]string{CodeDanglingReference + " CP-1,HZ-404"}},
		{"future-exercise", "an exercise dated after asOf",
			func(r *Register) { r.ContingencyPlans[0].LastExercise.At = asOf.AddDate(0, 0, 1) },
			[]string{CodeFutureDated + " CP-1"}},
		{"duplicate", "plan ID shared with a hazard",
			func(r *Register) { r.ContingencyPlans[0].ID = "HZ-1" },
			[]string{CodeDuplicateID + " HZ-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := downtimeRegister()
			tt.edit(r)
			if diff := cmp.Diff(tt.want, codes(r.Validate(asOf))); diff != "" {
				t.Errorf("%s: findings (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestHIPAATemplate(t *testing.T) {
	r := downtimeRegister()
	p := TemplateHIPAA("CP-HIPAA", []string{"EHR"}, "HZ-1")
	p.Owner, p.Deputy, p.RTO, p.RPO, p.Status = "ciso", "it.ops.lead", Dur(24*time.Hour), Dur(time.Hour), PlanApproved
	p.LastExercise = Exercise{At: day(70), Result: ExercisePassed}
	p.Specifications[0].Addressed = true
	p.Specifications[1].Addressed = true
	p.Specifications[4].Rationale = "criticality covered by the business impact analysis BIA-2"
	r.ContingencyPlans = append(r.ContingencyPlans, p)
	want := []string{
		CodePlanAddressableUndocumented + " CP-HIPAA",
		CodePlanRequiredSpecOpen + " CP-HIPAA",
		CodePlanRTORPOInconsistent + " CP-HIPAA,HZ-1",
	}
	if diff := cmp.Diff(want, codes(r.Validate(asOf))); diff != "" {
		t.Errorf("HIPAA findings (-want +got):\n%s", diff)
	}
	var required, addressable int
	for _, s := range TemplateHIPAA("X", nil).Specifications {
		switch s.Kind {
		case SpecRequired:
			required++
		case SpecAddressable:
			addressable++
		}
	}
	if required != 3 || addressable != 2 {
		t.Errorf("HIPAA template: %d required, %d addressable; 164.308(a)(7) has 3 and 2", required, addressable)
	}
}

func TestDataMigrationTemplate(t *testing.T) {
	kit := TemplateDataMigration("CP-MIG", "HZ-MIG", "legacy-EHR", "EHR")
	if len(kit.Hazards) != 5 || len(kit.Plan.Recovery) != 5 {
		t.Fatalf("kit has %d hazards, %d steps", len(kit.Hazards), len(kit.Plan.Recovery))
	}
	for i, h := range kit.Hazards {
		s := kit.Plan.Recovery[i]
		if h.Category != CategoryDataMigration || !cmp.Equal(s.Hazards, []string{h.ID}) {
			t.Errorf("hazard %s: category %q, reconciliation step %s detects %v", h.ID, h.Category, s.ID, s.Hazards)
		}
		if s.SafetyCritical && !s.Acceptance.Equal(decimal.NewFromInt(100)) {
			t.Errorf("safety-critical step %s accepts %s", s.ID, s.Acceptance)
		}
	}
	if err := kit.Plan.Validate(); err != nil {
		t.Errorf("template plan invalid: %v", err)
	}
	if !cmp.Equal(kit.Plan.Risks, []string{"HZ-MIG-STRUCT", "HZ-MIG-CODEMAP", "HZ-MIG-STATUS", "HZ-MIG-MEDS", "HZ-MIG-FEED"}) {
		t.Errorf("risks = %v", kit.Plan.Risks)
	}
}

func TestContingencyPlanValidate(t *testing.T) {
	p := ContingencyPlan{ID: "bad id", RTO: Dur(-time.Minute),
		Recovery:       []RecoveryStep{{Acceptance: decimal.NewFromInt(101)}},
		Specifications: []Specification{{}},
		LastExercise:   Exercise{Notes: "x"}}
	err := p.Validate()
	var fe *FieldError
	if !errors.As(err, &fe) || !errors.Is(err, ErrOutOfRange) || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("Validate = %v", err)
	}
	got := 0
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.As(e, &fe) {
			got++
		}
	}
	// id, title, risks, trigger, rto, acceptance, spec id, spec kind, exercise at, result, status
	if got != 11 {
		t.Errorf("Validate reported %d problems, want 11:\n%v", got, err)
	}
	if err := readyPlan().Validate(); err != nil {
		t.Errorf("ready plan: %v", err)
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("90m")); err != nil || time.Duration(d) != 90*time.Minute {
		t.Errorf("90m = %v, %v", d, err)
	}
	if err := d.UnmarshalText([]byte("soon")); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("soon: %v", err)
	}
	b, _ := Duration(4 * time.Hour).MarshalText()
	if string(b) != "4h0m0s" {
		t.Errorf("MarshalText = %s", b)
	}
}

func TestReadinessDanglingSequence(t *testing.T) {
	r := downtimeRegister()
	r.Sequences = append(r.Sequences, SequenceOfEvents{ID: "SQ-X", Hazard: "HZ-GONE", Situation: "HS-1"})
	r.ContingencyPlans[0].Risks = []string{"HS-1"}
	r.Hazards = nil
	r.Sequences[0].Hazard = "HZ-GONE-TOO"
	// Must not panic; the missing hazards are dangling references.
	for _, f := range r.Validate(asOf) {
		if f.Code == CodePlanRTORPOInconsistent {
			t.Errorf("tolerance checked against a missing hazard: %v", f)
		}
	}
}
