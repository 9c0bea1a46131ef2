package regulatory

import (
	"fmt"
	"slices"
	"strings"
)

// Values of [Result.DeviceStatus] for the FDA framework.
const (
	// DeviceStatusNotADevice: no medical purpose, or a 520(o)(1)(A)–(D) exclusion.
	DeviceStatusNotADevice = "not_a_device"
	// DeviceStatusGeneralWellness: both general-wellness factors hold.
	DeviceStatusGeneralWellness = "general_wellness"
	// DeviceStatusNotGeneralWellness: a wellness factor fails (disease claim or not low risk).
	DeviceStatusNotGeneralWellness = "not_general_wellness"
	// DeviceStatusNonDeviceCDS: all four 520(o)(1)(E) criteria are met.
	DeviceStatusNonDeviceCDS = "non_device_cds"
	// DeviceStatusEnforcement: a device function under FDA enforcement discretion.
	DeviceStatusEnforcement = "enforcement_discretion"
	// DeviceStatusDevice: a device function subject to FDA oversight.
	DeviceStatusDevice = "device"
	// DeviceStatusUndetermined: the stated facts do not reach an outcome.
	DeviceStatusUndetermined = "undetermined"
)

// wellnessCategory1 are general-wellness claims without reference to disease.
var wellnessCategory1 = []string{
	"weight_management", "physical_fitness", "physical_activity", "relaxation", "stress_management",
	"mental_acuity", "self_esteem", "sleep_management", "sexual_function", "healthy_eating", "concentration",
}

var riskyTechnologies = []string{"laser", "electrical_stimulation", "ionising_radiation", "radiation", "ultrasound_therapy", "implant", "needle"}

var diseaseClaimPrefixes = []string{"treat", "diagnose", "cure", "mitigate", "prevent"}

const navigator = "FDA Digital Health Policy Navigator step "

func stepEntry(n int, title string) *rb { return newRB(fmt.Sprintf("%s%d: %s", navigator, n, title)) }

func evalFDA(f *Facts) Result {
	r := Result{Framework: FDA, RuleSet: RuleSetFDA}
	done := func(status, basis string) Result {
		r.DeviceStatus = status
		r.Basis = basis
		r.Questions = collectQuestions(r.Trace)
		return r
	}
	// Classification regulation lookup by device type.
	if f.DeviceType != nil {
		e := TraceEntry{Rule: "21 CFR 860 classification regulation lookup"}
		reg, ok := LookupRegulation(*f.DeviceType)
		if ok {
			setRegulation(&r, reg)
			e.Status, e.Class = StatusApplies, reg.Class
			e.FactsUsed = []string{ks("device_type", f.DeviceType)}
			e.Rationale = fmt.Sprintf("%s, %s: class %s; premarket %s.", reg.Regulation, reg.Title, reg.Class, r.Premarket)
			r.Trace = append(r.Trace, e)
			status := DeviceStatusDevice
			if reg.Enforcement != "" && tb(f.Software) != yes {
				status = DeviceStatusEnforcement
			}
			return done(status, e.Rationale)
		}
		e.Status = StatusNeedsInput
		e.Open = []OpenFact{{Fact: "device_type", Effect: effectDecide}}
		e.Rationale = "The device type is not in the embedded table of classification regulations; look up its product code (21 CFR 862–892)."
		r.Trace = append(r.Trace, e)
	}
	// Step 1: medical purpose (201(h)).
	s1 := stepEntry(1, "medical purpose, FD&C Act 201(h)")
	fn, hasFn := fdaFunctions[sv(f.Function)]
	if hasFn && fn.status == "" {
		hasFn = false // clinical_decision_support: the CDS criteria decide
	}
	if tb(f.MedicalPurpose) == no {
		s1.e.Status, s1.e.DecidingFact = StatusNotApplicable, "medical_purpose=false"
		s1.e.Rationale = "No intended use in the diagnosis, cure, mitigation, treatment or prevention of disease: not a device."
		r.Trace = append(r.Trace, s1.e)
		basis := "no medical purpose (FD&C Act 201(h))"
		if hasFn && fn.status == DeviceStatusNotADevice {
			basis += "; " + fn.basis
		}
		return done(DeviceStatusNotADevice, basis)
	}
	s1.e.Status = StatusApplies
	if f.MedicalPurpose != nil {
		s1.e.FactsUsed = []string{"medical_purpose=true"}
	}
	s1.e.Rationale = "Medical purpose stated or implied by the function; the exclusions are checked next."
	r.Trace = append(r.Trace, s1.e)
	if hasFn && fn.status == DeviceStatusNotADevice {
		r.Trace = append(r.Trace, TraceEntry{Rule: fmt.Sprintf("%s%d: 520(o)(1) exclusion", navigator, fn.step), Status: StatusApplies, FactsUsed: []string{ks("function", f.Function)}, Rationale: fn.basis})
		return done(DeviceStatusNotADevice, fn.basis)
	}
	// Step 3: general wellness.
	if f.Claims != nil || f.ClaimForm != nil {
		return wellness(&r, f)
	}
	// Patient- and caregiver-facing functions: the CDS policy covers HCP
	// functions only; the DSF/MMA guidance decides (step 7).
	if teq(f.IntendedUser, "patient", "caregiver") == yes {
		return patientFacing(&r, f, fn, hasFn)
	}
	// Step 6: CDS.
	if f.Input != nil || f.Output != nil || f.IntendedUser != nil && !hasFn || teq(f.Function, "clinical_decision_support") == yes {
		return cds(&r, f)
	}
	// Step 7: DSF/MMA policy.
	if hasFn {
		e := dsfEntry(f, fn)
		r.Trace = append(r.Trace, e)
		if fn.status == DeviceStatusDevice {
			if reg, ok := LookupRegulation(*f.Function); ok {
				setRegulation(&r, reg)
			}
		}
		if fn.status == DeviceStatusEnforcement {
			r.Enforcement = "FDA does not intend to enforce requirements for this device software function: " + fn.basis
		}
		return done(fn.status, fn.basis)
	}
	e := TraceEntry{Rule: navigator + "1–7", Status: StatusNeedsInput, Rationale: "Neither a device type, a software function, wellness claims nor CDS inputs and outputs are stated.",
		Open: []OpenFact{{Fact: "device_type", Effect: effectDecide}, {Fact: "function", Effect: effectDecide}, {Fact: "input", Effect: effectDecide}, {Fact: "output", Effect: effectDecide}}}
	r.Trace = append(r.Trace, e)
	return done(DeviceStatusUndetermined, "the stated facts do not reach a navigator outcome")
}

