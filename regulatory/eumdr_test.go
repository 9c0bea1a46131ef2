package regulatory

import (
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// euOutcome is the part of an EU result the table tests compare.
type euOutcome struct {
	Class     Class
	Reachable Class
	Rules     []string
	Subrule   string
	Subtypes  []string
	Device    *bool
	Step      int
	Parts     map[string]string
}

func euOf(r Result) euOutcome {
	return euOutcome{r.Class, r.HighestReachableClass, r.Rules, r.Subrule, r.ClassISubtypes, r.MedicalDevice, r.DecisionStep, r.ComponentClasses}
}

func mustFacts(t testing.TB, s string) Facts {
	t.Helper()
	f, err := ParseFacts([]byte(s))
	if err != nil {
		t.Fatalf("ParseFacts(%s): %v", s, err)
	}
	return f
}

func TestEvaluateEU(t *testing.T) {
	tests := []struct {
		name, reason string
		facts        string
		want         euOutcome
	}{
		{"sterile class I", "Art. 52(7) Is qualifier on a class I result",
			`{"invasiveness":"non_invasive","active":false,"contact":"intact_skin","sterile":true,"channels_or_stores_for_administration":false,"modifies_composition_for_administration":false,"substance_in_vitro_contact_with_cells_tissues_or_embryos":false,"software":false,"ancillary_medicinal_substance":false,"ancillary_substance_from_human_blood_or_plasma":false,"contraception_or_sti_prevention":false,"disinfects_cleans":"none","records_xray_diagnostic_images":false,"tissue_or_cells":"none","contains_nanomaterial":false,"administers_medicinal_product_by_inhalation":false,"substance_based":false}`,
			euOutcome{Class: ClassI, Reachable: ClassI, Rules: []string{"Rule 1"}, Subtypes: []string{"Is"}, Device: ptr(true)}},
		{"measuring class I", "Im only when the final class is I",
			`{"invasiveness":"non_invasive","active":false,"measuring_function":true,"reusable_surgical_instrument":false}`,
			euOutcome{Class: ClassI, Reachable: ClassIII, Rules: []string{"Rule 1"}, Subtypes: []string{"Im"}, Device: ptr(true)}},
		{"leather orthopaedic part", "animal material on intact skin only falls back to Rule 1",
			`{"invasiveness":"non_invasive","active":false,"contact":"intact_skin","tissue_or_cells":"animal","non_viable":true}`,
			euOutcome{Class: ClassI, Reachable: ClassIII, Rules: []string{"Rule 1"}, Subtypes: []string{}, Device: ptr(true)}},
		{"ivf medium with albumin", "Rules 3 and 14 both apply (3.5)",
			`{"invasiveness":"non_invasive","substance_in_vitro_contact_with_cells_tissues_or_embryos":true,"ancillary_substance_from_human_blood_or_plasma":true}`,
			euOutcome{Class: ClassIII, Reachable: ClassIII, Rules: []string{"Rule 3", "Rule 14"}, Device: ptr(true)}},
		{"icu monitor", "vital parameters with immediate danger: IIb",
			`{"active":true,"active_diagnostic":true,"direct_diagnosis_or_vital_process_monitoring":true,"vital_parameter_variation_immediate_danger":true,"use_setting":"intensive_care"}`,
			euOutcome{Class: ClassIIb, Reachable: ClassIII, Rules: []string{"Rule 10"}, Device: ptr(true)}},
		{"rule 11 via imdrf", "without decision impact the MDCG Annex III mapping gives the 11(a) class",
			`{"software":true,"software_independent":true,"software_purpose":"diagnostic_or_therapeutic_decisions","healthcare_situation":"critical","significance":"treat_or_diagnose"}`,
			euOutcome{Class: ClassIII, Reachable: ClassIII, Rules: []string{"Rule 11"}, Subrule: "11(a)", Device: ptr(true), Step: 5}},
		{"rule 11 needs impact", "11(a) without impact or IMDRF cell needs input; nothing applies",
			`{"software":true,"software_independent":true,"software_purpose":"diagnostic_or_therapeutic_decisions","active_therapeutic_with_integrated_diagnostic_determining_management":false}`,
			euOutcome{Class: ClassNone, Reachable: ClassIII, Device: ptr(true), Step: 5}},
		{"vital monitoring danger", "11(b) with immediate danger: IIb",
			`{"software":true,"software_independent":true,"software_purpose":"monitor_physiological_processes","monitors_vital_parameters":true,"vital_parameter_variation_immediate_danger":true}`,
			euOutcome{Class: ClassIIb, Reachable: ClassIII, Rules: []string{"Rule 11"}, Subrule: "11(b)", Device: ptr(true), Step: 5}},
		{"pacs viewer", "MDCG 2019-11 step 3: storage and display only is not a device",
			`{"software":true,"software_independent":true,"acts_on_data_beyond_storage_communication_search":false}`,
			euOutcome{Device: ptr(false), Step: 3}},
		{"population statistics", "MDCG 2019-11 step 4: not for individual patients",
			`{"software":true,"software_independent":true,"acts_on_data_beyond_storage_communication_search":true,"for_benefit_of_individual_patients":false}`,
			euOutcome{Device: ptr(false), Step: 4}},
		{"undetermined software", "nothing stated beyond software: qualification open",
			`{"software":true}`,
			euOutcome{Reachable: ClassIII}},
		{"wound drainage system", "3.2: system takes the highest component class",
			`{"sold_as_single_system":true,"components":[{"name":"collection bottle","invasiveness":"non_invasive","channels_or_stores_for_administration":false},{"name":"drainage tube","invasiveness":"surgically_invasive","duration":"short_term"}]}`,
			euOutcome{Class: ClassIIa, Reachable: ClassIII, Rules: []string{"Implementing rule 3.2", "Rule 1", "Rule 7"}, Device: ptr(true), Parts: map[string]string{"collection bottle": "I", "drainage tube": "IIa"}}},
		{"condom without spermicide", "Rule 15 supersedes the lower Rule 5",
			`{"invasiveness":"body_orifice","duration":"transient","contraception_or_sti_prevention":true,"ancillary_medicinal_substance":false,"ancillary_substance_from_human_blood_or_plasma":false}`,
			euOutcome{Class: ClassIIb, Reachable: ClassIII, Rules: []string{"Rule 15"}, Device: ptr(true)}},
		{"absorbed short-term contraceptive", "lex specialis never lowers: Rule 7 III stays beside Rule 15",
			`{"invasiveness":"surgically_invasive","duration":"short_term","contraception_or_sti_prevention":true,"biological_effect_or_wholly_mainly_absorbed":true,"implantable":false}`,
			euOutcome{Class: ClassIII, Reachable: ClassIII, Rules: []string{"Rule 7", "Rule 15"}, Device: ptr(true)}},
		{"hip screws", "ancillary components of joint replacements stay IIb",
			`{"invasiveness":"surgically_invasive","implantable":true,"duration":"long_term","joint_replacement":true,"ancillary_component":true}`,
			euOutcome{Class: ClassIIb, Reachable: ClassIII, Rules: []string{"Rule 8"}, Device: ptr(true)}},
		{"not a medical device", "no medical purpose for a physical product",
			`{"invasiveness":"non_invasive","medical_purpose":false}`,
			euOutcome{Device: ptr(false)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(EUMDR, mustFacts(t, tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, euOf(r)); diff != "" {
				t.Errorf("Evaluate(EUMDR, %s) mismatch (%s) (-want +got):\n%s", tt.facts, tt.reason, diff)
			}
		})
	}
}

func TestEUTraceShape(t *testing.T) {
	r, err := Evaluate(EUMDR, mustFacts(t, `{"invasiveness":"non_invasive","active":false,"contact":"intact_skin"}`))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range r.Trace {
		ids = append(ids, e.Rule)
	}
	want := []string{}
	for n := 1; n <= 22; n++ {
		want = append(want, "Rule "+strconv.Itoa(n))
	}
	want = append(want, "Implementing rule 3.2", "Implementing rule 3.3", "Implementing rule 3.4", "Implementing rule 3.5", "Article 52(7)")
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("trace rules mismatch (-want +got):\n%s", diff)
	}
	// Rule 4 is excluded by the stated contact; Rule 14 waits on input.
	if e := r.Trace[3]; e.Status != StatusNotApplicable || e.DecidingFact != "contact=intact_skin" {
		t.Errorf("Rule 4 = %+v, want not applicable by contact=intact_skin", e)
	}
	if e := r.Trace[13]; e.Status != StatusNeedsInput || len(e.Open) == 0 || e.Open[0].Class != ClassIII {
		t.Errorf("Rule 14 = %+v, want needs input leading to III", e)
	}
	if r.HighestReachableClass != ClassIII {
		t.Errorf("highest reachable = %v, want III", r.HighestReachableClass)
	}
}

func TestQuestionsOrder(t *testing.T) {
	qs, err := Questions(EUMDR, mustFacts(t, `{"software":true,"software_independent":true}`))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, q := range qs {
		keys = append(keys, q.Fact)
	}
	want := []string{"medical_purpose", "acts_on_data_beyond_storage_communication_search", "for_benefit_of_individual_patients"}
	if len(keys) < len(want) {
		t.Fatalf("Questions = %v, want at least %v first", keys, want)
	}
	if diff := cmp.Diff([]string{"acts_on_data_beyond_storage_communication_search", "for_benefit_of_individual_patients", "medical_purpose"}, sortedCopy(keys[:3])); diff != "" {
		t.Errorf("first questions should settle qualification (-want +got):\n%s", diff)
	}
	if !contains(keys, "software_purpose") {
		t.Errorf("Questions = %v, want software_purpose among them", keys)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestEvaluateErrors(t *testing.T) {
	if _, err := Evaluate(FrameworkUnspecified, Facts{}); !errors.Is(err, ErrUnknownFramework) {
		t.Errorf("Evaluate(unspecified) error = %v, want ErrUnknownFramework", err)
	}
	if _, err := Evaluate(Framework(99), Facts{}); !errors.Is(err, ErrUnknownFramework) {
		t.Errorf("Evaluate(99) error = %v, want ErrUnknownFramework", err)
	}
	bad := Facts{Invasiveness: ptr("sideways")}
	if _, err := Evaluate(EUMDR, bad); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Evaluate(bad facts) error = %v, want ErrInvalidInput", err)
	}
	if _, err := Questions(IMDRF, bad); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Questions(bad facts) error = %v, want ErrInvalidInput", err)
	}
}

func TestEvaluateDoesNotMutate(t *testing.T) {
	for _, tc := range loadCases(t) {
		f, err := ParseFacts(tc.Facts)
		if err != nil {
			t.Fatal(err)
		}
		before := f.Clone()
		for _, fw := range []Framework{EUMDR, IMDRF, FDA, IEC62304} {
			if _, err := Evaluate(fw, f); err != nil {
				t.Fatalf("%s %v: %v", tc.ID, fw, err)
			}
		}
		if diff := cmp.Diff(before, f); diff != "" {
			t.Errorf("%s: Evaluate mutated facts (-before +after):\n%s", tc.ID, diff)
		}
	}
}
