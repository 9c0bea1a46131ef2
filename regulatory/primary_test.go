package regulatory

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// primaryCase is one case of testdata/primary_cases.json: a fact set written
// from a primary text (MDCG guidance, FD&C Act, FDA guidance) with the
// clause and the quoted passage that decide the expected outcome. The file
// complements the reference cases; every case names its source and quote.
type primaryCase struct {
	ID          string                     `json:"id"`
	Framework   Framework                  `json:"framework"`
	Description string                     `json:"description"`
	Facts       json.RawMessage            `json:"facts"`
	Expected    map[string]json.RawMessage `json:"expected"`
	Source      string                     `json:"source"`
	Quote       string                     `json:"quote"`
}

func TestPrimarySourceCases(t *testing.T) {
	b, err := os.ReadFile("testdata/primary_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []primaryCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.ID, func(t *testing.T) {
			if tc.Source == "" || tc.Quote == "" {
				t.Fatalf("%s: a primary-source case needs its clause and quote", tc.ID)
			}
			facts, err := ParseFacts(tc.Facts)
			if err != nil {
				t.Fatalf("ParseFacts: %v", err)
			}
			res, err := Evaluate(tc.Framework, facts)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			out, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			for k, want := range tc.Expected {
				var w, g any
				if err := json.Unmarshal(want, &w); err != nil {
					t.Fatal(err)
				}
				if raw, ok := got[k]; ok {
					if err := json.Unmarshal(raw, &g); err != nil {
						t.Fatal(err)
					}
				}
				if diff := cmp.Diff(w, g); diff != "" {
					t.Errorf("%s (%s): key %q mismatch (-want +got):\n%s\nsource: %s: %q", tc.ID, tc.Description, k, diff, tc.Source, tc.Quote)
				}
			}
		})
	}
}

// TestFunctionClosedVocabulary: the function fact is a closed enumeration; an
// unknown value is an error that lists the valid values.
func TestFunctionClosedVocabulary(t *testing.T) {
	_, err := ParseFacts([]byte(`{"function":"blood_sugar_magic"}`))
	if err == nil {
		t.Fatal("unknown function text accepted")
	}
	for _, want := range []string{"function", "blood_sugar_magic", "patient_coaching", "administrative_support", "device_data_display", "measure_blood_glucose_with_attachment"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("error %v does not wrap ErrInvalidInput", err)
	}
	for _, v := range FactValues("function") {
		if _, ok := fdaFunctions[v]; !ok {
			t.Errorf("function value %q has no policy", v)
		}
	}
}
