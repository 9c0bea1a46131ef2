package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code+" "+strings.Join(f.IDs, ","))
	}
	return out
}

func TestValidateClean(t *testing.T) {
	if got := cleanRegister().Validate(asOf); len(got) != 0 {
		t.Errorf("clean register has findings:\n%s", strings.Join(codes(got), "\n"))
	}
}

func TestValidateFindings(t *testing.T) {
	tests := []struct {
		name, reason string
		mutate       func(r *Register)
		want         []string // "code ids" of the findings expected
	}{
		{"hazard-without-harm", "a hazard that no sequence links to a harm is incomplete",
			func(r *Register) { r.Hazards = append(r.Hazards, Hazard{ID: "HZ-2"}) },
			[]string{"hazard-without-harm HZ-2"}},
		{"situation-without-estimate", "every situation/harm pair needs an initial estimate",
			func(r *Register) { r.Estimates = r.Estimates[1:] },
			[]string{"situation-without-estimate HS-1,H-1"}},
		{"unacceptable-without-control", "an unacceptable initial risk needs a control",
			func(r *Register) { r.Controls = nil; r.Estimates = r.Estimates[:1] },
			[]string{"unacceptable-risk-without-control HS-1,H-1"}},
		{"final-unverified", "a residual estimate is final only with verified controls; the initial risk stays current",
			func(r *Register) { r.Controls[0].History = r.Controls[0].History[:2] },
			[]string{"control-without-effectiveness-evidence C-1", "residual-controls-unverified E-2,C-1"}},
		{"unacceptable-residual", "a verified but still unacceptable residual needs a benefit-risk record",
			func(r *Register) { r.Estimates[1].P1 = Interval{1e-3, 1e-2} },
			[]string{"unacceptable-residual-risk HS-1,H-1,E-2"}},
		{"benefit-risk", "a benefits-outweigh record accepts the unacceptable residual",
			func(r *Register) {
				r.Estimates[1].P1 = Interval{1e-3, 1e-2}
				r.BenefitRisks = []BenefitRisk{{ID: "BR-1", Situation: "HS-1", Harm: "H-1", Conclusion: BenefitsOutweigh, By: "cmo", At: day(35)}}
			}, nil},
		{"control-evidence", "a proposed control has no implementation or effectiveness evidence",
			func(r *Register) { r.Controls[0].History = nil; r.Estimates[1].Final = false },
			[]string{"control-without-effectiveness-evidence C-1", "control-without-implementation-evidence C-1"}},
		{"history-out-of-order", "steps must follow proposed → implemented → verified → effective with evidence",
			func(r *Register) {
				r.Controls[0].History[1].Evidence = ""
				r.Controls[0].History[0].To = StateImplementationVerified
			},
			[]string{"control-history-invalid C-1"}},
		{"information-rationale", "information for safety needs the option-order rationale",
			func(r *Register) { r.Controls[0].Option = InformationForSafety },
			[]string{"information-for-safety-without-rationale C-1"}},
		{"new-risk", "an implemented control needs the 7.5 new-risk check",
			func(r *Register) { r.Controls[0].NewRisk = NewRiskCheck{} },
			[]string{"control-new-risk-unassessed C-1"}},
		{"ap-h-no-action", "AP = H needs an action with owner and due date, or a justification",
			func(r *Register) { r.Actions[0].Due = time.Time{} },
			[]string{"ap-high-without-action R-1"}},
		{"ap-h-justified", "a documented justification answers AP = H",
			func(r *Register) {
				r.Actions = nil
				r.Rows[0].Justification = "drift monitor already in place, see DM-2"
			}, nil},
		{"ap-h-cancelled", "a cancelled action does not count",
			func(r *Register) { r.Actions[0].Status = ActionCancelled },
			[]string{"ap-high-without-action R-1"}},
		{"s9-review", "S ≥ 9 needs a management review",
			func(r *Register) { r.Rows[1].ManagementReview = Review{} },
			[]string{"high-severity-without-management-review R-2"}},
		{"harm-severity", "rows of one harm share its severity",
			func(r *Register) { r.Rows[1].Harm = "H-1" },
			[]string{"severity-inconsistent R-1,H-1,R-2"}},
		{"effect-severity", "the same effect text in one worksheet has one severity",
			func(r *Register) { r.Rows[1].Effect = "  Septic patient WAITS " },
			[]string{"severity-inconsistent R-1,R-2"}},
		{"estimate-severity", "an estimate's recorded severity must match the catalogue",
			func(r *Register) { r.Estimates[0].Severity = 3 },
			[]string{"severity-inconsistent E-1,H-1"}},
		{"ap-mismatch", "a stored AP that differs from the table is flagged",
			func(r *Register) { r.Rows[1].AP = APMedium },
			[]string{"stored-ap-mismatch R-2"}},
		{"open-action-owner", "an open action needs an owner",
			func(r *Register) { r.Actions = append(r.Actions, Action{ID: "A-2", Row: "R-2", Status: ActionOpen}) },
			[]string{"open-action-without-owner A-2"}},
		{"overdue", "an open action past its due date is a warning",
			func(r *Register) { r.Actions[0].Due = day(100) },
			[]string{"action-overdue A-1"}},
		{"dangling", "references must name records of the right kind",
			func(r *Register) { r.Sequences[0].Situation = "HZ-1"; r.Actions[0].Row = "R-9" },
			[]string{"ap-high-without-action R-1", "dangling-reference A-1,R-9", "dangling-reference SQ-1,HZ-1",
				"hazard-without-harm HZ-1"}},
		{"duplicate", "IDs are unique across the register",
			func(r *Register) { r.Hazards = append(r.Hazards, Hazard{ID: "H-1"}) },
			[]string{"duplicate-id H-1", "hazard-without-harm H-1"}},
		{"unscored", "an unscored row is reported, never defaulted, and a stored AP on it is a mismatch",
			func(r *Register) { r.Rows[1].O = Unscored },
			[]string{"fmea-row-unscored R-2", "stored-ap-mismatch R-2"}},
		{"unlinked", "a row linked to nothing in the 14971 chain is an orphan",
			func(r *Register) { r.Rows[1].Situations = nil },
			[]string{"fmea-row-unlinked R-2"}},
		{"rpn-plan", "a plan using RPN as acceptability criterion is a finding",
			func(r *Register) { r.Plan.Criterion = "rpn" },
			[]string{"plan-invalid medtech-5x5"}},
		{"future", "records dated after asOf are errors",
			func(r *Register) { r.OverallResiduals[0].At = asOf.AddDate(0, 0, 1) },
			[]string{"future-dated OR-1"}},
		{"overall", "a register with risks needs an overall residual-risk evaluation",
			func(r *Register) { r.OverallResiduals = nil },
			[]string{"overall-residual-risk-missing REG-1"}},
		{"estimate-order", "a residual estimate cannot predate the initial one",
			func(r *Register) { r.Estimates[0].At = day(32) },
			[]string{"estimate-before-initial E-2,HS-1,H-1"}},
		{"unrelated-control", "a residual estimate cannot rely on a control of another situation",
			func(r *Register) {
				r.Situations = append(r.Situations, HazardousSituation{ID: "HS-2", Harms: []string{"H-1"}})
				r.Sequences = append(r.Sequences, SequenceOfEvents{ID: "SQ-2", Hazard: "HZ-1", Situation: "HS-2"})
				r.Estimates = append(r.Estimates, Estimate{ID: "E-9", Situation: "HS-2", Harm: "H-1", Stage: StageInitial,
					P1: Point(1e-9), P2: Point(1), By: "cso", At: day(1)})
				r.Estimates[1].Situation = "HS-2"
			},
			[]string{"afap-risk-without-control HS-2,H-1", "estimate-control-unrelated E-2,C-1,HS-2"}},
		{"post-market-raise", "a later post-market re-estimate with higher probability counts even when not final",
			func(r *Register) {
				r.Controls = nil
				r.Estimates = append(r.Estimates[:1], Estimate{ID: "E-PM", Situation: "HS-1", Harm: "H-1", Stage: StagePostMarket,
					P1: Point(1e-2), P2: Point(1), By: "pms", At: day(60)})
				r.Estimates[0].P1 = Point(1e-9)
			},
			[]string{"unacceptable-risk-without-control HS-1,H-1"}},
		{"post-market-lower", "a non-final post-market estimate never lowers the risk",
			func(r *Register) {
				r.Controls = nil
				r.Estimates = append(r.Estimates[:1], Estimate{ID: "E-PM", Situation: "HS-1", Harm: "H-1", Stage: StagePostMarket,
					P1: Point(1e-9), P2: Point(1), By: "pms", At: day(60)})
			},
			[]string{"unacceptable-risk-without-control HS-1,H-1"}},
		{"custom-table", "rows may use a custom table; an unknown one dangles",
			func(r *Register) { r.Worksheets[0].APTable = "acme-2024" },
			[]string{"dangling-reference WS-1,acme-2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanRegister()
			tt.mutate(r)
			got := codes(r.Validate(asOf))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestValidateSeverities(t *testing.T) {
	r := cleanRegister()
	r.Rows[1].ManagementReview = Review{}
	r.Actions[0].Owner = ""
	got := r.Validate(asOf)
	want := map[string]FindingSeverity{
		CodeHighSeverityWithoutReview: SeverityWarning,
		CodeActionWithoutOwner:        SeverityError,
		CodeAPHighWithoutAction:       SeverityError,
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", codes(got))
	}
	for _, f := range got {
		if want[f.Code] != f.Severity {
			t.Errorf("%s: severity %v, want %v", f.Code, f.Severity, want[f.Code])
		}
	}
}
