package regulatory

import (
	"fmt"
	"slices"
	"strconv"
)

// Result is the outcome of [Evaluate] for one framework. Only the fields of
// that framework are set; JSON omits the others. The JSON keys of the
// reference cases' expected objects are top-level fields.
type Result struct {
	// Framework is the framework evaluated.
	Framework Framework `json:"framework"`
	// RuleSet names the source document and edition.
	RuleSet RuleSet `json:"rule_set"`

	// MedicalDevice (EU) is false when the MDCG 2019-11 qualification steps
	// or the absence of a medical purpose exclude the product, true when it
	// qualifies, nil when the stated facts do not decide it.
	MedicalDevice *bool `json:"medical_device,omitzero"`
	// DecisionStep (EU) is the MDCG 2019-11 rev.1 decision step (1–5) that
	// decided qualification, or 0.
	DecisionStep int `json:"decision_step,omitzero"`
	// Class is the class the stated facts support: EU I/IIa/IIb/III (the
	// maximum over the rules that apply, implementing rule 3.5), or the FDA
	// class of the classification regulation. ClassNone when undetermined.
	Class Class `json:"class,omitzero"`
	// HighestReachableClass (EU) is the strictest class the open questions
	// could still lead to; never below Class.
	HighestReachableClass Class `json:"highest_reachable_class,omitzero"`
	// Rules (EU) lists the rules that apply: "Implementing rule 3.2",
	// "Implementing rule 3.3", then "Rule N" ascending, then "Implementing
	// rule 3.5" when it combines the 3.3 floor with a rule.
	Rules []string `json:"rules,omitzero"`
	// Subrule (EU) is the Rule 11 sub-rule that applies: "11(a)", "11(b)" or "11(c)".
	Subrule string `json:"subrule,omitzero"`
	// IMDRFCategory (EU) is the IMDRF N12 category of stated software facts.
	IMDRFCategory string `json:"imdrf_category,omitzero"`
	// ClassISubtypes (EU, class I only) lists the Art. 52(7) qualifiers in
	// the order Is, Im, Ir; empty when none applies.
	ClassISubtypes []string `json:"class_i_subtypes,omitzero"`
	// ComponentClasses (EU) maps each component name to its class label
	// ("undetermined" when its facts decide none), implementing rule 3.2.
	ComponentClasses map[string]string `json:"component_classes,omitzero"`

	// Category (IMDRF) is the N12 category, "I" to "IV".
	Category string `json:"category,omitzero"`
	// Criterion (IMDRF) is the N12 §7.3 criterion label, e.g. "III.ii".
	Criterion string `json:"criterion,omitzero"`
	// IMDRFCell (IMDRF) is the matrix cell with both axes.
	IMDRFCell *IMDRFCell `json:"imdrf_cell,omitzero"`
	// Mappings (IMDRF) are the EU (indicative) and UK ("proposed") classes.
	Mappings []Mapping `json:"mappings,omitzero"`

	// DeviceStatus (FDA) is one of not_a_device, general_wellness,
	// not_general_wellness, non_device_cds, enforcement_discretion, device or
	// undetermined, under the current (January 2026) guidance editions.
	DeviceStatus string `json:"device_status,omitzero"`
	// DeviceStatus2022 (FDA, CDS only) is the status under the 2022 CDS edition.
	DeviceStatus2022 string `json:"device_status_2022,omitzero"`
	// FailedCriteria2022 (FDA, CDS only) lists the CDS criteria (1–4) the
	// stated facts fail under the September 2022 edition, ascending.
	FailedCriteria2022 []int `json:"failed_criteria_2022,omitzero"`
	// FailedCriteria2026 is the same under the January 2026 edition.
	FailedCriteria2026 []int `json:"failed_criteria_2026,omitzero"`
	// ClassificationRegulation (FDA) is the 21 CFR citation from the
	// embedded table, e.g. "21 CFR 886.1100".
	ClassificationRegulation string `json:"classification_regulation,omitzero"`
	// RegulationTitle (FDA) is the device type the regulation names.
	RegulationTitle string `json:"regulation_title,omitzero"`
	// ProductCode (FDA) is the three-letter product code where known.
	ProductCode string `json:"product_code,omitzero"`
	// FirstAuthorization (FDA) is the De Novo that created the regulation.
	FirstAuthorization *Authorization `json:"first_authorization,omitzero"`
	// PathwayForSubstantiallyEquivalentFollowers (FDA) is the route for a
	// later device of the same type: "510(k)", "510(k) exempt" or "PMA".
	PathwayForSubstantiallyEquivalentFollowers string `json:"pathway_for_substantially_equivalent_followers,omitzero"`
	// Premarket (FDA) is the premarket route for the device type today.
	Premarket string `json:"premarket,omitzero"`
	// Enforcement (FDA) states an enforcement policy that applies.
	Enforcement string `json:"enforcement,omitzero"`

	// SafetyClass (IEC 62304) is A, B or C.
	SafetyClass SafetyClass `json:"safety_class,omitzero"`

	// Basis is a one-line statement of what decided the result.
	Basis string `json:"basis,omitzero"`
	// Qualification (EU) traces the MDCG 2019-11 rev.1 decision steps.
	Qualification []TraceEntry `json:"qualification,omitzero"`
	// Trace lists every rule or criterion of the framework with its outcome.
	// For the EU it holds Rules 1–22 (each exactly once, in order) followed
	// by implementing rules 3.2–3.5 and Art. 52(7).
	Trace []TraceEntry `json:"trace"`
	// Judgements lists judgement calls the engine reports but did not make.
	Judgements []string `json:"judgements,omitzero"`
	// Questions lists the facts still needed, in the order to answer them.
	Questions []Question `json:"questions,omitzero"`
}

