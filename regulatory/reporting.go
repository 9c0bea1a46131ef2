package regulatory

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// MaxIncidentBytes is the largest JSON document [ParseIncident] and
// [ParseBreach] accept, in bytes.
const MaxIncidentBytes = 1 << 20

// RuleSetReporting names the provisions [ReportingDuties] applies.
var RuleSetReporting = RuleSet{
	ID:      "reporting-duties-2026",
	Source:  "Regulation (EU) 2017/745 Art. 85–88; 21 CFR 803.30, 803.33, 803.40, 803.50, 803.53; Regulation (EU) 2024/1689 Art. 73; 45 CFR 164.402–164.414",
	Edition: "MDR 2017/745 as amended; 21 CFR Part 803 (2026); AI Act 2024/1689; HIPAA Breach Notification Rule (2013 Omnibus)",
}

// Clock is how a duty's deadline is counted.
type Clock uint8

// Deadline clocks. The zero value means "no clock" and is omitted from JSON.
const (
	ClockNone Clock = iota
	// ClockCalendarDays: Days calendar days after From.
	ClockCalendarDays
	// ClockWorkDays: the Days-th work day after From under the caller's
	// [WorkCalendar] (weekends and listed holidays skipped).
	ClockWorkDays
	// ClockAfterYearEnd: Days calendar days after 31 December of From's year.
	ClockAfterYearEnd
	// ClockBeforeAction: before the action is taken (no date).
	ClockBeforeAction
	// ClockPeriodic: Months calendar months after the last report.
	ClockPeriodic
	// ClockNoFixedPeriod: the provision sets no period (Art. 88 trend
	// reports: as the PMS plan sets out).
	ClockNoFixedPeriod
)

var clockCodec = enumtext.New[Clock]("regulatory", "clock", ErrInvalidInput,
	"", "calendar_days", "work_days", "after_year_end", "before_action", "periodic", "no_fixed_period")

// String returns the clock name, e.g. "calendar_days".
func (c Clock) String() string { return clockCodec.String(c) }

// MarshalText returns the clock name; it returns an error for ClockNone.
func (c Clock) MarshalText() ([]byte, error) { return clockCodec.Marshal(c) }

// AppendText appends the clock name to b.
func (c Clock) AppendText(b []byte) ([]byte, error) { return clockCodec.Append(b, c) }

// UnmarshalText parses a clock name, ignoring case.
func (c *Clock) UnmarshalText(b []byte) error { return clockCodec.Unmarshal(c, b) }

// Duty is one reporting or notification duty: what, to whom, by when, on
// what legal basis. Every duty the engine considers appears, with status
// applies (the duty holds), not_applicable (a stated fact excludes it, named
// in DecidingFact) or needs_input (an unstated fact decides it; Due then
// shows the deadline that would apply).
type Duty struct {
	// ID is a stable identifier, e.g. "eu-mdr-art87-5", "hipaa-164.406-IL".
	ID string `json:"id"`
	// Basis is the legal provision, e.g. "Regulation (EU) 2017/745 Art. 87(5)".
	Basis string `json:"basis"`
	// Recipient is who must receive the report or notice.
	Recipient string `json:"recipient"`
	// Status is applies, not_applicable or needs_input.
	Status Status `json:"status"`
	// Clock is how Due is counted; Days (or Months) its length.
	Clock  Clock `json:"clock,omitzero"`
	Days   int   `json:"days,omitzero"`
	Months int   `json:"months,omitzero"`
	// From is the day the clock starts (awareness, discovery, last report).
	From Date `json:"from,omitzero"`
	// Due is the last day to report, or zero when the provision fixes no
	// date (before an action, no fixed period) or From is unknown.
	Due Date `json:"due,omitzero"`
	// DoneOn is when the duty was met, as stated by the caller; DaysTaken
	// counts calendar days from From, and Late says whether DoneOn is after
	// Due.
	DoneOn    Date  `json:"done_on,omitzero"`
	DaysTaken int   `json:"days_taken,omitzero"`
	Late      *bool `json:"late,omitzero"`
	// FactsUsed, DecidingFact and Open trace the decision as in [TraceEntry].
	FactsUsed    []string   `json:"facts_used,omitzero"`
	DecidingFact string     `json:"deciding_fact,omitzero"`
	Open         []OpenFact `json:"open,omitzero"`
	// Rationale explains the duty in one or two sentences.
	Rationale string `json:"rationale"`
}

// ReporterRole is the role of the reporter under 21 CFR 803.
type ReporterRole uint8

