package regulatory

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// Caps on breach records.
const (
	// MaxStates caps [Breach.ResidentsByState] (the 50 States, DC and the
	// territories fit).
	MaxStates = 64
	// MaxIndividuals caps the individual counts of a breach.
	MaxIndividuals = 1_000_000_000
)

// RuleSetHIPAABreach names the provisions [AssessBreach] applies.
var RuleSetHIPAABreach = RuleSet{
	ID:      "hipaa-breach-notification-2013",
	Source:  "45 CFR 164.402 (definitions, exclusions, four-factor risk assessment), 164.404 (individuals), 164.406 (media), 164.408 (Secretary), 164.410 (business associates), 164.412 (law enforcement delay), 164.414 (burden of proof)",
	Edition: "HITECH Breach Notification Rule as amended by the Omnibus Rule, 78 FR 5566 (25 Jan 2013)",
}

// Party is who discovered the breach.
type Party uint8

// Parties. The zero value is rejected.
const (
	PartyUnspecified Party = iota
	// PartyCoveredEntity: a covered entity (164.404–164.408).
	PartyCoveredEntity
	// PartyBusinessAssociate: a business associate (164.410), which notifies
	// the covered entity.
	PartyBusinessAssociate
)

var partyCodec = enumtext.New[Party]("regulatory", "party", ErrInvalidInput, "", "covered_entity", "business_associate")

// String returns "covered_entity" or "business_associate".
func (p Party) String() string { return partyCodec.String(p) }

// MarshalText returns the party name; it returns an error for the zero value.
func (p Party) MarshalText() ([]byte, error) { return partyCodec.Marshal(p) }

// AppendText appends the party name to b.
func (p Party) AppendText(b []byte) ([]byte, error) { return partyCodec.Append(b, p) }

// UnmarshalText parses a party name, ignoring case.
func (p *Party) UnmarshalText(b []byte) error { return partyCodec.Unmarshal(p, b) }

// DelayForm is how a law-enforcement official asked for a delay (164.412).
type DelayForm uint8

// Delay forms. The zero value is rejected.
const (
	DelayFormUnspecified DelayForm = iota
	// DelayWritten: a written statement specifying the time of the delay.
	DelayWritten
	// DelayOral: an oral statement; the delay is at most 30 days from it.
	DelayOral
)

var delayFormCodec = enumtext.New[DelayForm]("regulatory", "delay form", ErrInvalidInput, "", "written", "oral")

// String returns "written" or "oral".
func (f DelayForm) String() string { return delayFormCodec.String(f) }

// MarshalText returns the form name; it returns an error for the zero value.
func (f DelayForm) MarshalText() ([]byte, error) { return delayFormCodec.Marshal(f) }

// AppendText appends the form name to b.
func (f DelayForm) AppendText(b []byte) ([]byte, error) { return delayFormCodec.Append(b, f) }

// UnmarshalText parses a form name, ignoring case.
func (f *DelayForm) UnmarshalText(b []byte) error { return delayFormCodec.Unmarshal(f, b) }

// BreachOutcome is the conclusion of the 164.402 assessment.
type BreachOutcome uint8

// Breach outcomes. The zero value has no text form.
const (
	BreachOutcomeUnspecified BreachOutcome = iota
	// NotABreach: secured PHI, a permitted use, an exclusion, or a
	// documented low probability of compromise.
	NotABreach
	// BreachEstablished: every step is stated and none takes the event out.
	BreachEstablished
	// BreachPresumed: the presumption of 164.402(2) stands because a step
	// that could take the event out is unstated or undocumented.
	// Notification duties apply as for an established breach.
	BreachPresumed
)

var breachOutcomeCodec = enumtext.New[BreachOutcome]("regulatory", "breach outcome", ErrInvalidInput, "", "not_a_breach", "breach", "presumed_breach")

// String returns "not_a_breach", "breach" or "presumed_breach".
func (o BreachOutcome) String() string { return breachOutcomeCodec.String(o) }

// MarshalText returns the outcome name; it returns an error for the zero value.
func (o BreachOutcome) MarshalText() ([]byte, error) { return breachOutcomeCodec.Marshal(o) }

// AppendText appends the outcome name to b.
func (o BreachOutcome) AppendText(b []byte) ([]byte, error) { return breachOutcomeCodec.Append(b, o) }

