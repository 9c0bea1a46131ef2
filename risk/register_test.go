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