// Reporter roles. The zero value is rejected when the FDA section is given.
const (
	ReporterUnspecified ReporterRole = iota
	// ReporterManufacturer: 803.50 and 803.53.
	ReporterManufacturer
	// ReporterUserFacility: 803.30 and 803.33.
	ReporterUserFacility
	// ReporterImporter: 803.40.
	ReporterImporter
)

var reporterCodec = enumtext.New[ReporterRole]("regulatory", "reporter role", ErrInvalidInput, "", "manufacturer", "user_facility", "importer")

// String returns "manufacturer", "user_facility" or "importer".
func (r ReporterRole) String() string { return reporterCodec.String(r) }

// MarshalText returns the role name; it returns an error for the zero value.
func (r ReporterRole) MarshalText() ([]byte, error) { return reporterCodec.Marshal(r) }

// AppendText appends the role name to b.
func (r ReporterRole) AppendText(b []byte) ([]byte, error) { return reporterCodec.Append(b, r) }

// UnmarshalText parses a role name, ignoring case.
func (r *ReporterRole) UnmarshalText(b []byte) error { return reporterCodec.Unmarshal(r, b) }

// AIIncidentKind is the kind of an AI Act serious incident (Art. 3(49)).
type AIIncidentKind uint8

// AI Act serious-incident kinds. The zero value means "not stated".
const (
	AIIncidentUnstated AIIncidentKind = iota
	// AIIncidentDeath: the death of a person (Art. 73(4): 10 days).
	AIIncidentDeath
	// AIIncidentWidespreadOrCriticalInfrastructure: a widespread
	// infringement, or a serious and irreversible disruption of critical
	// infrastructure, Art. 3(49)(b) (Art. 73(3): 2 days).
	AIIncidentWidespreadOrCriticalInfrastructure
	// AIIncidentFundamentalRights: an infringement of obligations under
	// Union law protecting fundamental rights, Art. 3(49)(c) (15 days).
	AIIncidentFundamentalRights
	// AIIncidentOther: any other serious incident, e.g. serious harm to
	// health, property or the environment (Art. 73(2): 15 days).
	AIIncidentOther
)

var aiKindCodec = enumtext.New[AIIncidentKind]("regulatory", "ai incident kind", ErrInvalidInput,
	"", "death", "widespread_or_critical_infrastructure", "fundamental_rights", "other")

// String returns the kind name.
func (k AIIncidentKind) String() string { return aiKindCodec.String(k) }

// MarshalText returns the kind name; it returns an error for the zero value.
func (k AIIncidentKind) MarshalText() ([]byte, error) { return aiKindCodec.Marshal(k) }

// AppendText appends the kind name to b.
func (k AIIncidentKind) AppendText(b []byte) ([]byte, error) { return aiKindCodec.Append(b, k) }

// UnmarshalText parses a kind name, ignoring case.
func (k *AIIncidentKind) UnmarshalText(b []byte) error { return aiKindCodec.Unmarshal(k, b) }

// EUVigilance holds the EU MDR vigilance facts of an incident. Every fact
// is tri-state: null means not stated.
type EUVigilance struct {
	// SeriousIncident: the incident meets Art. 2(65) (it directly or
	// indirectly led, might have led or might lead to death, serious
	// deterioration of health or a serious public health threat).
	SeriousIncident *bool `json:"serious_incident"`
	// SeriousPublicHealthThreat: Art. 2(66).
	SeriousPublicHealthThreat *bool `json:"serious_public_health_threat"`
	// DeathOrUnanticipatedSeriousDeterioration: Art. 87(5).
	DeathOrUnanticipatedSeriousDeterioration *bool `json:"death_or_unanticipated_serious_deterioration"`
	// FieldSafetyCorrectiveAction: an FSCA is planned (Art. 87(1)(b)).
	FieldSafetyCorrectiveAction *bool `json:"field_safety_corrective_action"`
	// TrendIncrease: a statistically significant increase in the frequency
	// or severity of non-serious incidents or expected side-effects, judged
	// by the method of the PMS plan (a post-market signal; Art. 88).
	TrendIncrease *bool `json:"trend_increase"`
	// TrendBenefitRiskAffected: the increase could significantly affect the
	// benefit-risk analysis and has led or may lead to unacceptable risks.
	TrendBenefitRiskAffected *bool `json:"trend_benefit_risk_affected"`
	// Signal names the post-market signal behind TrendIncrease; optional.
	Signal string `json:"signal,omitzero"`
}

