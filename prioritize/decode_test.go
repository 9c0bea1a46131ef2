package prioritize

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestModelJSONRoundTrip(t *testing.T) {
	for _, m := range []Model{HealthcareDefault(), RICE(), ICEProduct(), ICEMean(), WSJF()} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeModel(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("%s: round trip mismatch (-want +got):\n%s", m.ID, diff)
		}
	}
}

func TestItemsJSONRoundTrip(t *testing.T) {
	m := HealthcareDefault()
	items := []Item{healthItem("EHR-INT", 4, 3, 5, 4, 3, 2), healthItem("PORTAL", 3, 2, 3, 5, 3, 2)}
	items[0].Scores[0] = Score{Criterion: PatientSafety, Kind: ScoreThreePoint, Min: 3, Value: 4, Max: 5, Evidence: "pilot", Rater: "CMIO"}
	items[1].Cost = decimal.RequireFromString("1250.50")
	b, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeItems(bytes.NewReader(b), m)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(items, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(b), `"kind":"three_point"`) || !strings.Contains(string(b), `"cost":"1250.5"`) {
		t.Errorf("enums or decimals not encoded as text: %s", b)
	}
}

func TestDecodeStrict(t *testing.T) {
	m := HealthcareDefault()
	tests := []struct {
		name, reason, in string
		wantErr          error
	}{
		{"unknown field", "unknown fields are rejected", `[{"id":"A","bogus":1}]`, ErrInvalidInput},
		{"trailing", "trailing data after the value is rejected", `[] []`, ErrInvalidInput},
		{"bad enum", "unknown enum text is rejected", `[{"id":"A","scores":[{"criterion":"patient_safety","kind":"fuzzy"}]}]`, ErrInvalidInput},
		{"invalid item", "decoded items are validated", `[{"id":"A","scores":[]}]`, ErrInvalidInput},
		{"empty", "an empty array is fine", `[]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeItems(strings.NewReader(tt.in), m)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("DecodeItems(%s) = %v, want %v (%s)", tt.in, err, tt.wantErr, tt.reason)
			}
		})
	}
	var tier Tier
	err := tier.UnmarshalText([]byte("urgent"))
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown tier: err = %v, want ErrInvalidInput", err)
	}
	if _, err := DecodeModel(strings.NewReader(`{"criteria":[]}`)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("DecodeModel without criteria: err = %v", err)
	}
}
