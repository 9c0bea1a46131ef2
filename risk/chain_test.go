package risk

import (
	"encoding"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEstimateValidate(t *testing.T) {
	ok := Estimate{ID: "E-1", Situation: "HS-1", Harm: "H-1", Stage: StageInitial, P1: Point(0.1), P2: Point(0.5), By: "cso", At: t0}
	tests := []struct {
		name, reason string
		mutate       func(*Estimate)
		want         []error
	}{
		{"ok", "a complete initial estimate is valid", func(*Estimate) {}, nil},
		{"initial-controls", "an initial estimate is made before controls", func(e *Estimate) { e.Controls = []string{"C-1"} },
			[]error{ErrInvalidInput}},
		{"initial-final", "an initial estimate is never the final residual", func(e *Estimate) { e.Final = true },
			[]error{ErrInvalidInput}},
		{"after-no-controls", "an after-controls estimate names its controls", func(e *Estimate) { e.Stage = StageAfterControls },
			[]error{ErrInvalidInput}},
		{"probabilities", "P1 and P2 are intervals in [0, 1]", func(e *Estimate) { e.P1 = Point(2); e.P2 = Interval{0.5, 0.1} },
			[]error{ErrOutOfRange, ErrInvalidInput}},
		{"who-when", "who and when are recorded", func(e *Estimate) { e.By = ""; e.At = time.Time{} },
			[]error{ErrInvalidInput}},
		{"stage", "the stage is required", func(e *Estimate) { e.Stage = StageUnspecified }, []error{ErrInvalidInput}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.mutate(&e)
			err := e.Validate()
			if tt.want == nil && err != nil {
				t.Fatalf("Validate: %v (%s)", err, tt.reason)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not wrap %v (%s)", err, w, tt.reason)
				}
			}
		})
	}
}

func TestControlValidate(t *testing.T) {
	tests := []struct {
		name, reason string
		c            Control
		want         []error
	}{
		{"ok", "a verified protective control is valid",
			Control{ID: "C-1", Option: ProtectiveMeasure, Situations: []string{"HS-1"}, History: verifiedHistory()}, nil},
		{"info", "information for safety needs the option-order rationale",
			Control{ID: "C-1", Option: InformationForSafety, Situations: []string{"HS-1"}}, []error{ErrInvalidInput}},
		{"skip", "skipping implementation verification is out of order",
			Control{ID: "C-1", Option: InherentSafety, Situations: []string{"HS-1"},
				History: []Transition{verifiedHistory()[0], verifiedHistory()[2]}}, []error{ErrTransition}},
		{"backwards", "steps cannot be dated before the previous one",
			Control{ID: "C-1", Option: InherentSafety, Situations: []string{"HS-1"},
				History: []Transition{verifiedHistory()[0], {StateImplementationVerified, "TC", "qa", day(1)}}}, []error{ErrTransition}},
		{"empty", "option, situations and id are required",
			Control{}, []error{ErrInvalidInput}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if tt.want == nil && err != nil {
				t.Fatalf("Validate: %v (%s)", err, tt.reason)
			}
			if tt.want != nil && err == nil {
				t.Fatalf("Validate accepted it (%s)", tt.reason)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not wrap %v (%s)", err, w, tt.reason)
				}
			}
		})
	}
}

func TestRegisterCustomTables(t *testing.T) {
	flat := APTableSpec{ID: "acme-flat", Rules: []APRule{{1, 10, 1, 10, 1, 10, APMedium}}}
	tests := []struct {
		name, reason string
		mutate       func(r *Register)
		want         []string
	}{
		{"custom-ok", "a worksheet may use a valid custom table; AP is recomputed with it",
			func(r *Register) {
				r.APTables = []APTableSpec{flat}
				r.Worksheets[0].APTable = "acme-flat"
				r.Rows[0].AP, r.Rows[1].AP = APMedium, APMedium
			}, nil},
		{"custom-mismatch", "a stored AP is compared with the row's own table",
			func(r *Register) {
				r.APTables = []APTableSpec{flat}
				r.Rows[1].APTable = "acme-flat"
			},
			[]string{"stored-ap-mismatch R-2"}},
		{"custom-invalid", "a custom table with a gap is an invalid record and rows using it dangle",
			func(r *Register) {
				bad := flat
				bad.Rules = []APRule{{2, 10, 1, 10, 1, 10, APMedium}}
				r.APTables = []APTableSpec{bad}
				r.Worksheets[0].APTable = "acme-flat"
			},
			[]string{"dangling-reference WS-1,acme-flat", "invalid-record acme-flat"}},
		{"shadow", "the built-in table cannot be redefined",
			func(r *Register) {
				s := flat
				s.ID = "aiag-vda-2019"
				r.APTables = []APTableSpec{s}
			},
			[]string{"duplicate-id aiag-vda-2019"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanRegister()
			tt.mutate(r)
			if diff := cmp.Diff(tt.want, codes(r.Validate(asOf))); diff != "" {
				t.Errorf("findings mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
	r := cleanRegister()
	r.APTables = []APTableSpec{flat}
	for _, tt := range []struct {
		id, want string
		err      error
	}{{"", "aiag-vda-2019", nil}, {"aiag-vda-2019", "aiag-vda-2019", nil}, {"acme-flat", "acme-flat", nil}, {"nope", "", ErrInvalidInput}} {
		tab, err := r.Table(tt.id)
		if !errors.Is(err, tt.err) || (err == nil && tab.ID() != tt.want) {
			t.Errorf("Table(%q) = %v, %v", tt.id, tab, err)
		}
	}
}

func TestEnumsAppendAndParse(t *testing.T) {
	type enum interface {
		encoding.TextAppender
		encoding.TextMarshaler
	}
	vals := []enum{APHigh, DFMEA, ActionDone, Unacceptable, StagePostMarket, InherentSafety, StateImplemented,
		RisksOutweigh, SeverityWarning}
	for _, v := range vals {
		want, err := v.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		got, err := v.AppendText([]byte("x="))
		if err != nil || string(got) != "x="+string(want) {
			t.Errorf("AppendText(%v) = %q, %v", v, got, err)
		}
	}
	zero := []enum{APUnspecified, FMEAKindUnspecified, ActionStatusUnspecified, AcceptabilityUnspecified, StageUnspecified,
		OptionUnspecified, StateUnspecified, ConclusionUnspecified, SeverityUnspecified}
	for _, v := range zero {
		if _, err := v.AppendText(nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("AppendText of the zero %T: error %v", v, err)
		}
	}
	parsers := []encoding.TextUnmarshaler{new(AP), new(FMEAKind), new(ActionStatus), new(Acceptability), new(EstimateStage),
		new(ControlOption), new(ControlState), new(BenefitRiskConclusion), new(FindingSeverity)}
	for i, p := range parsers {
		text, _ := vals[i].MarshalText()
		if err := p.UnmarshalText(text); err != nil {
			t.Errorf("%T.UnmarshalText(%s): %v", p, text, err)
		}
		if err := p.UnmarshalText([]byte("no-such-name")); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%T accepted an unknown name: %v", p, err)
		}
	}
}