// dsfEntry is the trace entry of a function decided by the DSF/MMA
// guidance: the appendix or clause in the sub-rule, the example in the
// rationale.
func dsfEntry(f *Facts, fn fdaFunction) TraceEntry {
	e := TraceEntry{Rule: fmt.Sprintf("%s%d: device software functions policy", navigator, fn.step), Status: StatusApplies, FactsUsed: []string{ks("function", f.Function)}, Subrule: fn.basis, Rationale: fn.basis}
	if fn.example != "" {
		e.Rationale += "; example: " + fn.example
	}
	return e
}

// patientOutputs are outputs that give a patient-specific diagnosis or
// treatment recommendation (DSF/MMA guidance §V.A item 3).
var patientOutputs = []string{"specific_diagnostic_output", "specific_treatment_output", "alarm", "single_risk_score"}

// patientFacing decides a patient- or caregiver-facing function under the
// Device Software Functions and MMA guidance (Sept 2022): the CDS guidance
// (2022 and 2026) covers functions for health care professionals and says
// other policies apply to patient- and caregiver-facing software. The CDS
// criteria are still evaluated for the record (criterion 3 fails for a
// non-HCP user), but they do not set the status.
func patientFacing(r *Result, f *Facts, fn fdaFunction, hasFn bool) Result {
	if f.Input != nil || f.Output != nil {
		cds(r, f)
		r.Enforcement = ""
	}
	user := ks("intended_user", f.IntendedUser)
	var e TraceEntry
	status, basis := DeviceStatusUndetermined, "patient-facing function: the DSF/MMA category is not stated"
	switch {
	case hasFn:
		e = dsfEntry(f, fn)
		e.FactsUsed = append(e.FactsUsed, user)
		status, basis = fn.status, fn.basis
		if fn.status == DeviceStatusDevice {
			if reg, ok := LookupRegulation(*f.Function); ok {
				setRegulation(r, reg)
			}
		}
	case teq(f.Output, patientOutputs...) == yes:
		e = TraceEntry{Rule: navigator + "7: device software functions policy", Status: StatusApplies, Subrule: "DSF/MMA §V.A item 3",
			FactsUsed: []string{user, ks("output", f.Output)},
			Rationale: "Patient-specific analysis giving a patient-specific diagnosis or treatment recommendation to patients, caregivers or other non-HCP users is a focus of FDA oversight (DSF/MMA guidance §V.A item 3; Appendix C)."}
		status, basis = DeviceStatusDevice, "patient-facing function giving a patient-specific diagnosis or treatment recommendation (DSF/MMA §V.A item 3)"
	default:
		e = TraceEntry{Rule: navigator + "7: device software functions policy", Status: StatusNeedsInput,
			Open:      []OpenFact{{Fact: "function", Effect: effectDecide}},
			Rationale: "A patient- or caregiver-facing function is decided by the DSF/MMA guidance Appendix A (not devices), B (enforcement discretion) or C (focus of oversight); state its function category."}
	}
	r.Trace = append(r.Trace, e)
	r.DeviceStatus = status
	if r.DeviceStatus2022 != "" {
		r.DeviceStatus2022 = status
	}
	r.Enforcement = ""
	if status == DeviceStatusEnforcement {
		r.Enforcement = "FDA does not intend to enforce requirements for this device software function: " + basis
	}
	if hasFn && fn.status == DeviceStatusDevice && r.ClassificationRegulation != "" {
		r.Enforcement = ""
	}
	r.Basis = basis
	r.Questions = collectQuestions(r.Trace)
	return *r
}