// FDAReporting holds the 21 CFR 803 facts of an adverse event.
type FDAReporting struct {
	// Reporter is manufacturer, user_facility or importer. Required.
	Reporter ReporterRole `json:"reporter"`
	// Death: the device may have caused or contributed to a death.
	Death *bool `json:"death"`
	// SeriousInjury: the device may have caused or contributed to a serious injury.
	SeriousInjury *bool `json:"serious_injury"`
	// Malfunction: the device malfunctioned and would be likely to cause or
	// contribute to a death or serious injury if it recurred.
	Malfunction *bool `json:"malfunction"`
	// RemedialActionNeeded: the event needs remedial action to prevent an
	// unreasonable risk of substantial harm to the public health (803.53(a)).
	RemedialActionNeeded *bool `json:"remedial_action_needed"`
	// FDARequested5Day: FDA has asked in writing for 5-day reports of
	// events of this kind (803.53(b)).
	FDARequested5Day *bool `json:"fda_requested_5_day"`
}

// AIActIncident holds the EU AI Act facts of an incident.
type AIActIncident struct {
	// HighRisk: the AI system is a high-risk AI system.
	HighRisk *bool `json:"high_risk"`
	// SeriousIncident: the incident is a serious incident (Art. 3(49)).
	SeriousIncident *bool `json:"serious_incident"`
	// Kind is the kind of serious incident; zero when not stated.
	Kind AIIncidentKind `json:"kind,omitzero"`
	// DeviceUnderMDR: the AI system is, or is a safety component of, a
	// device under the MDR or IVDR; Art. 73(10) then limits AI Act reports
	// to fundamental-rights infringements (the rest goes through MDR Art. 87).
	DeviceUnderMDR *bool `json:"device_under_mdr"`
}

// PeriodicReporting holds the EU class facts for the PMSR/PSUR schedule.
type PeriodicReporting struct {
	// Class is the EU MDR class: I, IIa, IIb or III.
	Class Class `json:"class"`
	// Implantable: the device is implantable (Art. 86(2) submission route).
	Implantable bool `json:"implantable"`
	// LastReportOn is the date of the last PSUR; the next one is due one
	// interval later. Optional.
	LastReportOn Date `json:"last_report_on,omitzero"`
}

// Incident is the input of [ReportingDuties]: what happened, when the
// reporter became aware, and the facts of each regime that may apply. A nil
// section is out of scope (its duties are not listed).
type Incident struct {
	// ID identifies the incident. Required.
	ID string `json:"id"`
	// Description says what happened; optional.
	Description string `json:"description,omitzero"`
	// AwareOn is the day the manufacturer (or reporter) became aware of the
	// incident: day 0 of the vigilance clocks. Required when EU, FDA or AI
	// is given.
	AwareOn Date `json:"aware_on,omitzero"`
	// EU is the EU MDR vigilance section.
	EU *EUVigilance `json:"eu_mdr,omitzero"`
	// FDA is the 21 CFR 803 section.
	FDA *FDAReporting `json:"fda_803,omitzero"`
	// AI is the EU AI Act section.
	AI *AIActIncident `json:"ai_act,omitzero"`
	// Periodic gives the EU class for the PMSR/PSUR schedule.
	Periodic *PeriodicReporting `json:"periodic,omitzero"`
	// Breach is the HIPAA breach section (see [AssessBreach]).
	Breach *Breach `json:"hipaa_breach,omitzero"`
	// Calendar is the work-day calendar for clocks in work days (21 CFR
	// 803: US federal holidays, supplied by the caller).
	Calendar WorkCalendar `json:"calendar"`
}

