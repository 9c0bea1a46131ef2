package regulatory

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// ChangeScheme selects the change-assessment rule set.
type ChangeScheme uint8

// Change-assessment schemes. The zero value is rejected.
const (
	ChangeSchemeUnspecified ChangeScheme = iota
	// FDASoftwareChange is FDA "Deciding When to Submit a 510(k) for a
	// Software Change to an Existing Device" (25 Oct 2017), with PCCP
	// coverage (FD&C Act §515C) checked first.
	FDASoftwareChange
	// MDCGSignificantChange is MDCG 2020-3 Rev.1 (May 2023), significant
	// changes in design or intended purpose (Art. 120 MDR), main chart and
	// Charts A–E.
	MDCGSignificantChange
)

var changeSchemeCodec = enumtext.New[ChangeScheme]("regulatory", "change scheme", ErrInvalidInput, "", "fda_510k_software_2017", "mdcg_2020_3_rev1")

// String returns "fda_510k_software_2017" or "mdcg_2020_3_rev1".
func (s ChangeScheme) String() string { return changeSchemeCodec.String(s) }

// MarshalText returns the scheme name; it returns an error for the zero value.
func (s ChangeScheme) MarshalText() ([]byte, error) { return changeSchemeCodec.Marshal(s) }

// AppendText appends the scheme name to b.
func (s ChangeScheme) AppendText(b []byte) ([]byte, error) { return changeSchemeCodec.Append(b, s) }

// UnmarshalText parses a scheme name, ignoring case.
func (s *ChangeScheme) UnmarshalText(b []byte) error { return changeSchemeCodec.Unmarshal(s, b) }

// Rule sets of the change assessments.
var (
	// RuleSetFDASoftwareChange is the FDA 2017 software-change guidance with
	// the PCCP provisions.
	RuleSetFDASoftwareChange = RuleSet{
		ID:      "fda-510k-software-change-2017",
		Source:  "FDA, Deciding When to Submit a 510(k) for a Software Change to an Existing Device (flowchart Q1–Q4); FD&C Act §515C; FDA final guidance on PCCPs for AI-enabled device software functions",
		Edition: "guidance of 25 Oct 2017; PCCP final guidance Dec 2024",
	}
	// RuleSetMDCGSignificantChange is MDCG 2020-3 Rev.1.
	RuleSetMDCGSignificantChange = RuleSet{
		ID:      "mdcg-2020-3-rev1",
		Source:  "MDCG 2020-3 Rev.1, Guidance on significant changes regarding the transitional provision under Article 120 of the MDR (main chart, Charts A–E); MDR Annex VI Part C 6.5.2–6.5.3",
		Edition: "Rev.1, May 2023",
	}
)

// ChangeOutcome is the conclusion of a change assessment.
type ChangeOutcome uint8

// Change outcomes. NeedsInput is never a "document" in disguise: it names
// the question that stopped the flow.
const (
	ChangeOutcomeUnspecified ChangeOutcome = iota
	// OutcomeDocument (FDA): a new 510(k) is likely not required; document
	// the decision and the V&V in the design history.
	OutcomeDocument
	// OutcomeNew510kLikely (FDA): a new 510(k) is likely required.
	OutcomeNew510kLikely
	// OutcomeImplementUnderPCCP (FDA): every change is inside an authorised
	// PCCP; implement and document, no new marketing submission.
	OutcomeImplementUnderPCCP
	// OutcomeSignificant (MDCG): a significant change in design or intended
	// purpose.
	OutcomeSignificant
	// OutcomeNotSignificant (MDCG): not a significant change.
	OutcomeNotSignificant
	// OutcomeNeedsInput: an unanswered question decides the outcome.
	OutcomeNeedsInput
)

var changeOutcomeCodec = enumtext.New[ChangeOutcome]("regulatory", "change outcome", ErrInvalidInput,
	"", "document", "new_510k_likely", "implement_under_pccp", "significant", "not_significant", "needs_input")