func setRegulation(r *Result, reg Regulation) {
	r.Class = reg.Class
	r.ClassificationRegulation = reg.Regulation
	r.RegulationTitle = reg.Title
	r.ProductCode = reg.ProductCode
	r.FirstAuthorization = reg.FirstAuthorization
	r.Premarket = pathwayFor(reg)
	r.PathwayForSubstantiallyEquivalentFollowers = pathwayFor(reg)
	r.Enforcement = reg.Enforcement
}

// wellness applies the General Wellness policy (Jan 2026 edition; the
// two-factor test is unchanged from 2019).
func wellness(r *Result, f *Facts) Result {
	f1 := newRB(navigator + "3: general wellness factor 1 (intended use)")
	f2 := newRB(navigator + "3: general wellness factor 2 (low risk)")
	cat := 0
	var f1fail, f1open string
	var unknownClaims []string
	for _, c := range f.Claims {
		switch {
		case slices.Contains(wellnessCategory1, c):
		case hasDiseasePrefix(c):
			if f1fail == "" {
				f1fail = "claims=" + c
			}
		default:
			unknownClaims = append(unknownClaims, c)
		}
	}
	if f.ClaimForm != nil && hasDiseasePrefix(*f.ClaimForm) && f1fail == "" {
		f1fail = ks("claim_form", f.ClaimForm)
	}
	switch {
	case f1fail != "":
	case tb(f.ReferencesDisease) == yes:
		switch {
		case teq(f.ClaimForm, "may_help_reduce_risk", "may_help_living_well") == no:
			f1fail = ks("claim_form", f.ClaimForm)
		case f.ClaimForm == nil:
			f1open = "claim_form"
		case tb(f.WellAcceptedLifestyleLink) == no:
			f1fail = "well_accepted_lifestyle_link=false"
		case f.WellAcceptedLifestyleLink == nil:
			f1open = "well_accepted_lifestyle_link"
		default:
			cat = 2
		}
	case len(unknownClaims) > 0:
		f1open = "claims"
	case len(f.Claims) > 0:
		cat = 1
	default:
		f1open = "claims"
	}
	if cat == 1 && f.ReferencesDisease == nil {
		f1.openFact("references_disease", ClassNone, effectDecide)
	}
	switch {
	case f1fail != "":
		f1.e.Status, f1.e.DecidingFact = StatusNotApplicable, f1fail
		f1.e.Rationale = "The claim is outside the general wellness categories (a disease claim, or a disease reference without a well-accepted healthy-lifestyle link)."
	case f1open != "":
		f1.e.Status = StatusNeedsInput
		f1.e.Open = append(f1.e.Open, OpenFact{Fact: f1open, Effect: effectDecide})
		f1.e.Rationale = "The intended use is not settled: claims outside the known wellness categories, or a disease reference without claim form or lifestyle link."
	default:
		f1.e.Status = StatusApplies
		f1.e.Subrule = fmt.Sprintf("category %d", cat)
		f1.e.FactsUsed = append(f1.e.FactsUsed, "claims="+strings.Join(f.Claims, ","))
		f1.e.Open = f1.opens
		if cat == 1 {
			f1.e.Rationale = "Category 1: maintaining or encouraging a general state of health or a healthy activity, without reference to disease."
		} else {
			f1.e.Rationale = "Category 2: a healthy lifestyle that may help reduce the risk of, or help living well with, a chronic disease where the link is well accepted."
		}
	}
	// Factor 2.
	var f2fail, tech string
	for _, x := range []struct {
		key string
		v   *bool
	}{{"invasive", f.Invasive}, {"implanted", f.Implanted}, {"risky_technology", f.RiskyTechnology}} {
		if tb(x.v) == yes && f2fail == "" {
			f2fail = x.key + "=true"
		}
	}
	if f.Technology != nil {
		tech = *f.Technology
		if slices.Contains(riskyTechnologies, tech) && f2fail == "" {
			f2fail = ks("technology", f.Technology)
		}
	}
	if f2fail != "" {
		f2.e.Status, f2.e.DecidingFact = StatusNotApplicable, f2fail
		f2.e.Rationale = "Not low risk: invasive, implanted, or a technology that needs specific controls (lasers, radiation, electrical stimulation)."
	} else {
		f2.e.Status = StatusApplies
		f2.e.Rationale = "Low risk: not invasive, not implanted, no technology needing specific controls."
		for _, x := range []struct {
			key string
			v   *bool
		}{{"invasive", f.Invasive}, {"implanted", f.Implanted}, {"risky_technology", f.RiskyTechnology}} {
			if x.v != nil {
				f2.e.FactsUsed = append(f2.e.FactsUsed, kv(x.key, x.v))
			} else if tb(f.Software) != yes {
				f2.e.Open = append(f2.e.Open, OpenFact{Fact: x.key, Effect: effectDecide})
			}
		}
		if len(f2.e.Open) > 0 {
			f2.e.Rationale += " Unstated low-risk facts are open questions; the status is provisional."
		}
	}
	r.Trace = append(r.Trace, f1.e, f2.e)
	excl := healthyLifestyleExclusion(f, f1.e.Status == StatusApplies, cat, f2.e.Status == StatusNotApplicable)
	r.Trace = append(r.Trace, excl)
	var status, basis string
	switch {
	case excl.Status == StatusApplies:
		status, basis = DeviceStatusNotADevice, basis520o1B
	case f1.e.Status == StatusNotApplicable:
		status, basis = DeviceStatusNotGeneralWellness, "claim outside general wellness categories"
	case f2.e.Status == StatusNotApplicable:
		status = DeviceStatusNotGeneralWellness
		why := strings.ReplaceAll(tech, "_", " ")
		if why == "" || !slices.Contains(riskyTechnologies, tech) && f2fail != "risky_technology=true" {
			why = strings.TrimSuffix(f2fail, "=true")
		}
		basis = "not low risk (" + why + ")"
	case f1.e.Status == StatusNeedsInput:
		status, basis = DeviceStatusUndetermined, "general wellness intended use not settled"
	default:
		status, basis = DeviceStatusGeneralWellness, fmt.Sprintf("general wellness category %d", cat)
	}
	r.DeviceStatus = status
	r.Basis = basis
	r.Questions = collectQuestions(r.Trace)
	return *r
}