// Validate reports every problem with inc in field order.
func (inc Incident) Validate() error {
	var errs vErrs
	if inc.ID == "" {
		errs.field("id", "", fmt.Errorf("missing incident id: %w", ErrInvalidInput))
	}
	errs.text("id", inc.ID, MaxTextLen)
	errs.text("description", inc.Description, MaxRationaleLen)
	if inc.AwareOn.IsZero() && (inc.EU != nil || inc.FDA != nil || inc.AI != nil) {
		errs.field("aware_on", "", fmt.Errorf("missing awareness date: %w", ErrInvalidInput))
	}
	if inc.EU != nil {
		errs.text("eu_mdr.signal", inc.EU.Signal, MaxTextLen)
	}
	if inc.FDA != nil && (inc.FDA.Reporter == ReporterUnspecified || !reporterCodec.Valid(inc.FDA.Reporter)) {
		errs.field("fda_803.reporter", inc.FDA.Reporter.String(), fmt.Errorf("want manufacturer, user_facility or importer: %w", ErrInvalidInput))
	}
	if inc.AI != nil && !aiKindCodec.Valid(inc.AI.Kind) && inc.AI.Kind != AIIncidentUnstated {
		errs.field("ai_act.kind", inc.AI.Kind.String(), fmt.Errorf("unknown ai incident kind: %w", ErrInvalidInput))
	}
	if inc.Periodic != nil {
		switch inc.Periodic.Class {
		case ClassI, ClassIIa, ClassIIb, ClassIII:
		default:
			errs.field("periodic.class", inc.Periodic.Class.String(), fmt.Errorf("want an EU class I, IIa, IIb or III: %w", ErrInvalidInput))
		}
	}
	if inc.Breach != nil {
		inc.Breach.validate(&errs, "hipaa_breach.")
	}
	errs.add(inc.Calendar.validate("calendar"))
	return errs.err()
}

// ParseIncident decodes and validates an incident. It returns an error (a
// *FieldError or a join of them) if the document is over
// [MaxIncidentBytes], has an unknown field, a duplicate key, a wrong type or
// an invalid enum text or date, or fails [Incident.Validate].
func ParseIncident(b []byte) (Incident, error) {
	var inc Incident
	if err := decodeStrict(b, &inc, MaxIncidentBytes); err != nil {
		return Incident{}, err
	}
	if err := inc.Validate(); err != nil {
		return Incident{}, err
	}
	return inc, nil
}

// DutyReport is the result of [ReportingDuties].
type DutyReport struct {
	// Incident is the incident ID.
	Incident string `json:"incident"`
	// RuleSet names the provisions applied.
	RuleSet RuleSet `json:"rule_set"`
	// Duties lists every duty considered, in a fixed order: EU MDR Art. 87(4),
	// 87(5), 87(3), 87(1)(b), Art. 88; 21 CFR 803; AI Act Art. 73; PMSR/PSUR;
	// HIPAA.
	Duties []Duty `json:"duties"`
	// NextDue is the earliest Due among the duties that apply (zero if none
	// has a date).
	NextDue Date `json:"next_due,omitzero"`
	// Breach is the HIPAA breach assessment, when the incident has one.
	Breach *BreachAssessment `json:"breach,omitzero"`
	// Judgements lists caveats the engine reports but does not decide.
	Judgements []string `json:"judgements,omitzero"`
	// Questions lists the facts still needed, each with the duties waiting on it.
	Questions []Question `json:"questions,omitzero"`
}

// ReportingDuties answers "what must be reported, to whom, by when" for one
// incident: every duty of the sections given, with its legal basis,
// recipient, clock and due date, as a trace. Vigilance clocks are deadlines,
// not statistics: a post-market signal enters only as the stated
// TrendIncrease fact. The input is not modified and the result shares no
// memory with it.
//
// ReportingDuties returns an error if inc fails [Incident.Validate]. Cost
// O(d + h log h) for the duties and h holidays.
func ReportingDuties(inc Incident) (DutyReport, error) {
	if err := inc.Validate(); err != nil {
		return DutyReport{}, err
	}
	rep := DutyReport{Incident: inc.ID, RuleSet: RuleSetReporting}
	if inc.EU != nil {
		rep.Duties = append(rep.Duties, euDuties(inc.AwareOn, inc.EU)...)
	}
	if inc.FDA != nil {
		ds, js := fdaDuties(inc.AwareOn, inc.FDA, newWorkDays(inc.Calendar), inc.Calendar.Name)
		rep.Duties = append(rep.Duties, ds...)
		rep.Judgements = append(rep.Judgements, js...)
	}
	if inc.AI != nil {
		d := aiDuty(inc.AwareOn, inc.AI)
		rep.Duties = append(rep.Duties, d)
		if d.Status != StatusNotApplicable {
			rep.Judgements = append(rep.Judgements, "AI Act Art. 73 applies to high-risk AI systems under Annex I (medical devices) from 2 Aug 2027 (Art. 113(c)); the Digital Omnibus provisional agreement of 7 May 2026 would move this to 2 Aug 2028; the engine does not gate on the date")
		}
	}
	if inc.Periodic != nil {
		rep.Duties = append(rep.Duties, periodicDuty(inc.Periodic))
	}
	if inc.Breach != nil {
		ba := assessBreach(inc.Breach)
		rep.Duties = append(rep.Duties, ba.Duties...)
		rep.Breach = &ba
	}
	rep.NextDue = nextDue(rep.Duties)
	rep.Questions = dutyQuestions(rep.Duties)
	return rep, nil
}

