package regulatory

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/strictjson"
)

// Caps on change records, change sets and PCCPs. Input over a cap is
// rejected by Validate and by the decoders before it is assessed.
const (
	// MaxChangeBytes is the largest JSON document [ParseChangeRecord],
	// [ParseChangeSet] and [ParsePCCP] accept, in bytes.
	MaxChangeBytes = 4 << 20
	// MaxChanges is the largest number of changes in one [ChangeSet].
	MaxChanges = 1000
	// MaxLinks is the largest number of risk links in one [ChangeRecord].
	MaxLinks = 256
	// MaxModifications is the largest number of planned modifications in a [PCCP].
	MaxModifications = 256
	// MaxRationaleLen is the longest rationale or description, in bytes.
	MaxRationaleLen = 4096
)

// ChangeKind is what a change touches. One change can touch several.
type ChangeKind uint8

// Change kinds. The zero value ChangeKindUnspecified is rejected.
const (
	ChangeKindUnspecified ChangeKind = iota
	// ChangeSoftware: software (code, algorithm, model, OS, components).
	ChangeSoftware
	// ChangeLabeling: labelling and instructions for use.
	ChangeLabeling
	// ChangeDesign: design or performance specification (hardware,
	// operating principle, energy source, alarms, dimensions).
	ChangeDesign
	// ChangeMaterial: materials or substances.
	ChangeMaterial
	// ChangeSterilization: sterilisation method or sterile state.
	ChangeSterilization
	// ChangePackaging: packaging design or packaging material.
	ChangePackaging
	// ChangeIntendedPurpose: intended purpose, indications, users or populations.
	ChangeIntendedPurpose
)

var changeKindCodec = enumtext.New[ChangeKind]("regulatory", "change kind", ErrInvalidInput,
	"", "software", "labeling", "design", "material", "sterilization", "packaging", "intended_purpose")

// String returns the kind name ("software", "labeling", …).
func (k ChangeKind) String() string { return changeKindCodec.String(k) }

// MarshalText returns the kind name; it returns an error for the zero value.
func (k ChangeKind) MarshalText() ([]byte, error) { return changeKindCodec.Marshal(k) }

// AppendText appends the kind name to b.
func (k ChangeKind) AppendText(b []byte) ([]byte, error) { return changeKindCodec.Append(b, k) }

// UnmarshalText parses a kind name, ignoring case; unknown text is an error
// wrapping [ErrInvalidInput] that lists the valid names.
func (k *ChangeKind) UnmarshalText(b []byte) error { return changeKindCodec.Unmarshal(k, b) }

// Answer is a tri-state answer to one change-assessment question. Value nil
// means "not answered" (unknown), never "no". A stated answer should carry
// its rationale; an answer without one is reported in the assessment's
// judgements as an incomplete decision record.
type Answer struct {
	// Value is true (yes), false (no) or null (unknown).
	Value *bool `json:"value"`
	// Rationale says why, in at most [MaxRationaleLen] bytes.
	Rationale string `json:"rationale"`
}

// Yes returns a stated yes with its rationale.
func Yes(rationale string) Answer { return Answer{Value: boolPtr(true), Rationale: rationale} }

// No returns a stated no with its rationale.
func No(rationale string) Answer { return Answer{Value: boolPtr(false), Rationale: rationale} }

