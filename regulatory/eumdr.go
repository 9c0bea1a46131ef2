package regulatory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// RuleSet names the document and edition a result was computed from.
type RuleSet struct {
	// ID is a stable identifier, e.g. "eu-mdr-2017-745-annex-viii".
	ID string `json:"id"`
	// Source is the primary document(s).
	Source string `json:"source"`
	// Edition is the edition or date of the source.
	Edition string `json:"edition"`
}

// Rule sets used by [Evaluate].
var (
	// RuleSetEUMDR is the EU MDR Annex VIII rule set with its MDCG guidance.
	RuleSetEUMDR = RuleSet{
		ID:      "eu-mdr-2017-745-annex-viii",
		Source:  "Regulation (EU) 2017/745 Annex VIII and Art. 52(7); MDCG 2021-24; MDCG 2019-11 rev.1",
		Edition: "MDR 2017/745; MDCG 2021-24 (Oct 2021); MDCG 2019-11 rev.1 (June 2025)",
	}
	// RuleSetIMDRF is the IMDRF N12 matrix with the EU and proposed UK mappings.
	RuleSetIMDRF = RuleSet{
		ID:      "imdrf-samd-n12-2014",
		Source:  "IMDRF/SaMD WG/N12FINAL:2014 §5, §7; EU mapping MDCG 2019-11 rev.1 Annex III; UK mapping proposed (MHRA, Mar 2024)",
		Edition: "N12:2014 (supplemented by N81:2025)",
	}
	// RuleSetFDA is the FDA navigator flow, pinned to the January 2026 CDS edition.
	RuleSetFDA = RuleSet{
		ID:      "fda-dsf-cds-2026-01",
		Source:  "FD&C Act 201(h), 513, 520(o); FDA CDS guidance (Sept 2022; Jan 2026); General Wellness (Jan 2026); DSF/MMA guidance (Sept 2022); MDDS (Sept 2022); 21 CFR 860-892",
		Edition: "fda-cds-2026-01 (2022 edition evaluated beside it)",
	}
	// RuleSetIEC62304 is IEC 62304 clause 4.3 as amended in 2015.
	RuleSetIEC62304 = RuleSet{
		ID:      "iec-62304-2006-a1-2015",
		Source:  "IEC 62304:2006+A1:2015 clause 4.3 and Figure 3",
		Edition: "2006+A1:2015",
	}
)

const (
	whySoftwarePhysical = "software is neither invasive nor a material or substance; this rule needs a physical device (MDCG 2019-11 rev.1 §4)"
	factSoftware        = "software=true"
)

// activeTri derives whether the device is active (Art. 2(4)): the stated
// fact, else software (always active), else a device that only transmits
// energy without significant change (not active).
func activeTri(f *Facts) (tri, string) {
	if f.Active != nil {
		return tb(f.Active), kv("active", f.Active)
	}
	if tb(f.Software) == yes {
		return yes, "software=true (software is an active device)"
	}
	if tb(f.TransmitsEnergyWithoutSignificantChange) == yes {
		return no, "transmits_energy_without_significant_change=true (not active)"
	}
	return unknown, "active"
}

func and(ts ...tri) tri {
	out := yes
	for _, t := range ts {
		if t == no {
			return no
		}
		if t == unknown {
			out = unknown
		}
	}
	return out
}

func listTri(l []string) tri {
	switch {
	case l == nil:
		return unknown
	case len(l) > 0:
		return yes
	}
	return no
}

func classAtLeast(o OptClass, c Class) tri {
	switch {
	case !o.Set:
		return unknown
	case o.Class.Rank() >= c.Rank():
		return yes
	}
	return no
}

func optClassFact(key string, o OptClass) string {
	if o.Class == ClassNone {
		return key + "=null"
	}
	return key + "=" + o.Class.String()
}

// physicalOnly excludes a rule for software when none of its gate facts is
// stated.
func physicalOnly(b *rb, f *Facts, keys ...string) {
	if tb(f.Software) != yes {
		return
	}
	for _, k := range keys {
		if f.stated(k) {
			return
		}
	}
	b.exclude(factSoftware, whySoftwarePhysical)
}

func directContact(f *Facts) string {
	return "direct_contact=" + strings.Join(f.DirectContact, ",")
}