// Authorization is a marketing authorization: pathway and number.
type Authorization struct {
	// Pathway is "De Novo", "510(k)" or "PMA".
	Pathway string `json:"pathway"`
	// Number is the submission number, e.g. "DEN180001".
	Number string `json:"number"`
}

// Question is a fact still needed to settle the result.
type Question struct {
	// Fact is the fact key to state.
	Fact string `json:"fact"`
	// Class is the strictest class answering it could lead to (ClassNone
	// when the fact decides something other than a class).
	Class Class `json:"class,omitzero"`
	// Rules lists the rules or steps that wait on it.
	Rules []string `json:"rules"`
}

// Evaluate classifies the product described by f under framework fw and
// returns the result with its full trace. f is not modified and the result
// shares no memory with it.
//
// Evaluate returns an error if:
//   - fw is not EUMDR, IMDRF, FDA or IEC62304 ([ErrUnknownFramework]);
//   - f fails [Facts.Validate] ([ErrInvalidInput]).
func Evaluate(fw Framework, f Facts) (Result, error) {
	switch fw {
	case EUMDR, IMDRF, FDA, IEC62304:
	default:
		return Result{}, &FieldError{Pkg: "regulatory", Path: "framework", Value: strconv.Itoa(int(fw)), Err: ErrUnknownFramework}
	}
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	switch fw {
	case EUMDR:
		return evalEU(&f), nil
	case IMDRF:
		return evalIMDRF(&f), nil
	case FDA:
		return evalFDA(&f), nil
	default:
		return evalIEC(&f), nil
	}
}

// Questions lists the facts still needed under fw, in the order a user should
// answer them: qualification and the facts that decide which rules apply
// first (software, medical purpose, invasiveness, duration, active, software
// purpose, decision impact …), then the remaining facts by the strictest
// class they could lead to, ties in vocabulary order; each with the rules
// waiting on it.
//
// Questions returns an error in the same cases as [Evaluate].
func Questions(fw Framework, f Facts) ([]Question, error) {
	r, err := Evaluate(fw, f)
	if err != nil {
		return nil, err
	}
	return r.Questions, nil
}

// questionFirst orders the facts a user should settle first.
var questionFirst = []string{
	"software", "medical_purpose", "acts_on_data_beyond_storage_communication_search", "for_benefit_of_individual_patients",
	"software_independent", "drives_or_influences_device_class", "classified", "can_contribute_to_hazardous_situation",
	"unacceptable_risk_after_external_controls", "worst_harm", "device_type", "function", "claims",
	"intended_user", "input", "output", "time_critical", "basis_independently_reviewable", "single_clinically_appropriate_output",
	"invasiveness", "implantable", "duration", "active", "contact", "software_purpose", "decision_impact",
	"healthcare_situation", "significance",
}

