package regulatory

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceCase is one case of testdata/regulatory_cases.dev.json, copied
// unchanged from ../shared/reference/regulatory_cases.dev.json (93 of the 148
// reference cases; the research note regulatory.md §3 describes their sources:
// MDCG 2021-24, MDCG 2019-11 rev.1, IMDRF N12 §7.4, FDA guidances, 21 CFR).
type referenceCase struct {
	ID           string                     `json:"id"`
	Jurisdiction string                     `json:"jurisdiction"`
	Description  string                     `json:"description"`
	Facts        json.RawMessage            `json:"facts"`
	Expected     map[string]json.RawMessage `json:"expected"`
	Source       string                     `json:"source"`
}

// informative lists expected keys holding free text, compared by nobody.
var informative = map[string]bool{"basis": true, "note": true, "enforcement": true}

func frameworkOf(jurisdiction string) Framework {
	switch {
	case strings.HasPrefix(jurisdiction, "EU"):
		return EUMDR
	case strings.HasPrefix(jurisdiction, "IMDRF"):
		return IMDRF
	case strings.HasPrefix(jurisdiction, "US"):
		return FDA
	case strings.HasPrefix(jurisdiction, "IEC"):
		return IEC62304
	}
	return FrameworkUnspecified
}

func readCases() ([]referenceCase, error) {
	b, err := os.ReadFile("testdata/regulatory_cases.dev.json")
	if err != nil {
		return nil, err
	}
	var cases []referenceCase
	err = json.Unmarshal(b, &cases)
	return cases, err
}

func loadCases(t testing.TB) []referenceCase {
	t.Helper()
	cases, err := readCases()
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestReferenceCases(t *testing.T) {
	cases := loadCases(t)
	if len(cases) != 93 {
		t.Fatalf("got %d reference cases, want 93", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.ID, func(t *testing.T) {
			fw := frameworkOf(tc.Jurisdiction)
			facts, err := ParseFacts(tc.Facts)
			if err != nil {
				t.Fatalf("ParseFacts: %v", err)
			}
			res, err := Evaluate(fw, facts)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			out, err := json.Marshal(res)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			for k, want := range tc.Expected {
				if informative[k] {
					continue
				}
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
					t.Errorf("%s (%s): key %q mismatch (-want +got):\n%s", tc.ID, tc.Description, k, diff)
				}
			}
		})
	}
}
