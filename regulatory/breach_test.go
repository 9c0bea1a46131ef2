package regulatory

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBreachAssessmentExits(t *testing.T) {
	disc := MustDate(2025, time.November, 3)
	mod := func(f func(b *Breach)) Breach { b := unsecuredBreach(disc, 40); f(&b); return b }
	tests := []struct {
		name, reason string
		b            Breach
		outcome      BreachOutcome
		lastRule     string
		duties       bool
	}{
		{"secured", "encrypted PHI is outside the rule (safe harbour)", mod(func(b *Breach) { b.Secured = bp(true) }), NotABreach, "164.402 unsecured PHI", false},
		{"permitted", "a permitted disclosure is not a breach", mod(func(b *Breach) { b.Impermissible = bp(false) }), NotABreach, "164.402 impermissible", false},
		{"exclusion-i", "good-faith workforce access is excluded", mod(func(b *Breach) { b.WorkforceGoodFaith = bp(true) }), NotABreach, "164.402(1)(i)", false},
		{"exclusion-ii", "inadvertent disclosure between authorised persons is excluded", mod(func(b *Breach) { b.InadvertentAuthorized = bp(true) }), NotABreach, "164.402(1)(ii)", false},
		{"exclusion-iii", "a recipient unable to retain the PHI is excluded", mod(func(b *Breach) { b.UnableToRetain = bp(true) }), NotABreach, "164.402(1)(iii)", false},
		{"low-probability", "a documented four-factor assessment showing low probability rebuts the presumption", mod(func(b *Breach) { b.LowProbabilityOfCompromise = bp(true) }), NotABreach, "164.402(2) low probability", false},
		{"low-probability-undocumented", "a low-probability claim without all four factors leaves the presumption", mod(func(b *Breach) {
			b.LowProbabilityOfCompromise = bp(true)
			b.Factors.Mitigation = BreachFactor{Finding: "recipient attested deletion"}
		}), BreachPresumed, "164.402(2) low probability", true},
		{"no-conclusion", "no stated conclusion: presumed breach", mod(func(b *Breach) { b.LowProbabilityOfCompromise = nil }), BreachPresumed, "164.402(2) low probability", true},
		{"secured-unknown", "unknown encryption is treated as unsecured", mod(func(b *Breach) { b.Secured = nil }), BreachPresumed, "164.402(2) low probability", true},
		{"established", "every step stated, none takes it out", unsecuredBreach(disc, 40), BreachEstablished, "164.402(2) low probability", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := check(AssessBreach(tt.b))(t)
			last := a.Trace[len(a.Trace)-1].Rule
			if a.Outcome != tt.outcome || !strings.HasPrefix(last, cfr164+tt.lastRule) || (len(a.Duties) > 0) != tt.duties {
				t.Errorf("%s: got %v ending at %q with %d duties", tt.reason, a.Outcome, last, len(a.Duties))
			}
		})
	}
}