func nextDue(ds []Duty) Date {
	var d Date
	for _, x := range ds {
		if x.Status == StatusApplies && !x.Due.IsZero() && (d.IsZero() || x.Due.Before(d)) {
			d = x.Due
		}
	}
	return d
}

func dutyQuestions(ds []Duty) []Question {
	var out []Question
	for _, d := range ds {
		if d.Status != StatusNeedsInput {
			continue
		}
		for _, o := range d.Open {
			i := slices.IndexFunc(out, func(q Question) bool { return q.Fact == o.Fact })
			if i < 0 {
				out = append(out, Question{Fact: o.Fact, Rules: []string{d.ID}})
			} else if !slices.Contains(out[i].Rules, d.ID) {
				out[i].Rules = append(out[i].Rules, d.ID)
			}
		}
	}
	return out
}

// gateDuty settles a duty on tri-state conditions: every condition must be
// yes for the duty to apply; the first no excludes it; otherwise it needs
// input naming every unknown condition.
func gateDuty(d *Duty, conds ...dutyCond) {
	var open []OpenFact
	for _, c := range conds {
		switch c.t {
		case no:
			d.Status, d.DecidingFact = StatusNotApplicable, c.fact
			d.FactsUsed, d.Open = nil, nil
			return
		case unknown:
			open = append(open, OpenFact{Fact: factKey(c.fact), Effect: effectGate})
		default:
			d.FactsUsed = append(d.FactsUsed, c.fact)
		}
	}
	if len(open) > 0 {
		d.Status, d.Open = StatusNeedsInput, open
		return
	}
	d.Status = StatusApplies
}

// dutyCond is one tri-state condition of a duty.
type dutyCond struct {
	t    tri
	fact string
}

func dutyBool(key string, p *bool) dutyCond { return dutyCond{tb(p), kv(key, p)} }

func calendarDue(d *Duty, from Date, days int) {
	d.Clock, d.Days, d.From, d.Due = ClockCalendarDays, days, from, from.AddDays(days)
}

const euMDR = "Regulation (EU) 2017/745 "

func euDuties(aware Date, eu *EUVigilance) []Duty {
	const ca = "competent authority of the Member State where the incident occurred (via EUDAMED once live)"
	d4 := Duty{ID: "eu-mdr-art87-4", Basis: euMDR + "Art. 87(4)", Recipient: ca,
		Rationale: "A serious public health threat is reported immediately and not later than 2 days after awareness."}
	gateDuty(&d4, dutyBool("serious_public_health_threat", eu.SeriousPublicHealthThreat))
	calendarDue(&d4, aware, 2)

	d5 := Duty{ID: "eu-mdr-art87-5", Basis: euMDR + "Art. 87(5)", Recipient: ca,
		Rationale: "A death or an unanticipated serious deterioration in a person's state of health is reported immediately and not later than 10 days after awareness."}
	gateDuty(&d5, dutyBool("serious_incident", eu.SeriousIncident), dutyBool("death_or_unanticipated_serious_deterioration", eu.DeathOrUnanticipatedSeriousDeterioration))
	if tb(eu.SeriousIncident) == unknown && tb(eu.DeathOrUnanticipatedSeriousDeterioration) == yes {
		// A death linked to the device is a serious incident; only the
		// death fact decides.
		d5.Status, d5.Open = StatusApplies, nil
		d5.FactsUsed = []string{kv("death_or_unanticipated_serious_deterioration", eu.DeathOrUnanticipatedSeriousDeterioration)}
	}
	calendarDue(&d5, aware, 10)

	d3 := Duty{ID: "eu-mdr-art87-3", Basis: euMDR + "Art. 87(1)(a), 87(3)", Recipient: ca,
		Rationale: "A serious incident is reported immediately after a causal relationship with the device is established or reasonably possible, and not later than 15 days after awareness; where Art. 87(4) or 87(5) also applies, its shorter limit governs."}
	gateDuty(&d3, dutyBool("serious_incident", eu.SeriousIncident))
	if d3.Status != StatusApplies && (d4.Status == StatusApplies || d5.Status == StatusApplies) {
		d3.Status, d3.DecidingFact, d3.Open = StatusApplies, "", nil
		d3.FactsUsed = append(d4.FactsUsed[:0:0], append(d4.FactsUsed, d5.FactsUsed...)...)
	}
	calendarDue(&d3, aware, 15)

	fsca := Duty{ID: "eu-mdr-art87-1b", Basis: euMDR + "Art. 87(1)(b), 89(8)", Recipient: ca + "; field safety notice to users",
		Clock: ClockBeforeAction, From: aware,
		Rationale: "A field safety corrective action is reported before it is undertaken, except in urgency where it must be undertaken without delay."}
	gateDuty(&fsca, dutyBool("field_safety_corrective_action", eu.FieldSafetyCorrectiveAction))

	trend := Duty{ID: "eu-mdr-art88", Basis: euMDR + "Art. 88", Recipient: "competent authorities of the Member States where the incidents occurred, via the electronic system of Art. 92",
		Clock:     ClockNoFixedPeriod,
		Rationale: "A statistically significant increase in non-serious incidents or expected side-effects that could significantly affect the benefit-risk analysis and has led or may lead to unacceptable risks is trend-reported; Art. 88 sets no fixed period (the PMS plan sets method and observation period)."}
	gateDuty(&trend, dutyBool("trend_increase", eu.TrendIncrease), dutyBool("trend_benefit_risk_affected", eu.TrendBenefitRiskAffected))
	if eu.Signal != "" && trend.Status != StatusNotApplicable {
		trend.FactsUsed = append(trend.FactsUsed, "signal="+eu.Signal)
	}
	return []Duty{d4, d5, d3, fsca, trend}
}

