package regulatory_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/healthpm/healthpm/regulatory"
)

// ExampleAssessChange runs one software change through the FDA 2017 flow
// and the MDCG 2020-3 charts.
func ExampleAssessChange() {
	r := regulatory.ChangeRecord{
		ID:          "CR-2026-014",
		Description: "retrained triage model with a new feature set",
		Kinds:       []regulatory.ChangeKind{regulatory.ChangeSoftware},
		Baseline:    regulatory.Baseline{Version: "2.4.0", Authorization: "K201234"},
		Answers: regulatory.ChangeAnswers{
			Q1SolelyCybersecurity:           regulatory.No("functional change"),
			Q2RestoresSpecification:         regulatory.No("new behaviour"),
			Q3aNewOrModifiedRisk:            regulatory.No("no new hazard found in the FMEA update"),
			C2ArchitectureDatabaseAlgorithm: regulatory.Yes("the algorithm changes"),
		},
		Links: []regulatory.RiskLink{{ID: "RC-12", Target: regulatory.LinkControl, Effect: regulatory.LinkAdded, Source: "post-market re-estimate RE-3"}},
	}
	fda, err := regulatory.AssessChange(regulatory.FDASoftwareChange, r, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("FDA: %s (stopped at %s)\n", fda.Conclusion, fda.StoppedAt)
	eu, _ := regulatory.AssessChange(regulatory.MDCGSignificantChange, r, nil)
	fmt.Printf("EU:  %s (stopped at %s)\n", eu.Conclusion, eu.StoppedAt)
	// Output:
	// FDA: new 510(k) likely required (stopped at Q3b)
	// EU:  significant change (Chart B, B2) (stopped at B2)
}

// ExampleAssessChangeSet assesses two changes since the last clearance
// together: the cumulative effect on clinical performance must be stated.
func ExampleAssessChangeSet() {
	no := func(s string) regulatory.Answer { return regulatory.No(s) }
	each := regulatory.ChangeAnswers{Q1SolelyCybersecurity: no("feature"), Q2RestoresSpecification: no("new"),
		Q3aNewOrModifiedRisk: no("none"), Q3bNewOrModifiedControl: no("none"), Q4ClinicalPerformance: no("minor")}
	base := regulatory.Baseline{Version: "3.1"}
	set := regulatory.ChangeSet{Baseline: base, Changes: []regulatory.ChangeRecord{
		{ID: "A", Kinds: []regulatory.ChangeKind{regulatory.ChangeSoftware}, Baseline: base, Answers: each},
		{ID: "B", Kinds: []regulatory.ChangeKind{regulatory.ChangeSoftware}, Baseline: base, Answers: each},
	}}
	a, _ := regulatory.AssessChangeSet(regulatory.FDASoftwareChange, set, nil)
	fmt.Println(a.Conclusion)
	set.Cumulative.Q4ClinicalPerformance = no("together still within the cleared performance specification")
	a, _ = regulatory.AssessChangeSet(regulatory.FDASoftwareChange, set, nil)
	fmt.Println(a.Conclusion)
	// Output:
	// needs input: fda_q4_clinical_performance
	// document (new 510(k) likely not required)
}

// ExampleWithinPCCP checks a retraining against an authorised PCCP.
func ExampleWithinPCCP() {
	p := regulatory.PCCP{ID: "PCCP-1", Authorization: "K241234", Modifications: []regulatory.PlannedModification{{
		ID: "M1", Description: "re-training on new sites", Kinds: []regulatory.ChangeKind{regulatory.ChangeSoftware},
		Verification: "locked test set", AcceptanceCriteria: "AUC >= 0.92"}}}
	r := regulatory.ChangeRecord{ID: "CR-7", Kinds: []regulatory.ChangeKind{regulatory.ChangeSoftware}, Baseline: regulatory.Baseline{Version: "1"},
		PCCPModification: "M1", Answers: regulatory.ChangeAnswers{PCCPImplementedPerProtocol: regulatory.Yes("report RT-4: AUC 0.94")}}
	a, _ := regulatory.AssessChange(regulatory.FDASoftwareChange, r, &p)
	fmt.Println(a.Outcome, "-", a.Conclusion)
	// Output:
	// implement_under_pccp - implement and document; no new marketing submission
}

// ExampleReportingDuties lists the duties after a death linked to a device
// sold in the EU and the US.
func ExampleReportingDuties() {
	yes, no := true, false
	inc := regulatory.Incident{ID: "INC-31", AwareOn: regulatory.MustDate(2026, time.July, 1),
		EU: &regulatory.EUVigilance{SeriousIncident: &yes, SeriousPublicHealthThreat: &no, DeathOrUnanticipatedSeriousDeterioration: &yes,
			FieldSafetyCorrectiveAction: &no, TrendIncrease: &no},
		FDA:      &regulatory.FDAReporting{Reporter: regulatory.ReporterManufacturer, Death: &yes, RemedialActionNeeded: &yes, FDARequested5Day: &no},
		Calendar: regulatory.WorkCalendar{Name: "US federal 2026", Holidays: []regulatory.Date{regulatory.MustDate(2026, time.July, 3)}},
	}
	rep, err := regulatory.ReportingDuties(inc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range rep.Duties {
		if d.Status == regulatory.StatusApplies {
			fmt.Println(d.ID, d.Due, "|", d.Basis)
		}
	}
	fmt.Println("next due", rep.NextDue)
	// Output:
	// eu-mdr-art87-5 2026-07-11 | Regulation (EU) 2017/745 Art. 87(5)
	// eu-mdr-art87-3 2026-07-16 | Regulation (EU) 2017/745 Art. 87(1)(a), 87(3)
	// fda-803.50 2026-07-31 | 21 CFR 803.10(c)(1), 803.50(a)
	// fda-803.53a 2026-07-09 | 21 CFR 803.10(c)(2), 803.53(a)
	// next due 2026-07-09
}

// ExampleAssessBreach assesses a lost unencrypted laptop and dates the
// notices, including the annual log for a breach under 500.
func ExampleAssessBreach() {
	yes, no := true, false
	n, unreachable := 212, 0
	f := regulatory.BreachFactor{Finding: "names, MRNs and diagnoses", Rationale: "identifiable clinical data on an unencrypted disk"}
	b := regulatory.Breach{ID: "BR-4", Party: regulatory.PartyCoveredEntity, DiscoveredOn: regulatory.MustDate(2025, time.November, 20),
		Secured: &no, Impermissible: &yes, WorkforceGoodFaith: &no, InadvertentAuthorized: &no, UnableToRetain: &no,
		Factors:                    regulatory.BreachFactors{NatureAndExtent: f, UnauthorizedPerson: f, AcquiredOrViewed: f, Mitigation: f},
		LowProbabilityOfCompromise: &no, Individuals: &n, OutdatedContacts: &unreachable}
	a, err := regulatory.AssessBreach(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Outcome)
	for _, d := range a.Duties {
		fmt.Println(strings.TrimSpace(fmt.Sprint(d.ID, " ", d.Status, " ", d.Due)))
	}
	// Output:
	// breach
	// hipaa-164.404 applies 2026-01-19
	// hipaa-164.404(d)(2) not_applicable
	// hipaa-164.406 not_applicable
	// hipaa-164.408 applies 2026-03-01
}

// ExamplePSURSchedule prints the EU periodic report per class.
func ExamplePSURSchedule() {
	for _, c := range []regulatory.Class{regulatory.ClassI, regulatory.ClassIIa, regulatory.ClassIIb, regulatory.ClassIII} {
		s, _ := regulatory.PSURSchedule(c, false)
		fmt.Printf("%-3s %s\n", c, s.Summary)
	}
	// Output:
	// I   PMSR, updated when necessary
	// IIa PSUR, when necessary and at least every 2 years
	// IIb PSUR, at least annually
	// III PSUR, at least annually; submitted via EUDAMED to the notified body
}