func TestBreachNotificationDuties(t *testing.T) {
	disc := MustDate(2025, time.November, 3)
	tests := []struct {
		name, reason string
		mod          func(b *Breach)
		want         []dutyView
	}{
		{"small", "fewer than 500: individuals in 60 days, annual log 60 days after year end (2026-03-01)",
			func(b *Breach) { b.ResidentsByState = []StateCount{{State: "OH", Residents: 40}} },
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"edge-500", "exactly 500 in one State: HHS contemporaneously, no media (needs more than 500)",
			func(b *Breach) {
				b.Individuals = ip(500)
				b.ResidentsByState = []StateCount{{State: "TX", Residents: 500}}
			},
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-01-02"}}},
		{"edge-499", "499: annual log, no media",
			func(b *Breach) { b.Individuals = ip(499) },
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"media-per-state", "501 in one State triggers its media; 400 in another does not",
			func(b *Breach) {
				b.Individuals = ip(901)
				b.ResidentsByState = []StateCount{{State: "NY", Residents: 501}, {State: "NJ", Residents: 400}}
			},
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406-NY", StatusApplies, "2026-01-02"}, {"hipaa-164.408", StatusApplies, "2026-01-02"}}},
		{"unattributed", "more than 500 individuals without States: the media duty needs input",
			func(b *Breach) { b.Individuals = ip(700) },
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNeedsInput, "2026-01-02"}, {"hipaa-164.408", StatusApplies, "2026-01-02"}}},
		{"substitute-small", "fewer than 10 unreachable: alternative notice",
			func(b *Breach) { b.OutdatedContacts = ip(9) },
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusApplies, "2026-01-02"}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"written-delay", "a written law-enforcement delay past the 60 days moves the due dates to its end",
			func(b *Breach) {
				b.LawEnforcementDelay = &LawEnforcementDelay{Form: DelayWritten, StatedOn: MustDate(2025, time.November, 10), Until: MustDate(2026, time.February, 1)}
			},
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-02-01"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"oral-delay", "an oral delay lasts at most 30 days from the statement; here it ends after the 60-day limit",
			func(b *Breach) {
				b.LawEnforcementDelay = &LawEnforcementDelay{Form: DelayOral, StatedOn: MustDate(2025, time.December, 20)}
			},
			[]dutyView{{"hipaa-164.404", StatusApplies, "2026-01-19"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"ba-agent", "a business associate acting as agent: its discovery starts the covered entity's clock",
			func(b *Breach) { b.Party = PartyBusinessAssociate; b.BusinessAssociateIsAgent = bp(true) },
			[]dutyView{{"hipaa-164.410", StatusApplies, "2026-01-02"}, {"hipaa-164.404", StatusApplies, "2026-01-02"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"ba-independent", "an independent business associate: the covered entity's clock starts when it is told",
			func(b *Breach) {
				b.Party = PartyBusinessAssociate
				b.BusinessAssociateIsAgent = bp(false)
				b.Notices.CoveredEntityOn = MustDate(2025, time.December, 15)
			},
			[]dutyView{{"hipaa-164.410", StatusApplies, "2026-01-02"}, {"hipaa-164.404", StatusApplies, "2026-02-13"}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusApplies, "2026-03-01"}}},
		{"ba-untold", "a business associate that has not told the covered entity: its duties need input",
			func(b *Breach) { b.Party = PartyBusinessAssociate; b.BusinessAssociateIsAgent = bp(false) },
			[]dutyView{{"hipaa-164.410", StatusApplies, "2026-01-02"}, {"hipaa-164.404", StatusNeedsInput, ""}, {"hipaa-164.404(d)(2)", StatusNotApplicable, ""}, {"hipaa-164.406", StatusNotApplicable, ""}, {"hipaa-164.408", StatusNeedsInput, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := unsecuredBreach(disc, 40)
			tt.mod(&b)
			a := check(AssessBreach(b))(t)
			if d := cmp.Diff(tt.want, views(a.Duties)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

func TestBreachSubstituteLarge(t *testing.T) {
	b := unsecuredBreach(MustDate(2025, time.November, 3), 40)
	b.OutdatedContacts = ip(10)
	d := dutyByID(t, check(AssessBreach(b))(t).Duties, "hipaa-164.404(d)(2)")
	if d.Status != StatusApplies || !strings.Contains(d.Recipient, "toll-free") || !strings.Contains(d.Recipient, "90 days") {
		t.Errorf("10 unreachable individuals need web or media notice with a toll-free number: %+v", d)
	}
}

func TestBreachValidate(t *testing.T) {
	b := Breach{ID: "B", Party: PartyCoveredEntity, DiscoveredOn: MustDate(2025, 1, 1), Individuals: ip(10),
		ResidentsByState:    []StateCount{{State: "CA", Residents: 8}, {State: "CA", Residents: 8}, {State: "", Residents: -1}},
		OutdatedContacts:    ip(11),
		LawEnforcementDelay: &LawEnforcementDelay{Form: DelayOral, StatedOn: MustDate(2025, 1, 2), Until: MustDate(2025, 3, 1)}}
	want := []string{"residents_by_state[1].state", "residents_by_state[2].state", "residents_by_state[2].residents", "residents_by_state", "outdated_contacts", "law_enforcement_delay.until"}
	err := b.Validate()
	if d := cmp.Diff(want, errorPaths(err)); d != "" {
		t.Errorf("paths (-want +got):\n%s\n%v", d, err)
	}
	if !errors.Is(err, ErrInvalidInput) {
		t.Error("not ErrInvalidInput")
	}
}

func TestBreachJSONRoundTrip(t *testing.T) {
	b := unsecuredBreach(MustDate(2013, time.October, 22), 863)
	b.ResidentsByState = []StateCount{{State: "IL", Residents: 863}}
	b.LawEnforcementDelay = &LawEnforcementDelay{Form: DelayWritten, StatedOn: MustDate(2013, 11, 1), Until: MustDate(2013, 12, 1)}
	b.Notices.HHSOn = MustDate(2014, time.January, 31)
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	back := check(ParseBreach(raw))(t)
	if d := cmp.Diff(b, back, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("breach round trip (-want +got):\n%s", d)
	}
	a := check(AssessBreach(b))(t)
	ab, _ := json.Marshal(a)
	var aback BreachAssessment
	if err := json.Unmarshal(ab, &aback); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, aback, cmp.AllowUnexported(Date{})); d != "" {
		t.Errorf("assessment round trip (-want +got):\n%s", d)
	}
}
