package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// addSecurity adds a HIPAA security risk analysis to r: the EHR (ePHI,
// covered by the downtime plan CP-1 with RTO 4 h) and a kiosk without ePHI,
// one vulnerability, one analysis with a 72-hour restore objective and two
// assessed threat events. With downtimeRegister it has no findings.
func addSecurity(r *Register) *Register {
	r.SchemaVersion = SchemaVersion
	r.Assets = []Asset{
		{ID: "AS-EHR", Name: "EHR", Kind: "system", Description: "electronic health record", EPHI: true, Owner: "it.ops.lead"},
		{ID: "AS-KIOSK", Name: "check-in kiosk", Kind: "device", Owner: "facilities"},
	}
	r.Vulnerabilities = []Vulnerability{{ID: "V-1", Description: "no MFA on remote access", Assets: []string{"AS-EHR"}, Severity: NISTHigh}}
	r.SecurityAnalyses = []SecurityAnalysis{{ID: "SRA-2026", Title: "2026 security risk analysis", Scope: "clinical systems",
		Assets: []string{"AS-EHR", "AS-KIOSK"}, Method: "NIST SP 800-30 Rev. 1", By: "security.officer", At: day(90),
		NextReview: day(90).AddDate(1, 0, 0), RestoreObjective: Dur(72 * time.Hour)}}
	r.ThreatEvents = []ThreatEvent{
		{ID: "TE-1", Analysis: "SRA-2026", Description: "credential phishing leads to EHR data exfiltration",
			Source: SourceAdversarial, SourceDescription: "criminal group", Assets: []string{"AS-EHR"}, Vulnerabilities: []string{"V-1"},
			Confidentiality: true, CurrentMeasures: []string{"awareness training"},
			LikelihoodInitiation: NISTHigh, LikelihoodImpact: NISTHigh, Impact: NISTHigh,
			OverallLikelihood: NISTHigh, Risk: NISTHigh, Treatment: "enforce MFA", Owner: "it.ops.lead", By: "security.officer", At: day(91)},
		{ID: "TE-2", Analysis: "SRA-2026", Description: "ransomware encrypts the EHR database", Source: SourceAdversarial,
			Assets: []string{"AS-EHR"}, Availability: true, Integrity: true,
			LikelihoodInitiation: NISTModerate, LikelihoodImpact: NISTModerate, Impact: NISTHigh, By: "security.officer", At: day(91)},
	}
	return r
}

func securityCodes(fs []Finding) []string {
	var out []string
	for _, c := range codes(fs) {
		if strings.HasPrefix(c, "security-") || strings.HasPrefix(c, "ephi-") {
			out = append(out, c)
		}
	}
	return out
}