// UnmarshalText parses an outcome name, ignoring case.
func (o *BreachOutcome) UnmarshalText(b []byte) error { return breachOutcomeCodec.Unmarshal(o, b) }

// BreachFactor is one factor of the 164.402(2) risk assessment: what was
// found and why it matters. A factor counts as documented when both are
// non-empty.
type BreachFactor struct {
	// Finding states the facts, e.g. "names and diagnosis codes of 863 patients".
	Finding string `json:"finding"`
	// Rationale says what the finding means for the probability of compromise.
	Rationale string `json:"rationale"`
}

func (f BreachFactor) documented() bool {
	return strings.TrimSpace(f.Finding) != "" && strings.TrimSpace(f.Rationale) != ""
}

// BreachFactors are the four factors 164.402(2)(i)–(iv) requires at least.
type BreachFactors struct {
	// NatureAndExtent: the nature and extent of the PHI, including the types
	// of identifiers and the likelihood of re-identification.
	NatureAndExtent BreachFactor `json:"nature_and_extent"`
	// UnauthorizedPerson: who used the PHI or to whom it was disclosed.
	UnauthorizedPerson BreachFactor `json:"unauthorized_person"`
	// AcquiredOrViewed: whether the PHI was actually acquired or viewed.
	AcquiredOrViewed BreachFactor `json:"acquired_or_viewed"`
	// Mitigation: the extent to which the risk to the PHI has been mitigated.
	Mitigation BreachFactor `json:"mitigation"`
}

// StateCount is the number of affected residents of one State or
// jurisdiction.
type StateCount struct {
	// State names the State or jurisdiction, e.g. "IL". Unique within a breach.
	State string `json:"state"`
	// Residents is the number of affected residents, 0 to [MaxIndividuals].
	Residents int `json:"residents"`
}

// LawEnforcementDelay is a law-enforcement statement that notice would
// impede a criminal investigation or damage national security (164.412).
type LawEnforcementDelay struct {
	// Form is written or oral.
	Form DelayForm `json:"form"`
	// StatedOn is the day of the statement.
	StatedOn Date `json:"stated_on"`
	// Until is the end of the delay a written statement specifies; for an
	// oral statement it must be empty (the delay is at most 30 days).
	Until Date `json:"until,omitzero"`
}

// end returns the last day of the delay.
func (l LawEnforcementDelay) end() Date {
	if l.Form == DelayOral {
		return l.StatedOn.AddDays(30)
	}
	return l.Until
}

// BreachNotices records when notices were actually given, for lateness.
type BreachNotices struct {
	// IndividualsOn is when the individual notices went out.
	IndividualsOn Date `json:"individuals_on,omitzero"`
	// MediaOn is when the media were notified.
	MediaOn Date `json:"media_on,omitzero"`
	// HHSOn is when the Secretary (HHS OCR) was notified.
	HHSOn Date `json:"hhs_on,omitzero"`
	// CoveredEntityOn is when a business associate notified the covered entity.
	CoveredEntityOn Date `json:"covered_entity_on,omitzero"`
}