// String returns the outcome name ("document", "new_510k_likely", …).
func (o ChangeOutcome) String() string { return changeOutcomeCodec.String(o) }

// MarshalText returns the outcome name; it returns an error for the zero value.
func (o ChangeOutcome) MarshalText() ([]byte, error) { return changeOutcomeCodec.Marshal(o) }

// AppendText appends the outcome name to b.
func (o ChangeOutcome) AppendText(b []byte) ([]byte, error) { return changeOutcomeCodec.Append(b, o) }

// UnmarshalText parses an outcome name, ignoring case.
func (o *ChangeOutcome) UnmarshalText(b []byte) error { return changeOutcomeCodec.Unmarshal(o, b) }

// Conclusions printed in [ChangeAssessment.Conclusion].
const (
	ConclusionDocument     = "document (new 510(k) likely not required)"
	ConclusionNew510k      = "new 510(k) likely required"
	ConclusionPCCP         = "implement and document; no new marketing submission"
	ConclusionSignificant  = "significant change"
	ConclusionInsignficant = "not a significant change"
)

// ChangeAssessment is the outcome of [AssessChange] or [AssessChangeSet].
type ChangeAssessment struct {
	// Scheme is the rule set applied.
	Scheme ChangeScheme `json:"scheme"`
	// RuleSet names its source documents and editions.
	RuleSet RuleSet `json:"rule_set"`
	// Baseline is the last authorised device the changes were compared with.
	Baseline Baseline `json:"baseline"`
	// Changes lists the IDs of the changes assessed together, in input order.
	Changes []string `json:"changes"`
	// Outcome is the conclusion.
	Outcome ChangeOutcome `json:"outcome"`
	// Conclusion is the outcome in words, e.g. "new 510(k) likely required"
	// or "needs input: fda_q4_clinical_performance".
	Conclusion string `json:"conclusion"`
	// StoppedAt is the question that stopped the flow: "PCCP", "Q1", "Q2",
	// "Q3a", "Q3b", "Q4", "general guidance" (FDA) or a chart item "A1" …
	// "E2" (MDCG). For an MDCG change that is not significant it is the last
	// item answered.
	StoppedAt string `json:"stopped_at"`
	// Chart (MDCG) is the chart of StoppedAt: "A" … "E".
	Chart string `json:"chart,omitzero"`
	// PCCP (FDA) gives the PCCP coverage of each change, in input order.
	PCCP []PCCPCoverage `json:"pccp,omitzero"`
	// Trace lists the questions reached, in flow order. Status applies means
	// the question is answered yes, not_applicable no (the deciding answer
	// is named), needs_input unknown (the answer key is in Open).
	Trace []TraceEntry `json:"trace"`
	// Judgements lists caveats the engine reports but does not decide.
	Judgements []string `json:"judgements,omitzero"`
	// Questions lists the answers still needed, in flow order.
	Questions []Question `json:"questions,omitzero"`
}

// AssessChange assesses one change against its baseline under scheme s. p is
// the authorised PCCP, or nil; the MDCG scheme ignores it (the MDR has no
// statutory PCCP). It is [AssessChangeSet] with a set of one.
//
// AssessChange returns an error if s is not a known scheme, r fails
// [ChangeRecord.Validate] or p fails [PCCP.Validate]. Cost O(k + m) for k
// links and m planned modifications.
func AssessChange(s ChangeScheme, r ChangeRecord, p *PCCP) (ChangeAssessment, error) {
	return AssessChangeSet(s, ChangeSet{Baseline: r.Baseline, Changes: []ChangeRecord{r}}, p)
}

