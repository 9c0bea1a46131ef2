package risk

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRPN(t *testing.T) {
	tests := []struct {
		name, reason string
		row          FMEARow
		want         int
		wantOK       bool
	}{
		{"scored", "RPN is the product of the three ratings", FMEARow{S: 7, O: 4, D: 3}, 84, true},
		{"max", "the largest RPN is 1000", FMEARow{S: 10, O: 10, D: 10}, 1000, true},
		{"unscored", "an unscored factor gives no RPN, never a default", FMEARow{S: 7, D: 3}, 0, false},
		{"out-of-range", "a rating above 10 gives no RPN", FMEARow{S: 11, O: 1, D: 1}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.row.RPN()
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RPN() = %d, %v; want %d, %v (%s)", got, ok, tt.want, tt.wantOK, tt.reason)
			}
		})
	}
}

func TestRollUp(t *testing.T) {
	row := func(id, mode string, s, o, d Rating) FMEARow {
		return FMEARow{ID: id, Worksheet: "WS-1", FailureModeID: mode, S: s, O: o, D: d}
	}
	tests := []struct {
		name, reason string
		rows         []FMEARow
		want         []Rollup
	}{
		{
			name:   "worst-case",
			reason: "S is the max over effects, O the max over causes, D the best control, AP the worst line",
			rows: []FMEARow{
				row("R-2", "FM-1", 6, 8, 2), // 4-6/8-10/2-4 → M
				row("R-1", "FM-1", 9, 3, 6), // 9-10/2-3/5-6 → M
				row("R-3", "FM-1", 8, 5, 7), // 7-8/4-5/7-10 → H
				row("R-9", "FM-2", 2, 2, 2),
			},
			want: []Rollup{
				{Worksheet: "WS-1", FailureModeID: "FM-1", Rows: []string{"R-1", "R-2", "R-3"}, S: 9, O: 8, D: 2,
					AP: APHigh, WorstRow: "R-3", APTable: "aiag-vda-2019", Complete: true, Rule: RollupRule},
				{Worksheet: "WS-1", FailureModeID: "FM-2", Rows: []string{"R-9"}, S: 2, O: 2, D: 2,
					AP: APLow, WorstRow: "R-9", APTable: "aiag-vda-2019", Complete: true, Rule: RollupRule},
			},
		},
		{
			name:   "unscored",
			reason: "an unscored line is listed and marks the roll-up incomplete; it is never counted as L",
			rows:   []FMEARow{row("R-1", "FM-1", 5, Unscored, 4), row("R-2", "FM-1", Unscored, Unscored, Unscored)},
			want: []Rollup{{Worksheet: "WS-1", FailureModeID: "FM-1", Rows: []string{"R-1", "R-2"}, S: 5, D: 4,
				APTable: "aiag-vda-2019", Unscored: []string{"R-1", "R-2"}, Rule: RollupRule}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := cloneRows(tt.rows)
			got, err := RollUp(tt.rows, AIAGVDA2019())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RollUp mismatch (-want +got) (%s):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(before, tt.rows); diff != "" {
				t.Errorf("RollUp modified its input:\n%s", diff)
			}
		})
	}
	if _, err := RollUp([]FMEARow{row("R-1", "", 11, 1, 1)}, AIAGVDA2019()); !errors.Is(err, ErrOutOfRange) || !errors.Is(err, ErrInvalidInput) {
		t.Errorf("RollUp of an invalid row: error %v, want ErrOutOfRange and ErrInvalidInput", err)
	}
	if _, err := RollUp(nil, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("RollUp(nil table) error = %v", err)
	}
}

func cloneRows(rows []FMEARow) []FMEARow { return append([]FMEARow(nil), rows...) }

func TestEnumText(t *testing.T) {
	type textEnum interface {
		MarshalText() ([]byte, error)
		String() string
	}
	tests := []struct {
		name string
		v    textEnum
		want string
	}{
		{"dfmea", DFMEA, "dfmea"}, {"use", UseFMEA, "use-fmea"}, {"sw", SoftwareFMEA, "software-fmea"},
		{"open", ActionOpen, "open"}, {"afap", AcceptableAFAP, "acceptable-afap"},
		{"after", StageAfterControls, "after-controls"}, {"info", InformationForSafety, "information-for-safety"},
		{"eff", StateEffectivenessVerified, "effectiveness-verified"}, {"bo", BenefitsOutweigh, "benefits-outweigh"},
		{"err", SeverityError, "error"},
	}
	for _, tt := range tests {
		b, err := tt.v.MarshalText()
		if err != nil || string(b) != tt.want || tt.v.String() != tt.want {
			t.Errorf("%s: MarshalText = %q, %v; want %q", tt.name, b, err, tt.want)
		}
	}
	var k FMEAKind
	if err := k.UnmarshalText([]byte("PFMEA")); err != nil || k != PFMEA {
		t.Errorf("UnmarshalText(PFMEA) = %v, %v", k, err)
	}
	if err := k.UnmarshalText([]byte("hazop")); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("UnmarshalText(hazop) error = %v", err)
	}
	if _, err := FMEAKindUnspecified.MarshalText(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unspecified kind marshalled: %v", err)
	}
}