// Breach is an impermissible use or disclosure of protected health
// information to assess under 45 CFR 164.402 and, if it is a breach, to
// notify under 164.404–164.410. Tri-state facts are null when not stated.
type Breach struct {
	// ID identifies the breach. Required.
	ID string `json:"id"`
	// Party is covered_entity or business_associate. Required.
	Party Party `json:"party"`
	// DiscoveredOn is the first day the breach was known to the party, or
	// by exercising reasonable diligence would have been known, to any
	// workforce member or agent other than the person committing it.
	// Required.
	DiscoveredOn Date `json:"discovered_on"`
	// Secured: the PHI was secured per HHS guidance (encryption or
	// destruction), the safe harbour of unsecured PHI.
	Secured *bool `json:"secured"`
	// Impermissible: the acquisition, access, use or disclosure is not
	// permitted under the Privacy Rule (subpart E).
	Impermissible *bool `json:"impermissible"`
	// WorkforceGoodFaith: exclusion (1)(i), an unintentional acquisition,
	// access or use by a workforce member or person acting under the
	// authority of the entity, in good faith, within the scope of authority,
	// and not further used or disclosed impermissibly.
	WorkforceGoodFaith *bool `json:"exclusion_workforce_good_faith"`
	// InadvertentAuthorized: exclusion (1)(ii), an inadvertent disclosure
	// between persons authorised to access PHI at the same entity or
	// organised health care arrangement, not further used or disclosed.
	InadvertentAuthorized *bool `json:"exclusion_inadvertent_authorized"`
	// UnableToRetain: exclusion (1)(iii), a good-faith belief that the
	// unauthorised recipient could not reasonably have retained the PHI.
	UnableToRetain *bool `json:"exclusion_unable_to_retain"`
	// Factors are the four documented risk-assessment factors.
	Factors BreachFactors `json:"factors"`
	// LowProbabilityOfCompromise is the conclusion of the risk assessment:
	// true only when the four factors demonstrate a low probability that
	// the PHI has been compromised.
	LowProbabilityOfCompromise *bool `json:"low_probability_of_compromise"`
	// Individuals is the number of individuals affected; null when unknown.
	Individuals *int `json:"individuals"`
	// ResidentsByState splits the individuals by State of residence (for
	// the media duty); the counts sum to at most Individuals.
	ResidentsByState []StateCount `json:"residents_by_state"`
	// OutdatedContacts is the number of individuals whose contact
	// information is insufficient or out of date; null when unknown.
	OutdatedContacts *int `json:"outdated_contacts"`
	// LawEnforcementDelay is the delay statement, or nil.
	LawEnforcementDelay *LawEnforcementDelay `json:"law_enforcement_delay,omitzero"`
	// BusinessAssociateIsAgent (business associate only): the business
	// associate acts as the covered entity's agent, so its discovery is the
	// covered entity's.
	BusinessAssociateIsAgent *bool `json:"business_associate_is_agent"`
	// Notices records the notices already given.
	Notices BreachNotices `json:"notices"`
}

// Validate reports every problem with b in field order.
func (b Breach) Validate() error {
	var errs vErrs
	b.validate(&errs, "")
	return errs.err()
}

func (b *Breach) validate(errs *vErrs, prefix string) {
	if b.ID == "" {
		errs.field(prefix+"id", "", fmt.Errorf("missing breach id: %w", ErrInvalidInput))
	}
	errs.text(prefix+"id", b.ID, MaxTextLen)
	if b.Party == PartyUnspecified || !partyCodec.Valid(b.Party) {
		errs.field(prefix+"party", b.Party.String(), fmt.Errorf("want covered_entity or business_associate: %w", ErrInvalidInput))
	}
	if b.DiscoveredOn.IsZero() {
		errs.field(prefix+"discovered_on", "", fmt.Errorf("missing discovery date: %w", ErrInvalidInput))
	}
	for _, f := range []struct {
		key string
		f   BreachFactor
	}{{"nature_and_extent", b.Factors.NatureAndExtent}, {"unauthorized_person", b.Factors.UnauthorizedPerson}, {"acquired_or_viewed", b.Factors.AcquiredOrViewed}, {"mitigation", b.Factors.Mitigation}} {
		errs.text(prefix+"factors."+f.key+".finding", f.f.Finding, MaxRationaleLen)
		errs.text(prefix+"factors."+f.key+".rationale", f.f.Rationale, MaxRationaleLen)
	}
	count := func(path string, p *int) {
		if p != nil && (*p < 0 || *p > MaxIndividuals) {
			errs.field(path, strconv.Itoa(*p), fmt.Errorf("out of range [0, %d]: %w", MaxIndividuals, ErrInvalidInput))
		}
	}
	count(prefix+"individuals", b.Individuals)
	if len(b.ResidentsByState) > MaxStates {
		errs.field(prefix+"residents_by_state", "", fmt.Errorf("%d states, more than %d: %w", len(b.ResidentsByState), MaxStates, ErrInvalidInput))
	} else {
		sum := 0
		for i, s := range b.ResidentsByState {
			p := prefix + "residents_by_state[" + strconv.Itoa(i) + "]"
			if strings.TrimSpace(s.State) == "" {
				errs.field(p+".state", "", fmt.Errorf("missing state: %w", ErrInvalidInput))
			}
			errs.text(p+".state", s.State, MaxTextLen)
			for j := range i {
				if s.State != "" && b.ResidentsByState[j].State == s.State {
					errs.field(p+".state", s.State, fmt.Errorf("repeats residents_by_state[%d]: %w", j, ErrInvalidInput))
					break
				}
			}
			r := s.Residents
			count(p+".residents", &r)
			if r > 0 && r <= MaxIndividuals {
				sum += r
			}
		}
		if b.Individuals != nil && *b.Individuals >= 0 && sum > *b.Individuals {
			errs.field(prefix+"residents_by_state", strconv.Itoa(sum), fmt.Errorf("residents sum to more than the %d individuals: %w", *b.Individuals, ErrInvalidInput))
		}
	}
	count(prefix+"outdated_contacts", b.OutdatedContacts)
	if b.OutdatedContacts != nil && b.Individuals != nil && *b.OutdatedContacts > *b.Individuals {
		errs.field(prefix+"outdated_contacts", strconv.Itoa(*b.OutdatedContacts), fmt.Errorf("more than the %d individuals: %w", *b.Individuals, ErrInvalidInput))
	}
	if l := b.LawEnforcementDelay; l != nil {
		p := prefix + "law_enforcement_delay."
		if l.Form == DelayFormUnspecified || !delayFormCodec.Valid(l.Form) {
			errs.field(p+"form", l.Form.String(), fmt.Errorf("want written or oral: %w", ErrInvalidInput))
		}
		if l.StatedOn.IsZero() {
			errs.field(p+"stated_on", "", fmt.Errorf("missing statement date: %w", ErrInvalidInput))
		}
		switch {
		case l.Form == DelayWritten && l.Until.IsZero():
			errs.field(p+"until", "", fmt.Errorf("a written statement specifies the end of the delay: %w", ErrInvalidInput))
		case l.Form == DelayWritten && l.Until.Before(l.StatedOn):
			errs.field(p+"until", l.Until.String(), fmt.Errorf("before the statement: %w", ErrInvalidInput))
		case l.Form == DelayOral && !l.Until.IsZero():
			errs.field(p+"until", l.Until.String(), fmt.Errorf("an oral statement delays at most 30 days; record a written statement instead: %w", ErrInvalidInput))
		}
	}
}

