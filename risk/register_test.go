package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	t0   = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	asOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

// verifiedHistory returns the three steps to effectiveness-verified.
func verifiedHistory() []Transition {
	return []Transition{
		{StateImplemented, "PR-101 merged", "dev.lead", day(10)},
		{StateImplementationVerified, "TC-55 passed", "qa.lead", day(20)},
		{StateEffectivenessVerified, "usability study US-3", "clinical.lead", day(30)},
	}
}

// cleanRegister is a small register with no findings.
func cleanRegister() *Register {
	return &Register{
		SchemaVersion: SchemaVersion, ID: "REG-1", Plan: PlanMedtech5x5(),
		Harms:      []Harm{{ID: "H-1", Description: "delayed treatment of sepsis", Severity: 4}},
		Hazards:    []Hazard{{ID: "HZ-1", Product: "AI-TRIAGE", Category: "information", Description: "urgency under-estimated"}},
		Sequences:  []SequenceOfEvents{{ID: "SQ-1", Hazard: "HZ-1", Situation: "HS-1", Cause: "model drift"}},
		Situations: []HazardousSituation{{ID: "HS-1", Description: "septic patient queued as non-urgent", Harms: []string{"H-1"}}},
		Estimates: []Estimate{
			{ID: "E-1", Situation: "HS-1", Harm: "H-1", Stage: StageInitial, P1: Interval{1e-3, 1e-2}, P2: Interval{0.1, 0.5},
				Severity: 4, By: "cso", At: day(1)},
			{ID: "E-2", Situation: "HS-1", Harm: "H-1", Stage: StageAfterControls, P1: Interval{1e-6, 1e-5}, P2: Interval{0.1, 0.5},
				Controls: []string{"C-1"}, Final: true, By: "cso", At: day(31)},
		},
		Controls: []Control{{ID: "C-1", Description: "vital-sign override forces urgent", Option: ProtectiveMeasure,
			Situations: []string{"HS-1"}, History: verifiedHistory(), NewRisk: NewRiskCheck{Assessed: true, Rationale: "none found"}}},
		OverallResiduals: []OverallResidual{{ID: "OR-1", Product: "AI-TRIAGE", Method: "benefit review", Acceptable: true, By: "cso", At: day(40)}},
		Worksheets:       []Worksheet{{ID: "WS-1", Kind: SoftwareFMEA, Product: "AI-TRIAGE"}},
		Rows: []FMEARow{
			{ID: "R-1", Worksheet: "WS-1", Function: "suggest urgency", FailureModeID: "FM-1", FailureMode: "urgency too low",
				Effect: "septic patient waits", Cause: "model drift", S: 8, O: 5, D: 7, AP: APHigh, Harm: "H-1", Sequences: []string{"SQ-1"}},
			{ID: "R-2", Worksheet: "WS-1", Function: "suggest urgency", FailureModeID: "FM-2", FailureMode: "no suggestion",
				Effect: "triage nurse decides alone", Cause: "service down", S: 9, O: 2, D: 2, AP: APLow,
				Situations: []string{"HS-1"}, ManagementReview: Review{By: "cmo", At: day(5)}},
		},
		Actions: []Action{{ID: "A-1", Row: "R-1", Description: "drift monitor", Owner: "ml.lead", Due: day(200), Status: ActionOpen}},
	}
}

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

func TestRiskOf(t *testing.T) {
	r := cleanRegister()
	st, err := r.RiskOf("HS-1", "H-1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Initial.Acceptability != Unacceptable || st.Current.Class != "I" || !st.Residual || st.CurrentEstimate != "E-2" {
		t.Errorf("RiskOf = %+v", st)
	}
	// Undo the last verification: the residual estimate no longer counts.
	r.Controls[0].History = r.Controls[0].History[:2]
	st, err = r.RiskOf("HS-1", "H-1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Residual || st.CurrentEstimate != "E-1" || st.Current.Acceptability != Unacceptable {
		t.Errorf("an unverified control lowered the risk: %+v", st)
	}
	if _, err := r.RiskOf("HS-9", "H-1"); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown situation error = %v", err)
	}
}

