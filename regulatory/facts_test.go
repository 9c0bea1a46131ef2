package regulatory

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

func TestParseFacts(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		want         Facts
	}{
		{"empty", "an empty object states nothing", `{}`, Facts{}},
		{"false is stated", "false is a stated value, distinct from absent", `{"active":false}`, Facts{Active: ptr(false)}},
		{"null class", "null states 'no active device', distinct from absent", `{"connectable_active_device_class":null}`, Facts{ConnectableActiveDeviceClass: OptClass{Set: true}}},
		{"class label", "class labels are parsed case-insensitively", `{"connected_active_device_class":"iib"}`, Facts{ConnectedActiveDeviceClass: Stated(ClassIIb)}},
		{"lists", "enumerated and free-text lists", `{"direct_contact":["heart"],"claims":["sleep_management"]}`, Facts{DirectContact: []string{"heart"}, Claims: []string{"sleep_management"}}},
		{"empty list is stated", "an empty list states 'none'", `{"direct_contact":[]}`, Facts{DirectContact: []string{}}},
		{"components", "components carry a name and facts", `{"sold_as_single_system":true,"components":[{"name":"tube","invasiveness":"surgically_invasive","duration":"short_term"}]}`,
			Facts{SoldAsSingleSystem: ptr(true), Components: []Component{{Name: "tube", Facts: Facts{Invasiveness: ptr("surgically_invasive"), Duration: ptr("short_term")}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFacts([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseFacts(%s): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseFacts(%s) mismatch (%s) (-want +got):\n%s", tt.in, tt.reason, diff)
			}
		})
	}
}

func TestParseFactsErrors(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		wantErr      error
		wantPaths    []string
	}{
		{"unknown key", "unknown keys are rejected and named", `{"invasivness":"non_invasive"}`, ErrUnknownFact, []string{"invasivness"}},
		{"wrong bool type", "a string where a bool belongs", `{"active":"yes"}`, ErrInvalidInput, []string{"active"}},
		{"null bool", "null is only allowed for class facts", `{"active":null}`, ErrInvalidInput, []string{"active"}},
		{"wrong enum", "values outside the vocabulary", `{"invasiveness":"slightly_invasive"}`, ErrInvalidInput, []string{"invasiveness"}},
		{"wrong list type", "a string where a list belongs", `{"direct_contact":"heart"}`, ErrInvalidInput, []string{"direct_contact"}},
		{"bad list item", "list items are checked", `{"direct_contact":["liver"]}`, ErrInvalidInput, []string{"direct_contact[0]"}},
		{"repeated item", "a repeated list item is a mistake", `{"claims":["a","a"]}`, ErrInvalidInput, []string{"claims[1]"}},
		{"fda class", "FDA class II is not an EU class", `{"drives_or_influences_device_class":"II"}`, ErrInvalidInput, []string{"drives_or_influences_device_class"}},
		{"not object", "facts must be an object", `[1,2]`, ErrInvalidInput, []string{""}},
		{"nested components", "components may not nest", `{"components":[{"name":"a","components":[]}]}`, ErrInvalidInput, []string{"components[0].components"}},
		{"component unknown key", "component keys are checked", `{"components":[{"name":"a","colour":"red"}]}`, ErrUnknownFact, []string{"components[0].colour"}},
		{"all problems", "every problem is reported, unknown keys first", `{"zz":1,"active":1,"duration":"forever"}`, ErrInvalidInput, []string{"zz", "active", "duration"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFacts([]byte(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseFacts(%s) error = %v, want %v (%s)", tt.in, err, tt.wantErr, tt.reason)
			}
			var paths []string
			collectPaths(err, &paths)
			if diff := cmp.Diff(tt.wantPaths, paths); diff != "" {
				t.Errorf("error paths mismatch (%s) (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func collectPaths(err error, out *[]string) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			collectPaths(e, out)
		}
		return
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		*out = append(*out, fe.Path)
	}
}

func TestParseFactsSizeLimit(t *testing.T) {
	big := `{"device_type":"` + strings.Repeat("x", MaxFactsBytes) + `"}`
	if _, err := ParseFacts([]byte(big)); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("oversized document: error = %v, want ErrInvalidInput", err)
	}
	long := `{"device_type":"` + strings.Repeat("x", MaxTextLen+1) + `"}`
	if _, err := ParseFacts([]byte(long)); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("overlong text: error = %v, want ErrInvalidInput", err)
	}
}

// TestVocabularyAccepted checks that every key of regulatory_facts.md is
// accepted with a value of its type.
func TestVocabularyAccepted(t *testing.T) {
	for _, key := range FactKeys() {
		var val string
		switch ff := byKey[key]; ff.kind {
		case kindBool:
			val = "true"
		case kindEnum:
			val = `"` + enumValues[key][0] + `"`
		case kindText:
			val = `"some text"`
		case kindClass:
			val = `"IIa"`
		case kindEnumList:
			val = `["` + enumValues[key][0] + `"]`
		case kindTextList:
			val = `["x"]`
		case kindComponents:
			val = `[{"name":"part","invasiveness":"non_invasive"}]`
		}
		in := `{"` + key + `":` + val + `}`
		f, err := ParseFacts([]byte(in))
		if err != nil {
			t.Errorf("ParseFacts(%s): %v", in, err)
			continue
		}
		if !f.stated(key) {
			t.Errorf("ParseFacts(%s): key not stated after decoding", in)
		}
	}
	if got := len(FactKeys()); got != 99 {
		t.Errorf("vocabulary has %d keys, want 99 (regulatory_facts.md)", got)
	}
}

func TestFactsRoundTripReferenceCases(t *testing.T) {
	for _, tc := range loadCases(t) {
		f, err := ParseFacts(tc.Facts)
		if err != nil {
			t.Fatalf("%s: %v", tc.ID, err)
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatalf("%s: marshal: %v", tc.ID, err)
		}
		var back Facts
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: unmarshal %s: %v", tc.ID, b, err)
		}
		if diff := cmp.Diff(f, back); diff != "" {
			t.Errorf("%s: round trip mismatch (-want +got):\n%s", tc.ID, diff)
		}
		var a, c map[string]any
		_ = json.Unmarshal(tc.Facts, &a)
		_ = json.Unmarshal(b, &c)
		if diff := cmp.Diff(a, c); diff != "" {
			t.Errorf("%s: JSON not preserved (-want +got):\n%s", tc.ID, diff)
		}
	}
}

func TestFactsClone(t *testing.T) {
	f := Facts{Active: ptr(true), Claims: []string{"a"}, Components: []Component{{Name: "x", Facts: Facts{Sterile: ptr(true)}}}}
	c := f.Clone()
	*c.Active = false
	c.Claims[0] = "b"
	*c.Components[0].Facts.Sterile = false
	if !*f.Active || f.Claims[0] != "a" || !*f.Components[0].Facts.Sterile {
		t.Fatalf("Clone shares memory with the original: %+v", f)
	}
}