// ParseBreach decodes and validates a breach; errors as for [ParseIncident]
// plus [Breach.Validate].
func ParseBreach(b []byte) (Breach, error) {
	var br Breach
	if err := decodeStrict(b, &br, MaxIncidentBytes); err != nil {
		return Breach{}, err
	}
	if err := br.Validate(); err != nil {
		return Breach{}, err
	}
	return br, nil
}

// BreachAssessment is the result of [AssessBreach].
type BreachAssessment struct {
	// Breach is the breach ID.
	Breach string `json:"breach"`
	// RuleSet names the provisions applied.
	RuleSet RuleSet `json:"rule_set"`
	// Outcome is not_a_breach, breach or presumed_breach.
	Outcome BreachOutcome `json:"outcome"`
	// Basis states what decided the outcome.
	Basis string `json:"basis"`
	// Trace lists the 164.402 steps in order: safe harbour, permitted use,
	// exclusions (i)–(iii), the four factors and the conclusion. Status
	// applies means the step's condition holds.
	Trace []TraceEntry `json:"trace"`
	// Duties lists the notification duties (none for not_a_breach): the
	// business associate's notice, then individuals, substitute notice,
	// media per State, and the Secretary.
	Duties []Duty `json:"duties"`
	// NextDue is the earliest due date among the duties that apply.
	NextDue Date `json:"next_due,omitzero"`
	// Judgements lists caveats the engine reports but does not decide.
	Judgements []string `json:"judgements,omitzero"`
	// Questions lists the facts still needed.
	Questions []Question `json:"questions,omitzero"`
}

// AssessBreach runs the 45 CFR 164.402 breach assessment and, unless the
// event is not a breach, lists the notification duties of 164.404–164.410
// with dates counted in calendar days from discovery: individuals within 60
// days; the media for each State with more than 500 affected residents; the
// Secretary contemporaneously for 500 or more individuals, otherwise within
// 60 days after the end of the calendar year of discovery; a business
// associate's notice to the covered entity within 60 days. A law-enforcement
// delay (164.412) moves each due date to the end of the delay when that is
// later. The burden of proof rests on the entity (164.414), so an unstated
// step keeps the presumption of a breach.
//
// AssessBreach returns an error if b fails [Breach.Validate]. Cost O(s) for
// s States.
func AssessBreach(b Breach) (BreachAssessment, error) {
	if err := b.Validate(); err != nil {
		return BreachAssessment{}, err
	}
	return assessBreach(&b), nil
}

