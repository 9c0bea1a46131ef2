package roi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestResultRoundsHalfToEven pins the documented rounding of every money
// result: half to even at ResultDigits (34) significant digits. Each input has
// 35 significant digits ending in an exact 5, so half to even and half away
// from zero give different answers; a switch to RoundHalfUp, Round or
// RoundCeil fails here.
func TestResultRoundsHalfToEven(t *testing.T) {
	cases := []struct {
		name, reason string
		in, want     string
	}{
		{"tie below even digit", "…2|5 keeps the even 2 (half away would give …3)", "1.0000000000000000000000000000000025", "1.000000000000000000000000000000002"},
		{"tie below odd digit", "…1|5 goes up to the even 2", "1.0000000000000000000000000000000015", "1.000000000000000000000000000000002"},
		{"negative tie", "the sign does not change the rule: −…4|5 → −…4", "-7.0000000000000000000000000000000045", "-7.000000000000000000000000000000004"},
		{"tie in integer digits", "a 35-digit integer rounds its last digit: …0|5 → …0", "10000000000000000000000000000000005", "10000000000000000000000000000000000"},
		{"above tie", "…2|51 is not a tie and rounds up", "1.00000000000000000000000000000000251", "1.000000000000000000000000000000003"},
		{"short value", "34 digits or fewer are returned unchanged", "0.125", "0.125"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			want := d(tt.want)
			if got := result(d(tt.in)); !got.Equal(want) {
				t.Errorf("result(%s) = %s, want %s (%s)", tt.in, got, want, tt.reason)
			}
			// The public path: NPV at rate 0 is the exact sum, then rounded.
			got, err := NPV(decimal.Zero, ds(tt.in), ConventionT0)
			if err != nil {
				t.Fatalf("NPV: %v", err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("NPV(0, [%s]) mismatch (-want +got):\n%s\n(%s)", tt.in, diff, tt.reason)
			}
		})
	}
}