// basis520o1B is the basis of the healthy-lifestyle exclusion.
const basis520o1B = "520(o)(1)(B): a software function for maintaining or encouraging a healthy lifestyle, unrelated to the diagnosis, cure, mitigation, prevention or treatment of a disease or condition, is not a device"

// healthyLifestyleExclusion applies FD&C Act 520(o)(1)(B) as FDA reads it
// ("Changes to Existing Medical Software Policies Resulting from Section
// 3060 of the 21st Century Cures Act", Sept 2019, §IV.B): software functions
// with category 1 general-wellness claims are not devices; hardware with the
// same claims stays under the General Wellness policy (520(o)(1) covers
// software functions only); category 2 claims relate to the mitigation or
// prevention of a disease and are not excluded.
func healthyLifestyleExclusion(f *Facts, f1ok bool, cat int, f2fail bool) TraceEntry {
	e := TraceEntry{Rule: navigator + "3: healthy lifestyle exclusion, FD&C Act 520(o)(1)(B)"}
	switch {
	case !f1ok:
		e.Status, e.DecidingFact = StatusNotApplicable, "general wellness factor 1 not met"
		e.Rationale = "The intended use is not (or not yet) a healthy-lifestyle use unrelated to disease."
	case cat == 2:
		e.Status, e.DecidingFact = StatusNotApplicable, "references_disease=true"
		e.Rationale = "Category 2 claims (may help reduce the risk of, or help living well with, a disease) relate to the mitigation or prevention of a disease: not excluded by 520(o)(1)(B); the General Wellness policy applies."
	case f2fail:
		e.Status, e.DecidingFact = StatusNotApplicable, "general wellness factor 2 not met"
		e.Rationale = "Not low risk (invasive, implanted or a technology needing device controls): a software function alone cannot be that, so the exclusion is not applied."
	case tb(f.Software) == no:
		e.Status, e.DecidingFact = StatusNotApplicable, "software=false"
		e.Rationale = "520(o)(1) excludes software functions, not hardware: hardware with healthy-lifestyle claims stays under the General Wellness policy."
	case f.Software == nil:
		e.Status = StatusNeedsInput
		e.Open = []OpenFact{{Fact: "software", Effect: effectDecide}}
		e.Rationale = "A software function with these claims is not a device (520(o)(1)(B)); hardware with them is a general wellness product. Whether the product is software is not stated."
	default:
		e.Status = StatusApplies
		e.FactsUsed = []string{"software=true", "claims=" + strings.Join(f.Claims, ",")}
		e.Rationale = basis520o1B + " (Section 3060 guidance §IV.B)."
	}
	return e
}