const cfr803 = "21 CFR "

func fdaDuties(aware Date, f *FDAReporting, wd workDays, calName string) ([]Duty, []string) {
	var js []string
	anyEvent := func(keys ...string) []dutyCond {
		var cs []dutyCond
		for _, k := range keys {
			switch k {
			case "death":
				cs = append(cs, dutyBool(k, f.Death))
			case "serious_injury":
				cs = append(cs, dutyBool(k, f.SeriousInjury))
			case "malfunction":
				cs = append(cs, dutyBool(k, f.Malfunction))
			}
		}
		return cs
	}
	workDue := func(d *Duty, n int) {
		d.Clock, d.Days, d.From, d.Due = ClockWorkDays, n, aware, wd.addWorkDays(aware, n)
	}
	switch f.Reporter {
	case ReporterUserFacility:
		death := Duty{ID: "fda-803.30-death", Basis: cfr803 + "803.30(a)(1)", Recipient: "FDA and the device manufacturer",
			Rationale: "A user facility reports a death the device may have caused or contributed to within 10 work days after becoming aware."}
		gateDuty(&death, dutyBool("death", f.Death))
		workDue(&death, 10)
		inj := Duty{ID: "fda-803.30-serious-injury", Basis: cfr803 + "803.30(a)(2)", Recipient: "the device manufacturer (FDA if the manufacturer is not known)",
			Rationale: "A user facility reports a serious injury the device may have caused or contributed to within 10 work days after becoming aware."}
		gateDuty(&inj, dutyBool("serious_injury", f.SeriousInjury))
		workDue(&inj, 10)
		annual := Duty{ID: "fda-803.33-annual", Basis: cfr803 + "803.33", Recipient: "FDA (Form 3419)", Clock: ClockAfterYearEnd, Days: 1, From: aware,
			Rationale: "A user facility that submitted reports during a year files an annual report by 1 January of the following year."}
		gateDuty(&annual, anyDutyCond(anyEvent("death", "serious_injury")))
		annual.Due = yearEndOf(aware).AddDays(1)
		return []Duty{death, inj, annual}, js
	case ReporterImporter:
		d := Duty{ID: "fda-803.40", Basis: cfr803 + "803.40", Recipient: "FDA and the manufacturer (malfunctions: the manufacturer only)",
			Rationale: "An importer reports deaths and serious injuries to FDA and the manufacturer, and reportable malfunctions to the manufacturer, within 30 calendar days after becoming aware."}
		gateDuty(&d, anyDutyCond(anyEvent("death", "serious_injury", "malfunction")))
		calendarDue(&d, aware, 30)
		return []Duty{d}, js
	}
	d30 := Duty{ID: "fda-803.50", Basis: cfr803 + "803.10(c)(1), 803.50(a)", Recipient: "FDA (eMDR, Form 3500A)",
		Rationale: "A manufacturer reports a death, a serious injury, or a malfunction likely to cause or contribute to one if it recurred, within 30 calendar days after becoming aware."}
	gateDuty(&d30, anyDutyCond(anyEvent("death", "serious_injury", "malfunction")))
	calendarDue(&d30, aware, 30)
	reportable := anyDutyCond(anyEvent("death", "serious_injury", "malfunction"))
	d5a := Duty{ID: "fda-803.53a", Basis: cfr803 + "803.10(c)(2), 803.53(a)", Recipient: "FDA (eMDR, 5-day report)",
		Rationale: "A reportable event that needs remedial action to prevent an unreasonable risk of substantial harm to the public health is reported within 5 work days after becoming aware."}
	gateDuty(&d5a, reportable, dutyBool("remedial_action_needed", f.RemedialActionNeeded))
	workDue(&d5a, 5)
	d5b := Duty{ID: "fda-803.53b", Basis: cfr803 + "803.53(b)", Recipient: "FDA (eMDR, 5-day report)",
		Rationale: "After a written FDA request for 5-day reports of events of this kind, each such event is reported within 5 work days after becoming aware."}
	gateDuty(&d5b, reportable, dutyBool("fda_requested_5_day", f.FDARequested5Day))
	workDue(&d5b, 5)
	if (d5a.Status != StatusNotApplicable || d5b.Status != StatusNotApplicable) && calName == "" {
		js = append(js, "work days skip weekends only: no holiday calendar was supplied (21 CFR 803.3 excludes Federal holidays)")
	}
	if tb(f.Malfunction) == yes && tb(f.Death) != yes && tb(f.SeriousInjury) != yes {
		js = append(js, "malfunction-only events of eligible product codes may instead be reported quarterly under the Voluntary Malfunction Summary Reporting program (83 FR 40973)")
	}
	return []Duty{d30, d5a, d5b}, js
}