// euRules evaluates Rules 1–22 (index 1..22). Rule 1, Rule 13 and Rule 11(c)
// are residual rules settled after the others.
func euRules(f *Facts) [23]TraceEntry {
	var out [23]TraceEntry
	act, actFact := activeTri(f)
	inv := f.Invasiveness
	dc := listTri(f.DirectContact)

	// Rule 2
	{
		b := newRB("Rule 2")
		physicalOnly(b, f, "invasiveness", "channels_or_stores_for_administration")
		b.gate(teq(inv, "non_invasive"), ks("invasiveness", inv), "Rule 2 covers non-invasive devices only")
		b.gate(tb(f.ChannelsOrStoresForAdministration), kv("channels_or_stores_for_administration", f.ChannelsOrStoresForAdministration), "the device does not channel or store substances for eventual administration")
		b.setBase(ClassI, "2: channelling or storing for administration")
		conn := f.ConnectableActiveDeviceClass
		b.sub(classAtLeast(conn, ClassIIa), "connectable_active_device_class", optClassFact("connectable_active_device_class", conn), ClassIIa, "2: may be connected to an active device of class IIa or higher")
		if conn.Set && classAtLeast(conn, ClassIIa) == no {
			b.e.FactsUsed = append(b.e.FactsUsed, optClassFact("connectable_active_device_class", conn))
		}
		b.sub(teq(f.ChannelledSubstance, "blood", "body_liquids", "organs_tissues_cells"), "channelled_substance", ks("channelled_substance", f.ChannelledSubstance), ClassIIa, "2: blood, body liquids, organs, tissues or cells")
		b.sub(tb(f.BloodBag), "blood_bag", kv("blood_bag", f.BloodBag), ClassIIb, "2: blood bag")
		out[2] = b.finish("Non-invasive device channelling or storing substances for eventual administration: class I, IIa when connectable to an active device of class IIa or higher or for blood and body liquids, IIb for blood bags.")
	}
	// Rule 3
	{
		b := newRB("Rule 3")
		physicalOnly(b, f, "invasiveness", "modifies_composition_for_administration", "substance_in_vitro_contact_with_cells_tissues_or_embryos")
		b.gate(teq(inv, "non_invasive"), ks("invasiveness", inv), "Rule 3 covers non-invasive devices only")
		mod := tb(f.ModifiesCompositionForAdministration)
		if mod == yes {
			c, label := ClassIIb, "3: modifies biological or chemical composition"
			switch teq(f.Treatment, "filtration", "centrifugation", "gas_exchange", "heat_exchange") {
			case yes:
				c, label = ClassIIa, "3: treatment only by filtration, centrifugation or exchange of gas or heat"
				b.e.FactsUsed = append(b.e.FactsUsed, ks("treatment", f.Treatment))
			case unknown:
				b.openFact("treatment", ClassIIa, effectLower)
			default:
				b.e.FactsUsed = append(b.e.FactsUsed, ks("treatment", f.Treatment))
			}
			b.sub(yes, "modifies_composition_for_administration", kv("modifies_composition_for_administration", f.ModifiesCompositionForAdministration), c, label)
		} else {
			b.sub(mod, "modifies_composition_for_administration", kv("modifies_composition_for_administration", f.ModifiesCompositionForAdministration), ClassIIb, "3: modifies biological or chemical composition")
		}
		b.sub(tb(f.SubstanceInVitroContactWithCellsTissuesOrEmbryos), "substance_in_vitro_contact_with_cells_tissues_or_embryos", kv("substance_in_vitro_contact_with_cells_tissues_or_embryos", f.SubstanceInVitroContactWithCellsTissuesOrEmbryos), ClassIII, "3: substance used in vitro with human cells, tissues or embryos")
		out[3] = b.finish("Non-invasive device modifying the composition of blood, body liquids or other liquids for administration: IIb (IIa for filtration, centrifugation, gas or heat exchange); substances used in vitro with cells, tissues or embryos: III.")
	}
	// Rule 4
	{
		b := newRB("Rule 4")
		physicalOnly(b, f, "contact", "wound_purpose")
		b.gate(teq(f.Contact, "injured_skin_or_mucosa"), ks("contact", f.Contact), "the device does not contact injured skin or mucous membrane")
		switch sv(f.WoundPurpose) {
		case "mechanical_barrier_compression_absorption":
			b.setBase(ClassI, "4: mechanical barrier, compression or absorption of exudates", ks("wound_purpose", f.WoundPurpose))
		case "breached_dermis_secondary_intent":
			b.setBase(ClassIIa, "")
			b.sub(yes, "wound_purpose", ks("wound_purpose", f.WoundPurpose), ClassIIb, "4: wounds breaching the dermis that heal by secondary intent")
		case "manage_microenvironment":
			b.setBase(ClassIIa, "4: management of the micro-environment of the wound", ks("wound_purpose", f.WoundPurpose))
		case "other":
			b.setBase(ClassIIa, "4: all other devices for injured skin", ks("wound_purpose", f.WoundPurpose))
		default:
			b.setBase(ClassIIa, "4: all other devices for injured skin")
			b.openFact("wound_purpose", ClassIIb, effectRaise)
			b.openFact("wound_purpose", ClassI, effectLower)
			b.potential = maxClass(b.potential, ClassIIb)
		}
		out[4] = b.finish("Device in contact with injured skin or mucous membrane: I as a mechanical barrier, IIb for wounds breaching the dermis, IIa otherwise.")
	}
	// Rule 5
	{
		b := newRB("Rule 5")
		physicalOnly(b, f, "invasiveness")
		b.gate(teq(inv, "body_orifice"), ks("invasiveness", inv), "Rule 5 covers invasive devices in body orifices (not surgically invasive)")
		site := teq(f.OrificeSite, "oral_cavity_to_pharynx", "ear_canal_to_eardrum", "nasal_cavity")
		switch sv(f.Duration) {
		case "transient":
			b.setBase(ClassI, "5: transient use", ks("duration", f.Duration))
		case "short_term":
			switch site {
			case yes:
				b.setBase(ClassI, "5: short term in the oral cavity, ear canal or nasal cavity", ks("duration", f.Duration), ks("orifice_site", f.OrificeSite))
			case no:
				b.setBase(ClassIIa, "5: short term", ks("duration", f.Duration), ks("orifice_site", f.OrificeSite))
			default:
				b.setBase(ClassIIa, "5: short term", ks("duration", f.Duration))
				b.openFact("orifice_site", ClassI, effectLower)
			}
		case "long_term":
			ex := and(site, teq(boolText(f.AbsorbedByMucosa), "false"))
			switch ex {
			case yes:
				b.setBase(ClassIIa, "5: long term in the oral cavity, ear canal or nasal cavity, not absorbed by the mucosa", ks("duration", f.Duration), ks("orifice_site", f.OrificeSite), kv("absorbed_by_mucosa", f.AbsorbedByMucosa))
			case no:
				b.setBase(ClassIIb, "5: long term", ks("duration", f.Duration))
			default:
				b.setBase(ClassIIb, "5: long term", ks("duration", f.Duration))
				if site != no {
					b.openFact(firstUnknown(f, "orifice_site", "absorbed_by_mucosa"), ClassIIa, effectLower)
				}
			}
		default:
			b.openFact("duration", ClassIIb, effectRaise)
			b.potential = maxClass(b.potential, ClassIIb)
		}
		conn := f.ConnectedActiveDeviceClass
		b.sub(classAtLeast(conn, ClassIIa), "connected_active_device_class", optClassFact("connected_active_device_class", conn), ClassIIa, "5: connected to an active device of class IIa or higher")
		out[5] = b.finish("Body-orifice device: transient I; short term IIa (I in oral cavity, ear canal, nasal cavity); long term IIb (IIa there if not absorbed); connected to an active device of class IIa or higher: IIa.")
	}
	// Rules 6 and 7
	for _, r := range []struct {
		n                  int
		dur                string
		bio, chem, admin   Class
		baseLabel, summary string
	}{
		{6, "transient", ClassIIb, ClassNone, ClassIIb, "6: transient surgically invasive", "Transient surgically invasive device: IIa; I for reusable surgical instruments; III for the heart, CCS or CNS; IIb for ionising radiation, biological effect or hazardous administration of medicines."},
		{7, "short_term", ClassIII, ClassIIb, ClassIIb, "7: short-term surgically invasive", "Short-term surgically invasive device: IIa; III for the heart, CCS or CNS or biological effect; IIb for ionising radiation, chemical change or administering medicines."},
	} {
		b := newRB("Rule " + strconv.Itoa(r.n))
		physicalOnly(b, f, "invasiveness", "duration")
		b.gate(teq(inv, "surgically_invasive"), ks("invasiveness", inv), fmt.Sprintf("Rule %d covers surgically invasive devices only", r.n))
		b.gate(teq(f.Duration, r.dur), ks("duration", f.Duration), fmt.Sprintf("Rule %d covers %s use only", r.n, strings.ReplaceAll(r.dur, "_", "-")))
		if tb(f.Implantable) == yes {
			b.exclude("implantable=true", "implantable devices are classified under Rule 8")
		}
		if r.n == 6 && tb(f.ReusableSurgicalInstrument) == yes {
			b.setBase(ClassI, "6: reusable surgical instrument", kv("reusable_surgical_instrument", f.ReusableSurgicalInstrument))
		} else {
			b.setBase(ClassIIa, r.baseLabel)
			if r.n == 6 && f.ReusableSurgicalInstrument == nil {
				b.openFact("reusable_surgical_instrument", ClassI, effectLower)
			}
		}
		b.sub(tb(f.ControlsDiagnosesMonitorsOrCorrectsHeartOrCCSDefectDirectContact), "controls_diagnoses_monitors_or_corrects_heart_or_ccs_defect_direct_contact", kv("controls_diagnoses_monitors_or_corrects_heart_or_ccs_defect_direct_contact", f.ControlsDiagnosesMonitorsOrCorrectsHeartOrCCSDefectDirectContact), ClassIII, fmt.Sprintf("%d: heart or CCS defect by direct contact", r.n))
		b.sub(dc, "direct_contact", directContact(f), ClassIII, fmt.Sprintf("%d: direct contact with the heart, CCS or CNS", r.n))
		b.sub(tb(f.EmitsIonisingRadiationTherapeutic), "emits_ionising_radiation_therapeutic", kv("emits_ionising_radiation_therapeutic", f.EmitsIonisingRadiationTherapeutic), ClassIIb, fmt.Sprintf("%d: supplies ionising radiation", r.n))
		b.sub(tb(f.BiologicalEffectOrWhollyMainlyAbsorbed), "biological_effect_or_wholly_mainly_absorbed", kv("biological_effect_or_wholly_mainly_absorbed", f.BiologicalEffectOrWhollyMainlyAbsorbed), r.bio, fmt.Sprintf("%d: biological effect or wholly or mainly absorbed", r.n))
		if r.chem != ClassNone {
			chem := tb(f.ChemicalChangeInBody)
			if chem == yes && tb(f.PlacedInTeeth) == yes {
				b.e.FactsUsed = append(b.e.FactsUsed, kv("chemical_change_in_body", f.ChemicalChangeInBody), kv("placed_in_teeth", f.PlacedInTeeth))
			} else {
				if chem == yes && f.PlacedInTeeth == nil {
					b.openFact("placed_in_teeth", ClassIIa, effectLower)
				}
				b.sub(chem, "chemical_change_in_body", kv("chemical_change_in_body", f.ChemicalChangeInBody), r.chem, fmt.Sprintf("%d: chemical change in the body", r.n))
			}
		}
		adm, admKey := tb(f.AdministersMedicinalProduct), "administers_medicinal_product"
		if r.n == 6 && adm == yes {
			b.e.FactsUsed = append(b.e.FactsUsed, kv("administers_medicinal_product", f.AdministersMedicinalProduct))
			adm, admKey = tb(f.AdministrationPotentiallyHazardous), "administration_potentially_hazardous"
		}
		b.sub(adm, admKey, kv("administers_medicinal_product", f.AdministersMedicinalProduct)+adminHaz(r.n, f), r.admin, fmt.Sprintf("%d: administers medicinal products", r.n))
		out[r.n] = b.finish(r.summary)
	}
	// Rule 8
	{
		b := newRB("Rule 8")
		implant := tb(f.Implantable)
		aimd := tb(f.ActiveImplantableOrAccessory)
		if implant == yes || aimd == yes {
			if implant == yes {
				b.e.FactsUsed = append(b.e.FactsUsed, "implantable=true")
			} else {
				b.e.FactsUsed = append(b.e.FactsUsed, "active_implantable_or_accessory=true")
			}
		} else {
			physicalOnly(b, f, "invasiveness", "duration", "implantable")
			b.gate(teq(inv, "surgically_invasive"), ks("invasiveness", inv), "Rule 8 covers implantable and long-term surgically invasive devices")
			b.gate(teq(f.Duration, "long_term"), ks("duration", f.Duration), "Rule 8 covers implantable and long-term surgically invasive devices")
		}
		if tb(f.PlacedInTeeth) == yes {
			b.setBase(ClassIIa, "8: placed in the teeth", "placed_in_teeth=true")
		} else {
			b.setBase(ClassIIb, "8: implantable or long-term surgically invasive")
			if f.PlacedInTeeth == nil {
				b.openFact("placed_in_teeth", ClassIIa, effectLower)
			}
		}
		b.sub(dc, "direct_contact", directContact(f), ClassIII, "8: direct contact with the heart, CCS or CNS")
		b.sub(tb(f.ControlsDiagnosesMonitorsOrCorrectsHeartOrCCSDefectDirectContact), "controls_diagnoses_monitors_or_corrects_heart_or_ccs_defect_direct_contact", "controls_diagnoses_monitors_or_corrects_heart_or_ccs_defect_direct_contact=true", ClassIII, "8: heart or CCS defect by direct contact")
		b.sub(tb(f.BiologicalEffectOrWhollyMainlyAbsorbed), "biological_effect_or_wholly_mainly_absorbed", "biological_effect_or_wholly_mainly_absorbed=true", ClassIII, "8: biological effect or wholly or mainly absorbed")
		if tb(f.ChemicalChangeInBody) == yes && tb(f.PlacedInTeeth) == yes {
			b.e.FactsUsed = append(b.e.FactsUsed, "chemical_change_in_body=true")
		} else {
			b.sub(tb(f.ChemicalChangeInBody), "chemical_change_in_body", "chemical_change_in_body=true", ClassIII, "8: chemical change in the body")
		}
		b.sub(tb(f.AdministersMedicinalProduct), "administers_medicinal_product", "administers_medicinal_product=true", ClassIII, "8: administers medicinal products")
		b.sub(aimd, "active_implantable_or_accessory", "active_implantable_or_accessory=true", ClassIII, "8: active implantable device or its accessory")
		b.sub(tb(f.BreastImplantOrSurgicalMesh), "breast_implant_or_surgical_mesh", "breast_implant_or_surgical_mesh=true", ClassIII, "8: breast implant or surgical mesh")
		anc := tb(f.AncillaryComponent)
		for _, j := range []struct {
			key   string
			v     *bool
			label string
		}{
			{"joint_replacement", f.JointReplacement, "8: total or partial joint replacement"},
			{"spinal_column_contact", f.SpinalColumnContact, "8: spinal disc replacement or implant contacting the spinal column"},
		} {
			t := tb(j.v)
			if t == yes && anc == yes {
				b.e.FactsUsed = append(b.e.FactsUsed, j.key+"=true", "ancillary_component=true")
				continue
			}
			if t == yes && anc == unknown {
				b.openFact("ancillary_component", ClassIIb, effectLower)
			}
			b.sub(t, j.key, j.key+"=true", ClassIII, j.label)
		}
		out[8] = b.finish("Implantable or long-term surgically invasive device: IIb; IIa in the teeth; III for the heart, CCS or CNS, biological effect, chemical change, medicines, active implantables, breast implants and meshes, joint and spinal implants.")
	}
	// Rule 9
	{
		b := newRB("Rule 9")
		b.gate(act, actFact, "Rule 9 covers active devices only")
		if tb(f.ActiveTherapeuticEnergy) == yes {
			b.sub(yes, "active_therapeutic_energy", "active_therapeutic_energy=true", ClassIIa, "9: active therapeutic device exchanging energy")
			b.sub(tb(f.EnergyPotentiallyHazardous), "energy_potentially_hazardous", kv("energy_potentially_hazardous", f.EnergyPotentiallyHazardous), ClassIIb, "9: potentially hazardous energy exchange")
			if tb(f.EnergyPotentiallyHazardous) == no {
				b.e.FactsUsed = append(b.e.FactsUsed, "energy_potentially_hazardous=false")
			}
		} else {
			b.sub(tb(f.ActiveTherapeuticEnergy), "active_therapeutic_energy", kv("active_therapeutic_energy", f.ActiveTherapeuticEnergy), ClassIIb, "9: active therapeutic device exchanging energy")
		}
		b.sub(tb(f.ControlsMonitorsOrInfluencesClassIIbTherapeutic), "controls_monitors_or_influences_class_iib_therapeutic", "controls_monitors_or_influences_class_iib_therapeutic=true", ClassIIb, "9: controls or monitors a class IIb active therapeutic device")
		b.sub(tb(f.EmitsIonisingRadiationTherapeutic), "emits_ionising_radiation_therapeutic", "emits_ionising_radiation_therapeutic=true", ClassIIb, "9: emits ionising radiation for therapy")
		b.sub(tb(f.ControlsMonitorsOrInfluencesTherapeuticIonisingRadiation), "controls_monitors_or_influences_therapeutic_ionising_radiation", "controls_monitors_or_influences_therapeutic_ionising_radiation=true", ClassIIb, "9: controls or influences therapeutic ionising radiation")
		b.sub(tb(f.ControlsMonitorsOrInfluencesActiveImplantable), "controls_monitors_or_influences_active_implantable", "controls_monitors_or_influences_active_implantable=true", ClassIII, "9: controls, monitors or influences an active implantable device")
		out[9] = b.finish("Active therapeutic device administering or exchanging energy: IIa, IIb if potentially hazardous or controlling IIb therapy or therapeutic ionising radiation, III if it controls an active implantable device.")
	}
	// Rule 10
	{
		b := newRB("Rule 10")
		b.gate(act, actFact, "Rule 10 covers active devices only")
		if tb(f.ActiveDiagnostic) == no {
			b.exclude("active_diagnostic=false", "the device is not intended for diagnosis or monitoring")
		}
		if tb(f.SuppliesEnergyAbsorbedByBody) == yes {
			if tb(f.IlluminatesVisibleSpectrumOnly) == yes {
				b.sub(yes, "illuminates_visible_spectrum_only", "supplies_energy_absorbed_by_body=true", ClassI, "10: illumination in the visible spectrum")
				b.e.FactsUsed = append(b.e.FactsUsed, "illuminates_visible_spectrum_only=true")
			} else {
				if f.IlluminatesVisibleSpectrumOnly == nil {
					b.openFact("illuminates_visible_spectrum_only", ClassI, effectLower)
				}
				b.sub(yes, "supplies_energy_absorbed_by_body", "supplies_energy_absorbed_by_body=true", ClassIIa, "10: supplies energy absorbed by the body")
			}
		} else {
			b.sub(tb(f.SuppliesEnergyAbsorbedByBody), "supplies_energy_absorbed_by_body", "supplies_energy_absorbed_by_body=false", ClassIIa, "10: supplies energy absorbed by the body")
		}
		b.sub(tb(f.ImagesInVivoDistributionOfRadiopharmaceuticals), "images_in_vivo_distribution_of_radiopharmaceuticals", "images_in_vivo_distribution_of_radiopharmaceuticals=true", ClassIIa, "10: images the in vivo distribution of radiopharmaceuticals")
		if tb(f.DirectDiagnosisOrVitalProcessMonitoring) == yes {
			b.sub(yes, "direct_diagnosis_or_vital_process_monitoring", "direct_diagnosis_or_vital_process_monitoring=true", ClassIIa, "10: direct diagnosis or monitoring of vital physiological processes")
			vitalSetting(b, f, "10")
		} else {
			b.sub(tb(f.DirectDiagnosisOrVitalProcessMonitoring), "direct_diagnosis_or_vital_process_monitoring", "direct_diagnosis_or_vital_process_monitoring=false", ClassIIb, "10: direct diagnosis or monitoring of vital physiological processes")
		}
		b.sub(tb(f.EmitsIonisingRadiationDiagnostic), "emits_ionising_radiation_diagnostic", "emits_ionising_radiation_diagnostic=true", ClassIIb, "10: emits ionising radiation for diagnostic or interventional radiology")
		if b.hit == ClassNone && f.ActiveDiagnostic == nil {
			b.openFact("active_diagnostic", ClassIIb, effectGate)
		}
		if tb(f.ActiveDiagnostic) == yes {
			b.e.FactsUsed = append(b.e.FactsUsed, "active_diagnostic=true")
		}
		out[10] = b.finish("Active device for diagnosis and monitoring: IIa for energy absorbed by the body (I for visible illumination), radiopharmaceutical imaging and direct diagnosis or vital monitoring; IIb for immediate danger and ionising radiation.")
	}
	// Rule 11 (the residual 11(c) is settled with the other residual rules)
	out[11] = rule11(f)
	// Rule 12
	{
		b := newRB("Rule 12")
		if tb(f.Software) == yes && f.AdministersOrRemovesSubstances == nil {
			b.exclude(factSoftware, "software cannot administer or remove substances; it reaches Rule 12 only through implementing rule 3.3")
		}
		b.gate(act, actFact, "Rule 12 covers active devices only")
		b.gate(tb(f.AdministersOrRemovesSubstances), kv("administers_or_removes_substances", f.AdministersOrRemovesSubstances), "the device does not administer or remove substances")
		b.setBase(ClassIIa, "12: administers or removes substances")
		b.sub(tb(f.AdministrationPotentiallyHazardous), "administration_potentially_hazardous", "administration_potentially_hazardous=true", ClassIIb, "12: potentially hazardous administration")
		if tb(f.AdministrationPotentiallyHazardous) == no {
			b.e.FactsUsed = append(b.e.FactsUsed, "administration_potentially_hazardous=false")
		}
		out[12] = b.finish("Active device administering or removing medicinal products, body liquids or other substances: IIa, IIb if potentially hazardous.")
	}
	// Rule 14
	{
		b := newRB("Rule 14")
		physicalOnly(b, f, "ancillary_medicinal_substance", "ancillary_substance_from_human_blood_or_plasma")
		b.sub(tb(f.AncillaryMedicinalSubstance), "ancillary_medicinal_substance", kv("ancillary_medicinal_substance", f.AncillaryMedicinalSubstance), ClassIII, "14: incorporates an ancillary medicinal substance")
		b.sub(tb(f.AncillarySubstanceFromHumanBloodOrPlasma), "ancillary_substance_from_human_blood_or_plasma", kv("ancillary_substance_from_human_blood_or_plasma", f.AncillarySubstanceFromHumanBloodOrPlasma), ClassIII, "14: incorporates a human blood or plasma derivative")
		out[14] = b.finish("Device incorporating, as an integral part, a substance that would be a medicinal product (including human blood or plasma derivatives) with ancillary action: III.")
	}
	// Rule 15
	{
		b := newRB("Rule 15")
		b.gate(tb(f.ContraceptionOrSTIPrevention), kv("contraception_or_sti_prevention", f.ContraceptionOrSTIPrevention), "the device is not intended for contraception or prevention of sexually transmitted diseases")
		b.setBase(ClassIIb, "15: contraception or STI prevention")
		if tb(f.Software) != yes {
			b.sub(tb(f.Implantable), "implantable", "implantable=true", ClassIII, "15: implantable contraceptive")
			b.subAll(ClassIII, "15: long-term invasive contraceptive",
				cond{teq(inv, "body_orifice", "surgically_invasive"), "invasiveness", ks("invasiveness", inv)},
				cond{teq(f.Duration, "long_term"), "duration", ks("duration", f.Duration)})
		}
		out[15] = b.finish("Device for contraception or prevention of sexually transmitted diseases: IIb; III if implantable or long-term invasive.")
	}
	// Rule 16
	{
		b := newRB("Rule 16")
		physicalOnly(b, f, "disinfects_cleans")
		switch sv(f.DisinfectsCleans) {
		case "":
			b.sub(unknown, "disinfects_cleans", "", ClassIIb, "")
		case "none":
			b.exclude(ks("disinfects_cleans", f.DisinfectsCleans), "the device is not for disinfecting, cleaning or sterilising")
		case "contact_lenses":
			b.sub(yes, "disinfects_cleans", ks("disinfects_cleans", f.DisinfectsCleans), ClassIIb, "16: disinfecting, cleaning, rinsing or hydrating contact lenses")
		case "medical_devices":
			b.sub(yes, "disinfects_cleans", ks("disinfects_cleans", f.DisinfectsCleans), ClassIIa, "16: disinfecting or sterilising medical devices")
		case "invasive_devices_end_point":
			b.sub(yes, "disinfects_cleans", ks("disinfects_cleans", f.DisinfectsCleans), ClassIIb, "16: disinfecting invasive devices as the end point of processing")
		}
		out[16] = b.finish("Device for disinfecting or sterilising: IIa for medical devices, IIb for contact lenses and for invasive devices at the end point of processing.")
	}
	// Rule 17
	{
		b := newRB("Rule 17")
		physicalOnly(b, f, "records_xray_diagnostic_images")
		b.sub(tb(f.RecordsXrayDiagnosticImages), "records_xray_diagnostic_images", kv("records_xray_diagnostic_images", f.RecordsXrayDiagnosticImages), ClassIIa, "17: records X-ray diagnostic images")
		out[17] = b.finish("Device specifically intended for recording diagnostic images generated by X-ray radiation: IIa.")
	}
	// Rule 18
	{
		b := newRB("Rule 18")
		physicalOnly(b, f, "tissue_or_cells")
		switch sv(f.TissueOrCells) {
		case "":
			b.sub(unknown, "tissue_or_cells", "", ClassIII, "")
		case "none":
			b.exclude(ks("tissue_or_cells", f.TissueOrCells), "the device is not manufactured from human or animal tissues or cells")
		default:
			if tb(f.NonViable) == no {
				b.exclude("non_viable=false", "viable tissues or cells are outside the scope of the MDR (Art. 1(6))")
			}
			if *f.TissueOrCells == "animal" {
				switch teq(f.Contact, "intact_skin") {
				case yes:
					b.exclude(ks("tissue_or_cells", f.TissueOrCells)+",contact=intact_skin", "animal-derived material in contact with intact skin only falls back to Rule 1")
				case unknown:
					b.openFact("contact", ClassI, effectLower)
				}
			}
			b.sub(yes, "tissue_or_cells", ks("tissue_or_cells", f.TissueOrCells), ClassIII, "18: non-viable human or animal tissues, cells or derivatives")
			if tb(f.NonViable) == yes {
				b.e.FactsUsed = append(b.e.FactsUsed, "non_viable=true")
			}
		}
		out[18] = b.finish("Device manufactured from non-viable human or animal tissues, cells or derivatives: III, except animal material on intact skin only.")
	}
	// Rule 19
	{
		b := newRB("Rule 19")
		physicalOnly(b, f, "contains_nanomaterial")
		b.gate(tb(f.ContainsNanomaterial), kv("contains_nanomaterial", f.ContainsNanomaterial), "the device does not incorporate or consist of nanomaterial")
		switch sv(f.NanomaterialInternalExposure) {
		case "":
			b.sub(unknown, "nanomaterial_internal_exposure", "", ClassIII, "")
		case "no_intended_contact":
			b.exclude(ks("nanomaterial_internal_exposure", f.NanomaterialInternalExposure), "no intended contact with the body (MDCG 2021-24 Rule 19 Note 4)")
		case "high_or_medium":
			b.sub(yes, "nanomaterial_internal_exposure", ks("nanomaterial_internal_exposure", f.NanomaterialInternalExposure), ClassIII, "19: high or medium potential for internal exposure")
		case "low":
			b.sub(yes, "nanomaterial_internal_exposure", ks("nanomaterial_internal_exposure", f.NanomaterialInternalExposure), ClassIIb, "19: low potential for internal exposure")
		case "negligible":
			b.sub(yes, "nanomaterial_internal_exposure", ks("nanomaterial_internal_exposure", f.NanomaterialInternalExposure), ClassIIa, "19: negligible potential for internal exposure")
		}
		out[19] = b.finish("Device incorporating nanomaterial: III for high or medium internal exposure, IIb for low, IIa for negligible.")
	}
	// Rule 20
	{
		b := newRB("Rule 20")
		physicalOnly(b, f, "administers_medicinal_product_by_inhalation")
		b.gate(tb(f.AdministersMedicinalProductByInhalation), kv("administers_medicinal_product_by_inhalation", f.AdministersMedicinalProductByInhalation), "the device does not administer medicinal products by inhalation")
		b.gate(teq(inv, "body_orifice"), ks("invasiveness", inv), "Rule 20 covers body-orifice devices (not surgically invasive)")
		b.setBase(ClassIIa, "20: administers medicinal products by inhalation")
		b.sub(tb(f.EssentialImpactOrLifeThreatening), "essential_impact_or_life_threatening", "essential_impact_or_life_threatening=true", ClassIIb, "20: essential impact on the drug or life-threatening conditions")
		if tb(f.EssentialImpactOrLifeThreatening) == no {
			b.e.FactsUsed = append(b.e.FactsUsed, "essential_impact_or_life_threatening=false")
		}
		out[20] = b.finish("Body-orifice device administering medicinal products by inhalation: IIa, IIb if it has an essential impact on the drug or treats life-threatening conditions.")
	}
	// Rule 21
	{
		b := newRB("Rule 21")
		physicalOnly(b, f, "substance_based")
		b.gate(tb(f.SubstanceBased), kv("substance_based", f.SubstanceBased), "the device is not composed of substances")
		local := and(teq(f.ApplicationSite, "nasal_or_oral_cavity_to_pharynx", "skin"), tb(f.ActsAtApplicationSite))
		switch local {
		case yes:
			b.setBase(ClassIIa, "21: acts locally on the skin or in the nasal or oral cavity", ks("application_site", f.ApplicationSite), "acts_at_application_site=true")
		case no:
			b.setBase(ClassIIb, "21: all other substance-based devices")
		default:
			b.setBase(ClassIIb, "21: all other substance-based devices")
			b.openFact(firstUnknown(f, "application_site", "acts_at_application_site"), ClassIIa, effectLower)
		}
		b.sub(tb(f.SystemicallyAbsorbed), "systemically_absorbed", kv("systemically_absorbed", f.SystemicallyAbsorbed)+actsIn(f), ClassIII, "21: systemically absorbed to achieve its purpose")
		if tb(f.SystemicallyAbsorbed) == no {
			b.e.FactsUsed = append(b.e.FactsUsed, "systemically_absorbed=false")
		}
		out[21] = b.finish("Substance-based device introduced via an orifice or applied to the skin: III if systemically absorbed, IIa if acting locally on the skin or in the nasal or oral cavity, IIb otherwise.")
	}
	// Rule 22
	{
		b := newRB("Rule 22")
		if act == no {
			b.exclude(actFact, "Rule 22 covers active therapeutic devices only")
		}
		integ := tb(f.ActiveTherapeuticWithIntegratedDiagnosticDeterminingManagement)
		if integ == unknown && tb(f.ClosedLoopTherapyAdjustment) == no {
			b.exclude("closed_loop_therapy_adjustment=false", "no diagnostic function feeds back into the therapy")
		}
		b.sub(integ, "active_therapeutic_with_integrated_diagnostic_determining_management", kv("active_therapeutic_with_integrated_diagnostic_determining_management", f.ActiveTherapeuticWithIntegratedDiagnosticDeterminingManagement), ClassIII, "22: active therapeutic device with an integrated diagnostic function determining patient management")
		out[22] = b.finish("Active therapeutic device with an integrated or incorporated diagnostic function that significantly determines patient management (closed loop): III.")
	}
	settleResidual(f, &out, act, actFact)
	return out
}

