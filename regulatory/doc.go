// Package regulatory classifies a medical product from stated facts under four
// frameworks and explains every step: EU MDR 2017/745 Annex VIII, the IMDRF
// SaMD risk categorization (N12), the FDA software-function policy flow, and
// IEC 62304 software safety classes. It returns classes with a trace, never a
// guess: a fact that is not stated is unknown, and the result names it.
//
// # Inputs
//
// [Facts] holds the fact vocabulary of the research note regulatory_facts.md,
// one field per JSON key. Decode it with [ParseFacts] or json.Unmarshal; the
// decoder rejects unknown keys ([ErrUnknownFact]) and wrong types
// ([ErrInvalidInput]) with a [*FieldError] naming the key, and bounds the
// document size ([MaxFactsBytes]). Every fact is tri-state: absent means "not
// stated", never false. [FactKeys] and [FactValues] list the vocabulary. The
// [Framework] passed to [Evaluate] selects the rule set: [EUMDR], [IMDRF],
// [FDA] or [IEC62304].
//
// # Outputs
//
// [Evaluate] returns a [Result] whose JSON keys are those of the reference
// cases (class, rules, subrule, imdrf_category, class_i_subtypes,
// component_classes, medical_device, decision_step, category, criterion,
// device_status, failed_criteria_2022, failed_criteria_2026,
// classification_regulation, product_code, first_authorization,
// pathway_for_substantially_equivalent_followers, premarket, safety_class)
// plus the trace: one [TraceEntry] per rule with its [Status] (applies with
// class, sub-rule and facts used; not applicable with the deciding fact; needs
// input with the unstated facts and the class they could lead to). For the EU
// the trace lists Rules 1–22 in order, then implementing rules 3.2–3.5 and
// Art. 52(7); [Result.HighestReachableClass] sits beside [Result.Class].
// [Questions] lists the facts still needed in the order to answer them, and
// [Result.Markdown] writes a classification document. [LookupRegulation] and
// [Regulations] expose the embedded FDA classification-regulation table.
// Every result names its [RuleSet]: source document and edition
// ([RuleSetEUMDR], [RuleSetIMDRF], [RuleSetFDA], [RuleSetIEC62304]).
//
// # Errors
//
// Every error wraps a sentinel from errors.go ([ErrInvalidInput],
// [ErrUnknownFact], [ErrUnknownFramework]); field problems are
// [*FieldError] values joined with [errors.Join] in field order. No function
// panics on any input.
//
// # Change assessment
//
// [ChangeRecord] describes one change: its [ChangeKind]s, the last authorised
// [Baseline], tri-state [ChangeAnswers] (an [Answer] is yes, no or null with a
// rationale) and [RiskLink]s to hazards and controls of the risk register by
// ID. An added hazard forces FDA Q3a and MDCG B2 to yes; an added or modified
// control forces Q3b and B2 to yes. [AssessChange] and [AssessChangeSet] run
// [FDASoftwareChange] (FDA 2017 software-change flowchart Q1 → Q2 → Q3a → Q3b →
// Q4 with its short-circuit semantics, the general 510(k) guidance answer for
// non-software parts, [PCCP] coverage first) or [MDCGSignificantChange] (MDCG
// 2020-3 Rev.1 main chart and Charts A–E, software Chart C items C1–C5). The
// [ChangeAssessment] names the outcome, the question that stopped the flow and
// the trace; an unknown answer yields [OutcomeNeedsInput] naming it, never
// "document". A [ChangeSet] is every change since the baseline assessed
// together: a submission-level answer anywhere decides; separate "no" answers
// to the significant-effect judgements (Q4, B1, general guidance) do not settle
// the cumulative effect, which set.Cumulative states. [WithinPCCP] checks one
// change against an authorised plan.
//
// # Reporting duties
//
// [ReportingDuties] takes an [Incident] (awareness date; EU MDR, 21 CFR 803,
// AI Act, periodic and HIPAA sections; a caller-supplied [WorkCalendar]) and
// returns every [Duty] with its legal basis, recipient, [Clock], due [Date] and
// status: MDR Art. 87(4) 2 days, 87(5) 10 days, 87(3) 15 days, FSCA before
// action, Art. 88 trend reports (no fixed period); 21 CFR 803.50 30 calendar
// days, 803.53 5 work days, user facility 10 work days and annual report,
// importer 30 days; AI Act Art. 73 (2/10/15 days, Art. 73(10) for devices);
// PMSR/PSUR by class ([PSURSchedule], Art. 85–86). [AssessBreach] runs the 45
// CFR 164.402 assessment (safe harbour, permitted use, exclusions (i)–(iii),
// four documented factors, low-probability conclusion; the presumption stands
// when a step is unstated) and the 164.404–164.410 notices (individuals 60
// days; media for each State with more than 500 residents; HHS
// contemporaneously for 500 or more, else 60 days after the year end; business
// associate path; law-enforcement delay; substitute notice). [Date] is a civil
// date; arithmetic is exact across month and year ends.
//
// # Invariants
//
//   - EU: every rule 1–22 is evaluated (no first match) and appears in the
//     trace exactly once; the class is the maximum over the rules that apply
//     (implementing rule 3.5), the 3.3 floor and the 3.2 system class, and
//     never exceeds [Result.HighestReachableClass].
//   - Stating a fact that was "needs input" turns the rule into "applies" or
//     "not applicable"; a rule never disappears.
//   - Judgement calls (potentially hazardous, decision impact, immediate
//     danger, healthcare situation, time-critical, single appropriate output)
//     are inputs, never inferred; the IMDRF lay-user escalation is reported in
//     [Result.Judgements], not applied.
//   - The frameworks are separate: no class is derived from another
//     framework's class (the IMDRF result reports the EU indicative and UK
//     "proposed" mappings beside the category).
//   - Deterministic and pure: the same facts give byte-identical JSON;
//     [Evaluate] never modifies its input, results share no memory with it,
//     and every function is safe for concurrent use.
package regulatory
