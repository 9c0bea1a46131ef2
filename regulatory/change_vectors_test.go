package regulatory

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// pmVector is one case of testdata/postmarket_vectors.dev.json, copied
// unchanged from ../shared/reference/postmarket_vectors.dev.json (32 of the
// 52 reference cases of the post-market research note postmarket.md; each
// records its source and provenance). This file runs the regulatory ones:
// fda-sw-change-*, mdcg-2020-3-*, reg-deadlines-*, reg-psur-* and hipaa-*.
type pmVector struct {
	ID       string          `json:"id"`
	Method   string          `json:"method"`
	Inputs   json.RawMessage `json:"inputs"`
	Expected json.RawMessage `json:"expected"`
	Source   string          `json:"source"`
}

var regulatoryPrefixes = []string{"fda-sw-change-", "mdcg-2020-3-", "reg-deadlines-", "reg-psur-", "hipaa-"}

func loadPMVectors(t *testing.T) []pmVector {
	t.Helper()
	b, err := os.ReadFile("testdata/postmarket_vectors.dev.json")
	if err != nil {
		t.Fatal(err)
	}
	var all []pmVector
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	var out []pmVector
	for _, v := range all {
		for _, p := range regulatoryPrefixes {
			if strings.HasPrefix(v.ID, p) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// check turns a (value, error) result into a function of the test that
// fails it on error: check(f())(t).
func check[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func decodeInto(t *testing.T, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func bp(b bool) *bool { return &b }
func ip(n int) *int   { return &n }

// tristate converts a vector boolean into an answer.
func tristate(b bool, why string) Answer {
	if b {
		return Yes(why)
	}
	return No(why)
}

func softwareChange(id string, a ChangeAnswers) ChangeRecord {
	return ChangeRecord{ID: id, Description: "test change", Kinds: []ChangeKind{ChangeSoftware}, Baseline: Baseline{Version: "1.0"}, Answers: a}
}

// mdcgChartCAnswers maps a change description of the chart C vector onto
// the chart C answers the description states (the engine decides
// significance from them).
var mdcgChartCAnswers = map[string]string{
	"new or major change of operating system or a component": "mdcg_c1_operating_system_or_component",
	"bug fix with no safety risk":                            "",
	"new language / layout":                                  "",
	"change of an algorithm":                                 "mdcg_c2_architecture_database_algorithm",
	"new channel of interoperability":                        "mdcg_c4_feature_or_interoperability",
}

func chartCRecord(item string) ChangeRecord {
	r := softwareChange("CR-C", ChangeAnswers{})
	for _, it := range mdcgCharts[2].items {
		*questionByKey(it.key).get(&r.Answers) = tristate(it.key == item, "stated by the change description")
	}
	return r
}

var euCaseFacts = map[string]EUVigilance{
	"serious public health threat":                 {SeriousIncident: bp(true), SeriousPublicHealthThreat: bp(true), DeathOrUnanticipatedSeriousDeterioration: bp(false), TrendIncrease: bp(false)},
	"death or unanticipated serious deterioration": {SeriousIncident: bp(true), SeriousPublicHealthThreat: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(true), TrendIncrease: bp(false)},
	"other serious incident":                       {SeriousIncident: bp(true), SeriousPublicHealthThreat: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(false), TrendIncrease: bp(false)},
	"trend report (Art. 88)":                       {SeriousIncident: bp(false), SeriousPublicHealthThreat: bp(false), DeathOrUnanticipatedSeriousDeterioration: bp(false), TrendIncrease: bp(true), TrendBenefitRiskAffected: bp(true)},
}

var aiCaseKinds = map[string]AIIncidentKind{
	"widespread infringement or Art. 3(49)(b) critical-infrastructure disruption": AIIncidentWidespreadOrCriticalInfrastructure,
	"death of a person":      AIIncidentDeath,
	"other serious incident": AIIncidentOther,
}

// governing returns the applicable duty with the earliest due date among
// ids (duties without a date count last), and whether one applies.
func governing(ds []Duty, ids ...string) (Duty, bool) {
	var best Duty
	found := false
	for _, d := range ds {
		if d.Status != StatusApplies || !containsID(ids, d.ID) {
			continue
		}
		if !found || (!d.Due.IsZero() && (best.Due.IsZero() || d.Due.Before(best.Due))) {
			best, found = d, true
		}
	}
	return best, found
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func dutyByID(t *testing.T, ds []Duty, id string) Duty {
	t.Helper()
	for _, d := range ds {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no duty %q in %v", id, dutyIDs(ds))
	return Duty{}
}

func dutyIDs(ds []Duty) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

func TestPostmarketVectors(t *testing.T) {
	aware := MustDate(2026, time.March, 2)
	runs := map[string]func(t *testing.T, v pmVector){
		"fda-sw-change-cyber-only": func(t *testing.T, v pmVector) {
			var in struct {
				SolelyCybersecurity bool `json:"solely_cybersecurity"`
				OtherImpact         bool `json:"other_impact"`
			}
			var want struct {
				Outcome   string `json:"outcome"`
				StoppedAt string `json:"stopped_at"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			r := softwareChange("CR-1", ChangeAnswers{
				Q1SolelyCybersecurity: tristate(in.SolelyCybersecurity, "TLS library upgrade only"),
				Q1OtherImpact:         tristate(in.OtherImpact, "no functional change"),
			})
			a := check(AssessChange(FDASoftwareChange, r, nil))(t)
			got := struct{ Outcome, StoppedAt string }{a.Conclusion, a.StoppedAt}
			if d := cmp.Diff(struct{ Outcome, StoppedAt string }{want.Outcome, want.StoppedAt}, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, d)
			}
			if a.Outcome != OutcomeDocument {
				t.Errorf("outcome = %v, want document", a.Outcome)
			}
		},
		"fda-sw-change-within-pccp": func(t *testing.T, v pmVector) {
			var in struct {
				Within      bool `json:"within_authorized_pccp"`
				Implemented bool `json:"implemented_per_modification_protocol"`
			}
			var want struct {
				Outcome string `json:"outcome"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			p := testPCCP()
			r := softwareChange("CR-2", ChangeAnswers{PCCPImplementedPerProtocol: tristate(in.Implemented, "re-training report RT-4 meets the AUC criterion")})
			if in.Within {
				r.PCCPModification = "M1"
			}
			a := check(AssessChange(FDASoftwareChange, r, &p))(t)
			if a.Conclusion != want.Outcome || a.Outcome != OutcomeImplementUnderPCCP || a.StoppedAt != "PCCP" {
				t.Errorf("got %v %q at %q, want %q (%s)", a.Outcome, a.Conclusion, a.StoppedAt, want.Outcome, v.Source)
			}
		},
		"mdcg-2020-3-chart-c": func(t *testing.T, v pmVector) {
			var in struct {
				Changes []string `json:"changes"`
			}
			var want struct {
				Significant []bool `json:"significant"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			got := make([]bool, len(in.Changes))
			for i, c := range in.Changes {
				item, ok := mdcgChartCAnswers[c]
				if !ok {
					t.Fatalf("no answer mapping for chart C change %q", c)
				}
				a := check(AssessChange(MDCGSignificantChange, chartCRecord(item), nil))(t)
				if a.Outcome != OutcomeSignificant && a.Outcome != OutcomeNotSignificant {
					t.Fatalf("%q: outcome %v", c, a.Outcome)
				}
				got[i] = a.Outcome == OutcomeSignificant
			}
			if d := cmp.Diff(want.Significant, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, d)
			}
		},
		"reg-deadlines-eu-mdr-art87": func(t *testing.T, v pmVector) {
			var in struct {
				Cases []string `json:"cases"`
			}
			var want struct {
				Days []*int `json:"days_after_awareness"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			got := make([]*int, len(in.Cases))
			for i, c := range in.Cases {
				eu, ok := euCaseFacts[c]
				if !ok {
					t.Fatalf("no facts for case %q", c)
				}
				rep := check(ReportingDuties(Incident{ID: "INC", AwareOn: aware, EU: &eu}))(t)
				d, ok := governing(rep.Duties, "eu-mdr-art87-3", "eu-mdr-art87-4", "eu-mdr-art87-5", "eu-mdr-art88")
				if !ok {
					t.Fatalf("%q: no duty applies", c)
				}
				if d.Clock == ClockCalendarDays {
					got[i] = ip(d.Days)
					if aware.DaysUntil(d.Due) != d.Days {
						t.Errorf("%q: due %s is not %d days after %s", c, d.Due, d.Days, aware)
					}
				}
			}
			if d := cmp.Diff(want.Days, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, d)
			}
		},
		"reg-deadlines-ai-act-art73": func(t *testing.T, v pmVector) {
			var in struct {
				Cases []string `json:"cases"`
			}
			var want struct {
				Days []int `json:"days_after_awareness"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			got := make([]int, len(in.Cases))
			for i, c := range in.Cases {
				k, ok := aiCaseKinds[c]
				if !ok {
					t.Fatalf("no kind for case %q", c)
				}
				rep := check(ReportingDuties(Incident{ID: "INC", AwareOn: aware, AI: &AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: k, DeviceUnderMDR: bp(false)}}))(t)
				d := dutyByID(t, rep.Duties, "eu-ai-act-art73")
				if d.Status != StatusApplies {
					t.Fatalf("%q: status %v", c, d.Status)
				}
				got[i] = aware.DaysUntil(d.Due)
			}
			if d := cmp.Diff(want.Days, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, d)
			}
		},
		"reg-psur-periodicity": func(t *testing.T, v pmVector) {
			var in struct {
				Classes []string `json:"classes"`
			}
			var want struct {
				Report []string `json:"report"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			got := make([]string, len(in.Classes))
			for i, c := range in.Classes {
				class, implantable := ClassIIb, true
				if c != "implantable" {
					implantable = false
					if err := class.UnmarshalText([]byte(c)); err != nil {
						t.Fatal(err)
					}
				}
				got[i] = check(PSURSchedule(class, implantable))(t).Summary
			}
			if d := cmp.Diff(want.Report, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, d)
			}
		},
		"hipaa-presence-health": func(t *testing.T, v pmVector) {
			var in struct {
				Discovered  Date `json:"discovered"`
				Individuals int  `json:"individuals"`
				Reported    Date `json:"reported_to_ocr"`
			}
			var want struct {
				Deadline            Date `json:"deadline_individuals_media_hhs"`
				DaysToReport        int  `json:"days_from_discovery_to_report"`
				Late                bool `json:"late"`
				MediaNoticeRequired bool `json:"media_notice_required"`
				HHSContemporaneous  bool `json:"hhs_contemporaneous"`
			}
			decodeInto(t, v.Inputs, &in)
			decodeInto(t, v.Expected, &want)
			b := unsecuredBreach(in.Discovered, in.Individuals)
			b.ResidentsByState = []StateCount{{State: "IL", Residents: in.Individuals}}
			b.Notices.HHSOn = in.Reported
			a := check(AssessBreach(b))(t)
			ind := dutyByID(t, a.Duties, "hipaa-164.404")
			media := dutyByID(t, a.Duties, "hipaa-164.406-IL")
			hhs := dutyByID(t, a.Duties, "hipaa-164.408")
			type view struct {
				Deadlines          []string
				DaysToReport       int
				Late               bool
				Media              bool
				HHSContemporaneous bool
			}
			got := view{[]string{ind.Due.String(), media.Due.String(), hhs.Due.String()}, hhs.DaysTaken, hhs.Late != nil && *hhs.Late,
				media.Status == StatusApplies, hhs.Status == StatusApplies && hhs.Basis == cfr164+"164.408(b)" && hhs.Due == ind.Due}
			d := want.Deadline.String()
			if diff := cmp.Diff(view{[]string{d, d, d}, want.DaysToReport, want.Late, want.MediaNoticeRequired, want.HHSContemporaneous}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", v.Source, diff)
			}
		},
	}
	vs := loadPMVectors(t)
	if len(vs) == 0 {
		t.Fatal("no regulatory vectors found")
	}
	for _, v := range vs {
		run, ok := runs[v.ID]
		if !ok {
			t.Errorf("vector %q has no runner", v.ID)
			continue
		}
		t.Run(v.ID, func(t *testing.T) { run(t, v) })
	}
}

// unsecuredBreach is a breach of unsecured PHI with every 164.402 step
// stated against the covered entity.
func unsecuredBreach(discovered Date, individuals int) Breach {
	f := BreachFactor{Finding: "names, dates of service and procedure codes", Rationale: "identifiable clinical data"}
	return Breach{
		ID: "BR-1", Party: PartyCoveredEntity, DiscoveredOn: discovered,
		Secured: bp(false), Impermissible: bp(true),
		WorkforceGoodFaith: bp(false), InadvertentAuthorized: bp(false), UnableToRetain: bp(false),
		Factors:                    BreachFactors{NatureAndExtent: f, UnauthorizedPerson: f, AcquiredOrViewed: f, Mitigation: f},
		LowProbabilityOfCompromise: bp(false),
		Individuals:                ip(individuals), OutdatedContacts: ip(0),
	}
}

func testPCCP() PCCP {
	return PCCP{ID: "PCCP-1", Authorization: "K241234", AuthorizedOn: MustDate(2025, time.June, 3),
		Modifications: []PlannedModification{{ID: "M1", Description: "re-train on data from new sites, same architecture", Kinds: []ChangeKind{ChangeSoftware},
			Verification: "locked test set of 2,000 studies; subgroup analysis", AcceptanceCriteria: "AUC ≥ 0.92 and sensitivity ≥ 0.90 overall and per site"}}}
}
