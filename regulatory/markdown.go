package regulatory

import (
	"fmt"
	"slices"
	"strings"
)

var frameworkTitles = map[Framework]string{
	EUMDR:    "EU MDR 2017/745 Annex VIII",
	IMDRF:    "IMDRF SaMD risk categorization (N12)",
	FDA:      "FDA device software function policy",
	IEC62304: "IEC 62304 software safety class",
}

// Markdown renders the result as a classification document in the style of
// a notified-body submission: the rule set and edition, the outcome, the
// qualification steps, every rule with its applicability and rationale, the
// open questions and the judgement calls left to the user. The output is
// deterministic and uses only ASCII table syntax; cell text has "|" escaped.
func (r Result) Markdown() string {
	var b strings.Builder
	title := frameworkTitles[r.Framework]
	if title == "" {
		title = "Classification"
	}
	fmt.Fprintf(&b, "# Classification document: %s\n\n", title)
	fmt.Fprintf(&b, "- Rule set: `%s`\n- Source: %s\n- Edition: %s\n\n", r.RuleSet.ID, r.RuleSet.Source, r.RuleSet.Edition)

	b.WriteString("## Outcome\n\n| Item | Value |\n|---|---|\n")
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "| %s | %s |\n", k, cell(v))
		}
	}
	if r.MedicalDevice != nil {
		row("Medical device", fmt.Sprint(*r.MedicalDevice))
	}
	if r.DecisionStep > 0 {
		row("Decided at MDCG 2019-11 step", fmt.Sprint(r.DecisionStep))
	}
	if r.Class != ClassNone {
		row("Class", r.Class.String())
	} else if r.Framework == EUMDR || r.Framework == FDA {
		row("Class", "not determined by the stated facts")
	}
	if r.HighestReachableClass != ClassNone {
		row("Highest class the open questions could reach", r.HighestReachableClass.String())
	}
	row("Rules applied", strings.Join(r.Rules, ", "))
	row("Rule 11 sub-rule", r.Subrule)
	row("IMDRF category", r.IMDRFCategory)
	if r.ClassISubtypes != nil {
		s := strings.Join(r.ClassISubtypes, ", ")
		if s == "" {
			s = "none"
		}
		row("Art. 52(7) class I qualifiers", s)
	}
	for _, name := range sortedKeys(r.ComponentClasses) {
		row("Component "+name, r.ComponentClasses[name])
	}
	if r.Category != "" {
		row("IMDRF category", r.Category+" (criterion "+r.Criterion+")")
	}
	for _, m := range r.Mappings {
		row(m.Jurisdiction+" class ("+m.Status+")", m.Class.String()+", "+m.Source)
	}
	row("Device status", r.DeviceStatus)
	row("Device status, CDS 2022 edition", r.DeviceStatus2022)
	if r.FailedCriteria2022 != nil {
		row("Failed CDS criteria, 2022 edition", intsText(r.FailedCriteria2022))
	}
	if r.FailedCriteria2026 != nil {
		row("Failed CDS criteria, 2026 edition", intsText(r.FailedCriteria2026))
	}
	if r.ClassificationRegulation != "" {
		row("Classification regulation", r.ClassificationRegulation+", "+r.RegulationTitle)
	}
	row("Product code", r.ProductCode)
	if r.FirstAuthorization != nil {
		row("First authorization", r.FirstAuthorization.Pathway+" "+r.FirstAuthorization.Number)
	}
	row("Premarket", r.Premarket)
	row("Pathway for substantially equivalent followers", r.PathwayForSubstantiallyEquivalentFollowers)
	row("Enforcement", r.Enforcement)
	if r.SafetyClass != SafetyClassUnspecified {
		row("Software safety class", r.SafetyClass.String())
	}
	row("Basis", r.Basis)

	if len(r.Qualification) > 0 {
		b.WriteString("\n## Qualification\n\n")
		writeEntries(&b, r.Qualification)
	}
	b.WriteString("\n## Rules\n\n")
	writeEntries(&b, r.Trace)

	if len(r.Questions) > 0 {
		b.WriteString("\n## Open questions\n\n")
		for i, q := range r.Questions {
			lead := "decides"
			if q.Class != ClassNone {
				lead = "could lead to class " + q.Class.String() + " under"
			}
			fmt.Fprintf(&b, "%d. `%s`: %s %s\n", i+1, q.Fact, lead, strings.Join(q.Rules, "; "))
		}
	}
	if len(r.Judgements) > 0 {
		b.WriteString("\n## Judgement calls not made by the engine\n\n")
		for _, j := range r.Judgements {
			fmt.Fprintf(&b, "- %s\n", j)
		}
	}
	return b.String()
}

func writeEntries(b *strings.Builder, es []TraceEntry) {
	b.WriteString("| Rule | Applicable | Class | Sub-rule | Facts | Rationale |\n|---|---|---|---|---|---|\n")
	for _, e := range es {
		app := map[Status]string{StatusApplies: "Yes", StatusNotApplicable: "No", StatusNeedsInput: "Needs input"}[e.Status]
		class := ""
		if e.Class != ClassNone {
			class = e.Class.String()
		}
		var facts []string
		if len(e.FactsUsed) > 0 {
			facts = append(facts, "used: "+strings.Join(e.FactsUsed, ", "))
		}
		if e.DecidingFact != "" {
			facts = append(facts, "deciding: "+e.DecidingFact)
		}
		for _, o := range e.Open {
			s := "open: " + o.Fact
			if o.Class != ClassNone {
				s += " (" + o.Effect + ", " + o.Class.String() + ")"
			} else {
				s += " (" + o.Effect + ")"
			}
			facts = append(facts, s)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", cell(e.Rule), app, class, cell(e.Subrule), cell(strings.Join(facts, "; ")), cell(e.Rationale))
	}
}

func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func intsText(xs []int) string {
	if len(xs) == 0 {
		return "none"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
