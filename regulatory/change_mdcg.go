package regulatory

import (
	"fmt"
	"slices"
	"strings"
)

const mdcgDoc = "MDCG 2020-3 Rev.1 "

// mdcgChart is one chart of MDCG 2020-3 Rev.1 and the main-chart question
// that leads to it.
type mdcgChart struct {
	letter, route string
	kinds         []ChangeKind
	items         []mdcgItem
}

type mdcgItem struct {
	key, title string
}

var mdcgCharts = []mdcgChart{
	{"A", "change of the intended purpose", []ChangeKind{ChangeIntendedPurpose, ChangeLabeling}, []mdcgItem{
		{"mdcg_a1_extends_intended_purpose", "extension of the intended purpose"},
		{"mdcg_a2_new_users_or_population", "new users or patient population"},
		{"mdcg_a3_changes_clinical_use", "change of the clinical use"},
	}},
	{"B", "change of the design or performance specification", []ChangeKind{ChangeDesign}, []mdcgItem{
		{"mdcg_b1_needs_clinical_or_usability_data", "further clinical or usability data needed"},
		{"mdcg_b2_new_or_affected_risks", "new risks needing control measures, or existing risks negatively affected"},
		{"mdcg_b3_control_principle_energy_alarm", "built-in control mechanism, operating principle, energy source or alarm system adversely changed"},
	}},
	{"C", "software change", []ChangeKind{ChangeSoftware}, []mdcgItem{
		{"mdcg_c1_operating_system_or_component", "new or major change of the operating system or a component"},
		{"mdcg_c2_architecture_database_algorithm", "new or modified architecture or database structure, or a changed algorithm"},
		{"mdcg_c3_closed_loop", "closed-loop algorithm replacing required user input"},
		{"mdcg_c4_feature_or_interoperability", "new diagnostic or therapeutic feature, or new channel of interoperability"},
		{"mdcg_c5_user_interface_or_presentation", "new user interface or presentation of medical data"},
	}},
	{"D", "change of materials or substances", []ChangeKind{ChangeMaterial}, []mdcgItem{
		{"mdcg_d1_medicinal_or_biological_substance", "medicinal substance or material of human or animal origin"},
		{"mdcg_d2_body_contact_material", "new or changed body-contact material, or biocompatibility or performance affected"},
	}},
	{"E", "change of sterilisation or packaging", []ChangeKind{ChangeSterilization, ChangePackaging}, []mdcgItem{
		{"mdcg_e1_sterilization_method", "change of the sterilisation method or sterile state"},
		{"mdcg_e2_packaging_sterility_shelf_life", "packaging change that could affect sterility, shelf life or performance"},
	}},
}

func assessMDCG(a *ChangeAssessment, set *ChangeSet, p *PCCP) {
	a.RuleSet = RuleSetMDCGSignificantChange
	a.Judgements = append(a.Judgements, "MDCG 2020-3 Rev.1 is written for legacy devices (Art. 120 MDR); applying it to MDR-certified devices is by analogy and should be agreed with the notified body")
	for i := range set.Changes {
		if set.Changes[i].PCCPModification != "" || p != nil {
			a.Judgements = append(a.Judgements, "the MDR has no statutory PCCP: changes are assessed through the charts whatever an FDA PCCP covers (for the AI part, AI Act Art. 43(4) exempts pre-determined changes documented at the initial conformity assessment)")
			break
		}
	}
	var firstOpen, firstOpenChart, lastItem, lastChart string
	for _, ch := range mdcgCharts {
		var idx []int
		var why []string
		for i := range set.Changes {
			r := &set.Changes[i]
			if hasKind(r, ch.kinds...) {
				idx = append(idx, i)
				why = append(why, fmt.Sprintf("%s: %s", r.ID, kindList(r.Kinds, ch.kinds)))
				continue
			}
			if ch.letter == "B" {
				for _, l := range r.Links {
					if l.forcesNewRisk() || l.forcesNewControl() {
						idx = append(idx, i)
						why = append(why, fmt.Sprintf("%s: %s %s %s", r.ID, l.Effect, l.Target, l.ID))
						break
					}
				}
			}
		}
		route := TraceEntry{Rule: mdcgDoc + "main chart: " + ch.route + "? (Chart " + ch.letter + ")"}
		if len(idx) == 0 {
			route.Status = StatusNotApplicable
			route.DecidingFact = "no change of kind " + kindNames(ch.kinds)
			route.Rationale = "No change of this kind; Chart " + ch.letter + " is not used."
			a.Trace = append(a.Trace, route)
			continue
		}
		route.Status = StatusApplies
		route.FactsUsed = why
		route.Rationale = "Chart " + ch.letter + " applies to " + strings.Join(why, "; ") + "."
		if ch.letter == "A" {
			route.Rationale += " A limitation of the intended purpose is not significant."
		}
		a.Trace = append(a.Trace, route)
		for _, it := range ch.items {
			q := questionByKey(it.key)
			r := resolveChange(set, idx, q)
			e := questionEntry(mdcgDoc+"Chart "+ch.letter+", "+q.id+": "+it.title, r,
				"Significant change.", "Not significant on this item; continue.")
			a.Trace = append(a.Trace, e)
			lastItem, lastChart = q.id, ch.letter
			switch r.t {
			case yes:
				a.Outcome, a.StoppedAt, a.Chart = OutcomeSignificant, q.id, ch.letter
				a.Conclusion = fmt.Sprintf("%s (Chart %s, %s)", ConclusionSignificant, ch.letter, q.id)
				if ch.letter == "C" {
					a.Judgements = append(a.Judgements, "MDR Annex VI Part C 6.5.2: a software modification of this kind also calls for a new UDI-DI")
				}
				return
			case unknown:
				if firstOpen == "" {
					firstOpen, firstOpenChart = q.id, ch.letter
				}
			}
		}
	}
	if firstOpen != "" {
		a.Outcome, a.StoppedAt, a.Chart = OutcomeNeedsInput, firstOpen, firstOpenChart
		for _, e := range a.Trace {
			if e.Status == StatusNeedsInput {
				a.Conclusion = "needs input: " + e.Open[0].Fact
				break
			}
		}
		return
	}
	a.Outcome, a.StoppedAt, a.Chart = OutcomeNotSignificant, lastItem, lastChart
	a.Conclusion = ConclusionInsignficant
	if hasAnyKind(set, ChangeSoftware) {
		a.Judgements = append(a.Judgements, "MDR Annex VI Part C 6.5.3: a minor software revision (bug fix, security patch, usability or efficiency change not for safety) needs a new UDI-PI, not a new UDI-DI")
	}
}

func hasAnyKind(set *ChangeSet, k ChangeKind) bool {
	return slices.ContainsFunc(set.Changes, func(r ChangeRecord) bool { return hasKind(&r, k) })
}

func kindNames(ks []ChangeKind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return strings.Join(names, " or ")
}

// kindList lists the kinds of have that are in want.
func kindList(have, want []ChangeKind) string {
	var names []string
	for _, k := range have {
		if slices.Contains(want, k) {
			names = append(names, k.String())
		}
	}
	return "kind " + strings.Join(names, ", ")
}