// ChangeAnswers holds the answers to every question of the FDA 2017
// software-change flow, the PCCP check and the MDCG 2020-3 Rev.1 charts.
// Each question is answered for the change as a whole (for a [ChangeSet],
// for all its changes together against the baseline). The letters and
// numbers in the JSON names are the question labels used in traces.
type ChangeAnswers struct {
	// FDA "Deciding When to Submit a 510(k) for a Software Change to an
	// Existing Device" (25 Oct 2017).

	// Q1SolelyCybersecurity: is the change made solely to strengthen
	// cybersecurity?
	Q1SolelyCybersecurity Answer `json:"fda_q1_solely_cybersecurity"`
	// Q1OtherImpact: does the cybersecurity change have any other impact on
	// the software or the device?
	Q1OtherImpact Answer `json:"fda_q1_other_impact"`
	// Q2RestoresSpecification: is the change made solely to return the
	// system to the specification of the most recently cleared device?
	Q2RestoresSpecification Answer `json:"fda_q2_restores_cleared_specification"`
	// Q3aNewOrModifiedRisk: does the change introduce a new risk, or modify
	// an existing risk (hazard, hazardous situation or cause), that could
	// result in significant harm and is not effectively mitigated in the
	// most recently cleared device? All three conditions must hold for yes.
	Q3aNewOrModifiedRisk Answer `json:"fda_q3a_new_or_modified_risk"`
	// Q3bNewOrModifiedControl: does the change create or necessitate a new
	// risk control measure, or a modification of one, for a hazardous
	// situation that could result in significant harm?
	Q3bNewOrModifiedControl Answer `json:"fda_q3b_new_or_modified_control"`
	// Q4ClinicalPerformance: could the change significantly affect clinical
	// functionality or performance specifications directly associated with
	// the intended use?
	Q4ClinicalPerformance Answer `json:"fda_q4_clinical_performance"`
	// GeneralGuidance510k: for the parts of the change that are not software
	// (labelling, design, material, sterilisation …), does FDA's companion
	// guidance "Deciding When to Submit a 510(k) for a Change to an Existing
	// Device" (2017) lead to a new 510(k)? Its flowcharts are not encoded
	// here; the caller records their outcome.
	GeneralGuidance510k Answer `json:"fda_general_guidance_510k"`

	// PCCPImplementedPerProtocol: was the change implemented, verified and
	// validated as the PCCP's modification protocol specifies, meeting its
	// acceptance criteria?
	PCCPImplementedPerProtocol Answer `json:"pccp_implemented_per_protocol"`

	// MDCG 2020-3 Rev.1 (May 2023). Chart C items follow the C1–C5
	// numbering of the cited summaries; the item numbers of Charts A, B, D
	// and E are this package's.

	// A1ExtendsIntendedPurpose: does the change extend the intended purpose
	// (a new indication or clinical application)?
	A1ExtendsIntendedPurpose Answer `json:"mdcg_a1_extends_intended_purpose"`
	// A2NewUsersOrPopulation: does it add users or a patient population?
	A2NewUsersOrPopulation Answer `json:"mdcg_a2_new_users_or_population"`
	// A3ChangesClinicalUse: does it change the clinical use (anatomical
	// site, access, way of deployment)?
	A3ChangesClinicalUse Answer `json:"mdcg_a3_changes_clinical_use"`
	// B1NeedsClinicalOrUsabilityData: does the change need further clinical
	// or usability data to support safety and performance?
	B1NeedsClinicalOrUsabilityData Answer `json:"mdcg_b1_needs_clinical_or_usability_data"`
	// B2NewOrAffectedRisks: are there new risks that need control measures,
	// or are existing risks negatively affected?
	B2NewOrAffectedRisks Answer `json:"mdcg_b2_new_or_affected_risks"`
	// B3ControlPrincipleEnergyAlarm: does the change alter a built-in control
	// mechanism, the operating principle, the energy source or the alarm
	// system in a way that adversely affects safety, performance or
	// usability (adding or removing an alarm system counts)?
	B3ControlPrincipleEnergyAlarm Answer `json:"mdcg_b3_control_principle_energy_alarm"`
	// C1OperatingSystemOrComponent: a new or major change of the operating
	// system or of any component?
	C1OperatingSystemOrComponent Answer `json:"mdcg_c1_operating_system_or_component"`
	// C2ArchitectureDatabaseAlgorithm: a new or modified architecture or
	// database structure, or a change of an algorithm?
	C2ArchitectureDatabaseAlgorithm Answer `json:"mdcg_c2_architecture_database_algorithm"`
	// C3ClosedLoop: does a closed-loop algorithm replace user input that was
	// required before?
	C3ClosedLoop Answer `json:"mdcg_c3_closed_loop"`
	// C4FeatureOrInteroperability: a new diagnostic or therapeutic feature,
	// or a new channel of interoperability?
	C4FeatureOrInteroperability Answer `json:"mdcg_c4_feature_or_interoperability"`
	// C5UserInterfaceOrPresentation: a new user interface or a new
	// presentation of medical data?
	C5UserInterfaceOrPresentation Answer `json:"mdcg_c5_user_interface_or_presentation"`
	// D1MedicinalOrBiologicalSubstance: does the change concern a medicinal
	// substance, or tissues, cells or derivatives of human or animal origin?
	D1MedicinalOrBiologicalSubstance Answer `json:"mdcg_d1_medicinal_or_biological_substance"`
	// D2BodyContactMaterial: a new or changed material in contact with the
	// body, or a change that affects biocompatibility or performance?
	D2BodyContactMaterial Answer `json:"mdcg_d2_body_contact_material"`
	// E1SterilizationMethod: a change of the sterilisation method or of the
	// sterile state?
	E1SterilizationMethod Answer `json:"mdcg_e1_sterilization_method"`
	// E2PackagingSterilityShelfLife: a packaging change that could affect
	// sterility, shelf life or performance and is not covered by the
	// existing validation?
	E2PackagingSterilityShelfLife Answer `json:"mdcg_e2_packaging_sterility_shelf_life"`
}

