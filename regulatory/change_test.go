package regulatory

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// traceSummary renders a change trace as "label status" lines, where label
// is the question label at the start of the rule after the document prefix.
func traceSummary(tr []TraceEntry) []string {
	out := make([]string, len(tr))
	for i, e := range tr {
		r := strings.TrimPrefix(e.Rule, fdaFlow)
		r = strings.TrimPrefix(r, mdcgDoc)
		if j := strings.Index(r, ":"); j > 0 {
			r = r[:j]
		}
		out[i] = r + " " + e.Status.String()
	}
	return out
}

func y(why string) Answer { return Yes(why) }
func n(why string) Answer { return No(why) }

// allNoFDA answers every FDA software question no (Q1 solely no).
func allNoFDA() ChangeAnswers {
	return ChangeAnswers{
		Q1SolelyCybersecurity: n("feature work"), Q2RestoresSpecification: n("new behaviour"),
		Q3aNewOrModifiedRisk: n("no new hazard"), Q3bNewOrModifiedControl: n("controls unchanged"),
		Q4ClinicalPerformance: n("same performance specification"),
	}
}

func TestFDAFlowExits(t *testing.T) {
	with := func(f func(a *ChangeAnswers)) ChangeAnswers { a := allNoFDA(); f(&a); return a }
	tests := []struct {
		name, reason string
		answers      ChangeAnswers
		kinds        []ChangeKind
		links        []RiskLink
		outcome      ChangeOutcome
		stopped      string
		trace        []string
	}{
		{"q1-document", "solely cybersecurity without other impact stops at Q1 with document",
			ChangeAnswers{Q1SolelyCybersecurity: y("patch"), Q1OtherImpact: n("none")}, nil, nil, OutcomeDocument, "Q1", []string{"Q1 applies"}},
		{"q1-needs-input", "an unanswered Q1 stops the flow; Q3a yes does not jump ahead",
			with(func(a *ChangeAnswers) { a.Q1SolelyCybersecurity = Answer{}; a.Q3aNewOrModifiedRisk = y("new hazard") }), nil, nil, OutcomeNeedsInput, "Q1", []string{"Q1 needs_input"}},
		{"q1-other-impact", "a cybersecurity change with other impact continues to Q2",
			with(func(a *ChangeAnswers) { a.Q1SolelyCybersecurity = y("patch"); a.Q1OtherImpact = y("changes timing") }), nil, nil, OutcomeDocument, "Q4",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 not_applicable"}},
		{"q2-document", "restoring the cleared specification stops at Q2",
			with(func(a *ChangeAnswers) { a.Q2RestoresSpecification = y("bug fix back to spec") }), nil, nil, OutcomeDocument, "Q2", []string{"Q1 not_applicable", "Q2 applies"}},
		{"q2-needs-input", "an unanswered Q2 stops the flow",
			with(func(a *ChangeAnswers) { a.Q2RestoresSpecification = Answer{} }), nil, nil, OutcomeNeedsInput, "Q2", []string{"Q1 not_applicable", "Q2 needs_input"}},
		{"q3a-submission", "a new risk of significant harm stops at Q3a",
			with(func(a *ChangeAnswers) { a.Q3aNewOrModifiedRisk = y("new failure mode") }), nil, nil, OutcomeNew510kLikely, "Q3a", []string{"Q1 not_applicable", "Q2 not_applicable", "Q3a applies"}},
		{"q3a-needs-input", "an unanswered Q3a stops the flow",
			with(func(a *ChangeAnswers) { a.Q3aNewOrModifiedRisk = Answer{} }), nil, nil, OutcomeNeedsInput, "Q3a", []string{"Q1 not_applicable", "Q2 not_applicable", "Q3a needs_input"}},
		{"q3b-submission", "a new risk control stops at Q3b",
			with(func(a *ChangeAnswers) { a.Q3bNewOrModifiedControl = y("new alarm") }), nil, nil, OutcomeNew510kLikely, "Q3b",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b applies"}},
		{"q3b-needs-input", "an unanswered Q3b stops the flow",
			with(func(a *ChangeAnswers) { a.Q3bNewOrModifiedControl = Answer{} }), nil, nil, OutcomeNeedsInput, "Q3b",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b needs_input"}},
		{"q4-submission", "a significant effect on clinical performance stops at Q4",
			with(func(a *ChangeAnswers) { a.Q4ClinicalPerformance = y("new output") }), nil, nil, OutcomeNew510kLikely, "Q4",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 applies"}},
		{"q4-needs-input", "an unanswered Q4 never resolves to document",
			with(func(a *ChangeAnswers) { a.Q4ClinicalPerformance = Answer{} }), nil, nil, OutcomeNeedsInput, "Q4",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 needs_input"}},
		{"q4-document", "every question no reaches the end: document",
			allNoFDA(), nil, nil, OutcomeDocument, "Q4",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 not_applicable"}},
		{"linked-hazard-forces-q3a", "an added hazard in the register forces Q3a to yes over a stated no",
			allNoFDA(), nil, []RiskLink{{ID: "HZ-7", Target: LinkHazard, Effect: LinkAdded, Source: "re-estimate RE-2"}}, OutcomeNew510kLikely, "Q3a",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a applies"}},
		{"linked-control-forces-q3b", "a modified control in the register forces Q3b to yes",
			allNoFDA(), nil, []RiskLink{{ID: "RC-3", Target: LinkControl, Effect: LinkModified}}, OutcomeNew510kLikely, "Q3b",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b applies"}},
		{"referenced-link-does-not-force", "a referenced (unchanged) hazard forces nothing",
			allNoFDA(), nil, []RiskLink{{ID: "HZ-1", Target: LinkHazard, Effect: LinkReferenced}}, OutcomeDocument, "Q4",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 not_applicable"}},
		{"general-guidance-submission", "a labelling part that needs a 510(k) decides even when the software flow documents",
			with(func(a *ChangeAnswers) { a.GeneralGuidance510k = y("new indication in the IFU") }), []ChangeKind{ChangeSoftware, ChangeLabeling}, nil, OutcomeNew510kLikely, "general guidance",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 not_applicable", "general guidance applies"}},
		{"general-guidance-needs-input", "an unassessed labelling part is never documented by default",
			allNoFDA(), []ChangeKind{ChangeSoftware, ChangeLabeling}, nil, OutcomeNeedsInput, "general guidance",
			[]string{"Q1 not_applicable", "Q2 not_applicable", "Q3a not_applicable", "Q3b not_applicable", "Q4 not_applicable", "general guidance needs_input"}},
		{"general-guidance-only", "a material change without software runs only the general guidance",
			ChangeAnswers{GeneralGuidance510k: n("same material grade, new supplier")}, []ChangeKind{ChangeMaterial}, nil, OutcomeDocument, "general guidance",
			[]string{"flowchart not_applicable", "general guidance not_applicable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := softwareChange("CR-1", tt.answers)
			if tt.kinds != nil {
				r.Kinds = tt.kinds
			}
			r.Links = tt.links
			a, err := AssessChange(FDASoftwareChange, r, nil)
			if err != nil {
				t.Fatal(err)
			}
			type view struct {
				Outcome ChangeOutcome
				Stopped string
				Trace   []string
			}
			if d := cmp.Diff(view{tt.outcome, tt.stopped, tt.trace}, view{a.Outcome, a.StoppedAt, traceSummary(a.Trace)}); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
			if a.Outcome == OutcomeNeedsInput {
				if len(a.Questions) == 0 || !strings.HasPrefix(a.Conclusion, "needs input: ") {
					t.Errorf("needs input without a named question: %q %v", a.Conclusion, a.Questions)
				}
			}
		})
	}
}

func TestFDALinkOverrideIsTraced(t *testing.T) {
	r := softwareChange("CR-1", allNoFDA())
	r.Links = []RiskLink{{ID: "HZ-7", Target: LinkHazard, Effect: LinkAdded}}
	a := check(AssessChange(FDASoftwareChange, r, nil))(t)
	last := a.Trace[len(a.Trace)-1]
	if !strings.Contains(last.Rationale, "HZ-7") || !strings.Contains(last.Rationale, "overridden") {
		t.Errorf("Q3a rationale %q does not name the forcing hazard and the override", last.Rationale)
	}
}

func TestPCCPExits(t *testing.T) {
	p := testPCCP()
	unauthorised := testPCCP()
	unauthorised.Authorization = ""
	sub := allNoFDA()
	sub.Q4ClinicalPerformance = y("new output")
	tests := []struct {
		name, reason string
		pccp         *PCCP
		mod          string
		kinds        []ChangeKind
		implemented  Answer
		answers      ChangeAnswers
		outcome      ChangeOutcome
		stopped      string
		coverage     Status
	}{
		{"covered", "inside an authorised PCCP and implemented per protocol", &p, "M1", nil, y("report RT-4"), ChangeAnswers{}, OutcomeImplementUnderPCCP, "PCCP", StatusApplies},
		{"protocol-failed", "missing the acceptance criteria sends the change through the flow", &p, "M1", nil, n("AUC 0.90 < 0.92"), sub, OutcomeNew510kLikely, "Q4", StatusNotApplicable},
		{"pending-submission", "unknown protocol compliance with a flow that says submission needs input at PCCP", &p, "M1", nil, Answer{}, sub, OutcomeNeedsInput, "PCCP", StatusNeedsInput},
		{"pending-document", "unknown protocol compliance with a flow that says document stays document", &p, "M1", nil, Answer{}, allNoFDA(), OutcomeDocument, "Q4", StatusNeedsInput},
		{"unknown-modification", "a modification the plan does not describe is outside it", &p, "M9", nil, y("done"), sub, OutcomeNew510kLikely, "Q4", StatusNotApplicable},
		{"unauthorised-plan", "a plan without an authorising submission covers nothing", &unauthorised, "M1", nil, y("done"), sub, OutcomeNew510kLikely, "Q4", StatusNotApplicable},
		{"kind-outside", "a change touching labelling is outside a software-only modification", &p, "M1", []ChangeKind{ChangeSoftware, ChangeLabeling}, y("done"), func() ChangeAnswers {
			a := allNoFDA()
			a.GeneralGuidance510k = n("wording only")
			return a
		}(), OutcomeDocument, "Q4", StatusNotApplicable},
		{"no-plan", "a claimed modification without a plan is outside it", nil, "M1", nil, y("done"), sub, OutcomeNew510kLikely, "Q4", StatusNotApplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.answers
			a.PCCPImplementedPerProtocol = tt.implemented
			r := softwareChange("CR-1", a)
			r.PCCPModification = tt.mod
			if tt.kinds != nil {
				r.Kinds = tt.kinds
			}
			got, err := AssessChange(FDASoftwareChange, r, tt.pccp)
			if err != nil {
				t.Fatal(err)
			}
			cov := check(WithinPCCP(r, tt.pccp))(t)
			type view struct {
				Outcome  ChangeOutcome
				Stopped  string
				Coverage Status
			}
			if d := cmp.Diff(view{tt.outcome, tt.stopped, tt.coverage}, view{got.Outcome, got.StoppedAt, cov.Status}); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
			if len(got.PCCP) != 1 || got.PCCP[0] != cov {
				t.Errorf("assessment coverage %+v differs from WithinPCCP %+v", got.PCCP, cov)
			}
		})
	}
}

func TestMDCGExits(t *testing.T) {
	allNo := func(letters string) ChangeAnswers {
		var a ChangeAnswers
		for _, ch := range mdcgCharts {
			if strings.Contains(letters, ch.letter) {
				for _, it := range ch.items {
					*questionByKey(it.key).get(&a) = n("not the case")
				}
			}
		}
		return a
	}
	set := func(a ChangeAnswers, key string, v Answer) ChangeAnswers { *questionByKey(key).get(&a) = v; return a }
	tests := []struct {
		name, reason string
		kinds        []ChangeKind
		answers      ChangeAnswers
		links        []RiskLink
		outcome      ChangeOutcome
		stopped      string
		trace        []string
	}{
		{"a-significant", "an extension of the intended purpose is significant", []ChangeKind{ChangeIntendedPurpose},
			set(allNo("A"), "mdcg_a1_extends_intended_purpose", y("adds paediatric use")), nil, OutcomeSignificant, "A1",
			[]string{"main chart applies", "Chart A, A1 applies"}},
		{"a-not-significant", "a labelling change with no chart A item is not significant", []ChangeKind{ChangeLabeling},
			allNo("A"), nil, OutcomeNotSignificant, "A3",
			[]string{"main chart applies", "Chart A, A1 not_applicable", "Chart A, A2 not_applicable", "Chart A, A3 not_applicable",
				"main chart not_applicable", "main chart not_applicable", "main chart not_applicable", "main chart not_applicable"}},
		{"b-forced-by-link", "a software change that adds a hazard runs chart B and B2 is forced", []ChangeKind{ChangeSoftware},
			allNo("BC"), []RiskLink{{ID: "HZ-9", Target: LinkHazard, Effect: LinkAdded}}, OutcomeSignificant, "B2",
			[]string{"main chart not_applicable", "main chart applies", "Chart B, B1 not_applicable", "Chart B, B2 applies"}},
		{"c-significant", "a changed algorithm is significant (C2)", []ChangeKind{ChangeSoftware},
			set(allNo("C"), "mdcg_c2_architecture_database_algorithm", y("new model")), nil, OutcomeSignificant, "C2",
			[]string{"main chart not_applicable", "main chart not_applicable", "main chart applies", "Chart C, C1 not_applicable", "Chart C, C2 applies"}},
		{"c-yes-after-unknown", "a later yes decides even after an unanswered item", []ChangeKind{ChangeSoftware},
			set(set(allNo("C"), "mdcg_c1_operating_system_or_component", Answer{}), "mdcg_c4_feature_or_interoperability", y("HL7 FHIR export")), nil, OutcomeSignificant, "C4",
			[]string{"main chart not_applicable", "main chart not_applicable", "main chart applies", "Chart C, C1 needs_input", "Chart C, C2 not_applicable", "Chart C, C3 not_applicable", "Chart C, C4 applies"}},
		{"c-needs-input", "an unanswered item with no yes needs input", []ChangeKind{ChangeSoftware},
			set(allNo("C"), "mdcg_c5_user_interface_or_presentation", Answer{}), nil, OutcomeNeedsInput, "C5",
			[]string{"main chart not_applicable", "main chart not_applicable", "main chart applies", "Chart C, C1 not_applicable", "Chart C, C2 not_applicable", "Chart C, C3 not_applicable", "Chart C, C4 not_applicable", "Chart C, C5 needs_input", "main chart not_applicable", "main chart not_applicable"}},
		{"d-significant", "a medicinal substance change is significant", []ChangeKind{ChangeMaterial},
			set(allNo("D"), "mdcg_d1_medicinal_or_biological_substance", y("heparin coating")), nil, OutcomeSignificant, "D1",
			[]string{"main chart not_applicable", "main chart not_applicable", "main chart not_applicable", "main chart applies", "Chart D, D1 applies"}},
		{"e-significant", "a new sterilisation method is significant", []ChangeKind{ChangeSterilization},
			set(allNo("E"), "mdcg_e1_sterilization_method", y("EO to gamma")), nil, OutcomeSignificant, "E1",
			[]string{"main chart not_applicable", "main chart not_applicable", "main chart not_applicable", "main chart not_applicable", "main chart applies", "Chart E, E1 applies"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ChangeRecord{ID: "CR-1", Kinds: tt.kinds, Baseline: Baseline{Version: "1"}, Answers: tt.answers, Links: tt.links}
			a := check(AssessChange(MDCGSignificantChange, r, nil))(t)
			type view struct {
				Outcome ChangeOutcome
				Stopped string
				Trace   []string
			}
			if d := cmp.Diff(view{tt.outcome, tt.stopped, tt.trace}, view{a.Outcome, a.StoppedAt, traceSummary(a.Trace)}); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
			if a.Chart != tt.stopped[:1] {
				t.Errorf("chart %q, want %q", a.Chart, tt.stopped[:1])
			}
		})
	}
}

func TestCumulative(t *testing.T) {
	base := Baseline{Version: "3.1", Authorization: "K201234"}
	mk := func(id string, a ChangeAnswers) ChangeRecord {
		r := softwareChange(id, a)
		r.Baseline = base
		return r
	}
	q4no := allNoFDA()
	q3ayes := allNoFDA()
	q3ayes.Q3aNewOrModifiedRisk = y("new hazard")
	cyber := ChangeAnswers{Q1SolelyCybersecurity: y("patch"), Q1OtherImpact: n("none")}
	tests := []struct {
		name, reason string
		set          ChangeSet
		outcome      ChangeOutcome
		stopped      string
	}{
		{"one-yes-decides", "a submission-level answer in any change decides for the set",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", q4no), mk("B", q3ayes)}}, OutcomeNew510kLikely, "Q3a"},
		{"judgement-needs-cumulative", "two individual Q4 no answers do not settle the cumulative effect",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", q4no), mk("B", q4no)}}, OutcomeNeedsInput, "Q4"},
		{"cumulative-answer-settles", "a cumulative Q4 no settles the set",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", q4no), mk("B", q4no)}, Cumulative: ChangeAnswers{Q4ClinicalPerformance: n("together still within spec")}}, OutcomeDocument, "Q4"},
		{"cumulative-cannot-override-yes", "a cumulative no never overrides an individual yes",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", q3ayes)}, Cumulative: ChangeAnswers{Q3aNewOrModifiedRisk: n("claims none")}}, OutcomeNew510kLikely, "Q3a"},
		{"solely-needs-all", "a cybersecurity-only change combined with a feature is not solely cybersecurity",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", cyber), mk("B", q3ayes)}}, OutcomeNew510kLikely, "Q3a"},
		{"all-cyber", "two cybersecurity-only changes together are still solely cybersecurity",
			ChangeSet{Baseline: base, Changes: []ChangeRecord{mk("A", cyber), mk("B", cyber)}}, OutcomeDocument, "Q1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := check(AssessChangeSet(FDASoftwareChange, tt.set, nil))(t)
			if a.Outcome != tt.outcome || a.StoppedAt != tt.stopped {
				t.Errorf("got %v at %s, want %v at %s (%s)\n%v", a.Outcome, a.StoppedAt, tt.outcome, tt.stopped, tt.reason, traceSummary(a.Trace))
			}
			if len(a.Changes) != len(tt.set.Changes) {
				t.Errorf("changes %v", a.Changes)
			}
		})
	}
}

func TestCumulativePCCPPartial(t *testing.T) {
	p := testPCCP()
	base := Baseline{Version: "1.0"}
	covered := softwareChange("A", ChangeAnswers{PCCPImplementedPerProtocol: y("RT-4 passed")})
	covered.PCCPModification = "M1"
	other := softwareChange("B", allNoFDA())
	a := check(AssessChangeSet(FDASoftwareChange, ChangeSet{Baseline: base, Changes: []ChangeRecord{covered, other}}, &p))(t)
	if a.Outcome != OutcomeDocument || a.StoppedAt != "Q4" || a.Trace[0].Status != StatusNotApplicable {
		t.Errorf("partial coverage: %v at %s, trace %v; want the uncovered change alone through the flow to document", a.Outcome, a.StoppedAt, traceSummary(a.Trace))
	}
}

func TestChangeValidate(t *testing.T) {
	long := strings.Repeat("x", MaxRationaleLen+1)
	tests := []struct {
		name, reason string
		set          ChangeSet
		paths        []string
	}{
		{"empty", "a set needs a baseline and changes", ChangeSet{}, []string{"baseline.version", "changes"}},
		{"fields", "every problem of a change is reported with its path, in field order",
			ChangeSet{Baseline: Baseline{Version: "1"}, Changes: []ChangeRecord{
				{ID: "", Kinds: []ChangeKind{ChangeSoftware, ChangeSoftware}, Baseline: Baseline{Version: "2"}, Links: []RiskLink{{}}},
				{ID: "B", Description: long, Kinds: nil, Baseline: Baseline{Version: "1"}, Answers: ChangeAnswers{Q4ClinicalPerformance: Answer{Rationale: long}}},
			}},
			[]string{"changes[0].id", "changes[0].kinds[1]", "changes[0].links[0].id", "changes[0].links[0].target", "changes[0].links[0].effect", "changes[0].baseline.version",
				"changes[1].description", "changes[1].kinds", "changes[1].answers.fda_q4_clinical_performance.rationale"}},
		{"duplicate", "change IDs are unique",
			ChangeSet{Baseline: Baseline{Version: "1"}, Changes: []ChangeRecord{softwareChange("A", ChangeAnswers{}), softwareChange("A", ChangeAnswers{})}},
			[]string{"changes[1].id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.set.Changes {
				if tt.set.Changes[i].Baseline.Version == "1.0" {
					tt.set.Changes[i].Baseline.Version = "1"
				}
			}
			err := tt.set.Validate()
			if d := cmp.Diff(tt.paths, errorPaths(err)); d != "" {
				t.Errorf("%s (-want +got):\n%s\n%v", tt.reason, d, err)
			}
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
			if _, aerr := AssessChangeSet(FDASoftwareChange, tt.set, nil); !errors.Is(aerr, ErrInvalidInput) {
				t.Errorf("AssessChangeSet accepted an invalid set: %v", aerr)
			}
		})
	}
	if _, err := AssessChange(ChangeSchemeUnspecified, softwareChange("A", ChangeAnswers{}), nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero scheme accepted: %v", err)
	}
}

// errorPaths lists the paths of the *FieldError values joined in err.
func errorPaths(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *FieldError
		if errors.As(e, &fe) {
			out = append(out, fe.Path)
		}
	}
	walk(err)
	return out
}

func TestChangeJSONRoundTrip(t *testing.T) {
	p := testPCCP()
	r := softwareChange("CR-1", allNoFDA())
	r.Links = []RiskLink{{ID: "HZ-1", Target: LinkHazard, Effect: LinkReferenced, Source: "FMEA row 4"}}
	r.PCCPModification = "M1"
	r.Baseline.AuthorizedOn = MustDate(2024, 2, 29)
	set := ChangeSet{Baseline: r.Baseline, Changes: []ChangeRecord{r}, Cumulative: ChangeAnswers{Q4ClinicalPerformance: n("together fine")}}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	got := check(ParseChangeSet(b))(t)
	if d := cmp.Diff(set, got, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("change set round trip (-want +got):\n%s", d)
	}
	pb, _ := json.Marshal(p)
	if d := cmp.Diff(p, check(ParsePCCP(pb))(t), cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("pccp round trip (-want +got):\n%s", d)
	}
	a := check(AssessChangeSet(FDASoftwareChange, set, &p))(t)
	ab, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back ChangeAssessment
	if err := json.Unmarshal(ab, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, back, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("assessment round trip (-want +got):\n%s", d)
	}
}

func TestParseChangeStrict(t *testing.T) {
	valid := `{"id":"A","description":"d","kinds":["software"],"baseline":{"version":"1"},"answers":{},"links":[]}`
	if _, err := ParseChangeRecord([]byte(valid)); err != nil {
		t.Fatalf("valid record rejected: %v", err)
	}
	tests := []struct{ name, reason, doc string }{
		{"unknown-field", "unknown fields are rejected", `{"id":"A","kinds":["software"],"baseline":{"version":"1"},"answers":{},"surprise":1}`},
		{"duplicate-key", "duplicate keys are rejected", `{"id":"A","id":"B","kinds":["software"],"baseline":{"version":"1"}}`},
		{"bad-enum", "unknown enum text is rejected", `{"id":"A","kinds":["firmware"],"baseline":{"version":"1"}}`},
		{"bad-type", "a wrong type is rejected", `{"id":1,"kinds":["software"],"baseline":{"version":"1"}}`},
		{"bad-answer", "an answer value must be a boolean or null", `{"id":"A","kinds":["software"],"baseline":{"version":"1"},"answers":{"fda_q4_clinical_performance":{"value":"yes","rationale":""}}}`},
		{"trailing", "trailing data is rejected", valid + `{}`},
		{"invalid", "a decoded record is validated", `{"id":"","kinds":[],"baseline":{"version":"1"}}`},
		{"oversize", "documents over the cap are rejected before decoding", `{"id":"` + strings.Repeat("a", MaxChangeBytes) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseChangeRecord([]byte(tt.doc)); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("%s: err = %v", tt.reason, err)
			}
		})
	}
}

func TestChangeKindText(t *testing.T) {
	var k ChangeKind
	err := k.UnmarshalText([]byte("firmware"))
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "sterilization") {
		t.Errorf("unknown kind error %v should list the valid names", err)
	}
	if err := k.UnmarshalText([]byte("SOFTWARE")); err != nil || k != ChangeSoftware {
		t.Errorf("case-insensitive parse: %v %v", k, err)
	}
}

func TestAssessDoesNotMutate(t *testing.T) {
	r := softwareChange("CR-1", allNoFDA())
	r.Links = []RiskLink{{ID: "HZ-1", Target: LinkHazard, Effect: LinkAdded}}
	before, _ := json.Marshal(r)
	a := check(AssessChange(FDASoftwareChange, r, nil))(t)
	after, _ := json.Marshal(r)
	if string(before) != string(after) {
		t.Error("AssessChange modified its input")
	}
	a.Changes[0] = "changed"
	if r.ID != "CR-1" {
		t.Error("result aliases input")
	}
}