// AssessChangeSet assesses every change since the baseline together under
// scheme s. Each question is answered for the set as a whole:
//   - a linked added hazard forces Q3a and B2 to yes, an added or modified
//     control forces Q3b and B2 to yes;
//   - an answer that points toward a submission or a significant change in
//     any change, or in set.Cumulative, decides (yes for Q3a–Q4 and the chart
//     items, no for "solely" questions Q1, Q2 and the PCCP check);
//   - otherwise a stated cumulative answer decides;
//   - otherwise, for the significant-effect judgements (Q4, B1, general
//     guidance) with two or more changes, the question stays open: separate
//     "no" answers do not settle the cumulative effect;
//   - otherwise the answer is the common individual answer, or unknown.
//
// Under FDA, changes inside an authorised PCCP are taken out first (they
// become part of the authorised device); when every change is covered the
// outcome is [OutcomeImplementUnderPCCP]. The software flow (Q1 → Q2 → Q3a →
// Q3b → Q4) runs on the changes that touch software, the general-guidance
// answer on those that touch anything else; an unknown answer stops the
// flow with [OutcomeNeedsInput] naming it.
//
// AssessChangeSet returns an error if s is not a known scheme, set fails
// [ChangeSet.Validate] or p fails [PCCP.Validate]. Cost O(n·(k+m)) for n
// changes.
func AssessChangeSet(s ChangeScheme, set ChangeSet, p *PCCP) (ChangeAssessment, error) {
	var errs vErrs
	if s != FDASoftwareChange && s != MDCGSignificantChange {
		errs.field("scheme", strconv.Itoa(int(s)), fmt.Errorf("unknown change scheme: %w", ErrInvalidInput))
	}
	errs.add(set.Validate())
	if p != nil {
		p.validate(&errs, "pccp.")
	}
	if err := errs.err(); err != nil {
		return ChangeAssessment{}, err
	}
	a := ChangeAssessment{Scheme: s, Baseline: set.Baseline, Changes: make([]string, len(set.Changes))}
	for i := range set.Changes {
		a.Changes[i] = set.Changes[i].ID
	}
	if s == FDASoftwareChange {
		assessFDA(&a, &set, p)
	} else {
		assessMDCG(&a, &set, p)
	}
	a.Judgements = append(a.Judgements, missingRationales(&set)...)
	a.Questions = changeQuestions(a.Trace)
	return a, nil
}

// resolvedAnswer is one question answered for a group of changes.
type resolvedAnswer struct {
	t     tri
	fact  string // key=value as used in the trace
	basis string // where the answer comes from, with its rationale
}

// resolveChange answers q for the changes in idx, with the set's cumulative answer.
func resolveChange(set *ChangeSet, idx []int, q changeQuestion) resolvedAnswer {
	key := q.key
	conservative := yes
	if q.safe {
		conservative = no
	}
	// Links force the new-risk and new-control answers.
	if !q.safe {
		var forced []string
		for _, i := range idx {
			for _, l := range set.Changes[i].Links {
				if (l.forcesNewRisk() && (key == "fda_q3a_new_or_modified_risk" || key == "mdcg_b2_new_or_affected_risks")) ||
					(l.forcesNewControl() && (key == "fda_q3b_new_or_modified_control" || key == "mdcg_b2_new_or_affected_risks")) {
					forced = append(forced, linkLabel(set.Changes[i].ID, l))
				}
			}
		}
		if len(forced) > 0 {
			basis := "forced by the risk register: " + strings.Join(forced, ", ")
			for _, i := range idx {
				if tb(q.get(&set.Changes[i].Answers).Value) == no {
					basis += fmt.Sprintf(" (the stated no of %s is overridden)", set.Changes[i].ID)
					break
				}
			}
			return resolvedAnswer{t: yes, fact: key + "=true", basis: basis}
		}
	}
	other := yes
	if conservative == yes {
		other = no
	}
	cum := q.get(&set.Cumulative)
	var unknownIn string
	agreed := ""
	for _, i := range idx {
		c := &set.Changes[i]
		ans := q.get(&c.Answers)
		switch tb(ans.Value) {
		case conservative:
			return resolvedAnswer{t: conservative, fact: kv(key, ans.Value), basis: answerBasis(c.ID, ans)}
		case unknown:
			if unknownIn == "" {
				unknownIn = c.ID
			}
		default:
			if agreed == "" {
				agreed = answerBasis(c.ID, ans)
			}
		}
	}
	switch tb(cum.Value) {
	case conservative:
		return resolvedAnswer{t: conservative, fact: kv(key, cum.Value), basis: answerBasis("all changes together", cum)}
	case unknown:
	default:
		return resolvedAnswer{t: other, fact: kv(key, cum.Value), basis: answerBasis("all changes together", cum)}
	}
	switch {
	case q.judgement && len(idx) > 1:
		return resolvedAnswer{t: unknown, fact: key, basis: fmt.Sprintf("the cumulative effect of %d changes is not stated (cumulative.%s)", len(idx), key)}
	case unknownIn != "":
		return resolvedAnswer{t: unknown, fact: key, basis: "not answered for " + unknownIn}
	}
	return resolvedAnswer{t: other, fact: kv(key, boolPtr(other == yes)), basis: agreed}
}