// changeQuestion is one answer slot of [ChangeAnswers].
type changeQuestion struct {
	id   string // label in traces: "Q1", "C2", "PCCP"
	key  string // JSON name
	text string
	// safe is true for questions whose yes points toward "document" (Q1, Q2,
	// PCCP); false for questions whose yes points toward a submission or a
	// significant change.
	safe bool
	// judgement marks questions about a significant effect: with several
	// changes, individual "no" answers do not settle the cumulative effect.
	judgement bool
	get       func(*ChangeAnswers) *Answer
}

var changeQuestionList = []changeQuestion{
	{"Q1", "fda_q1_solely_cybersecurity", "Is the change made solely to strengthen cybersecurity?", true, false, func(a *ChangeAnswers) *Answer { return &a.Q1SolelyCybersecurity }},
	{"Q1", "fda_q1_other_impact", "Does the cybersecurity change have any other impact on the software or device?", false, false, func(a *ChangeAnswers) *Answer { return &a.Q1OtherImpact }},
	{"Q2", "fda_q2_restores_cleared_specification", "Is the change made solely to return the system to the specification of the most recently cleared device?", true, false, func(a *ChangeAnswers) *Answer { return &a.Q2RestoresSpecification }},
	{"Q3a", "fda_q3a_new_or_modified_risk", "Does the change introduce a new or modified risk that could result in significant harm and is not effectively mitigated in the most recently cleared device?", false, false, func(a *ChangeAnswers) *Answer { return &a.Q3aNewOrModifiedRisk }},
	{"Q3b", "fda_q3b_new_or_modified_control", "Does the change create or necessitate a new or modified risk control measure for a hazardous situation that could result in significant harm?", false, false, func(a *ChangeAnswers) *Answer { return &a.Q3bNewOrModifiedControl }},
	{"Q4", "fda_q4_clinical_performance", "Could the change significantly affect clinical functionality or performance specifications directly associated with the intended use?", false, true, func(a *ChangeAnswers) *Answer { return &a.Q4ClinicalPerformance }},
	{"general guidance", "fda_general_guidance_510k", "Does the 2017 general 510(k) change guidance lead to a new 510(k) for the parts of the change that are not software?", false, true, func(a *ChangeAnswers) *Answer { return &a.GeneralGuidance510k }},
	{"PCCP", "pccp_implemented_per_protocol", "Was the change implemented per the PCCP modification protocol, meeting its acceptance criteria?", true, false, func(a *ChangeAnswers) *Answer { return &a.PCCPImplementedPerProtocol }},
	{"A1", "mdcg_a1_extends_intended_purpose", "Does the change extend the intended purpose?", false, false, func(a *ChangeAnswers) *Answer { return &a.A1ExtendsIntendedPurpose }},
	{"A2", "mdcg_a2_new_users_or_population", "Does the change add users or a patient population?", false, false, func(a *ChangeAnswers) *Answer { return &a.A2NewUsersOrPopulation }},
	{"A3", "mdcg_a3_changes_clinical_use", "Does the change alter the clinical use (anatomical site, access, deployment)?", false, false, func(a *ChangeAnswers) *Answer { return &a.A3ChangesClinicalUse }},
	{"B1", "mdcg_b1_needs_clinical_or_usability_data", "Does the change need further clinical or usability data to support safety and performance?", false, true, func(a *ChangeAnswers) *Answer { return &a.B1NeedsClinicalOrUsabilityData }},
	{"B2", "mdcg_b2_new_or_affected_risks", "Are there new risks that need control measures, or are existing risks negatively affected?", false, false, func(a *ChangeAnswers) *Answer { return &a.B2NewOrAffectedRisks }},
	{"B3", "mdcg_b3_control_principle_energy_alarm", "Does the change adversely alter a built-in control mechanism, operating principle, energy source or alarm system?", false, false, func(a *ChangeAnswers) *Answer { return &a.B3ControlPrincipleEnergyAlarm }},
	{"C1", "mdcg_c1_operating_system_or_component", "Is it a new or major change of the operating system or of any component?", false, false, func(a *ChangeAnswers) *Answer { return &a.C1OperatingSystemOrComponent }},
	{"C2", "mdcg_c2_architecture_database_algorithm", "Is it a new or modified architecture or database structure, or a change of an algorithm?", false, false, func(a *ChangeAnswers) *Answer { return &a.C2ArchitectureDatabaseAlgorithm }},
	{"C3", "mdcg_c3_closed_loop", "Does a closed-loop algorithm replace previously required user input?", false, false, func(a *ChangeAnswers) *Answer { return &a.C3ClosedLoop }},
	{"C4", "mdcg_c4_feature_or_interoperability", "Is it a new diagnostic or therapeutic feature, or a new channel of interoperability?", false, false, func(a *ChangeAnswers) *Answer { return &a.C4FeatureOrInteroperability }},
	{"C5", "mdcg_c5_user_interface_or_presentation", "Is it a new user interface or a new presentation of medical data?", false, false, func(a *ChangeAnswers) *Answer { return &a.C5UserInterfaceOrPresentation }},
	{"D1", "mdcg_d1_medicinal_or_biological_substance", "Does the change concern a medicinal substance or material of human or animal origin?", false, false, func(a *ChangeAnswers) *Answer { return &a.D1MedicinalOrBiologicalSubstance }},
	{"D2", "mdcg_d2_body_contact_material", "Is it a new or changed body-contact material, or does it affect biocompatibility or performance?", false, false, func(a *ChangeAnswers) *Answer { return &a.D2BodyContactMaterial }},
	{"E1", "mdcg_e1_sterilization_method", "Does the change alter the sterilisation method or the sterile state?", false, false, func(a *ChangeAnswers) *Answer { return &a.E1SterilizationMethod }},
	{"E2", "mdcg_e2_packaging_sterility_shelf_life", "Could a packaging change affect sterility, shelf life or performance beyond the existing validation?", false, false, func(a *ChangeAnswers) *Answer { return &a.E2PackagingSterilityShelfLife }},
}