func TestAppendEstimateAndAdvance(t *testing.T) {
	r := cleanRegister()
	r.Controls = append(r.Controls, Control{ID: "C-2", Option: InherentSafety, Situations: []string{"HS-1"}})
	if err := r.AdvanceControl("C-2", StateImplementationVerified, "TC-1", "qa", day(50)); !errors.Is(err, ErrTransition) {
		t.Errorf("skipping a state: error %v, want ErrTransition", err)
	}
	if err := r.AdvanceControl("C-2", StateImplemented, "", "", time.Time{}); !errors.Is(err, ErrTransition) {
		t.Errorf("no evidence/actor/time: error %v, want ErrTransition", err)
	}
	for i, to := range []ControlState{StateImplemented, StateImplementationVerified, StateEffectivenessVerified} {
		if err := r.AdvanceControl("C-2", to, "EV-"+to.String(), "qa", day(50+i)); err != nil {
			t.Fatalf("step %v: %v", to, err)
		}
	}
	if err := r.AdvanceControl("C-2", StateEffectivenessVerified+1, "x", "qa", day(60)); !errors.Is(err, ErrTransition) {
		t.Errorf("past the last state: error %v", err)
	}
	if err := r.AdvanceControl("C-9", StateImplemented, "x", "qa", day(60)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown control: error %v", err)
	}
	pm := Estimate{ID: "E-3", Situation: "HS-1", Harm: "H-1", Stage: StagePostMarket, P1: Point(1e-5), P2: Point(0.2),
		Final: true, By: "pms", At: day(120)}
	if err := r.AppendEstimate(pm); err != nil {
		t.Fatal(err)
	}
	if err := r.AppendEstimate(pm); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("duplicate estimate: error %v", err)
	}
	old := pm
	old.ID, old.At = "E-4", day(2)
	if err := r.AppendEstimate(old); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("back-dated estimate: error %v", err)
	}
	st, err := r.RiskOf("HS-1", "H-1")
	if err != nil || st.CurrentEstimate != "E-3" || st.Current.ProbabilityLevel != 2 {
		t.Errorf("post-market re-estimate not current: %+v, %v", st, err)
	}
}

func TestControlAdvanceDoesNotMutate(t *testing.T) {
	c := Control{ID: "C-1", Option: ProtectiveMeasure, Situations: []string{"HS-1"}, History: verifiedHistory()[:1]}
	c.History = slices.Clip(c.History)
	next, err := c.Advance(StateImplementationVerified, "TC", "qa", day(11))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.History) != 1 || len(next.History) != 2 || c.State() != StateImplemented || next.State() != StateImplementationVerified {
		t.Errorf("Advance mutated or failed: %v → %v", c.History, next.History)
	}
}

func TestRegisterJSONRoundTrip(t *testing.T) {
	r := cleanRegister()
	r.APTables = []APTableSpec{{ID: "flat", Rules: []APRule{{1, 10, 1, 10, 1, 10, APLow}}}}
	r.Rows[0].O = Unscored
	r.Rows[0].AP = APUnspecified
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"o":null`)) {
		t.Errorf("unscored rating not encoded as null: %s", b)
	}
	got, err := DecodeRegister(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	b2, _ := json.Marshal(got)
	if !bytes.Equal(b, b2) {
		t.Errorf("re-encoding differs")
	}
	for _, tt := range []struct {
		name, in string
		want     error
	}{
		{"schema", `{"schema_version":"v0"}`, ErrInvalidInput},
		{"unknown", `{"schema_version":"` + SchemaVersion + `","hazardz":[]}`, ErrInvalidInput},
		{"rating", `{"schema_version":"` + SchemaVersion + `","rows":[{"s":12}]}`, ErrOutOfRange},
		{"enum", `{"schema_version":"` + SchemaVersion + `","controls":[{"option":"prayer"}]}`, ErrInvalidInput},
	} {
		if _, err := DecodeRegister(strings.NewReader(tt.in)); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
}