func linkLabel(change string, l RiskLink) string {
	s := fmt.Sprintf("%s %s %s %s", change, l.Effect, l.Target, l.ID)
	if l.Source != "" {
		s += " (" + l.Source + ")"
	}
	return s
}

func answerBasis(who string, a *Answer) string {
	if a.Rationale == "" {
		return who + ": no rationale given"
	}
	return who + ": " + a.Rationale
}

// missingRationales lists stated answers without a rationale.
func missingRationales(set *ChangeSet) []string {
	var out []string
	check := func(who string, a *ChangeAnswers) {
		for _, q := range changeQuestionList {
			ans := q.get(a)
			if ans.Value != nil && strings.TrimSpace(ans.Rationale) == "" {
				out = append(out, fmt.Sprintf("%s: %s is answered without a rationale; the decision record is incomplete", who, q.key))
			}
		}
	}
	for i := range set.Changes {
		check("change "+strconv.Quote(set.Changes[i].ID), &set.Changes[i].Answers)
	}
	check("cumulative", &set.Cumulative)
	return out
}

// questionEntry builds the trace entry of one resolved question.
func questionEntry(rule string, r resolvedAnswer, yesWhy, noWhy string) TraceEntry {
	e := TraceEntry{Rule: rule}
	switch r.t {
	case yes:
		e.Status, e.FactsUsed, e.Rationale = StatusApplies, []string{r.fact}, yesWhy+" "+asSentence(r.basis)
	case no:
		e.Status, e.DecidingFact, e.Rationale = StatusNotApplicable, r.fact, noWhy+" "+asSentence(r.basis)
	default:
		e.Status = StatusNeedsInput
		e.Open = []OpenFact{{Fact: factKey(r.fact), Effect: effectDecide}}
		e.Rationale = "Not answered: " + asSentence(r.basis)
	}
	return e
}

func asSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// changeQuestions lists the open answers of a change trace in flow order.
func changeQuestions(trace []TraceEntry) []Question {
	var out []Question
	for _, e := range trace {
		if e.Status != StatusNeedsInput {
			continue
		}
		for _, o := range e.Open {
			found := false
			for i := range out {
				if out[i].Fact == o.Fact {
					out[i].Rules = append(out[i].Rules, e.Rule)
					found = true
				}
			}
			if !found {
				out = append(out, Question{Fact: o.Fact, Rules: []string{e.Rule}})
			}
		}
	}
	return out
}

// hasKind reports whether the change touches any of ks.
func hasKind(r *ChangeRecord, ks ...ChangeKind) bool {
	for _, k := range r.Kinds {
		for _, w := range ks {
			if k == w {
				return true
			}
		}
	}
	return false
}