func hasDiseasePrefix(s string) bool {
	for _, p := range diseaseClaimPrefixes {
		if s == p || strings.HasPrefix(s, p+"_") {
			return true
		}
	}
	return false
}

// cdsEdition is one edition of the FDA CDS guidance.
type cdsEdition struct {
	year int
	id   string
}

var cdsEditions = []cdsEdition{{2022, "fda-cds-2022-09"}, {2026, "fda-cds-2026-01"}}

// cdsCriterion evaluates criterion n (1–4) under an edition: yes = met,
// no = failed, with the deciding fact or the open one.
func cdsCriterion(n, year int, f *Facts) (t tri, fact, why string) {
	imageOrSignal := teq(f.Input, "medical_image", "signal_pattern", "medical_image_or_signal", "ivd_signal")
	listOut := teq(f.Output, "list_of_options", "prioritized_list_of_options", "notification_list_of_considerations")
	hcp := teq(f.IntendedUser, "hcp")
	switch n {
	case 1:
		switch imageOrSignal {
		case yes:
			return no, ks("input", f.Input), "acquires, processes or analyses a medical image or a signal or pattern"
		case no:
			return yes, ks("input", f.Input), "no medical image, IVD signal or signal pattern is analysed"
		}
		return unknown, "input", "the input type is not stated"
	case 2:
		switch teq(f.Input, "medical_information") {
		case yes:
			return yes, ks("input", f.Input), "displays or analyses medical information"
		case no:
			return no, ks("input", f.Input), "the input is not medical information in the sense of criterion 2"
		}
		return unknown, "input", "the input type is not stated"
	case 3:
		if hcp == no {
			return no, ks("intended_user", f.IntendedUser), "the function is for patients or caregivers, not a health care professional"
		}
		if teq(f.Output, "specific_diagnostic_output", "specific_treatment_output", "alarm", "single_risk_score") == yes {
			return no, ks("output", f.Output), "a specific output, alarm or risk score rather than options for the HCP"
		}
		if year == 2022 && tb(f.TimeCritical) == yes {
			return no, "time_critical=true", "time-critical decision support (2022 edition: criterion 3)"
		}
		switch {
		case hcp == unknown:
			return unknown, "intended_user", "the intended user is not stated"
		case listOut == unknown:
			return unknown, "output", "the output is not stated"
		case year == 2022 && f.TimeCritical == nil:
			return unknown, "time_critical", "whether the decision is time-critical is not stated"
		}
		return yes, ks("output", f.Output), "supports a health care professional with options"
	default:
		if tb(f.BasisIndependentlyReviewable) == no {
			return no, "basis_independently_reviewable=false", "the HCP cannot independently review the basis of the recommendation"
		}
		if year == 2026 && tb(f.TimeCritical) == yes {
			return no, "time_critical=true", "time-critical use leaves no time for independent review (2026 edition: criterion 4)"
		}
		switch {
		case f.BasisIndependentlyReviewable == nil:
			return unknown, "basis_independently_reviewable", "whether the basis can be independently reviewed is not stated"
		case year == 2026 && f.TimeCritical == nil:
			return unknown, "time_critical", "whether the use is time-critical is not stated"
		}
		return yes, "basis_independently_reviewable=true", "the HCP can independently review the basis"
	}
}