func boolText(p *bool) *string {
	if p == nil {
		return nil
	}
	s := strconv.FormatBool(*p)
	return &s
}

func firstUnknown(f *Facts, keys ...string) string {
	for _, k := range keys {
		if !f.stated(k) {
			return k
		}
	}
	return keys[0]
}

func adminHaz(n int, f *Facts) string {
	if n == 6 && f.AdministrationPotentiallyHazardous != nil {
		return "," + kv("administration_potentially_hazardous", f.AdministrationPotentiallyHazardous)
	}
	return ""
}

func actsIn(f *Facts) string {
	if f.ActsIn != nil {
		return "," + ks("acts_in", f.ActsIn)
	}
	return ""
}

// rule11 evaluates Rule 11 per MDCG 2019-11 rev.1 §4. Rule 11(c) is marked
// with Subrule "11(c)" and Status applies here; settleResidual may turn it
// into not applicable when another rule applies.
func rule11(f *Facts) TraceEntry {
	b := newRB("Rule 11")
	sw := tb(f.Software)
	if sw == unknown && (f.SoftwarePurpose != nil || f.DecisionImpact != nil) {
		sw = yes // a software purpose or decision impact describes software
	}
	b.gate(sw, kv("software", f.Software), "Rule 11 covers software only")
	const summary = "Software: 11(a) information for diagnostic or therapeutic decisions IIa, IIb for serious deterioration or surgery, III for death or irreversible deterioration; 11(b) monitoring IIa, IIb for vital parameters with immediate danger; 11(c) all other software I."
	cat, hasCat := imdrfCell(f)
	purpose := sv(f.SoftwarePurpose)
	if purpose == "" && (hasCat || f.DecisionImpact != nil) {
		// The IMDRF significance and the decision impact both describe
		// information used for clinical decisions: Rule 11(a) (MDCG 2019-11
		// rev.1 §4.2 and Annex III).
		purpose = "diagnostic_or_therapeutic_decisions"
		b.openFact("software_purpose", ClassNone, effectDecide)
	}
	switch purpose {
	case "":
		b.pending = append(b.pending, "software_purpose")
		b.potential = ClassIII
	case "diagnostic_or_therapeutic_decisions":
		if f.SoftwarePurpose != nil {
			b.e.FactsUsed = append(b.e.FactsUsed, ks("software_purpose", f.SoftwarePurpose))
		}
		switch sv(f.DecisionImpact) {
		case "death_or_irreversible_deterioration":
			b.setBase(ClassIII, "11(a)", ks("decision_impact", f.DecisionImpact))
		case "serious_deterioration_or_surgical_intervention":
			b.setBase(ClassIIb, "11(a)", ks("decision_impact", f.DecisionImpact))
		case "none_of_the_above":
			b.setBase(ClassIIa, "11(a)", ks("decision_impact", f.DecisionImpact))
		default:
			if hasCat {
				b.setBase(euFromIMDRF(cat.Category), "11(a)", ks("healthcare_situation", f.HealthcareSituation), ks("significance", f.Significance))
				b.openFact("decision_impact", ClassIII, effectDecide)
				e := b.finish(summary)
				e.Rationale = fmt.Sprintf("11(a): decision impact not stated; IMDRF category %s mapped to class %s by MDCG 2019-11 rev.1 Annex III (indicative). ", cat.Category, e.Class) + summary
				return e
			}
			b.pending = append(b.pending, "decision_impact")
			b.potential = ClassIII
		}
		e := b.finish(summary)
		if e.Status == StatusApplies && hasCat && euFromIMDRF(cat.Category) != e.Class {
			e.Rationale = fmt.Sprintf("11(a) from the stated decision impact; note: IMDRF category %s maps to %s under MDCG 2019-11 Annex III, the rule text governs. ", cat.Category, euFromIMDRF(cat.Category)) + summary
		}
		return e
	case "monitor_physiological_processes":
		b.setBase(ClassIIa, "11(b)", ks("software_purpose", f.SoftwarePurpose))
		vital := tb(f.MonitorsVitalParameters)
		if vital != unknown {
			b.e.FactsUsed = append(b.e.FactsUsed, kv("monitors_vital_parameters", f.MonitorsVitalParameters))
		}
		switch vital {
		case yes:
			vitalSetting(b, f, "11(b)")
		case unknown:
			if tb(f.VitalParameterVariationImmediateDanger) == no {
				b.e.FactsUsed = append(b.e.FactsUsed, "vital_parameter_variation_immediate_danger=false")
				break
			}
			b.openFact("monitors_vital_parameters", ClassIIb, effectRaise)
			b.potential = ClassIIb
		}
	case "other_medical_purpose":
		b.setBase(ClassI, "11(c)", ks("software_purpose", f.SoftwarePurpose))
	}
	return b.finish(summary)
}

