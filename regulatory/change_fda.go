package regulatory

import (
	"fmt"
	"slices"
	"strings"
)

const fdaFlow = "FDA 2017 software change "

// nonSoftwareKinds are the kinds the general 510(k) change guidance covers.
var nonSoftwareKinds = []ChangeKind{ChangeLabeling, ChangeDesign, ChangeMaterial, ChangeSterilization, ChangePackaging, ChangeIntendedPurpose}

// flowEnd is where one FDA flow stopped.
type flowEnd struct {
	outcome ChangeOutcome // OutcomeDocument, OutcomeNew510kLikely, OutcomeNeedsInput or 0 (not run)
	label   string
	open    string
}

func assessFDA(a *ChangeAssessment, set *ChangeSet, p *PCCP) {
	a.RuleSet = RuleSetFDASoftwareChange

	// PCCP coverage first: a covered change is implemented and documented.
	var flow []int
	pending, claimed := false, p != nil
	covered := 0
	for i := range set.Changes {
		if set.Changes[i].PCCPModification != "" {
			claimed = true
		}
	}
	if claimed {
		for i := range set.Changes {
			c := pccpCoverage(&set.Changes[i], p)
			a.PCCP = append(a.PCCP, c)
			switch c.Status {
			case StatusApplies:
				covered++
				continue
			case StatusNeedsInput:
				pending = true
			}
			flow = append(flow, i)
		}
		e := TraceEntry{Rule: "PCCP coverage (FD&C Act §515C)"}
		switch {
		case covered == len(set.Changes):
			e.Status = StatusApplies
			e.FactsUsed = []string{"pccp_implemented_per_protocol=true"}
			e.Rationale = "Every change is described in an authorised PCCP and was implemented per its modification protocol: implement and document under the quality system; no new marketing submission."
			a.Trace = append(a.Trace, e)
			a.Outcome, a.StoppedAt, a.Conclusion = OutcomeImplementUnderPCCP, "PCCP", ConclusionPCCP
			return
		case pending:
			e.Status = StatusNeedsInput
			e.Open = []OpenFact{{Fact: "pccp_implemented_per_protocol", Effect: effectDecide}}
			e.Rationale = pccpSummary(a.PCCP, covered) + " The flow runs on the changes not covered."
		default:
			e.Status = StatusNotApplicable
			for _, c := range a.PCCP {
				if c.Status == StatusNotApplicable {
					e.DecidingFact = c.Change + ": " + c.Reason
					break
				}
			}
			e.Rationale = pccpSummary(a.PCCP, covered) + " The flow runs on the changes not covered."
		}
		a.Trace = append(a.Trace, e)
	} else {
		for i := range set.Changes {
			flow = append(flow, i)
		}
	}

	var sw, other []int
	for _, i := range flow {
		r := &set.Changes[i]
		if hasKind(r, ChangeSoftware) {
			sw = append(sw, i)
		}
		if hasKind(r, nonSoftwareKinds...) {
			other = append(other, i)
		}
	}
	swEnd := softwareFlow(a, set, sw)
	ggEnd := generalGuidance(a, set, other)

	end := flowEnd{outcome: OutcomeDocument}
	switch {
	case swEnd.outcome == OutcomeNew510kLikely:
		end = swEnd
	case ggEnd.outcome == OutcomeNew510kLikely:
		end = ggEnd
	case swEnd.outcome == OutcomeNeedsInput:
		end = swEnd
	case ggEnd.outcome == OutcomeNeedsInput:
		end = ggEnd
	case swEnd.outcome == OutcomeDocument:
		end = swEnd
	default:
		end = ggEnd
	}
	a.Outcome, a.StoppedAt = end.outcome, end.label
	switch end.outcome {
	case OutcomeNew510kLikely:
		a.Conclusion = ConclusionNew510k
	case OutcomeNeedsInput:
		a.Conclusion = "needs input: " + end.open
	default:
		a.Conclusion = ConclusionDocument
	}
	if pending && end.outcome == OutcomeNew510kLikely {
		a.Judgements = append(a.Judgements, fmt.Sprintf("without PCCP coverage the flow stops at %s: %s", end.label, ConclusionNew510k))
		a.Outcome, a.StoppedAt, a.Conclusion = OutcomeNeedsInput, "PCCP", "needs input: pccp_implemented_per_protocol"
	}
	if end.outcome == OutcomeDocument && (end.label == "Q1" || end.label == "Q2") {
		for _, i := range sw {
			for _, l := range set.Changes[i].Links {
				if l.forcesNewRisk() || l.forcesNewControl() {
					a.Judgements = append(a.Judgements, fmt.Sprintf("change %q %s %s %s, which sits uneasily with a change made solely for %s; confirm the %s answer", set.Changes[i].ID, l.Effect, l.Target, l.ID, soleReason(end.label), end.label))
				}
			}
		}
	}
	if end.outcome == OutcomeDocument {
		a.Judgements = append(a.Judgements, "verification and validation confirm a document decision but cannot override a finding that the change could significantly affect safety or effectiveness")
	}
}

func soleReason(label string) string {
	if label == "Q1" {
		return "cybersecurity"
	}
	return "restoring the cleared specification"
}

func pccpSummary(cs []PCCPCoverage, covered int) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s: %s", c.Change, c.Reason))
	}
	return fmt.Sprintf("%d of %d changes covered (%s).", covered, len(cs), strings.Join(parts, "; "))
}