// questionByKey returns the question with JSON name key.
func questionByKey(key string) changeQuestion {
	for _, q := range changeQuestionList {
		if q.key == key {
			return q
		}
	}
	return changeQuestion{}
}

// LinkTarget says what a risk link points at in the risk register.
type LinkTarget uint8

// Link targets. The zero value is rejected.
const (
	LinkTargetUnspecified LinkTarget = iota
	// LinkHazard: a hazard (or hazardous situation) of the risk register.
	LinkHazard
	// LinkControl: a risk control measure of the risk register.
	LinkControl
)

var linkTargetCodec = enumtext.New[LinkTarget]("regulatory", "link target", ErrInvalidInput, "", "hazard", "control")

// String returns "hazard" or "control".
func (t LinkTarget) String() string { return linkTargetCodec.String(t) }

// MarshalText returns "hazard" or "control"; it returns an error for the zero value.
func (t LinkTarget) MarshalText() ([]byte, error) { return linkTargetCodec.Marshal(t) }

// AppendText appends the target name to b.
func (t LinkTarget) AppendText(b []byte) ([]byte, error) { return linkTargetCodec.Append(b, t) }

// UnmarshalText parses "hazard" or "control", ignoring case.
func (t *LinkTarget) UnmarshalText(b []byte) error { return linkTargetCodec.Unmarshal(t, b) }

// LinkEffect says what the change does to the linked register item.
type LinkEffect uint8