func TestSecurityFindings(t *testing.T) {
	tests := []struct {
		name, reason string
		edit         func(r *Register)
		want         []string
	}{
		{"clean", "every ePHI asset analysed, reviewed on time, restorable within 72 h", func(*Register) {}, nil},
		{"no-analysis", "assets hold ePHI and there is no analysis",
			func(r *Register) { r.SecurityAnalyses, r.ThreatEvents = nil, nil }, []string{CodeSecurityAnalysisMissing + " REG-1"}},
		{"review-overdue", "next review before asOf",
			func(r *Register) { r.SecurityAnalyses[0].NextReview = asOf.Add(-time.Hour) }, []string{CodeSecurityReviewOverdue + " SRA-2026"}},
		{"review-unscheduled", "no next review date",
			func(r *Register) { r.SecurityAnalyses[0].NextReview = time.Time{} }, []string{CodeSecurityReviewUnscheduled + " SRA-2026"}},
		{"stale", "the latest analysis is more than 12 months old (and its review is overdue)",
			func(r *Register) {
				r.SecurityAnalyses[0].At = asOf.AddDate(-1, 0, -1)
				r.SecurityAnalyses[0].NextReview = asOf.AddDate(0, 0, 10)
				for i := range r.ThreatEvents {
					r.ThreatEvents[i].At = asOf.AddDate(-1, 0, 0)
				}
			}, []string{CodeSecurityAnalysisStale + " SRA-2026"}},
		{"newer-analysis-judged", "only the latest analysis is judged; its ePHI asset has no event yet",
			func(r *Register) {
				r.SecurityAnalyses[0].NextReview = day(95)
				r.SecurityAnalyses = append(r.SecurityAnalyses, SecurityAnalysis{ID: "SRA-2026b", Title: "review", Assets: []string{"AS-EHR"},
					By: "security.officer", At: day(100), NextReview: day(400)})
			}, []string{CodeSecurityAssetUnanalysed + " AS-EHR,SRA-2026b"}},
		{"unanalysed", "an ePHI asset in scope with no threat event",
			func(r *Register) { r.Assets[1].EPHI = true; r.Assets[1].Name = "kiosk" },
			[]string{CodeEPHISystemWithoutPlan + " AS-KIOSK", CodeSecurityAssetUnanalysed + " AS-KIOSK,SRA-2026"}},
		{"unassessed", "a level not assessed is never defaulted",
			func(r *Register) { r.ThreatEvents[1].Impact = NISTUnassessed }, []string{CodeSecurityRiskUnassessed + " TE-2"}},
		{"mismatch", "stored risk differs from Table I-2",
			func(r *Register) { r.ThreatEvents[0].Risk = NISTModerate }, []string{CodeSecurityRiskMismatch + " TE-1"}},
		{"untreated", "a High risk needs a treatment with an owner",
			func(r *Register) { r.ThreatEvents[0].Owner = "" }, []string{CodeSecurityHighRiskUntreated + " TE-1"}},
		{"rto-over", "the plan restores in 96 h, beyond the 72 h objective",
			func(r *Register) { r.ContingencyPlans[0].RTO = Dur(96 * time.Hour); r.Hazards[0].MaxDowntime = nil },
			[]string{CodeEPHIRestoreObjectiveNotMet + " CP-1,AS-EHR"}},
		{"rto-equal", "exactly the objective meets it",
			func(r *Register) { r.ContingencyPlans[0].RTO = Dur(72 * time.Hour); r.Hazards[0].MaxDowntime = nil }, nil},
		{"no-objective", "no objective stated: no restore lint",
			func(r *Register) {
				r.SecurityAnalyses[0].RestoreObjective = nil
				r.ContingencyPlans[0].RTO = Dur(96 * time.Hour)
				r.Hazards[0].MaxDowntime = nil
			}, nil},
		{"plan-retired", "a retired plan covers nothing",
			func(r *Register) { r.ContingencyPlans[0].Status = PlanRetired; r.Hazards[0].Category = "information" },
			[]string{CodeEPHISystemWithoutPlan + " AS-EHR"}},
		{"out-of-scope", "an event names an asset outside its analysis",
			func(r *Register) {
				r.SecurityAnalyses[0].Assets = []string{"AS-EHR"}
				r.ThreatEvents[1].Assets = []string{"AS-EHR", "AS-KIOSK"}
			},
			[]string{CodeSecurityEventOutsideAnalysis + " TE-2,AS-KIOSK,SRA-2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := addSecurity(downtimeRegister())
			tt.edit(r)
			if diff := cmp.Diff(tt.want, securityCodes(r.Validate(asOf))); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
	// The clean fixture has no finding at all, so the security records do
	// not disturb the rest of the register.
	if fs := addSecurity(downtimeRegister()).Validate(asOf); len(fs) != 0 {
		t.Errorf("clean security register findings: %v", codes(fs))
	}
}

func TestCheckRestoreObjective(t *testing.T) {
	r := addSecurity(downtimeRegister()) // CP-1 covers "EHR" with RTO 4 h
	tests := []struct {
		name, reason string
		objective    time.Duration
		want         []string
	}{
		{"72h", "4 h is within 72 h", 72 * time.Hour, nil},
		{"4h", "the boundary is inclusive", 4 * time.Hour, nil},
		{"1h", "4 h is beyond 1 h", time.Hour, []string{CodeEPHIRestoreObjectiveNotMet + " CP-1,AS-EHR"}},
		{"negative", "a negative objective checks nothing", -time.Hour, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, codes(r.CheckRestoreObjective(tt.objective))); diff != "" {
			t.Errorf("%s (%s) (-want +got):\n%s", tt.name, tt.reason, diff)
		}
	}
	r.ContingencyPlans[0].RTO = nil
	if diff := cmp.Diff([]string{CodeEPHIRestoreObjectiveNotMet + " CP-1,AS-EHR"}, codes(r.CheckRestoreObjective(72*time.Hour))); diff != "" {
		t.Errorf("unstated RTO (-want +got):\n%s", diff)
	}
}

func TestSecurityRoundTrip(t *testing.T) {
	r := addSecurity(downtimeRegister())
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeRegister(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	csvBack, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, csvBack); diff != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", diff)
	}
	// A v2 document may not carry v3 records.
	v2 := bytes.Replace(b, []byte(SchemaVersion), []byte(SchemaVersionV2), 1)
	if _, err := DecodeRegister(bytes.NewReader(v2)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("v2 with threat events: %v, want ErrInvalidInput", err)
	}
	// Strict decoding: unknown fields and bad levels are rejected.
	for _, bad := range [][2]string{
		{`"impact":"high"`, `"impact":"extreme"`},
		{`"holds_ephi":true`, `"holds_ephi":true,"phi":true`},
		{`"source":"adversarial"`, `"source":"insider-ish"`},
	} {
		doc := bytes.Replace(b, []byte(bad[0]), []byte(bad[1]), 1)
		if bytes.Equal(doc, b) {
			t.Fatalf("fixture lacks %s", bad[0])
		}
		if _, err := DecodeRegister(bytes.NewReader(doc)); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", bad[1], err)
		}
	}
}

func TestThreatEventValidate(t *testing.T) {
	err := ThreatEvent{ID: "TE-9", Impact: NISTLevel(8)}.Validate()
	for _, want := range []error{ErrInvalidInput, ErrOutOfRange} {
		if !errors.Is(err, want) {
			t.Errorf("error %v does not wrap %v", err, want)
		}
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != `threat_events["TE-9"].analysis` {
		t.Errorf("first problem %v, want the analysis path", fe)
	}
	if err := (SecurityAnalysis{ID: "S", Title: "t", Assets: []string{"A"}, By: "x", At: day(5), NextReview: day(1)}).Validate(); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("review before the analysis: %v", err)
	}
}