// softwareFlow runs Q1 → Q2 → Q3a → Q3b → Q4 on the software changes idx.
func softwareFlow(a *ChangeAssessment, set *ChangeSet, idx []int) flowEnd {
	if len(idx) == 0 {
		a.Trace = append(a.Trace, TraceEntry{Rule: fdaFlow + "flowchart", Status: StatusNotApplicable, DecidingFact: "no change of kind software",
			Rationale: "No change outside an authorised PCCP touches software; the software flowchart does not apply."})
		return flowEnd{}
	}
	// Q1: solely cybersecurity and no other impact.
	rs := resolveChange(set, idx, questionByKey("fda_q1_solely_cybersecurity"))
	ro := resolveChange(set, idx, questionByKey("fda_q1_other_impact"))
	e := TraceEntry{Rule: fdaFlow + "Q1: solely to strengthen cybersecurity, no other impact"}
	switch {
	case rs.t == yes && ro.t == no:
		e.Status, e.FactsUsed = StatusApplies, []string{rs.fact, ro.fact}
		e.Rationale = "The change only strengthens cybersecurity and has no other impact on the software or device: document it (V&V still required). " + asSentence(rs.basis) + " " + asSentence(ro.basis)
		a.Trace = append(a.Trace, e)
		return flowEnd{outcome: OutcomeDocument, label: "Q1"}
	case rs.t == no:
		e.Status, e.DecidingFact = StatusNotApplicable, rs.fact
		e.Rationale = "The change is not made solely to strengthen cybersecurity; continue with Q2. " + asSentence(rs.basis)
	case ro.t == yes:
		e.Status, e.DecidingFact = StatusNotApplicable, ro.fact
		e.Rationale = "The cybersecurity change has other impacts on the software or device; continue with Q2. " + asSentence(ro.basis)
	default:
		e.Status = StatusNeedsInput
		for _, r := range []resolvedAnswer{rs, ro} {
			if r.t == unknown {
				e.Open = append(e.Open, OpenFact{Fact: factKey(r.fact), Effect: effectDecide})
			}
		}
		e.Rationale = "Whether the change is solely a cybersecurity change without other impact is not stated; the flow cannot continue."
		a.Trace = append(a.Trace, e)
		return flowEnd{outcome: OutcomeNeedsInput, label: "Q1", open: e.Open[0].Fact}
	}
	a.Trace = append(a.Trace, e)

	steps := []struct {
		key, label, title, yesWhy, noWhy string
		yesOutcome                       ChangeOutcome
	}{
		{"fda_q2_restores_cleared_specification", "Q2", "solely returns the system to the cleared specification",
			"The change only returns the system to the specification of the most recently cleared device: document it.",
			"The change does more than restore the cleared specification; continue with Q3.", OutcomeDocument},
		{"fda_q3a_new_or_modified_risk", "Q3a", "new or modified risk of significant harm not effectively mitigated",
			"The change introduces or modifies a risk that could result in significant harm and is not effectively mitigated in the most recently cleared device: a new 510(k) is likely required.",
			"No new or modified risk of significant harm that the cleared device does not effectively mitigate; continue.", OutcomeNew510kLikely},
		{"fda_q3b_new_or_modified_control", "Q3b", "new or modified risk control for significant harm",
			"The change creates or necessitates a new or modified risk control measure for a hazardous situation that could result in significant harm: a new 510(k) is likely required.",
			"No new or modified risk control for a hazardous situation of significant harm; continue with Q4.", OutcomeNew510kLikely},
		{"fda_q4_clinical_performance", "Q4", "significantly affects clinical functionality or performance",
			"The change could significantly affect clinical functionality or performance specifications directly associated with the intended use: a new 510(k) is likely required.",
			"The change could not significantly affect clinical functionality or performance specifications: document it.", OutcomeNew510kLikely},
	}
	for _, s := range steps {
		r := resolveChange(set, idx, questionByKey(s.key))
		e := questionEntry(fdaFlow+s.label+": "+s.title, r, s.yesWhy, s.noWhy)
		a.Trace = append(a.Trace, e)
		switch r.t {
		case yes:
			return flowEnd{outcome: s.yesOutcome, label: s.label}
		case unknown:
			return flowEnd{outcome: OutcomeNeedsInput, label: s.label, open: s.key}
		}
	}
	return flowEnd{outcome: OutcomeDocument, label: "Q4"}
}

// generalGuidance records the caller's outcome of the general 510(k) change
// guidance for the non-software parts of the changes idx.
func generalGuidance(a *ChangeAssessment, set *ChangeSet, idx []int) flowEnd {
	if len(idx) == 0 {
		return flowEnd{}
	}
	kinds := make([]string, 0, 4)
	for _, i := range idx {
		for _, k := range set.Changes[i].Kinds {
			if k != ChangeSoftware && !slices.Contains(kinds, k.String()) {
				kinds = append(kinds, k.String())
			}
		}
	}
	r := resolveChange(set, idx, questionByKey("fda_general_guidance_510k"))
	e := questionEntry(fdaFlow+"general guidance: "+strings.Join(kinds, ", ")+" changes", r,
		"Under FDA's general guidance on 510(k) changes (2017), the non-software parts of the change likely need a new 510(k).",
		"Under FDA's general guidance on 510(k) changes (2017), the non-software parts of the change do not need a new 510(k).")
	a.Trace = append(a.Trace, e)
	switch r.t {
	case yes:
		return flowEnd{outcome: OutcomeNew510kLikely, label: "general guidance"}
	case unknown:
		return flowEnd{outcome: OutcomeNeedsInput, label: "general guidance", open: "fda_general_guidance_510k"}
	}
	return flowEnd{outcome: OutcomeDocument, label: "general guidance"}
}
