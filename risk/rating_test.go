package risk

import (
	"errors"
	"testing"
)

func TestRatingJSON(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		want         Rating
		wantErr      error
	}{
		{"null", "null is unscored", "null", Unscored, nil},
		{"seven", "integers 1..10 decode", "7", 7, nil},
		{"zero", "0 is not a rating; unscored is null", "0", Unscored, ErrOutOfRange},
		{"eleven", "above 10", "11", Unscored, ErrOutOfRange},
		{"float", "ratings are integers", "7.5", Unscored, ErrInvalidInput},
		{"string", "ratings are numbers", `"7"`, Unscored, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Rating
			err := r.UnmarshalJSON([]byte(tt.in))
			if !errors.Is(err, tt.wantErr) || r != tt.want {
				t.Errorf("UnmarshalJSON(%s) = %v, %v; want %v, %v (%s)", tt.in, r, err, tt.want, tt.wantErr, tt.reason)
			}
		})
	}
	for _, r := range []Rating{Unscored, 1, 10} {
		b, err := r.MarshalJSON()
		var back Rating
		if err != nil || back.UnmarshalJSON(b) != nil || back != r {
			t.Errorf("round trip of %v: %s, %v", r, b, err)
		}
	}
}