// anyDutyCond combines conditions: yes if any is yes, no if all are no.
func anyDutyCond(cs []dutyCond) dutyCond {
	out := dutyCond{t: no}
	facts := ""
	for _, c := range cs {
		if c.t == yes {
			return c
		}
		if c.t == unknown {
			out.t = unknown
			if out.fact == "" {
				out.fact = factKey(c.fact)
			}
		}
		if facts != "" {
			facts += ", "
		}
		facts += c.fact
	}
	if out.t == no {
		out.fact = facts
	}
	return out
}

func yearEndOf(d Date) Date { return MustDate(d.Year(), 12, 31) }

const aiAct = "Regulation (EU) 2024/1689 "

func aiDuty(aware Date, ai *AIActIncident) Duty {
	d := Duty{ID: "eu-ai-act-art73", Basis: aiAct + "Art. 73", Recipient: "market surveillance authorities of the Member States where the incident occurred"}
	gateDuty(&d, dutyBool("high_risk", ai.HighRisk), dutyBool("serious_incident", ai.SeriousIncident))
	if d.Status == StatusNotApplicable {
		d.Rationale = "Art. 73 reports are owed by providers of high-risk AI systems for serious incidents only."
		return d
	}
	kindFact := "kind=" + ai.Kind.String()
	if ai.Kind == AIIncidentUnstated {
		kindFact = "kind"
	}
	device := tb(ai.DeviceUnderMDR)
	if device == yes {
		d.FactsUsed = append(d.FactsUsed, "device_under_mdr=true")
		d.Recipient = "national competent authority designated by the Member State where the incident occurred"
		switch ai.Kind {
		case AIIncidentFundamentalRights:
			d.Basis = aiAct + "Art. 73(2), 73(10)"
			d.FactsUsed = append(d.FactsUsed, kindFact)
			calendarDue(&d, aware, 15)
			d.Rationale = "For a device under the MDR or IVDR, AI Act reports are limited to fundamental-rights infringements (Art. 3(49)(c)), due not later than 15 days after awareness."
		case AIIncidentUnstated:
			d.Status = StatusNeedsInput
			d.Open = append(d.Open, OpenFact{Fact: "kind", Effect: effectGate})
			calendarDue(&d, aware, 15)
			d.Rationale = "For a device under the MDR or IVDR only fundamental-rights infringements are reported under the AI Act; the kind of incident is not stated."
		default:
			d.Status, d.DecidingFact, d.FactsUsed, d.Open = StatusNotApplicable, kindFact, nil, nil
			d.Basis = aiAct + "Art. 73(10)"
			d.Rationale = "For a device under the MDR or IVDR, incidents other than fundamental-rights infringements are reported under MDR Art. 87, not the AI Act."
		}
		return d
	}
	days, para := 15, "73(2)"
	switch ai.Kind {
	case AIIncidentDeath:
		days, para = 10, "73(4)"
	case AIIncidentWidespreadOrCriticalInfrastructure:
		days, para = 2, "73(3)"
	}
	d.Basis = aiAct + "Art. " + para
	calendarDue(&d, aware, days)
	switch {
	case ai.Kind == AIIncidentUnstated:
		d.Status = StatusNeedsInput
		d.Open = append(d.Open, OpenFact{Fact: "kind", Effect: effectDecide})
		calendarDue(&d, aware, 2)
		d.Basis = aiAct + "Art. 73(2)–(4)"
		d.Rationale = "The kind of serious incident decides the limit (2, 10 or 15 days after awareness); the due date shown is the shortest."
	default:
		d.FactsUsed = append(d.FactsUsed, kindFact)
		d.Rationale = fmt.Sprintf("A serious incident of this kind is reported immediately and not later than %d days after the provider becomes aware (Art. %s).", days, para)
	}
	if device == unknown && d.Status != StatusNotApplicable {
		d.Open = append(d.Open, OpenFact{Fact: "device_under_mdr", Effect: effectGate})
		if d.Status == StatusApplies && ai.Kind != AIIncidentFundamentalRights {
			d.Status = StatusNeedsInput
			d.Rationale += " If the AI system is a device under the MDR or IVDR, Art. 73(10) moves this report to MDR Art. 87."
		}
	}
	return d
}