// questionRanks maps each fact key to its position in the answer order; it is
// built once at package init and read-only afterwards.
var questionRanks = func() map[string]int {
	m := make(map[string]int, len(questionFirst)+len(factFields))
	for i, k := range questionFirst {
		m[k] = i
	}
	return m
}()

func questionRank(key string) int {
	if r, ok := questionRanks[key]; ok {
		return r
	}
	if ff, ok := byKey[key]; ok {
		return len(questionFirst) + ff.index
	}
	return 1 << 20
}

// collectQuestions gathers the open facts of trace entries that apply or need
// input, merged per fact.
func collectQuestions(entries ...[]TraceEntry) []Question {
	type ranked struct {
		q    Question
		rank int
	}
	var qs []ranked
	var index map[string]int
	for _, list := range entries {
		for _, e := range list {
			if e.Status == StatusNotApplicable {
				continue
			}
			for _, o := range e.Open {
				if index == nil {
					index = make(map[string]int, 32)
					qs = make([]ranked, 0, 32)
				}
				i, ok := index[o.Fact]
				if !ok {
					i = len(qs)
					index[o.Fact] = i
					qs = append(qs, ranked{q: Question{Fact: o.Fact, Rules: make([]string, 0, 2)}, rank: questionRank(o.Fact)})
				}
				q := &qs[i].q
				if o.Effect != effectLower {
					q.Class = maxClass(q.Class, o.Class)
				}
				if !slices.Contains(q.Rules, e.Rule) {
					q.Rules = append(q.Rules, e.Rule)
				}
			}
		}
	}
	if len(qs) == 0 {
		return nil
	}
	first := len(questionFirst)
	slices.SortFunc(qs, func(a, b ranked) int {
		if a.rank < first || b.rank < first {
			return a.rank - b.rank
		}
		if d := b.q.Class.Rank() - a.q.Class.Rank(); d != 0 {
			return d
		}
		return a.rank - b.rank
	})
	out := make([]Question, len(qs))
	for i, r := range qs {
		out[i] = r.q
	}
	return out
}

func boolPtr(b bool) *bool { return &b }