// Settings of use that MDCG 2021-24 Rule 10 Note 3 names (use_setting).
var (
	// criticalCareSettings: "continuous surveillance of vital physiological
	// parameters in anaesthesia, intensive care or emergency care" → IIb.
	criticalCareSettings = []string{"anaesthesia", "intensive_care", "emergency_care"}
	// routineSettings: "readings of vital physiological signals as part of
	// routine checkups" → IIa.
	routineSettings = []string{"routine_check_up"}
)

// vitalSetting settles the "immediate danger" sub-rule of Rule 10 and Rule
// 11(b) for a device monitoring vital physiological processes. A stated
// vital_parameter_variation_immediate_danger judgement governs. Without it,
// MDCG 2021-24 Rule 10 Note 3 (and the Rule 11 IIb example) decide from the
// setting: continuous surveillance in anaesthesia, intensive or emergency
// care is IIb; readings in routine check-ups are IIa. Home and hospital use
// do not decide it (apnoea monitors in home care are IIb, self-monitoring
// readings IIa), so the judgement stays open.
func vitalSetting(b *rb, f *Facts, sub string) {
	const note = " (MDCG 2021-24 Rule 10 Note 3)"
	label := func(text string) string {
		if sub == "11(b)" {
			return sub // Rule 11 reports its sub-rule letter only
		}
		return sub + ": " + text
	}
	danger := tb(f.VitalParameterVariationImmediateDanger)
	setting := f.UseSetting
	switch {
	case danger == yes:
		b.sub(yes, "vital_parameter_variation_immediate_danger", "vital_parameter_variation_immediate_danger=true", ClassIIb, label("vital parameters whose variation could cause immediate danger"))
		if setting != nil {
			b.e.FactsUsed = append(b.e.FactsUsed, ks("use_setting", setting))
		}
	case danger == no:
		b.e.FactsUsed = append(b.e.FactsUsed, "vital_parameter_variation_immediate_danger=false")
		if setting != nil {
			b.e.FactsUsed = append(b.e.FactsUsed, ks("use_setting", setting))
		}
	case teq(setting, criticalCareSettings...) == yes:
		b.sub(yes, "use_setting", ks("use_setting", setting), ClassIIb, label("continuous surveillance of vital physiological parameters in anaesthesia, intensive care or emergency care"+note))
	case teq(setting, routineSettings...) == yes:
		// Readings in routine check-ups stay at the IIa of the monitoring
		// sub-rule; the danger question is settled by the setting.
		b.e.FactsUsed = append(b.e.FactsUsed, ks("use_setting", setting))
	default:
		b.openFact("vital_parameter_variation_immediate_danger", ClassIIb, effectRaise)
		if setting == nil {
			b.openFact("use_setting", ClassIIb, effectRaise)
		} else {
			b.e.FactsUsed = append(b.e.FactsUsed, ks("use_setting", setting))
		}
		b.potential = maxClass(b.potential, ClassIIb)
	}
}