const cfr164 = "45 CFR "

func assessBreach(b *Breach) BreachAssessment {
	a := BreachAssessment{Breach: b.ID, RuleSet: RuleSetHIPAABreach}
	out := func(o BreachOutcome, basis string) BreachAssessment {
		a.Outcome, a.Basis = o, basis
		if o != NotABreach {
			a.Duties = breachDuties(b, &a)
			a.NextDue = nextDue(a.Duties)
		}
		a.Questions = mergeQuestions(changeQuestions(a.Trace), dutyQuestions(a.Duties))
		return a
	}
	presumed := false
	// step records one step; it reports whether the step takes the event out
	// of the definition of breach (outOnYes: a yes does so, else a no).
	step := func(rule string, t tri, fact string, outWhy, onWhy, unknownWhy string, outOnYes bool) bool {
		e := TraceEntry{Rule: rule}
		switch t {
		case unknown:
			e.Status = StatusNeedsInput
			e.Open = []OpenFact{{Fact: factKey(fact), Effect: effectDecide}}
			e.Rationale = unknownWhy
			presumed = true
			a.Trace = append(a.Trace, e)
			return false
		case yes:
			e.Status, e.FactsUsed = StatusApplies, []string{fact}
		default:
			e.Status, e.DecidingFact = StatusNotApplicable, fact
		}
		out := (t == yes) == outOnYes
		e.Rationale = onWhy
		if out {
			e.Rationale = outWhy
		}
		a.Trace = append(a.Trace, e)
		return out
	}
	if step(cfr164+"164.402 unsecured PHI (safe harbour)", tb(b.Secured), kv("secured", b.Secured),
		"The PHI was secured per HHS guidance (encryption or destruction): no breach of unsecured PHI, no notification duty.",
		"The PHI was unsecured.",
		"Whether the PHI was secured is not stated; it is treated as unsecured.", true) {
		return out(NotABreach, "secured PHI (safe harbour)")
	}
	if step(cfr164+"164.402 impermissible use or disclosure", tb(b.Impermissible), kv("impermissible", b.Impermissible),
		"The use or disclosure is permitted under the Privacy Rule: not a breach.",
		"The acquisition, access, use or disclosure is not permitted under the Privacy Rule.",
		"Whether the use or disclosure was permitted is not stated; it is presumed impermissible.", false) {
		return out(NotABreach, "permitted use or disclosure")
	}
	for _, ex := range []struct {
		rule, key string
		p         *bool
		why       string
	}{
		{"164.402(1)(i) exclusion: good-faith workforce access", "exclusion_workforce_good_faith", b.WorkforceGoodFaith, "unintentional good-faith access by a workforce member within the scope of authority"},
		{"164.402(1)(ii) exclusion: inadvertent disclosure between authorised persons", "exclusion_inadvertent_authorized", b.InadvertentAuthorized, "inadvertent disclosure between persons authorised at the same entity or arrangement"},
		{"164.402(1)(iii) exclusion: recipient unable to retain", "exclusion_unable_to_retain", b.UnableToRetain, "good-faith belief that the recipient could not have retained the PHI"},
	} {
		if step(cfr164+ex.rule, tb(ex.p), kv(ex.key, ex.p),
			"Excluded from the definition of breach: "+ex.why+".",
			"The exclusion does not apply.",
			"Whether the exclusion applies is not stated; it is not assumed.", true) {
			return out(NotABreach, "exclusion "+strings.Fields(ex.rule)[0])
		}
	}
	var missing []string
	for _, f := range []struct {
		n, key, title string
		f             BreachFactor
	}{
		{"(i)", "nature_and_extent", "nature and extent of the PHI", b.Factors.NatureAndExtent},
		{"(ii)", "unauthorized_person", "the unauthorised person", b.Factors.UnauthorizedPerson},
		{"(iii)", "acquired_or_viewed", "whether the PHI was acquired or viewed", b.Factors.AcquiredOrViewed},
		{"(iv)", "mitigation", "extent of mitigation", b.Factors.Mitigation},
	} {
		e := TraceEntry{Rule: cfr164 + "164.402(2)" + f.n + " factor: " + f.title}
		if f.f.documented() {
			e.Status = StatusApplies
			e.FactsUsed = []string{"factors." + f.key + ".finding=" + shortText(f.f.Finding)}
			e.Rationale = asSentence(f.f.Finding) + " " + asSentence(f.f.Rationale)
		} else {
			e.Status = StatusNeedsInput
			e.Open = []OpenFact{{Fact: "factors." + f.key, Effect: effectDecide}}
			e.Rationale = "The factor is not documented (finding and rationale are both required)."
			missing = append(missing, "factors."+f.key)
		}
		a.Trace = append(a.Trace, e)
	}
	concl := TraceEntry{Rule: cfr164 + "164.402(2) low probability of compromise"}
	lp := tb(b.LowProbabilityOfCompromise)
	switch {
	case lp == yes && len(missing) == 0:
		concl.Status = StatusApplies
		concl.FactsUsed = []string{"low_probability_of_compromise=true"}
		concl.Rationale = "The documented risk assessment of the four factors demonstrates a low probability that the PHI has been compromised: not a breach. Keep the documentation (164.414, 164.530(j))."
		a.Trace = append(a.Trace, concl)
		return out(NotABreach, "low probability of compromise demonstrated by the four-factor assessment")
	case lp == yes:
		concl.Status = StatusNeedsInput
		for _, m := range missing {
			concl.Open = append(concl.Open, OpenFact{Fact: m, Effect: effectDecide})
		}
		concl.Rationale = "A low probability of compromise is claimed but not demonstrated: " + strings.Join(missing, ", ") + " undocumented. The breach is presumed."
		presumed = true
	case lp == no:
		concl.Status = StatusNotApplicable
		concl.DecidingFact = "low_probability_of_compromise=false"
		concl.Rationale = "The risk assessment does not demonstrate a low probability of compromise: a breach."
	default:
		concl.Status = StatusNeedsInput
		concl.Open = []OpenFact{{Fact: "low_probability_of_compromise", Effect: effectDecide}}
		concl.Rationale = "No conclusion of the risk assessment is stated: the impermissible use or disclosure is presumed to be a breach (164.402(2))."
		presumed = true
	}
	a.Trace = append(a.Trace, concl)
	if presumed {
		return out(BreachPresumed, "presumed breach of unsecured PHI: a step that could rebut the presumption is unstated or undocumented")
	}
	return out(BreachEstablished, "breach of unsecured PHI: impermissible, no exclusion, no low probability of compromise")
}

