package risk

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlanRejectsRPNCriterion(t *testing.T) {
	for _, c := range []string{"rpn", "RPN >= 100", "action-priority", "AP", "severity-occurrence-detection", "fmea rpn threshold"} {
		p := PlanMedtech5x5()
		p.Criterion = c
		err := p.Validate()
		if !errors.Is(err, ErrAcceptabilityCriterion) {
			t.Errorf("criterion %q: error %v, want ErrAcceptabilityCriterion", c, err)
		}
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Path != "plan.acceptability_criterion" {
			t.Errorf("criterion %q: error %v lacks the field path", c, err)
		}
	}
	p := PlanMedtech5x5()
	p.Criterion = "colour"
	if err := p.Validate(); !errors.Is(err, ErrInvalidInput) || errors.Is(err, ErrAcceptabilityCriterion) {
		t.Errorf("unknown criterion: error %v, want ErrInvalidInput only", err)
	}
}

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name, reason string
		mutate       func(*Plan)
		want         []error
		paths        []string
	}{
		{"gap", "probability ranges must touch", func(p *Plan) { p.Probability[2].Min = 2e-5 },
			[]error{ErrInvalidInput}, []string{"plan.probability[2].min"}},
		{"top", "the top level ends at 1", func(p *Plan) { p.Probability[4].Max = 0.5 },
			[]error{ErrInvalidInput}, []string{"plan.probability[4].max"}},
		{"nan", "NaN bounds are out of range and no longer meet the next level", func(p *Plan) { p.Probability[1].Max = math.NaN() },
			[]error{ErrOutOfRange, ErrInvalidInput}, []string{"plan.probability[1].max", "plan.probability[2].min"}},
		{"matrix", "the matrix is severity × probability with known classes", func(p *Plan) {
			p.Matrix[0] = p.Matrix[0][:4]
			p.Matrix[1][1] = "Z"
		}, []error{ErrInvalidInput}, []string{"plan.matrix[0]", "plan.matrix[1][1]"}},
		{"levels", "levels are numbered 1..n", func(p *Plan) { p.Severity[0].Level = 3 },
			[]error{ErrInvalidInput}, []string{"plan.severity[0].level"}},
		{"everything", "every problem is reported at once", func(p *Plan) {
			p.ID, p.Version = "", ""
			p.Classes = append(p.Classes, RiskClass{ID: "A"})
		}, []error{ErrInvalidInput}, []string{"plan.id", "plan.version", "plan.classes[3].id", "plan.classes[3].acceptability"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PlanMedtech5x5()
			tt.mutate(&p)
			err := p.Validate()
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not wrap %v (%s)", err, w, tt.reason)
				}
			}
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *FieldError
				if errors.As(e, &fe) {
					got = append(got, fe.Path)
				}
			}
			if diff := cmp.Diff(tt.paths, got); diff != "" {
				t.Errorf("paths mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name, reason string
		plan         Plan
		severity     int
		p1, p2       Interval
		want         Evaluation
		wantErr      error
	}{
		{"medtech-u", "P = 5e-3 upper bound is level 5; S4 × P5 is unacceptable",
			PlanMedtech5x5(), 4, Interval{1e-3, 1e-2}, Interval{0.1, 0.5},
			Evaluation{Plan: "medtech-5x5", PlanVersion: "1", P1: Interval{1e-3, 1e-2}, P2: Interval{0.1, 0.5},
				P: Interval{1e-4, 5e-3}, ProbabilityLevel: 5, SeverityLevel: 4, Class: "U", Acceptability: Unacceptable, Rule: EvaluationRule}, nil},
		{"medtech-boundary", "a bound equal to a level minimum belongs to that level (1e-5 is level 3)",
			PlanMedtech5x5(), 2, Point(1e-4), Point(0.1),
			Evaluation{Plan: "medtech-5x5", PlanVersion: "1", P1: Point(1e-4), P2: Point(0.1), P: Point(1e-4 * 0.1),
				ProbabilityLevel: 3, SeverityLevel: 2, Class: "I", Acceptability: AcceptableAFAP, Rule: EvaluationRule}, nil},
		{"or-certain", "P = 1 is in the top level",
			PlanOpenRegulatory5x4(), 1, Point(1), Point(1),
			Evaluation{Plan: "openregulatory-5x4", PlanVersion: "1", P1: Point(1), P2: Point(1), P: Point(1),
				ProbabilityLevel: 5, SeverityLevel: 1, Class: "acceptable", Acceptability: Acceptable, Rule: EvaluationRule}, nil},
		{"dcb-level4", "1e-2 per episode is L4; severity S4 gives risk level 4",
			PlanDCB0129(), 4, Point(0.05), Point(0.5),
			Evaluation{Plan: "dcb0129-5x5", PlanVersion: "1", P1: Point(0.05), P2: Point(0.5), P: Point(0.025),
				ProbabilityLevel: 4, SeverityLevel: 4, Class: "4", Acceptability: Unacceptable, Rule: EvaluationRule}, nil},
		{"severity-range", "severity must be on the plan's scale", PlanOpenRegulatory5x4(), 5, Point(0.1), Point(0.1), Evaluation{}, ErrOutOfRange},
		{"inverted", "an interval's lower bound cannot exceed its upper bound", PlanMedtech5x5(), 1, Interval{0.5, 0.1}, Point(0.1), Evaluation{}, ErrInvalidInput},
		{"above-one", "probabilities are at most 1", PlanMedtech5x5(), 1, Point(1.5), Point(0.1), Evaluation{}, ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.plan.Evaluate(tt.severity, tt.p1, tt.p2)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Evaluate error = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestLoadPlan(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		wantErr      error
	}{
		{"rpn-field", "a plan cannot smuggle an RPN threshold in an unknown field",
			`{"id":"p","version":"1","acceptability_criterion":"severity-probability","rpn_threshold":100}`, ErrInvalidInput},
		{"rpn", "RPN as the criterion is rejected with the reason", `{"id":"p","version":"1","acceptability_criterion":"rpn"}`, ErrAcceptabilityCriterion},
		{"not-json", "garbage is invalid input", `{`, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := LoadPlan(strings.NewReader(tt.in)); !errors.Is(err, tt.wantErr) {
				t.Errorf("LoadPlan error = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
		})
	}
	b, err := jsonMarshal(PlanDCB0129())
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadPlan(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(PlanDCB0129(), got); diff != "" {
		t.Errorf("plan round trip mismatch (-want +got):\n%s", diff)
	}
}
