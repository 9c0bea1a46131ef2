package regulatory

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func genAnswer(t *rapid.T, label string) Answer {
	switch rapid.IntRange(0, 2).Draw(t, label) {
	case 1:
		return Yes("stated yes")
	case 2:
		return No("stated no")
	}
	return Answer{}
}

func genAnswers(t *rapid.T, label string) ChangeAnswers {
	var a ChangeAnswers
	for _, q := range changeQuestionList {
		*q.get(&a) = genAnswer(t, label+"."+q.key)
	}
	return a
}

var allKinds = []ChangeKind{ChangeSoftware, ChangeLabeling, ChangeDesign, ChangeMaterial, ChangeSterilization, ChangePackaging, ChangeIntendedPurpose}

func genRecord(t *rapid.T, id string) ChangeRecord {
	kinds := rapid.SliceOfNDistinct(rapid.SampledFrom(allKinds), 1, 3, func(k ChangeKind) ChangeKind { return k }).Draw(t, id+".kinds")
	links := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) RiskLink {
		return RiskLink{ID: rapid.SampledFrom([]string{"HZ-1", "HZ-2", "RC-1"}).Draw(t, "id"),
			Target: rapid.SampledFrom([]LinkTarget{LinkHazard, LinkControl}).Draw(t, "target"),
			Effect: rapid.SampledFrom([]LinkEffect{LinkAdded, LinkModified, LinkReferenced}).Draw(t, "effect")}
	}), 0, 2).Draw(t, id+".links")
	r := ChangeRecord{ID: id, Kinds: kinds, Baseline: Baseline{Version: "1"}, Answers: genAnswers(t, id), Links: links}
	if rapid.Bool().Draw(t, id+".pccp") {
		r.PCCPModification = rapid.SampledFrom([]string{"M1", "M2"}).Draw(t, id+".mod")
	}
	return r
}

func genSet(t *rapid.T) ChangeSet {
	n := rapid.IntRange(1, 3).Draw(t, "n")
	s := ChangeSet{Baseline: Baseline{Version: "1"}}
	for i := range n {
		s.Changes = append(s.Changes, genRecord(t, string(rune('A'+i))))
	}
	if rapid.Bool().Draw(t, "cumulative") {
		s.Cumulative = genAnswers(t, "cum")
	}
	return s
}

func propPCCP() *PCCP {
	p := testPCCP()
	p.Modifications = append(p.Modifications, PlannedModification{ID: "M2", Kinds: []ChangeKind{ChangeSoftware, ChangeLabeling}, Verification: "v", AcceptanceCriteria: "c"})
	return &p
}

// withAnswers returns a copy of s whose answers f changes.
func withAnswers(s ChangeSet, f func(a *ChangeAnswers)) ChangeSet {
	c := s
	c.Changes = append([]ChangeRecord(nil), s.Changes...)
	for i := range c.Changes {
		f(&c.Changes[i].Answers)
	}
	f(&c.Cumulative)
	return c
}

// withChangeAnswers is withAnswers without the cumulative answers.
func withChangeAnswers(s ChangeSet, f func(a *ChangeAnswers)) ChangeSet {
	c := s
	c.Changes = append([]ChangeRecord(nil), s.Changes...)
	for i := range c.Changes {
		f(&c.Changes[i].Answers)
	}
	return c
}

// TestPropUnknownNeverDocuments: clearing any answer never turns a
// "submission likely" (or "significant") outcome into "document" (or "not
// significant").
func TestPropUnknownNeverDocuments(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSet(t)
		p := propPCCP()
		q := rapid.SampledFrom(changeQuestionList).Draw(t, "cleared")
		cleared := withAnswers(s, func(a *ChangeAnswers) { *q.get(a) = Answer{} })
		for _, scheme := range []ChangeScheme{FDASoftwareChange, MDCGSignificantChange} {
			before, err := AssessChangeSet(scheme, s, p)
			if err != nil {
				t.Fatal(err)
			}
			after, err := AssessChangeSet(scheme, cleared, p)
			if err != nil {
				t.Fatal(err)
			}
			if before.Outcome == OutcomeNew510kLikely && (after.Outcome == OutcomeDocument || after.Outcome == OutcomeImplementUnderPCCP) {
				t.Fatalf("clearing %s turned a submission into %v", q.key, after.Outcome)
			}
			if before.Outcome == OutcomeSignificant && after.Outcome == OutcomeNotSignificant {
				t.Fatalf("clearing %s turned a significant change into not significant", q.key)
			}
		}
	})
}