func mergeQuestions(a, b []Question) []Question {
	for _, q := range b {
		found := false
		for i := range a {
			if a[i].Fact == q.Fact {
				a[i].Rules = append(a[i].Rules, q.Rules...)
				found = true
				break
			}
		}
		if !found {
			a = append(a, q)
		}
	}
	return a
}

// breachDuties lists the notification duties of a breach.
func breachDuties(b *Breach, a *BreachAssessment) []Duty {
	var ds []Duty
	var delayEnd Date
	if l := b.LawEnforcementDelay; l != nil {
		delayEnd = l.end()
		a.Judgements = append(a.Judgements, fmt.Sprintf("law-enforcement delay (%s statement of %s) until %s under 164.412: due dates are moved to the end of the delay where later (164.412 does not say whether the 60 days are tolled; this is the earlier reading)", l.Form, l.StatedOn, delayEnd))
	}
	due := func(d *Duty, from Date, clock Clock, days int) {
		d.Clock, d.Days, d.From = clock, days, from
		if from.IsZero() {
			return
		}
		switch clock {
		case ClockAfterYearEnd:
			d.Due = yearEndOf(from).AddDays(days)
		default:
			d.Due = from.AddDays(days)
		}
		if delayEnd.After(d.Due) {
			d.Due = delayEnd
			d.FactsUsed = append(d.FactsUsed, "law_enforcement_delay.until="+delayEnd.String())
		}
	}
	done := func(d *Duty, on Date) {
		if on.IsZero() || d.From.IsZero() {
			return
		}
		d.DoneOn, d.DaysTaken = on, d.From.DaysUntil(on)
		if !d.Due.IsZero() {
			d.Late = boolPtr(on.After(d.Due))
		}
	}

	// The covered entity's discovery date.
	ceFrom := b.DiscoveredOn
	var ceOpen []OpenFact
	if b.Party == PartyBusinessAssociate {
		ba := Duty{ID: "hipaa-164.410", Basis: cfr164 + "164.410(b)", Recipient: "the covered entity",
			Status:    StatusApplies,
			FactsUsed: []string{"party=business_associate", "discovered_on=" + b.DiscoveredOn.String()},
			Rationale: "A business associate notifies the covered entity without unreasonable delay and within 60 calendar days of discovery, identifying each individual affected."}
		due(&ba, b.DiscoveredOn, ClockCalendarDays, 60)
		done(&ba, b.Notices.CoveredEntityOn)
		ds = append(ds, ba)
		switch {
		case tb(b.BusinessAssociateIsAgent) == yes:
			// Agency: the business associate's discovery is the covered entity's.
		case !b.Notices.CoveredEntityOn.IsZero():
			ceFrom = b.Notices.CoveredEntityOn
			if tb(b.BusinessAssociateIsAgent) == unknown {
				ceOpen = append(ceOpen, OpenFact{Fact: "business_associate_is_agent", Effect: effectDecide})
			}
		default:
			ceFrom = Date{}
			ceOpen = append(ceOpen, OpenFact{Fact: "notices.covered_entity_on", Effect: effectDecide})
			if tb(b.BusinessAssociateIsAgent) == unknown {
				ceOpen = append(ceOpen, OpenFact{Fact: "business_associate_is_agent", Effect: effectDecide})
			}
		}
	}
	ceStatus := StatusApplies
	if len(ceOpen) > 0 {
		ceStatus = StatusNeedsInput
	}
	ceRecipientNote := ""
	if b.Party == PartyBusinessAssociate {
		ceRecipientNote = " The covered entity gives this notice (it may delegate it to the business associate); its clock starts at its own discovery."
	}

	ind := Duty{ID: "hipaa-164.404", Basis: cfr164 + "164.404(a)–(c)", Recipient: "each individual whose unsecured PHI was breached (first-class mail, or e-mail if agreed)",
		Status: ceStatus, Open: ceOpen,
		Rationale: "Individuals are notified without unreasonable delay and within 60 calendar days of discovery." + ceRecipientNote}
	due(&ind, ceFrom, ClockCalendarDays, 60)
	done(&ind, b.Notices.IndividualsOn)
	ds = append(ds, ind)

	sub := Duty{ID: "hipaa-164.404(d)(2)", Basis: cfr164 + "164.404(d)(2)", Status: ceStatus, Open: cloneOpen(ceOpen)}
	due(&sub, ceFrom, ClockCalendarDays, 60)
	switch oc := b.OutdatedContacts; {
	case oc == nil:
		sub.Status = StatusNeedsInput
		sub.Open = append(sub.Open, OpenFact{Fact: "outdated_contacts", Effect: effectGate})
		sub.Recipient = "individuals with insufficient or out-of-date contact information"
		sub.Rationale = "Substitute notice is owed for individuals who cannot be reached; how many is not stated."
	case *oc == 0:
		sub.Status, sub.DecidingFact, sub.Open = StatusNotApplicable, "outdated_contacts=0", nil
		sub.Clock, sub.Days, sub.From, sub.Due = ClockNone, 0, Date{}, Date{}
		sub.Recipient = "individuals with insufficient or out-of-date contact information"
		sub.Rationale = "Every individual can be reached directly."
	case *oc < 10:
		sub.FactsUsed = append(sub.FactsUsed, "outdated_contacts="+strconv.Itoa(*oc))
		sub.Recipient = "the individuals who cannot be reached: alternative written notice, telephone or other means"
		sub.Rationale = "Fewer than 10 individuals with out-of-date contact information: substitute notice by an alternative form of written notice, telephone or other means."
	default:
		sub.FactsUsed = append(sub.FactsUsed, "outdated_contacts="+strconv.Itoa(*oc))
		sub.Recipient = "the public: a conspicuous posting on the home page for 90 days, or major print or broadcast media where the individuals likely live, plus a toll-free number active for at least 90 days"
		sub.Rationale = "10 or more individuals with out-of-date contact information: substitute notice by web posting for 90 days or major media, with a toll-free number for at least 90 days."
	}
	ds = append(ds, sub)

	// Media: more than 500 residents of a State or jurisdiction.
	media := func(id, state string) Duty {
		return Duty{ID: id, Basis: cfr164 + "164.406", Recipient: "prominent media outlets serving " + state,
			Rationale: "More than 500 residents of a State or jurisdiction: prominent media outlets there are notified within 60 calendar days of discovery." + ceRecipientNote}
	}
	attributed, over := 0, false
	for _, s := range b.ResidentsByState {
		attributed += s.Residents
		if s.Residents > 500 {
			over = true
			d := media("hipaa-164.406-"+s.State, s.State)
			d.Status, d.Open = ceStatus, cloneOpen(ceOpen)
			d.FactsUsed = []string{fmt.Sprintf("residents_by_state.%s=%d", s.State, s.Residents)}
			due(&d, ceFrom, ClockCalendarDays, 60)
			done(&d, b.Notices.MediaOn)
			ds = append(ds, d)
		}
	}
	unattributed := -1 // unknown
	if b.Individuals != nil {
		unattributed = *b.Individuals - attributed
	}
	switch {
	case b.Individuals != nil && unattributed > 500:
		d := media("hipaa-164.406", "each State with more than 500 affected residents")
		d.Status, d.Open = StatusNeedsInput, append(cloneOpen(ceOpen), OpenFact{Fact: "residents_by_state", Effect: effectGate})
		d.Rationale = fmt.Sprintf("%d affected individuals are not attributed to a State; if more than 500 of them live in one State, its media must be notified.", unattributed)
		due(&d, ceFrom, ClockCalendarDays, 60)
		ds = append(ds, d)
	case b.Individuals == nil && !over:
		d := media("hipaa-164.406", "each State with more than 500 affected residents")
		d.Status, d.Open = StatusNeedsInput, append(cloneOpen(ceOpen), OpenFact{Fact: "residents_by_state", Effect: effectGate})
		d.Rationale = "The number of affected residents per State is not stated; the media duty holds for each State with more than 500."
		due(&d, ceFrom, ClockCalendarDays, 60)
		ds = append(ds, d)
	case !over:
		d := media("hipaa-164.406", "a State")
		d.Status = StatusNotApplicable
		d.DecidingFact = fmt.Sprintf("individuals=%d, no State with more than 500 residents", *b.Individuals)
		d.Rationale = "No State or jurisdiction has more than 500 affected residents: no media notice (the threshold is more than 500, per State)."
		ds = append(ds, d)
	}

	// The Secretary.
	hhs := Duty{ID: "hipaa-164.408", Recipient: "the Secretary of HHS (OCR breach portal)", Status: ceStatus, Open: cloneOpen(ceOpen)}
	switch n := b.Individuals; {
	case n == nil:
		hhs.Basis = cfr164 + "164.408(b)–(c)"
		hhs.Status = StatusNeedsInput
		hhs.Open = append(hhs.Open, OpenFact{Fact: "individuals", Effect: effectDecide})
		hhs.Rationale = "500 or more individuals: notify the Secretary contemporaneously with the individuals; fewer: log and report within 60 days after the end of the calendar year. The count is not stated; the due date shown is the earlier."
		due(&hhs, ceFrom, ClockCalendarDays, 60)
	case *n >= 500:
		hhs.Basis = cfr164 + "164.408(b)"
		hhs.FactsUsed = append(hhs.FactsUsed, "individuals="+strconv.Itoa(*n))
		hhs.Rationale = "500 or more individuals: the Secretary is notified contemporaneously with the individual notices, within 60 calendar days of discovery."
		due(&hhs, ceFrom, ClockCalendarDays, 60)
	default:
		hhs.Basis = cfr164 + "164.408(c)"
		hhs.FactsUsed = append(hhs.FactsUsed, "individuals="+strconv.Itoa(*n))
		hhs.Rationale = "Fewer than 500 individuals: log the breach and report it to the Secretary within 60 days after the end of the calendar year of discovery."
		due(&hhs, ceFrom, ClockAfterYearEnd, 60)
	}
	done(&hhs, b.Notices.HHSOn)
	ds = append(ds, hhs)
	return ds
}

func cloneOpen(os []OpenFact) []OpenFact {
	if len(os) == 0 {
		return nil
	}
	return append([]OpenFact(nil), os...)
}
