package regulatory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Limits on decoded facts. They bound the memory a hostile document can make
// the decoder allocate.
const (
	// MaxFactsBytes is the largest JSON document [Facts.UnmarshalJSON] accepts.
	MaxFactsBytes = 1 << 20
	// MaxListLen is the largest number of items in a list fact (claims,
	// direct_contact, components).
	MaxListLen = 64
	// MaxTextLen is the longest free-text fact value, in bytes.
	MaxTextLen = 512
)

// Facts describes a product for classification, using the vocabulary of the
// reference note regulatory_facts.md (one field per JSON key, same order).
//
// Every fact is tri-state: a nil pointer (or nil slice, or an OptClass with
// Set false) means "not stated", which the rules treat as unknown, never as
// false. Booleans are JSON true/false, enumerations snake_case strings (the
// accepted values are listed by [FactValues]), lists JSON arrays.
// Components are sub-devices described with the same vocabulary plus a name
// (implementing rule 3.2); a component may not have components itself.
//
// The zero value states nothing. Facts is a plain value: [Evaluate] never
// modifies it and results never share memory with it.
type Facts struct {
	AbsorbedByMucosa                                                 *bool       `json:"absorbed_by_mucosa,omitzero"`
	Active                                                           *bool       `json:"active,omitzero"`
	ActiveDiagnostic                                                 *bool       `json:"active_diagnostic,omitzero"`
	ActiveImplantableOrAccessory                                     *bool       `json:"active_implantable_or_accessory,omitzero"`
	ActiveTherapeuticEnergy                                          *bool       `json:"active_therapeutic_energy,omitzero"`
	ActiveTherapeuticWithIntegratedDiagnosticDeterminingManagement   *bool       `json:"active_therapeutic_with_integrated_diagnostic_determining_management,omitzero"`
	ActsAtApplicationSite                                            *bool       `json:"acts_at_application_site,omitzero"`
	ActsIn                                                           *string     `json:"acts_in,omitzero"`
	ActsOnDataBeyondStorageCommunicationSearch                       *bool       `json:"acts_on_data_beyond_storage_communication_search,omitzero"`
	AdministersMedicinalProduct                                      *bool       `json:"administers_medicinal_product,omitzero"`
	AdministersMedicinalProductByInhalation                          *bool       `json:"administers_medicinal_product_by_inhalation,omitzero"`
	AdministersOrRemovesSubstances                                   *bool       `json:"administers_or_removes_substances,omitzero"`
	AdministrationPotentiallyHazardous                               *bool       `json:"administration_potentially_hazardous,omitzero"`
	AncillaryComponent                                               *bool       `json:"ancillary_component,omitzero"`
	AncillaryMedicinalSubstance                                      *bool       `json:"ancillary_medicinal_substance,omitzero"`
	AncillarySubstanceFromHumanBloodOrPlasma                         *bool       `json:"ancillary_substance_from_human_blood_or_plasma,omitzero"`
	ApplicationSite                                                  *string     `json:"application_site,omitzero"`
	BasisIndependentlyReviewable                                     *bool       `json:"basis_independently_reviewable,omitzero"`
	BiologicalEffectOrWhollyMainlyAbsorbed                           *bool       `json:"biological_effect_or_wholly_mainly_absorbed,omitzero"`
	BloodBag                                                         *bool       `json:"blood_bag,omitzero"`
	BreastImplantOrSurgicalMesh                                      *bool       `json:"breast_implant_or_surgical_mesh,omitzero"`
	CanContributeToHazardousSituation                                *bool       `json:"can_contribute_to_hazardous_situation,omitzero"`
	ChannelledSubstance                                              *string     `json:"channelled_substance,omitzero"`
	ChannelsOrStoresForAdministration                                *bool       `json:"channels_or_stores_for_administration,omitzero"`
	ChemicalChangeInBody                                             *bool       `json:"chemical_change_in_body,omitzero"`
	ClaimForm                                                        *string     `json:"claim_form,omitzero"`
	Claims                                                           []string    `json:"claims,omitzero"`
	Classified                                                       *bool       `json:"classified,omitzero"`
	ClosedLoopTherapyAdjustment                                      *bool       `json:"closed_loop_therapy_adjustment,omitzero"`
	Components                                                       []Component `json:"components,omitzero"`
	ConnectableActiveDeviceClass                                     OptClass    `json:"connectable_active_device_class,omitzero"`
	ConnectedActiveDeviceClass                                       OptClass    `json:"connected_active_device_class,omitzero"`
	Contact                                                          *string     `json:"contact,omitzero"`
	ContainsNanomaterial                                             *bool       `json:"contains_nanomaterial,omitzero"`
	ContraceptionOrSTIPrevention                                     *bool       `json:"contraception_or_sti_prevention,omitzero"`
	ControlsDiagnosesMonitorsOrCorrectsHeartOrCCSDefectDirectContact *bool       `json:"controls_diagnoses_monitors_or_corrects_heart_or_ccs_defect_direct_contact,omitzero"`
	ControlsMonitorsOrInfluencesActiveImplantable                    *bool       `json:"controls_monitors_or_influences_active_implantable,omitzero"`
	ControlsMonitorsOrInfluencesClassIIbTherapeutic                  *bool       `json:"controls_monitors_or_influences_class_iib_therapeutic,omitzero"`
	ControlsMonitorsOrInfluencesTherapeuticIonisingRadiation         *bool       `json:"controls_monitors_or_influences_therapeutic_ionising_radiation,omitzero"`
	DecisionImpact                                                   *string     `json:"decision_impact,omitzero"`
	DeviceType                                                       *string     `json:"device_type,omitzero"`
	DirectContact                                                    []string    `json:"direct_contact,omitzero"`
	DirectDiagnosisOrVitalProcessMonitoring                          *bool       `json:"direct_diagnosis_or_vital_process_monitoring,omitzero"`
	DisinfectsCleans                                                 *string     `json:"disinfects_cleans,omitzero"`
	DrivesOrInfluencesDeviceClass                                    OptClass    `json:"drives_or_influences_device_class,omitzero"`
	Duration                                                         *string     `json:"duration,omitzero"`
	EmitsIonisingRadiationDiagnostic                                 *bool       `json:"emits_ionising_radiation_diagnostic,omitzero"`
	EmitsIonisingRadiationTherapeutic                                *bool       `json:"emits_ionising_radiation_therapeutic,omitzero"`
	EnergyPotentiallyHazardous                                       *bool       `json:"energy_potentially_hazardous,omitzero"`
	EssentialImpactOrLifeThreatening                                 *bool       `json:"essential_impact_or_life_threatening,omitzero"`
	ForBenefitOfIndividualPatients                                   *bool       `json:"for_benefit_of_individual_patients,omitzero"`
	FragilePopulation                                                *bool       `json:"fragile_population,omitzero"`
	Function                                                         *string     `json:"function,omitzero"`
	HealthcareSituation                                              *string     `json:"healthcare_situation,omitzero"`
	IlluminatesVisibleSpectrumOnly                                   *bool       `json:"illuminates_visible_spectrum_only,omitzero"`
	ImagesInVivoDistributionOfRadiopharmaceuticals                   *bool       `json:"images_in_vivo_distribution_of_radiopharmaceuticals,omitzero"`
	Implantable                                                      *bool       `json:"implantable,omitzero"`
	Implanted                                                        *bool       `json:"implanted,omitzero"`
	Input                                                            *string     `json:"input,omitzero"`
	IntendedUser                                                     *string     `json:"intended_user,omitzero"`
	Invasive                                                         *bool       `json:"invasive,omitzero"`
	Invasiveness                                                     *string     `json:"invasiveness,omitzero"`
	JointReplacement                                                 *bool       `json:"joint_replacement,omitzero"`
	MeasuringFunction                                                *bool       `json:"measuring_function,omitzero"`
	MedicalPurpose                                                   *bool       `json:"medical_purpose,omitzero"`
	ModifiesCompositionForAdministration                             *bool       `json:"modifies_composition_for_administration,omitzero"`
	MonitorsVitalParameters                                          *bool       `json:"monitors_vital_parameters,omitzero"`
	NanomaterialInternalExposure                                     *string     `json:"nanomaterial_internal_exposure,omitzero"`
	NonViable                                                        *bool       `json:"non_viable,omitzero"`
	OrificeSite                                                      *string     `json:"orifice_site,omitzero"`
	Output                                                           *string     `json:"output,omitzero"`
	PlacedInTeeth                                                    *bool       `json:"placed_in_teeth,omitzero"`
	RecordsXrayDiagnosticImages                                      *bool       `json:"records_xray_diagnostic_images,omitzero"`
	ReferencesDisease                                                *bool       `json:"references_disease,omitzero"`
	ReusableSurgicalInstrument                                       *bool       `json:"reusable_surgical_instrument,omitzero"`
	RiskyTechnology                                                  *bool       `json:"risky_technology,omitzero"`
	Significance                                                     *string     `json:"significance,omitzero"`
	SingleClinicallyAppropriateOutput                                *bool       `json:"single_clinically_appropriate_output,omitzero"`
	Software                                                         *bool       `json:"software,omitzero"`
	SoftwareIndependent                                              *bool       `json:"software_independent,omitzero"`
	SoftwarePurpose                                                  *string     `json:"software_purpose,omitzero"`
	SoldAsSingleSystem                                               *bool       `json:"sold_as_single_system,omitzero"`
	SpinalColumnContact                                              *bool       `json:"spinal_column_contact,omitzero"`
	Sterile                                                          *bool       `json:"sterile,omitzero"`
	SubstanceBased                                                   *bool       `json:"substance_based,omitzero"`
	SubstanceInVitroContactWithCellsTissuesOrEmbryos                 *bool       `json:"substance_in_vitro_contact_with_cells_tissues_or_embryos,omitzero"`
	SuppliesEnergyAbsorbedByBody                                     *bool       `json:"supplies_energy_absorbed_by_body,omitzero"`
	SystemicallyAbsorbed                                             *bool       `json:"systemically_absorbed,omitzero"`
	Technology                                                       *string     `json:"technology,omitzero"`
	TimeCritical                                                     *bool       `json:"time_critical,omitzero"`
	TissueOrCells                                                    *string     `json:"tissue_or_cells,omitzero"`
	TransmitsEnergyWithoutSignificantChange                          *bool       `json:"transmits_energy_without_significant_change,omitzero"`
	Treatment                                                        *string     `json:"treatment,omitzero"`
	UnacceptableRiskAfterExternalControls                            *bool       `json:"unacceptable_risk_after_external_controls,omitzero"`
	UseSetting                                                       *string     `json:"use_setting,omitzero"`
	VitalParameterVariationImmediateDanger                           *bool       `json:"vital_parameter_variation_immediate_danger,omitzero"`
	WellAcceptedLifestyleLink                                        *bool       `json:"well_accepted_lifestyle_link,omitzero"`
	WorstHarm                                                        *string     `json:"worst_harm,omitzero"`
	WoundPurpose                                                     *string     `json:"wound_purpose,omitzero"`
}