// PeriodicSchedule is the EU MDR post-market surveillance report a class
// calls for (Art. 85–86).
type PeriodicSchedule struct {
	// Report is "PMSR" (Art. 85) or "PSUR" (Art. 86).
	Report string `json:"report"`
	// Months is the longest interval between reports (0: when necessary).
	Months int `json:"months,omitzero"`
	// Recipient is where the report goes.
	Recipient string `json:"recipient"`
	// Basis is the legal provision.
	Basis string `json:"basis"`
	// Summary states the schedule in one line, e.g. "PSUR, at least annually".
	Summary string `json:"summary"`
}

// PSURSchedule returns the EU MDR periodic report for an EU class: class I a
// PMSR updated when necessary (Art. 85); class IIa a PSUR when necessary and
// at least every two years; IIb and III a PSUR at least annually (Art.
// 86(1)); class III and implantable devices submit it via EUDAMED to the
// notified body (Art. 86(2)). It returns an error wrapping
// [ErrInvalidInput] for a class that is not I, IIa, IIb or III.
func PSURSchedule(c Class, implantable bool) (PeriodicSchedule, error) {
	s := PeriodicSchedule{Report: "PSUR", Basis: euMDR + "Art. 86(1)", Recipient: "notified body involved in the conformity assessment; competent authorities on request"}
	switch c {
	case ClassI:
		return PeriodicSchedule{Report: "PMSR", Basis: euMDR + "Art. 85", Recipient: "competent authority, on request",
			Summary: "PMSR, updated when necessary"}, nil
	case ClassIIa:
		s.Months, s.Summary = 24, "PSUR, when necessary and at least every 2 years"
	case ClassIIb, ClassIII:
		s.Months, s.Summary = 12, "PSUR, at least annually"
	default:
		return PeriodicSchedule{}, &FieldError{Pkg: "regulatory", Path: "class", Value: c.String(), Err: fmt.Errorf("want an EU class I, IIa, IIb or III: %w", ErrInvalidInput)}
	}
	if c == ClassIII || implantable {
		s.Basis = euMDR + "Art. 86(1), 86(2)"
		s.Recipient = "notified body, via the electronic system of Art. 92 (EUDAMED)"
		s.Summary += "; submitted via EUDAMED to the notified body"
	}
	return s, nil
}

func periodicDuty(p *PeriodicReporting) Duty {
	s, _ := PSURSchedule(p.Class, p.Implantable)
	d := Duty{ID: "eu-mdr-art86", Basis: s.Basis, Recipient: s.Recipient, Status: StatusApplies,
		FactsUsed: []string{"class=" + p.Class.String(), "implantable=" + strconv.FormatBool(p.Implantable)},
		Rationale: s.Summary + "."}
	if s.Report == "PMSR" {
		d.ID, d.Clock = "eu-mdr-art85", ClockNoFixedPeriod
		return d
	}
	d.Clock, d.Months = ClockPeriodic, s.Months
	if !p.LastReportOn.IsZero() {
		d.From, d.Due = p.LastReportOn, p.LastReportOn.AddMonths(s.Months)
	} else {
		d.Rationale += " No last report date was given, so no due date is computed."
	}
	return d
}