// Link effects. The zero value is rejected.
const (
	LinkEffectUnspecified LinkEffect = iota
	// LinkAdded: the change (or a post-market re-estimate) adds the item.
	LinkAdded
	// LinkModified: the change modifies the item.
	LinkModified
	// LinkReferenced: the item is relevant but unchanged.
	LinkReferenced
)

var linkEffectCodec = enumtext.New[LinkEffect]("regulatory", "link effect", ErrInvalidInput, "", "added", "modified", "referenced")

// String returns "added", "modified" or "referenced".
func (e LinkEffect) String() string { return linkEffectCodec.String(e) }

// MarshalText returns the effect name; it returns an error for the zero value.
func (e LinkEffect) MarshalText() ([]byte, error) { return linkEffectCodec.Marshal(e) }

// AppendText appends the effect name to b.
func (e LinkEffect) AppendText(b []byte) ([]byte, error) { return linkEffectCodec.Append(b, e) }

// UnmarshalText parses an effect name, ignoring case.
func (e *LinkEffect) UnmarshalText(b []byte) error { return linkEffectCodec.Unmarshal(e, b) }

// RiskLink ties a change to a hazard or a risk control of the risk register
// by its ID (a plain string; this package does not read the register).
//
// An added hazard forces FDA Q3a and MDCG B2 to yes; an added or modified
// control forces FDA Q3b and MDCG B2 to yes, whatever the stated answers
// (the trace says when a stated "no" was overridden).
type RiskLink struct {
	// ID is the register ID, e.g. "HZ-7" or "RC-12".
	ID string `json:"id"`
	// Target is hazard or control.
	Target LinkTarget `json:"target"`
	// Effect is added, modified or referenced.
	Effect LinkEffect `json:"effect"`
	// Source says where the link comes from, e.g. "post-market re-estimate
	// RE-3"; optional.
	Source string `json:"source,omitzero"`
}

// forcesNewRisk reports whether the link forces the "new risk" answers.
func (l RiskLink) forcesNewRisk() bool { return l.Target == LinkHazard && l.Effect == LinkAdded }

// forcesNewControl reports whether the link forces the "new control" answers.
func (l RiskLink) forcesNewControl() bool {
	return l.Target == LinkControl && (l.Effect == LinkAdded || l.Effect == LinkModified)
}

// Baseline is the last authorised state of the device that changes are
// assessed against: FDA compares with the most recently cleared device, the
// EU with the certified design.
type Baseline struct {
	// Version is the version of the last authorised device, e.g. "2.4.0".
	Version string `json:"version"`
	// Authorization names the clearance or certificate, e.g. "K201234" or
	// "CE 2797 MDR 123456"; optional.
	Authorization string `json:"authorization,omitzero"`
	// AuthorizedOn is the date of that authorisation; optional.
	AuthorizedOn Date `json:"authorized_on,omitzero"`
}

// ChangeRecord describes one change to a device.
type ChangeRecord struct {
	// ID identifies the change, e.g. "CR-2026-014". Required.
	ID string `json:"id"`
	// Description says what changed.
	Description string `json:"description"`
	// Kinds lists what the change touches, at least one, no repeats.
	Kinds []ChangeKind `json:"kinds"`
	// Baseline is the last authorised device the change is assessed against.
	Baseline Baseline `json:"baseline"`
	// Answers holds the tri-state answers with their rationale.
	Answers ChangeAnswers `json:"answers"`
	// Links ties the change to hazards and controls of the risk register.
	Links []RiskLink `json:"links"`
	// PCCPModification is the ID of the planned modification of an
	// authorised PCCP the change claims to implement; empty when none.
	PCCPModification string `json:"pccp_modification,omitzero"`
}

// ChangeSet is every change since the last authorised baseline, assessed
// together: FDA asks for the cumulative effect against the most recently
// cleared device, not change by change.
type ChangeSet struct {
	// Baseline is the last authorised device. Every change must name the
	// same baseline version.
	Baseline Baseline `json:"baseline"`
	// Changes are the changes since the baseline, at least one, at most
	// [MaxChanges], IDs unique.
	Changes []ChangeRecord `json:"changes"`
	// Cumulative holds answers for all changes taken together. A stated
	// answer here settles a question the individual answers leave open; it
	// never overrides an individual answer that points toward a submission
	// or a significant change.
	Cumulative ChangeAnswers `json:"cumulative"`
}