// qualifyEU runs the MDCG 2019-11 rev.1 decision steps for software, or the
// Art. 2(1) medical-purpose check for other products.
func qualifyEU(f *Facts) (steps []TraceEntry, md *bool, step int) {
	const src = "MDCG 2019-11 rev.1 §3 Figure 1, decision step "
	mp := tb(f.MedicalPurpose)
	sw := tb(f.Software)
	entry := func(n int, st Status, fact, why string) TraceEntry {
		e := TraceEntry{Rule: src + strconv.Itoa(n), Status: st, Rationale: why}
		switch st {
		case StatusApplies:
			if fact != "" {
				e.FactsUsed = []string{fact}
			}
		case StatusNotApplicable:
			e.DecidingFact = fact
		case StatusNeedsInput:
			e.Open = []OpenFact{{Fact: factKey(fact), Effect: effectDecide}}
		}
		return e
	}
	if sw != yes {
		st := StatusNotApplicable
		if sw == unknown {
			st = StatusNeedsInput
		}
		steps = append(steps, entry(1, st, kv("software", f.Software), "The software qualification steps apply to software only; a physical product is classified on its stated intended purpose."))
		if mp == no {
			return steps, boolPtr(false), 0
		}
		return steps, boolPtr(true), 0
	}
	steps = append(steps, entry(1, StatusApplies, "software=true", "The product is software."))
	// Step 2: drives or influences a device, accessory or Annex XVI product.
	drives := f.DrivesOrInfluencesDeviceClass
	switch {
	case tb(f.SoftwareIndependent) == no || (drives.Set && drives.Class != ClassNone):
		fact := kv("software_independent", f.SoftwareIndependent)
		if drives.Set && drives.Class != ClassNone {
			fact = optClassFact("drives_or_influences_device_class", drives)
		}
		steps = append(steps, entry(2, StatusApplies, fact, "Software driving or influencing a device is covered by the MDR with that device (implementing rule 3.3)."))
		return steps, boolPtr(true), 2
	case tb(f.SoftwareIndependent) == yes:
		steps = append(steps, entry(2, StatusNotApplicable, "software_independent=true", "Independent software: qualification continues with step 3."))
	default:
		steps = append(steps, entry(2, StatusNeedsInput, "software_independent", "Whether the software drives or influences a hardware device is not stated."))
	}
	for _, s := range []struct {
		n    int
		t    tri
		key  string
		no   string
		need string
	}{
		{3, tb(f.ActsOnDataBeyondStorageCommunicationSearch), "acts_on_data_beyond_storage_communication_search", "Software that only stores, archives, communicates, searches or compresses data losslessly is not a medical device.", "Whether the software acts on data beyond storage, communication and simple search is not stated; assumed pending."},
		{4, tb(f.ForBenefitOfIndividualPatients), "for_benefit_of_individual_patients", "Software not acting for the benefit of individual patients (population data, generic pathways) is not a medical device.", "Whether the software acts for individual patients is not stated; assumed pending."},
	} {
		switch s.t {
		case no:
			steps = append(steps, entry(s.n, StatusNotApplicable, s.key+"=false", s.no))
			return steps, boolPtr(false), s.n
		case yes:
			steps = append(steps, entry(s.n, StatusApplies, s.key+"=true", "Condition met; qualification continues."))
		default:
			steps = append(steps, entry(s.n, StatusNeedsInput, s.key, s.need))
		}
	}
	switch {
	case mp == no:
		steps = append(steps, entry(5, StatusNotApplicable, "medical_purpose=false", "No medical purpose under Art. 2(1): not medical device software."))
		return steps, boolPtr(false), 5
	case mp == yes:
		steps = append(steps, entry(5, StatusApplies, "medical_purpose=true", "Medical purpose under Art. 2(1): medical device software (MDSW)."))
		return steps, boolPtr(true), 5
	case f.SoftwarePurpose != nil || f.DecisionImpact != nil || f.Significance != nil || tb(f.ContraceptionOrSTIPrevention) == yes:
		fact := ks("software_purpose", f.SoftwarePurpose)
		switch {
		case f.SoftwarePurpose != nil:
		case f.DecisionImpact != nil:
			fact = ks("decision_impact", f.DecisionImpact)
		case f.Significance != nil:
			fact = ks("significance", f.Significance)
		default:
			fact = "contraception_or_sti_prevention=true"
		}
		steps = append(steps, entry(5, StatusApplies, fact, "The stated software purpose is a medical purpose under Art. 2(1): MDSW."))
		return steps, boolPtr(true), 5
	}
	steps = append(steps, entry(5, StatusNeedsInput, "medical_purpose", "Whether the software has a medical purpose under Art. 2(1) is not stated."))
	return steps, nil, 0
}