// TestPropDocumentIsSettled: when the outcome is "document" (or "not
// significant"), answering the questions left open by both the changes and
// the cumulative answers in any way never yields
// a submission, a significant change or a need for input: an unknown never
// resolved to "document".
func TestPropDocumentIsSettled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSet(t)
		p := propPCCP()
		for _, scheme := range []ChangeScheme{FDASoftwareChange, MDCGSignificantChange} {
			a, err := AssessChangeSet(scheme, s, p)
			if err != nil {
				t.Fatal(err)
			}
			if a.Outcome != OutcomeDocument && a.Outcome != OutcomeNotSignificant {
				continue
			}
			filled := withChangeAnswers(s, func(x *ChangeAnswers) {
				for _, q := range changeQuestionList {
					// A stated cumulative answer settles an open individual one.
					if q.get(x).Value == nil && q.get(&s.Cumulative).Value == nil {
						*q.get(x) = genAnswer(t, "fill."+q.key)
					}
				}
			})
			b, err := AssessChangeSet(scheme, filled, p)
			if err != nil {
				t.Fatal(err)
			}
			switch b.Outcome {
			case OutcomeDocument, OutcomeImplementUnderPCCP, OutcomeNotSignificant:
			default:
				t.Fatalf("%v outcome %v became %v at %s once unknowns were answered", scheme, a.Outcome, b.Outcome, b.StoppedAt)
			}
		}
	})
}

// TestPropAddedLinkNeverDocuments: linking an added hazard never turns a
// submission into "document".
func TestPropAddedLinkNeverDocuments(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSet(t)
		a, err := AssessChangeSet(FDASoftwareChange, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := s
		c.Changes = append([]ChangeRecord(nil), s.Changes...)
		c.Changes[0].Links = append(append([]RiskLink(nil), c.Changes[0].Links...), RiskLink{ID: "HZ-NEW", Target: LinkHazard, Effect: LinkAdded})
		b, err := AssessChangeSet(FDASoftwareChange, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Outcome == OutcomeNew510kLikely && b.Outcome == OutcomeDocument {
			t.Fatalf("an added hazard turned a submission into document")
		}
	})
}

func TestPropChangeSetRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSet(t)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseChangeSet(b)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(s, back, cmp.AllowUnexported(Date{})); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	})
}

func genDate(t *rapid.T, label string) Date {
	return MustDate(2020, 1, 1).AddDays(rapid.IntRange(0, 4000).Draw(t, label))
}

func genBreach(t *rapid.T, disc Date) Breach {
	b := unsecuredBreach(disc, rapid.IntRange(0, 2000).Draw(t, "individuals"))
	opt := func(label string) *bool {
		switch rapid.IntRange(0, 2).Draw(t, label) {
		case 1:
			return bp(true)
		case 2:
			return bp(false)
		}
		return nil
	}
	b.Secured, b.LowProbabilityOfCompromise = opt("secured"), opt("low")
	if rapid.Bool().Draw(t, "ba") {
		b.Party = PartyBusinessAssociate
		b.BusinessAssociateIsAgent = opt("agent")
	}
	if rapid.Bool().Draw(t, "state") {
		b.ResidentsByState = []StateCount{{State: "IL", Residents: rapid.IntRange(0, *b.Individuals).Draw(t, "il")}}
	}
	return b
}

// TestPropDeadlinesMonotone: a later discovery or awareness date never
// gives an earlier due date, for every duty.
func TestPropDeadlinesMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d1 := genDate(t, "d1")
		d2 := d1.AddDays(rapid.IntRange(0, 800).Draw(t, "gap"))
		var hol []Date
		for i := range rapid.IntRange(0, 5).Draw(t, "holidays") {
			hol = append(hol, genDate(t, "h"+string(rune('0'+i))))
		}
		mk := func(d Date) Incident {
			b := genBreach(t, d)
			inc := Incident{ID: "X", AwareOn: d, Calendar: WorkCalendar{Holidays: hol},
				EU:     &EUVigilance{SeriousIncident: bp(true), DeathOrUnanticipatedSeriousDeterioration: bp(true), SeriousPublicHealthThreat: bp(true), TrendIncrease: bp(true), TrendBenefitRiskAffected: bp(true), FieldSafetyCorrectiveAction: bp(true)},
				FDA:    &FDAReporting{Reporter: rapid.SampledFrom([]ReporterRole{ReporterManufacturer, ReporterUserFacility, ReporterImporter}).Draw(t, "role"), Death: bp(true), RemedialActionNeeded: bp(true), FDARequested5Day: bp(true)},
				AI:     &AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: rapid.SampledFrom([]AIIncidentKind{AIIncidentDeath, AIIncidentOther, AIIncidentWidespreadOrCriticalInfrastructure}).Draw(t, "kind"), DeviceUnderMDR: bp(false)},
				Breach: &b,
			}
			return inc
		}
		i1 := mk(d1)
		i2 := i1
		b2 := *i1.Breach
		b2.DiscoveredOn = d2
		i2.AwareOn, i2.Breach = d2, &b2
		r1, err := ReportingDuties(i1)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ReportingDuties(i2)
		if err != nil {
			t.Fatal(err)
		}
		if len(r1.Duties) != len(r2.Duties) {
			t.Fatalf("duty lists differ: %v vs %v", dutyIDs(r1.Duties), dutyIDs(r2.Duties))
		}
		for i := range r1.Duties {
			a, b := r1.Duties[i], r2.Duties[i]
			if a.ID != b.ID || a.Status != b.Status {
				t.Fatalf("duty %d: %s %v vs %s %v", i, a.ID, a.Status, b.ID, b.Status)
			}
			if !a.Due.IsZero() && !b.Due.IsZero() && b.Due.Before(a.Due) {
				t.Fatalf("%s: discovery %s due %s, later discovery %s due %s", a.ID, d1, a.Due, d2, b.Due)
			}
		}
	})
}