// Validate reports every problem with r in field order: missing ID, no
// kinds or a repeated kind, texts over their caps, more than [MaxLinks]
// links, a link without ID, target or effect.
func (r ChangeRecord) Validate() error {
	var errs vErrs
	r.validate(&errs, "")
	return errs.err()
}

func (r *ChangeRecord) validate(errs *vErrs, prefix string) {
	if r.ID == "" {
		errs.field(prefix+"id", "", fmt.Errorf("missing change id: %w", ErrInvalidInput))
	}
	errs.text(prefix+"id", r.ID, MaxTextLen)
	errs.text(prefix+"description", r.Description, MaxRationaleLen)
	if len(r.Kinds) == 0 {
		errs.field(prefix+"kinds", "", fmt.Errorf("at least one change kind is required: %w", ErrInvalidInput))
	}
	if len(r.Kinds) > len(changeKindCodec.Names()) {
		errs.field(prefix+"kinds", "", fmt.Errorf("%d kinds, more than the %d that exist: %w", len(r.Kinds), len(changeKindCodec.Names()), ErrInvalidInput))
	} else {
		for i, k := range r.Kinds {
			p := prefix + "kinds[" + strconv.Itoa(i) + "]"
			if !changeKindCodec.Valid(k) || k == ChangeKindUnspecified {
				errs.field(p, k.String(), fmt.Errorf("unknown change kind: %w", ErrInvalidInput))
				continue
			}
			for _, prev := range r.Kinds[:i] {
				if prev == k {
					errs.field(p, k.String(), fmt.Errorf("repeated change kind: %w", ErrInvalidInput))
					break
				}
			}
		}
	}
	validateBaseline(errs, prefix+"baseline", r.Baseline)
	validateAnswers(errs, prefix+"answers", &r.Answers)
	if len(r.Links) > MaxLinks {
		errs.field(prefix+"links", "", fmt.Errorf("%d links, more than %d: %w", len(r.Links), MaxLinks, ErrInvalidInput))
	} else {
		for i, l := range r.Links {
			p := prefix + "links[" + strconv.Itoa(i) + "]"
			if l.ID == "" {
				errs.field(p+".id", "", fmt.Errorf("missing register id: %w", ErrInvalidInput))
			}
			errs.text(p+".id", l.ID, MaxTextLen)
			if l.Target == LinkTargetUnspecified || !linkTargetCodec.Valid(l.Target) {
				errs.field(p+".target", l.Target.String(), fmt.Errorf("want hazard or control: %w", ErrInvalidInput))
			}
			if l.Effect == LinkEffectUnspecified || !linkEffectCodec.Valid(l.Effect) {
				errs.field(p+".effect", l.Effect.String(), fmt.Errorf("want added, modified or referenced: %w", ErrInvalidInput))
			}
			errs.text(p+".source", l.Source, MaxTextLen)
		}
	}
	errs.text(prefix+"pccp_modification", r.PCCPModification, MaxTextLen)
}

// Validate reports every problem with s in field order: no changes or more
// than [MaxChanges], a change that fails [ChangeRecord.Validate] (paths
// "changes[i]…"), a repeated change ID, a change whose baseline version
// differs from the set's.
func (s ChangeSet) Validate() error {
	var errs vErrs
	validateBaseline(&errs, "baseline", s.Baseline)
	if s.Baseline.Version == "" {
		errs.field("baseline.version", "", fmt.Errorf("missing baseline version: %w", ErrInvalidInput))
	}
	switch {
	case len(s.Changes) == 0:
		errs.field("changes", "", fmt.Errorf("at least one change is required: %w", ErrInvalidInput))
	case len(s.Changes) > MaxChanges:
		errs.field("changes", "", fmt.Errorf("%d changes, more than %d: %w", len(s.Changes), MaxChanges, ErrInvalidInput))
	default:
		seen := make(map[string]int, len(s.Changes))
		for i := range s.Changes {
			c := &s.Changes[i]
			p := "changes[" + strconv.Itoa(i) + "]."
			c.validate(&errs, p)
			if j, dup := seen[c.ID]; dup && c.ID != "" {
				errs.field(p+"id", c.ID, fmt.Errorf("repeats changes[%d].id: %w", j, ErrInvalidInput))
			} else {
				seen[c.ID] = i
			}
			if c.Baseline.Version != s.Baseline.Version {
				errs.field(p+"baseline.version", c.Baseline.Version, fmt.Errorf("differs from the set's baseline %q: changes are assessed against one baseline: %w", s.Baseline.Version, ErrInvalidInput))
			}
		}
	}
	validateAnswers(&errs, "cumulative", &s.Cumulative)
	return errs.err()
}