func evalEU(f *Facts) Result {
	r := Result{Framework: EUMDR, RuleSet: RuleSetEUMDR}
	var md *bool
	r.Qualification, md, r.DecisionStep = qualifyEU(f)
	r.MedicalDevice = md
	r.Trace = make([]TraceEntry, 0, 27)
	var rules [23]TraceEntry
	if md != nil && !*md {
		for n := 1; n <= 22; n++ {
			rules[n] = TraceEntry{Rule: "Rule " + strconv.Itoa(n), Status: StatusNotApplicable, DecidingFact: "medical_device=false",
				Rationale: "The product does not qualify as a medical device, so no classification rule applies."}
		}
	} else {
		rules = euRules(f)
	}
	class := ClassNone
	numbered := 0
	var ruleNames []string
	for n := 1; n <= 22; n++ {
		r.Trace = append(r.Trace, rules[n])
		if rules[n].Status == StatusApplies {
			class = maxClass(class, rules[n].Class)
			numbered++
		}
	}
	if rules[11].Status == StatusApplies {
		r.Subrule = rules[11].Subrule
	}
	if cell, ok := imdrfCell(f); ok && tb(f.Software) != no {
		r.IMDRFCategory = cell.Category
	}

	// Implementing rule 3.2: components and systems.
	sources := numbered
	var compRules []int
	e32 := TraceEntry{Rule: "Implementing rule 3.2"}
	reach := ClassNone
	if len(f.Components) > 0 && (md == nil || *md) {
		r.ComponentClasses = make(map[string]string, len(f.Components))
		sys := ClassNone
		for i, c := range f.Components {
			sub := evalEU(&c.Facts)
			name := c.Name
			if name == "" {
				name = "component " + strconv.Itoa(i+1)
			}
			if _, dup := r.ComponentClasses[name]; dup {
				name += " #" + strconv.Itoa(i+1)
			}
			label := "undetermined"
			if sub.Class != ClassNone {
				label = sub.Class.String()
			}
			r.ComponentClasses[name] = label
			sys = maxClass(sys, sub.Class)
			reach = maxClass(reach, sub.HighestReachableClass)
			for n := 1; n <= 22; n++ {
				if sub.Trace[n-1].Status == StatusApplies && !slices.Contains(compRules, n) {
					compRules = append(compRules, n)
				}
			}
			e32.FactsUsed = append(e32.FactsUsed, fmt.Sprintf("components[%d] %s: %s", i, name, label))
		}
		if tb(f.SoldAsSingleSystem) == no {
			e32.Status = StatusApplies
			e32.DecidingFact = "sold_as_single_system=false"
			e32.Rationale = "Components are classified separately; the product is not placed on the market as one system, so no system class is derived."
		} else {
			e32.Status = StatusApplies
			e32.Class = sys
			e32.Rationale = "Components are classified separately and the system sold as one product takes the highest component class (MDCG 2021-24 §3.2)."
			if f.SoldAsSingleSystem == nil {
				e32.Open = []OpenFact{{Fact: "sold_as_single_system", Effect: effectDecide}}
			} else {
				e32.FactsUsed = append(e32.FactsUsed, "sold_as_single_system=true")
			}
			class = maxClass(class, sys)
			if sys != ClassNone {
				sources++
			}
		}
	} else {
		e32.Status = StatusNotApplicable
		e32.DecidingFact = "components not stated"
		e32.Rationale = "No components or accessories are described; the product is classified as one device."
	}

	// Implementing rule 3.3: software driving or influencing a device.
	e33 := TraceEntry{Rule: "Implementing rule 3.3"}
	drives := f.DrivesOrInfluencesDeviceClass
	switch {
	case md != nil && !*md:
		e33.Status, e33.DecidingFact, e33.Rationale = StatusNotApplicable, "medical_device=false", "Not a medical device."
	case drives.Set && drives.Class != ClassNone:
		e33.Status, e33.Class, e33.Subrule = StatusApplies, drives.Class, "3.3 floor"
		e33.FactsUsed = []string{optClassFact("drives_or_influences_device_class", drives)}
		e33.Rationale = "Software driving or influencing a device falls within the class of that device; software with its own medical purpose is classified on it but never below the hardware (MDCG 2019-11 rev.1 §4.1)."
		class = maxClass(class, drives.Class)
		sources++
	case drives.Set:
		e33.Status, e33.DecidingFact, e33.Rationale = StatusNotApplicable, "drives_or_influences_device_class=null", "The software drives or influences no device."
	case tb(f.SoftwareIndependent) == yes:
		e33.Status, e33.DecidingFact, e33.Rationale = StatusNotApplicable, "software_independent=true", "Independent software is classified in its own right."
	case tb(f.Software) == no:
		e33.Status, e33.DecidingFact, e33.Rationale = StatusNotApplicable, "software=false", "Not software."
	case tb(f.SoftwareIndependent) == no:
		e33.Status = StatusNeedsInput
		e33.Open = []OpenFact{{Fact: "drives_or_influences_device_class", Class: ClassIII, Effect: effectRaise}}
		e33.Rationale = "The software drives or influences a device whose class is not stated; that class is a floor."
	default:
		e33.Status = StatusNeedsInput
		e33.Open = []OpenFact{{Fact: firstUnknown(f, "software", "software_independent"), Effect: effectGate}}
		e33.Rationale = "Whether this is software driving or influencing a device is not stated."
	}

	// Implementing rule 3.4: several body parts.
	e34 := TraceEntry{Rule: "Implementing rule 3.4"}
	if len(f.DirectContact) > 1 && (md == nil || *md) {
		e34.Status = StatusApplies
		e34.FactsUsed = []string{directContact(f)}
		e34.Rationale = "Several body parts are specified: the most critical specified use decides (already reflected in Rules 6–8)."
	} else {
		e34.Status = StatusNotApplicable
		e34.DecidingFact = "no several specified body parts"
		e34.Rationale = "The device is not specified for use in several body parts."
	}

	// Implementing rule 3.5: several rules apply.
	e35 := TraceEntry{Rule: "Implementing rule 3.5"}
	if sources >= 2 {
		e35.Status, e35.Class = StatusApplies, class
		e35.Rationale = fmt.Sprintf("%d rules or implementing rules give a class; the strictest, %s, applies.", sources, class)
	} else {
		e35.Status, e35.DecidingFact = StatusNotApplicable, "fewer than two rules apply"
		e35.Rationale = "At most one rule gives a class."
	}

	// Article 52(7): Is, Im, Ir.
	e527 := TraceEntry{Rule: "Article 52(7)"}
	if class == ClassI {
		r.ClassISubtypes = []string{}
		for _, s := range []struct {
			label string
			t     tri
			key   string
		}{{"Is", tb(f.Sterile), "sterile"}, {"Im", tb(f.MeasuringFunction), "measuring_function"}, {"Ir", tb(f.ReusableSurgicalInstrument), "reusable_surgical_instrument"}} {
			switch s.t {
			case yes:
				r.ClassISubtypes = append(r.ClassISubtypes, s.label)
				e527.FactsUsed = append(e527.FactsUsed, s.key+"=true")
			case unknown:
				e527.Open = append(e527.Open, OpenFact{Fact: s.key, Effect: effectDecide})
			}
		}
		if len(r.ClassISubtypes) > 0 {
			e527.Status, e527.Subrule = StatusApplies, joinLabels(r.ClassISubtypes)
			e527.Rationale = "Class I device placed on the market sterile, with a measuring function or as a reusable surgical instrument: a notified body assesses those aspects."
		} else if len(e527.Open) > 0 {
			e527.Status = StatusNeedsInput
			e527.Rationale = "Class I: whether the device is sterile, measures or is a reusable surgical instrument is not fully stated."
		} else {
			e527.Status, e527.DecidingFact = StatusNotApplicable, "sterile, measuring_function and reusable_surgical_instrument not true"
			e527.Rationale = "Class I without sterile, measuring or reusable-instrument aspects: self-declared."
		}
	} else {
		e527.Status, e527.DecidingFact = StatusNotApplicable, "class is not I"
		e527.Rationale = "The Is, Im and Ir qualifiers apply to class I devices only."
	}
	r.Trace = append(r.Trace, e32, e33, e34, e35, e527)

	if e32.Status == StatusApplies {
		ruleNames = append(ruleNames, e32.Rule)
	}
	if e33.Status == StatusApplies {
		ruleNames = append(ruleNames, e33.Rule)
	}
	for n := 1; n <= 22; n++ {
		if rules[n].Status == StatusApplies || slices.Contains(compRules, n) {
			ruleNames = append(ruleNames, rules[n].Rule)
		}
	}
	if e33.Status == StatusApplies && numbered > 0 {
		ruleNames = append(ruleNames, e35.Rule)
	}
	r.Rules = ruleNames
	r.Class = class

	reach = maxClass(reach, class)
	for _, e := range r.Trace {
		if e.Status == StatusNotApplicable {
			continue
		}
		for _, o := range e.Open {
			if o.Effect != effectLower {
				reach = maxClass(reach, o.Class)
			}
		}
	}
	if md != nil && !*md {
		reach = ClassNone
	}
	r.HighestReachableClass = reach
	r.Questions = collectQuestions(r.Qualification, r.Trace)
	r.Basis = euBasis(r)
	return r
}

func joinLabels(ls []string) string {
	out := ""
	for i, l := range ls {
		if i > 0 {
			out += ", "
		}
		out += l
	}
	return out
}

func euBasis(r Result) string {
	switch {
	case r.MedicalDevice != nil && !*r.MedicalDevice:
		return fmt.Sprintf("not a medical device (MDCG 2019-11 rev.1 decision step %d)", r.DecisionStep)
	case r.Class == ClassNone:
		return "no rule applies on the stated facts; see the open questions"
	}
	if len(r.Rules) > 1 {
		return fmt.Sprintf("class %s by %s (implementing rule 3.5: the strictest applies)", r.Class, joinLabels(r.Rules))
	}
	return fmt.Sprintf("class %s by %s", r.Class, joinLabels(r.Rules))
}