// supersedes lists the special rules that classify an invasive use
// themselves (lex specialis) and the general rules they replace when those
// give a lower class.
var supersedes = []struct {
	by   int
	over []int
}{
	{15, []int{1, 2, 3, 4, 5, 6, 7, 8}},
	{20, []int{5}},
	{21, []int{1, 4, 5}},
}

// settleResidual applies lex specialis and the residual rules: Rule 11(c)
// (all other software), Rule 13 (all other active devices) and Rule 1 (all
// other non-invasive devices).
func settleResidual(f *Facts, out *[23]TraceEntry, act tri, actFact string) {
	for _, s := range supersedes {
		sp := out[s.by]
		if sp.Status != StatusApplies {
			continue
		}
		for _, n := range s.over {
			if out[n].Status == StatusApplies && out[n].Class.Rank() < sp.Class.Rank() {
				out[n] = TraceEntry{
					Rule:         out[n].Rule,
					Status:       StatusNotApplicable,
					DecidingFact: "Rule " + strconv.Itoa(s.by) + " applies",
					Rationale:    fmt.Sprintf("Rule %d classifies this use itself and gives the stricter class %s; the general rule (class %s) is superseded.", s.by, sp.Class, out[n].Class),
				}
			}
		}
	}
	applying := func(skip ...int) string {
		for n := 2; n <= 22; n++ {
			if slices.Contains(skip, n) {
				continue
			}
			if out[n].Status == StatusApplies {
				return out[n].Rule
			}
		}
		return ""
	}
	residual := func(n int, other, why string) {
		out[n] = TraceEntry{Rule: out[n].Rule, Status: StatusNotApplicable, DecidingFact: other + " applies", Rationale: why}
	}
	// Rule 11(c)
	if out[11].Status == StatusApplies && out[11].Subrule == "11(c)" {
		if other := applying(11, 13); other != "" {
			residual(11, other, "11(c) covers only software that no other rule classifies; "+other+" applies.")
		}
	}
	// Rule 13
	{
		b := newRB("Rule 13")
		if tb(f.Software) == yes {
			b.exclude(factSoftware, "the residual rule for software is Rule 11(c)")
		}
		b.gate(act, actFact, "Rule 13 covers active devices only")
		if other := applying(13); other != "" && !b.blocked {
			b.exclude(other+" applies", "Rule 13 covers only active devices that no other rule classifies; "+other+" applies.")
		}
		b.setBase(ClassI, "13: all other active devices")
		out[13] = b.finish("All other active devices: I.")
	}
	// Rule 1
	{
		b := newRB("Rule 1")
		physicalOnly(b, f, "invasiveness")
		b.gate(teq(f.Invasiveness, "non_invasive"), ks("invasiveness", f.Invasiveness), "Rule 1 covers non-invasive devices only")
		if other := applying(); other != "" && !b.blocked {
			b.exclude(other+" applies", "Rule 1 covers only non-invasive devices that no later rule classifies; "+other+" applies.")
		}
		b.setBase(ClassI, "1: non-invasive")
		if f.Contact != nil {
			b.e.FactsUsed = append(b.e.FactsUsed, ks("contact", f.Contact))
		}
		out[1] = b.finish("All non-invasive devices not covered by a later rule: I.")
	}
}