// OptClass is a tri-state class-valued fact such as
// connectable_active_device_class. Set false means "not stated" (key absent);
// Set true with ClassNone means the fact was stated as JSON null ("no such
// device"); otherwise Class holds the stated class.
type OptClass struct {
	Set   bool
	Class Class
}

// Stated returns an OptClass stating class c (ClassNone states "none").
func Stated(c Class) OptClass { return OptClass{Set: true, Class: c} }

// IsZero reports whether the fact is not stated (used by omitzero).
func (o OptClass) IsZero() bool { return !o.Set }

// MarshalJSON writes the class label, or null for a stated "none".
func (o OptClass) MarshalJSON() ([]byte, error) {
	if o.Class == ClassNone {
		return []byte("null"), nil
	}
	t, err := o.Class.MarshalText()
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(t))
}

// UnmarshalJSON reads a class label or null.
func (o *OptClass) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*o = OptClass{Set: true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a class label or null: %w", ErrInvalidInput)
	}
	var c Class
	if err := c.UnmarshalText([]byte(s)); err != nil {
		return err
	}
	if c == ClassII {
		return fmt.Errorf("class %q is not an EU MDR class: %w", s, ErrInvalidInput)
	}
	*o = OptClass{Set: true, Class: c}
	return nil
}

// Component is one part of a system or procedure pack (implementing rule
// 3.2): a name plus the facts that describe the part. In JSON it is one
// object holding "name" and the fact keys.
type Component struct {
	Name  string
	Facts Facts
}