func validateBaseline(errs *vErrs, path string, b Baseline) {
	errs.text(path+".version", b.Version, MaxTextLen)
	errs.text(path+".authorization", b.Authorization, MaxTextLen)
}

func validateAnswers(errs *vErrs, path string, a *ChangeAnswers) {
	for _, q := range changeQuestionList {
		errs.text(path+"."+q.key+".rationale", q.get(a).Rationale, MaxRationaleLen)
	}
}

// vErrs collects *FieldError values in the order found.
type vErrs struct{ l fielderr.List }

func (e *vErrs) field(path, value string, err error) {
	e.l.Add(&FieldError{Pkg: "regulatory", Path: path, Value: value, Err: err})
}

func (e *vErrs) text(path, s string, limit int) {
	if len(s) > limit {
		e.field(path, "", fmt.Errorf("longer than %d bytes: %w", limit, ErrInvalidInput))
	}
}

func (e *vErrs) add(err error) { e.l.Add(err) }

func (e *vErrs) err() error { return e.l.Err() }

// decodeStrict decodes one JSON document into v: at most limit bytes, no
// duplicate or case-variant keys, no unknown fields, no trailing data.
// Problems come back as *FieldError wrapping [ErrInvalidInput].
func decodeStrict(b []byte, v any, limit int) error {
	if len(b) > limit {
		return &FieldError{Pkg: "regulatory", Err: fmt.Errorf("document larger than %d bytes: %w", limit, ErrInvalidInput)}
	}
	lim := strictjson.Limits{MaxBytes: limit, MaxDepth: 16, MaxElements: MaxHolidays, MaxKeys: 64, MaxNumberLen: 32, MaxStringLen: MaxRationaleLen}
	err := strictjson.Decode(b, v, lim)
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if errors.As(err, &se) {
		return &FieldError{Pkg: "regulatory", Path: se.Path, Err: fmt.Errorf("%s: %w", se.Detail, errors.Join(se.Err, ErrInvalidInput))}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &FieldError{Pkg: "regulatory", Path: te.Field, Err: fmt.Errorf("want a JSON %s: %w", jsonKind(te), ErrInvalidInput)}
	}
	if errors.Is(err, ErrInvalidInput) {
		return &FieldError{Pkg: "regulatory", Err: err}
	}
	return &FieldError{Pkg: "regulatory", Err: fmt.Errorf("%s: %w", err.Error(), ErrInvalidInput)}
}

func jsonKind(te *json.UnmarshalTypeError) string {
	if te.Type == nil {
		return "value"
	}
	return te.Type.String()
}

// ParseChangeRecord decodes and validates one change record. It returns an
// error (a *FieldError or a join of them) if the document is over
// [MaxChangeBytes], has an unknown field, a duplicate key, a wrong type or
// an invalid enum text, or fails [ChangeRecord.Validate]. Cost O(n) in the
// document size.
func ParseChangeRecord(b []byte) (ChangeRecord, error) {
	var r ChangeRecord
	if err := decodeStrict(b, &r, MaxChangeBytes); err != nil {
		return ChangeRecord{}, err
	}
	if err := r.Validate(); err != nil {
		return ChangeRecord{}, err
	}
	return r, nil
}

// ParseChangeSet decodes and validates a change set; errors as for
// [ParseChangeRecord] plus [ChangeSet.Validate].
func ParseChangeSet(b []byte) (ChangeSet, error) {
	var s ChangeSet
	if err := decodeStrict(b, &s, MaxChangeBytes); err != nil {
		return ChangeSet{}, err
	}
	if err := s.Validate(); err != nil {
		return ChangeSet{}, err
	}
	return s, nil
}
