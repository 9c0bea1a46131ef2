package regulatory

// evalIEC applies IEC 62304:2006+A1:2015 clause 4.3 (Figure 3). A software
// system that is not classified, or whose decision is incomplete, is treated
// as class C until classified.
func evalIEC(f *Facts) Result {
	r := Result{Framework: IEC62304, RuleSet: RuleSetIEC62304}
	step := func(rule string) TraceEntry { return TraceEntry{Rule: "IEC 62304 4.3 " + rule} }
	need := func(e TraceEntry, key, why string) TraceEntry {
		e.Status = StatusNeedsInput
		e.Open = []OpenFact{{Fact: key, Effect: effectDecide}}
		e.Rationale = why
		return e
	}
	finish := func(c SafetyClass, basis string) Result {
		r.SafetyClass, r.Basis = c, basis
		r.Questions = collectQuestions(r.Trace)
		return r
	}
	e0 := step("classification performed")
	if tb(f.Classified) == no {
		e0.Status, e0.DecidingFact = StatusNotApplicable, "classified=false"
		e0.Rationale = "The software system has not been classified: class C requirements apply until it is."
		r.Trace = append(r.Trace, e0)
		return finish(SafetyClassC, "not yet classified: class C applies until classified (clause 4.3)")
	}
	e0.Status = StatusApplies
	e0.Rationale = "Classification is performed from the hazard analysis (ISO 14971)."
	r.Trace = append(r.Trace, e0)

	e1 := step("can a hazardous situation arise from a failure of the software system?")
	switch tb(f.CanContributeToHazardousSituation) {
	case no:
		e1.Status, e1.DecidingFact = StatusNotApplicable, "can_contribute_to_hazardous_situation=false"
		e1.Rationale = "The software cannot contribute to a hazardous situation: class A."
		r.Trace = append(r.Trace, e1)
		return finish(SafetyClassA, "cannot contribute to a hazardous situation")
	case unknown:
		r.Trace = append(r.Trace, need(e1, "can_contribute_to_hazardous_situation", "Not stated; until classified, class C applies."))
		return finish(SafetyClassC, "not yet classified: class C applies until classified (clause 4.3)")
	}
	e1.Status, e1.FactsUsed = StatusApplies, []string{"can_contribute_to_hazardous_situation=true"}
	e1.Rationale = "The software can contribute to a hazardous situation."
	r.Trace = append(r.Trace, e1)

	e2 := step("unacceptable risk after risk control measures external to the software?")
	switch tb(f.UnacceptableRiskAfterExternalControls) {
	case no:
		e2.Status, e2.DecidingFact = StatusNotApplicable, "unacceptable_risk_after_external_controls=false"
		e2.Rationale = "External risk control measures make the risk acceptable: class A (Amd1 2015)."
		r.Trace = append(r.Trace, e2)
		return finish(SafetyClassA, "risk acceptable after external risk control measures")
	case unknown:
		r.Trace = append(r.Trace, need(e2, "unacceptable_risk_after_external_controls", "Not stated; until classified, class C applies."))
		return finish(SafetyClassC, "not yet classified: class C applies until classified (clause 4.3)")
	}
	e2.Status, e2.FactsUsed = StatusApplies, []string{"unacceptable_risk_after_external_controls=true"}
	e2.Rationale = "The risk is unacceptable after external risk control measures."
	r.Trace = append(r.Trace, e2)

	e3 := step("severity of the possible harm")
	switch sv(f.WorstHarm) {
	case "death_or_serious_injury":
		e3.Status, e3.FactsUsed, e3.Subrule = StatusApplies, []string{ks("worst_harm", f.WorstHarm)}, "C"
		e3.Rationale = "Death or serious injury is possible: class C."
		r.Trace = append(r.Trace, e3)
		return finish(SafetyClassC, "unacceptable risk; death or serious injury possible")
	case "non_serious_injury":
		e3.Status, e3.FactsUsed, e3.Subrule = StatusApplies, []string{ks("worst_harm", f.WorstHarm)}, "B"
		e3.Rationale = "Non-serious injury is the worst possible harm: class B."
		r.Trace = append(r.Trace, e3)
		return finish(SafetyClassB, "unacceptable risk; non-serious injury possible")
	case "no_injury":
		e3.Status, e3.FactsUsed, e3.Subrule = StatusApplies, []string{ks("worst_harm", f.WorstHarm)}, "A"
		e3.Rationale = "No injury is possible: class A."
		r.Trace = append(r.Trace, e3)
		return finish(SafetyClassA, "no injury possible")
	}
	r.Trace = append(r.Trace, need(e3, "worst_harm", "The severity of the worst possible harm is not stated; until classified, class C applies."))
	return finish(SafetyClassC, "not yet classified: class C applies until classified (clause 4.3)")
}