// MarshalJSON writes the name and the facts as one object.
func (c Component) MarshalJSON() ([]byte, error) {
	fb, err := json.Marshal(c.Facts)
	if err != nil {
		return nil, err
	}
	nb, err := json.Marshal(c.Name)
	if err != nil {
		return nil, err
	}
	out := append([]byte(`{"name":`), nb...)
	if len(fb) > 2 {
		out = append(out, ',')
		out = append(out, fb[1:]...)
	} else {
		out = append(out, '}')
	}
	return out, nil
}

// UnmarshalJSON reads a component object. It returns an error if the object
// has unknown keys, nested components, or a fact of the wrong type.
func (c *Component) UnmarshalJSON(b []byte) error {
	v, err := decodeComponent(b, "", 1)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// factKind is the JSON shape of a fact.
type factKind uint8

const (
	kindBool factKind = iota + 1
	kindEnum
	kindText
	kindClass
	kindEnumList
	kindTextList
	kindComponents
)

// factField describes one key of the vocabulary.
type factField struct {
	key   string
	index int
	kind  factKind
}

// enumValues lists the accepted values of each enumerated fact: every value
// used by the reference cases plus the remaining values of the same
// definition in the source texts.
var enumValues = map[string][]string{
	"acts_in":                        {"stomach_or_lower_gi", "application_site", "other"},
	"application_site":               {"nasal_or_oral_cavity_to_pharynx", "skin", "oral_ingestion", "other_orifice"},
	"channelled_substance":           {"blood", "body_liquids", "organs_tissues_cells", "liquids", "gases"},
	"claim_form":                     {"maintain_general_health", "may_help_reduce_risk", "may_help_living_well", "treat", "diagnose", "cure", "mitigate", "prevent"},
	"contact":                        {"none", "intact_skin", "injured_skin_or_mucosa"},
	"decision_impact":                {"death_or_irreversible_deterioration", "serious_deterioration_or_surgical_intervention", "none_of_the_above"},
	"direct_contact":                 {"heart", "central_circulatory_system", "central_nervous_system"},
	"disinfects_cleans":              {"none", "contact_lenses", "medical_devices", "invasive_devices_end_point"},
	"duration":                       {"transient", "short_term", "long_term"},
	"function":                       functionValues(),
	"healthcare_situation":           {"critical", "serious", "non_serious"},
	"input":                          {"medical_information", "medical_image", "signal_pattern", "medical_image_or_signal", "ivd_signal"},
	"intended_user":                  {"hcp", "patient", "caregiver"},
	"invasiveness":                   {"non_invasive", "body_orifice", "surgically_invasive"},
	"nanomaterial_internal_exposure": {"high_or_medium", "low", "negligible", "no_intended_contact"},
	"orifice_site":                   {"oral_cavity_to_pharynx", "ear_canal_to_eardrum", "nasal_cavity", "other"},
	"output": {"list_of_options", "prioritized_list_of_options", "notification_list_of_considerations",
		"specific_diagnostic_output", "specific_treatment_output", "alarm", "single_risk_score"},
	"significance":     {"treat_or_diagnose", "drive_clinical_management", "inform_clinical_management"},
	"software_purpose": {"diagnostic_or_therapeutic_decisions", "monitor_physiological_processes", "other_medical_purpose"},
	"tissue_or_cells":  {"none", "animal", "human"},
	"treatment":        {"filtration", "centrifugation", "gas_exchange", "heat_exchange", "solute_exchange", "other"},
	"use_setting":      {"home", "routine_check_up", "hospital", "intensive_care", "emergency_care", "anaesthesia"},
	"worst_harm":       {"no_injury", "non_serious_injury", "death_or_serious_injury"},
	"wound_purpose": {"mechanical_barrier_compression_absorption", "manage_microenvironment",
		"breached_dermis_secondary_intent", "other"},
}

// factFields is the vocabulary in struct-field order, built once from the
// struct tags; byKey indexes it. Both are read-only after package init.
var (
	factFields []factField
	byKey      map[string]factField
)

func init() {
	t := reflect.TypeFor[Facts]()
	byKey = make(map[string]factField, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		ff := factField{key: key, index: i}
		_, isEnum := enumValues[key]
		switch {
		case sf.Type == reflect.TypeFor[*bool]():
			ff.kind = kindBool
		case sf.Type == reflect.TypeFor[*string]() && isEnum:
			ff.kind = kindEnum
		case sf.Type == reflect.TypeFor[*string]():
			ff.kind = kindText
		case sf.Type == reflect.TypeFor[OptClass]():
			ff.kind = kindClass
		case sf.Type == reflect.TypeFor[[]string]() && isEnum:
			ff.kind = kindEnumList
		case sf.Type == reflect.TypeFor[[]string]():
			ff.kind = kindTextList
		case sf.Type == reflect.TypeFor[[]Component]():
			ff.kind = kindComponents
		}
		factFields = append(factFields, ff)
		byKey[key] = ff
	}
}

// FactKeys returns every fact key of the vocabulary in struct-field order.
func FactKeys() []string {
	out := make([]string, len(factFields))
	for i, f := range factFields {
		out[i] = f.key
	}
	return out
}

// FactValues returns the accepted values of an enumerated fact key, or nil
// for a key that is not an enumeration (booleans, free text, classes).
func FactValues(key string) []string { return slices.Clone(enumValues[key]) }

// UnmarshalJSON decodes facts from a JSON object. Absent keys stay unstated.
//
// UnmarshalJSON returns an error (joining every problem found, unknown keys
// first, then fact problems in field order) if:
//   - the document is larger than [MaxFactsBytes] or is not a JSON object;
//   - a key is not in the vocabulary ([ErrUnknownFact], naming the key);
//   - a value has the wrong JSON type, or null where null is not allowed;
//   - an enumeration value, class label or list is invalid (see [Facts.Validate]).
func (f *Facts) UnmarshalJSON(b []byte) error {
	v, err := decodeFacts(b, "", 0)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ParseFacts decodes facts from JSON; it is [Facts.UnmarshalJSON] as a function.
func ParseFacts(b []byte) (Facts, error) { return decodeFacts(b, "", 0) }

func decodeComponent(b []byte, prefix string, depth int) (Component, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return Component{}, &FieldError{Pkg: "regulatory", Path: strings.TrimSuffix(prefix, "."), Err: fmt.Errorf("component is not a JSON object: %w", ErrInvalidInput)}
	}
	var c Component
	var errs fielderr.List
	if nb, ok := raw["name"]; ok {
		if err := json.Unmarshal(nb, &c.Name); err != nil {
			errs.Add(&FieldError{Pkg: "regulatory", Path: prefix + "name", Err: fmt.Errorf("want a string: %w", ErrInvalidInput)})
		} else if len(c.Name) > MaxTextLen {
			errs.Add(&FieldError{Pkg: "regulatory", Path: prefix + "name", Err: fmt.Errorf("longer than %d bytes: %w", MaxTextLen, ErrInvalidInput)})
		}
		delete(raw, "name")
	}
	facts, err := decodeRaw(raw, prefix, depth)
	errs.Add(err)
	c.Facts = facts
	return c, errs.Err()
}

func decodeFacts(b []byte, prefix string, depth int) (Facts, error) {
	if len(b) > MaxFactsBytes {
		return Facts{}, &FieldError{Pkg: "regulatory", Path: strings.TrimSuffix(prefix, "."), Err: fmt.Errorf("document larger than %d bytes: %w", MaxFactsBytes, ErrInvalidInput)}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return Facts{}, &FieldError{Pkg: "regulatory", Path: strings.TrimSuffix(prefix, "."), Err: fmt.Errorf("facts must be a JSON object: %w", ErrInvalidInput)}
	}
	return decodeRaw(raw, prefix, depth)
}

func decodeRaw(raw map[string]json.RawMessage, prefix string, depth int) (Facts, error) {
	var f Facts
	var errs fielderr.List
	var unknown []string
	for k := range raw {
		if _, ok := byKey[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		errs.Add(&FieldError{Pkg: "regulatory", Path: prefix + k, Err: ErrUnknownFact})
	}
	rv := reflect.ValueOf(&f).Elem()
	for _, ff := range factFields {
		msg, ok := raw[ff.key]
		if !ok {
			continue
		}
		path := prefix + ff.key
		if err := decodeField(rv.Field(ff.index), ff, msg, path, depth); err != nil {
			errs.Add(err)
			continue
		}
		if ff.kind != kindComponents { // components were validated while decoding
			errs.Add(validateField(rv.Field(ff.index), ff, prefix, depth))
		}
	}
	if errs.Len() > 0 {
		return Facts{}, errs.Err()
	}
	return f, nil
}

func shortValue(msg json.RawMessage) string {
	s := string(bytes.TrimSpace(msg))
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

func typeError(path string, msg json.RawMessage, want string) error {
	return &FieldError{Pkg: "regulatory", Path: path, Value: shortValue(msg), Err: fmt.Errorf("wrong type, want %s: %w", want, ErrInvalidInput)}
}

func decodeField(fv reflect.Value, ff factField, msg json.RawMessage, path string, depth int) error {
	isNull := string(bytes.TrimSpace(msg)) == "null"
	switch ff.kind {
	case kindBool:
		var v bool
		if isNull || json.Unmarshal(msg, &v) != nil {
			return typeError(path, msg, "true or false")
		}
		fv.Set(reflect.ValueOf(&v))
	case kindEnum, kindText:
		var v string
		if isNull || json.Unmarshal(msg, &v) != nil {
			return typeError(path, msg, "a string")
		}
		fv.Set(reflect.ValueOf(&v))
	case kindClass:
		var v OptClass
		if err := v.UnmarshalJSON(msg); err != nil {
			return &FieldError{Pkg: "regulatory", Path: path, Value: shortValue(msg), Err: err}
		}
		fv.Set(reflect.ValueOf(v))
	case kindEnumList, kindTextList:
		var v []string
		if isNull || json.Unmarshal(msg, &v) != nil {
			return typeError(path, msg, "an array of strings")
		}
		fv.Set(reflect.ValueOf(v))
	case kindComponents:
		if depth > 0 {
			return &FieldError{Pkg: "regulatory", Path: path, Err: fmt.Errorf("components may not be nested: %w", ErrInvalidInput)}
		}
		var items []json.RawMessage
		if isNull || json.Unmarshal(msg, &items) != nil {
			return typeError(path, msg, "an array of component objects")
		}
		if len(items) > MaxListLen {
			return &FieldError{Pkg: "regulatory", Path: path, Err: fmt.Errorf("more than %d components: %w", MaxListLen, ErrInvalidInput)}
		}
		comps := make([]Component, 0, len(items))
		var errs fielderr.List
		for i, it := range items {
			c, err := decodeComponent(it, fmt.Sprintf("%s[%d].", path, i), depth+1)
			errs.Add(err)
			comps = append(comps, c)
		}
		if errs.Len() > 0 {
			return errs.Err()
		}
		fv.Set(reflect.ValueOf(comps))
	}
	return nil
}

// Validate checks stated facts against the vocabulary. It returns nil for the
// zero value.
//
// Validate returns the [errors.Join] of every problem, in field order, each a
// [*FieldError] wrapping [ErrInvalidInput], if:
//   - an enumeration value is not listed by [FactValues] for its key;
//   - a class-valued fact holds FDA class II;
//   - a free-text value is longer than [MaxTextLen] bytes;
//   - a list has more than [MaxListLen] items or a repeated item;
//   - a component has components itself, or an invalid fact.
func (f Facts) Validate() error { return f.validate("", 0) }

func (f Facts) validate(prefix string, depth int) error {
	var errs fielderr.List
	rv := reflect.ValueOf(&f).Elem()
	for _, ff := range factFields {
		errs.Add(validateField(rv.Field(ff.index), ff, prefix, depth))
	}
	return errs.Err()
}

func validateField(fv reflect.Value, ff factField, prefix string, depth int) error {
	var errs fielderr.List
	path := func() string { return prefix + ff.key }
	switch ff.kind {
	case kindEnum, kindText:
		if !fv.IsNil() {
			errs.Add(checkText(path, ff, fv.Elem().String()))
		}
	case kindClass:
		if fv.Field(0).Bool() && Class(fv.Field(1).Uint()) == ClassII {
			errs.Add(&FieldError{Pkg: "regulatory", Path: path(), Value: "II", Err: fmt.Errorf("not an EU MDR class: %w", ErrInvalidInput)})
		}
	case kindEnumList, kindTextList:
		if fv.Len() == 0 {
			break
		}
		list := fv.Interface().([]string)
		if len(list) > MaxListLen {
			errs.Add(&FieldError{Pkg: "regulatory", Path: path(), Err: fmt.Errorf("more than %d items: %w", MaxListLen, ErrInvalidInput)})
			break
		}
		for i, s := range list {
			ip := func() string { return fmt.Sprintf("%s[%d]", path(), i) }
			errs.Add(checkText(ip, ff, s))
			if slices.Index(list, s) < i {
				errs.Add(&FieldError{Pkg: "regulatory", Path: ip(), Value: s, Err: fmt.Errorf("repeated item: %w", ErrInvalidInput)})
			}
		}
	case kindComponents:
		if fv.Len() == 0 {
			break
		}
		comps := fv.Interface().([]Component)
		switch {
		case len(comps) == 0:
		case depth > 0:
			errs.Add(&FieldError{Pkg: "regulatory", Path: path(), Err: fmt.Errorf("components may not be nested: %w", ErrInvalidInput)})
		case len(comps) > MaxListLen:
			errs.Add(&FieldError{Pkg: "regulatory", Path: path(), Err: fmt.Errorf("more than %d components: %w", MaxListLen, ErrInvalidInput)})
		default:
			for i, c := range comps {
				cp := fmt.Sprintf("%s[%d].", path(), i)
				if len(c.Name) > MaxTextLen {
					errs.Add(&FieldError{Pkg: "regulatory", Path: cp + "name", Err: fmt.Errorf("longer than %d bytes: %w", MaxTextLen, ErrInvalidInput)})
				}
				errs.Add(c.Facts.validate(cp, depth+1))
			}
		}
	}
	return errs.Err()
}

func checkText(path func() string, ff factField, s string) error {
	if len(s) > MaxTextLen {
		return &FieldError{Pkg: "regulatory", Path: path(), Err: fmt.Errorf("longer than %d bytes: %w", MaxTextLen, ErrInvalidInput)}
	}
	if ff.kind == kindEnum || ff.kind == kindEnumList {
		if !slices.Contains(enumValues[ff.key], s) {
			return &FieldError{Pkg: "regulatory", Path: path(), Value: s, Err: fmt.Errorf("not one of %s: %w", strings.Join(enumValues[ff.key], ", "), ErrInvalidInput)}
		}
	}
	return nil
}

// Clone returns a deep copy of f: no pointer, slice or component is shared.
func (f Facts) Clone() Facts {
	out := f
	rv := reflect.ValueOf(&out).Elem()
	for _, ff := range factFields {
		fv := rv.Field(ff.index)
		switch ff.kind {
		case kindBool:
			if !fv.IsNil() {
				v := fv.Elem().Bool()
				fv.Set(reflect.ValueOf(&v))
			}
		case kindEnum, kindText:
			if !fv.IsNil() {
				v := fv.Elem().String()
				fv.Set(reflect.ValueOf(&v))
			}
		case kindEnumList, kindTextList:
			if !fv.IsNil() {
				fv.Set(reflect.ValueOf(slices.Clone(fv.Interface().([]string))))
			}
		}
	}
	if f.Components != nil {
		out.Components = make([]Component, len(f.Components))
		for i, c := range f.Components {
			out.Components[i] = Component{Name: c.Name, Facts: c.Facts.Clone()}
		}
	}
	return out
}

// stated reports whether the fact key is stated in f. Unknown keys report false.
func (f *Facts) stated(key string) bool {
	ff, ok := byKey[key]
	if !ok {
		return false
	}
	fv := reflect.ValueOf(f).Elem().Field(ff.index)
	if ff.kind == kindClass {
		return fv.Field(0).Bool()
	}
	return !fv.IsNil()
}