// cds evaluates the four 520(o)(1)(E) criteria under both editions. The
// device status follows the current (2026) edition.
func cds(r *Result, f *Facts) Result {
	status := map[int]string{}
	for _, ed := range cdsEditions {
		failed := []int{}
		open := false
		for n := 1; n <= 4; n++ {
			t, fact, why := cdsCriterion(n, ed.year, f)
			e := TraceEntry{Rule: fmt.Sprintf("CDS criterion %d (%s)", n, ed.id), Rationale: why}
			switch t {
			case yes:
				e.Status, e.FactsUsed = StatusApplies, []string{fact}
			case no:
				e.Status, e.DecidingFact = StatusNotApplicable, fact
				failed = append(failed, n)
			default:
				e.Status = StatusNeedsInput
				e.Open = []OpenFact{{Fact: fact, Effect: effectDecide}}
				open = true
			}
			r.Trace = append(r.Trace, e)
		}
		st := DeviceStatusNonDeviceCDS
		switch {
		case len(failed) > 0:
			st = DeviceStatusDevice
		case open:
			st = DeviceStatusUndetermined
		}
		if ed.year == 2026 && len(failed) == 1 && failed[0] == 3 {
			e := singleOutputPolicy(f)
			r.Trace = append(r.Trace, e)
			if e.Status == StatusApplies {
				st = DeviceStatusEnforcement
				r.Enforcement = "2026 CDS policy: single clinically appropriate output, criteria 1, 2 and 4 met"
			}
		}
		status[ed.year] = st
		if ed.year == 2022 {
			r.FailedCriteria2022 = failed
		} else {
			r.FailedCriteria2026 = failed
		}
	}
	r.DeviceStatus = status[2026]
	r.DeviceStatus2022 = status[2022]
	r.Basis = fmt.Sprintf("CDS criteria, 2026 edition: failed %v (2022 edition: failed %v)", r.FailedCriteria2026, r.FailedCriteria2022)
	r.Questions = collectQuestions(r.Trace)
	return *r
}

// singleOutputPolicy is the January 2026 enforcement discretion for a
// function failing criterion 3 only because it gives a single output where
// only one recommendation is clinically appropriate.
func singleOutputPolicy(f *Facts) TraceEntry {
	e := TraceEntry{Rule: "CDS single-output enforcement discretion (fda-cds-2026-01)"}
	switch {
	case teq(f.IntendedUser, "hcp") != yes:
		e.Status, e.DecidingFact = StatusNotApplicable, ks("intended_user", f.IntendedUser)
		e.Rationale = "The policy covers functions for health care professionals only."
	case teq(f.Output, "single_risk_score", "specific_diagnostic_output", "specific_treatment_output") != yes:
		e.Status, e.DecidingFact = StatusNotApplicable, ks("output", f.Output)
		e.Rationale = "Criterion 3 fails for a reason other than a single output."
	case tb(f.SingleClinicallyAppropriateOutput) == no:
		e.Status, e.DecidingFact = StatusNotApplicable, "single_clinically_appropriate_output=false"
		e.Rationale = "More than one recommendation is clinically appropriate."
	case f.SingleClinicallyAppropriateOutput == nil:
		e.Status = StatusNeedsInput
		e.Open = []OpenFact{{Fact: "single_clinically_appropriate_output", Effect: effectDecide}}
		e.Rationale = "Whether only one recommendation is clinically appropriate is not stated."
	default:
		e.Status = StatusApplies
		e.FactsUsed = []string{ks("output", f.Output), "single_clinically_appropriate_output=true"}
		e.Rationale = "Fails criterion 3 only by giving the single clinically appropriate output, and meets criteria 1, 2 and 4: FDA does not intend to enforce device requirements."
	}
	return e
}
