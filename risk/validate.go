package risk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// FindingSeverity says whether a finding blocks a release.
type FindingSeverity uint8

// Finding severities. Text forms: "warning", "error".
const (
	SeverityUnspecified FindingSeverity = iota // no text form
	SeverityWarning                            // should be resolved or justified
	SeverityError                              // must be resolved before release
)

var findingSeverityCodec = enumtext.New[FindingSeverity]("risk", "FindingSeverity", ErrInvalidInput,
	"", "warning", "error")

// String returns the text form of s.
func (s FindingSeverity) String() string { return findingSeverityCodec.String(s) }

// MarshalText returns the text form of s.
func (s FindingSeverity) MarshalText() ([]byte, error) { return findingSeverityCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s FindingSeverity) AppendText(b []byte) ([]byte, error) { return appendText(b, s.MarshalText) }

// UnmarshalText parses a severity case-insensitively.
func (s *FindingSeverity) UnmarshalText(b []byte) error { return parseInto(s, findingSeverityCodec, b) }

// Finding codes reported by [Register.Validate]. The codes are stable: they
// never change meaning, and new checks get new codes.
const (
	CodeDuplicateID                  = "duplicate-id"                             // error: an ID is used by more than one record
	CodeDanglingReference            = "dangling-reference"                       // error: a reference names no record of the right kind
	CodeInvalidRecord                = "invalid-record"                           // error: a record fails its own Validate
	CodePlanInvalid                  = "plan-invalid"                             // error: the plan fails Plan.Validate (incl. RPN/AP criteria)
	CodeFutureDated                  = "future-dated"                             // error: a record is dated after asOf
	CodeHazardWithoutHarm            = "hazard-without-harm"                      // error: no sequence leads from the hazard to a harm
	CodeSituationWithoutEstimate     = "situation-without-estimate"               // error: a (situation, harm) pair has no initial estimate
	CodeEstimateBeforeInitial        = "estimate-before-initial"                  // error: a later-stage estimate is dated before the initial one
	CodeEstimateControlUnrelated     = "estimate-control-unrelated"               // error: an estimate relies on a control of another situation
	CodeSeverityInconsistent         = "severity-inconsistent"                    // error: one harm or effect rated with different severities
	CodeUnacceptableWithoutControl   = "unacceptable-risk-without-control"        // error: initial risk unacceptable, no control linked
	CodeAFAPWithoutControl           = "afap-risk-without-control"                // warning: initial risk acceptable only AFAP, no control linked
	CodeResidualControlsUnverified   = "residual-controls-unverified"             // error: a final estimate relies on controls not effectiveness-verified
	CodeUnacceptableResidual         = "unacceptable-residual-risk"               // error: residual risk unacceptable without a benefits-outweigh record
	CodeOverallResidualMissing       = "overall-residual-risk-missing"            // warning: no overall residual-risk evaluation
	CodeControlHistoryInvalid        = "control-history-invalid"                  // error: a control step is out of order or lacks evidence/actor/time
	CodeInformationWithoutRationale  = "information-for-safety-without-rationale" // error: 14971 option order not documented
	CodeControlNoImplementationProof = "control-without-implementation-evidence"  // warning: implementation not verified yet
	CodeControlNoEffectivenessProof  = "control-without-effectiveness-evidence"   // warning: effectiveness not verified yet
	CodeControlNewRiskUnassessed     = "control-new-risk-unassessed"              // warning: implemented control never checked for new risks
	CodeAPHighWithoutAction          = "ap-high-without-action"                   // error: AP = H with no action (owner + due) and no justification
	CodeHighSeverityWithoutReview    = "high-severity-without-management-review"  // warning: S ≥ 9 without management review
	CodeAPMismatch                   = "stored-ap-mismatch"                       // error: stored AP differs from the recomputed AP
	CodeRowUnscored                  = "fmea-row-unscored"                        // warning: S, O or D not rated yet
	CodeRowUnlinked                  = "fmea-row-unlinked"                        // warning: row linked to no harm, sequence or situation
	CodeActionWithoutOwner           = "open-action-without-owner"                // error: open action nobody owns
	CodeActionOverdue                = "action-overdue"                           // warning: open action due before asOf

	// Contingency readiness (schema v2).
	CodePlanNeverExercised          = "contingency-plan-never-exercised"                        // warning: no exercise recorded
	CodePlanExerciseStale           = "contingency-plan-exercise-stale"                         // warning: last exercise more than 12 months before asOf
	CodePlanExerciseOverdue         = "contingency-plan-exercise-overdue"                       // warning: next exercise due before asOf
	CodePlanExerciseNoFollowUp      = "contingency-plan-exercise-without-follow-up"             // error: failed or partial exercise, no follow-up
	CodePlanMissingDeputy           = "contingency-plan-without-deputy"                         // error: no deputy (or the deputy is the owner)
	CodePlanMissingOwner            = "contingency-plan-without-owner"                          // error: no owner
	CodePlanRTORPOMissing           = "contingency-plan-rto-rpo-missing"                        // error: RTO or RPO not stated
	CodePlanRTORPOInconsistent      = "contingency-plan-rto-rpo-inconsistent"                   // error: RTO/RPO beyond a linked hazard's tolerance
	CodePlanChannelDependsOnFailed  = "contingency-plan-channel-depends-on-failed-system"       // error: channel fails with the system
	CodePlanReconciliationBelowFull = "contingency-plan-reconciliation-below-100"               // error: safety-critical domain accepted below 100 %
	CodePlanRequiredSpecOpen        = "contingency-plan-required-specification-open"            // error: a required specification is not addressed
	CodePlanAddressableUndocumented = "contingency-plan-addressable-specification-undocumented" // warning: not addressed, no rationale
	CodeHighRiskWithoutPlan         = "high-risk-without-contingency-plan"                      // error: high downtime/interface/migration risk, no plan

	// Audit history (schema v2).
	CodeHistoryBroken   = "history-broken"            // error: VerifyHistory fails (edited, deleted, inserted or reordered event)
	CodeRecordDeleted   = "record-deleted"            // error: a record named in the history is gone (close or supersede it instead)
	CodeEditWhileClosed = "history-edit-while-closed" // warning: an update, rate or status event on a closed or superseded record that was not reopened
)

// Finding is one problem found by [Register.Validate]: a stable code, its
// severity, the IDs of the records involved (the record the finding is
// about first) and a human-readable message.
type Finding struct {
	Code     string          `json:"code"`
	Severity FindingSeverity `json:"severity"`
	IDs      []string        `json:"ids"`
	Message  string          `json:"message"`
}

type validator struct {
	r    *Register
	x    *index
	asOf time.Time
	out  []Finding
	// highSituations holds situations whose initial risk is unacceptable;
	// highRows holds rows with AP = H. Both feed the contingency checks.
	highSituations map[string]bool
	highRows       []*FMEARow
}

func (v *validator) add(code string, sev FindingSeverity, msg string, ids ...string) {
	v.out = append(v.out, Finding{Code: code, Severity: sev, IDs: ids, Message: msg})
}

func (v *validator) errorf(code, format string, ids []string, args ...any) {
	v.add(code, SeverityError, fmt.Sprintf(format, args...), ids...)
}

func (v *validator) warnf(code, format string, ids []string, args ...any) {
	v.add(code, SeverityWarning, fmt.Sprintf(format, args...), ids...)
}

func (v *validator) future(id, what string, at time.Time) {
	if at.After(v.asOf) {
		v.errorf(CodeFutureDated, "%s %s is dated %s, after %s", []string{id}, what, id,
			at.UTC().Format(time.RFC3339), v.asOf.UTC().Format(time.RFC3339))
	}
}

func (v *validator) ref(kind string, m map[string]int, from, field, id string) bool {
	if _, ok := m[id]; ok {
		return true
	}
	v.errorf(CodeDanglingReference, "%s %s: %s %q names no %s", []string{from, id}, kind, from, field, id, kind)
	return false
}

// Validate checks the register as of asOf and returns every finding, sorted
// by code, then IDs, then message. It never modifies the register, and the
// result does not depend on the order of records in their slices (when IDs
// are unique). Adding records with fresh IDs never removes a finding about
// other records, except that it may satisfy a missing link (an action, a
// control, an estimate, a review, a benefit-risk or overall record).
//
// The checks, by code: [CodeDuplicateID], [CodeDanglingReference],
// [CodeInvalidRecord], [CodePlanInvalid], [CodeFutureDated],
// [CodeHazardWithoutHarm], [CodeSituationWithoutEstimate],
// [CodeEstimateBeforeInitial], [CodeEstimateControlUnrelated], [CodeSeverityInconsistent],
// [CodeUnacceptableWithoutControl], [CodeAFAPWithoutControl],
// [CodeResidualControlsUnverified], [CodeUnacceptableResidual],
// [CodeOverallResidualMissing], [CodeControlHistoryInvalid],
// [CodeInformationWithoutRationale], [CodeControlNoImplementationProof],
// [CodeControlNoEffectivenessProof], [CodeControlNewRiskUnassessed],
// [CodeAPHighWithoutAction], [CodeHighSeverityWithoutReview],
// [CodeAPMismatch], [CodeRowUnscored], [CodeRowUnlinked],
// [CodeActionWithoutOwner] and [CodeActionOverdue]; for contingency plans
// in force (draft or approved) [CodePlanNeverExercised],
// [CodePlanExerciseStale] (last exercise before asOf minus 12 months),
// [CodePlanExerciseOverdue], [CodePlanExerciseNoFollowUp],
// [CodePlanMissingOwner], [CodePlanMissingDeputy], [CodePlanRTORPOMissing],
// [CodePlanRTORPOInconsistent] (RTO above a linked hazard's MaxDowntime or
// RPO above its MaxDataLoss), [CodePlanChannelDependsOnFailed],
// [CodePlanReconciliationBelowFull], [CodePlanRequiredSpecOpen] and
// [CodePlanAddressableUndocumented]; [CodeHighRiskWithoutPlan] for a
// downtime, interface-failure or data-migration hazard whose situation is
// unacceptable before control or whose FMEA row has AP = H and that no plan
// in force answers; and [CodeHistoryBroken], [CodeRecordDeleted] and
// [CodeEditWhileClosed] for the audit history; for the HIPAA security risk
// analysis (schema v3) [CodeSecurityAnalysisMissing] (assets hold ePHI, no
// analysis), and for the latest analysis (by At, then ID)
// [CodeSecurityReviewUnscheduled], [CodeSecurityReviewOverdue] (next
// review before asOf), [CodeSecurityAnalysisStale] (dated before asOf
// minus 12 months), [CodeSecurityAssetUnanalysed], and the restore lint of
// [Register.CheckRestoreObjective] with the analysis's RestoreObjective
// ([CodeEPHISystemWithoutPlan], [CodeEPHIRestoreObjectiveNotMet]); for
// every threat event [CodeSecurityRiskUnassessed],
// [CodeSecurityRiskMismatch], [CodeSecurityHighRiskUntreated] and
// [CodeSecurityEventOutsideAnalysis].
//
// Dates: every "before asOf" rule compares instants, not calendar days.
// [CodePlanExerciseStale] is raised when the last exercise is before the
// instant asOf.AddDate(-1, 0, 0) (the same clock time on the same calendar
// date a year earlier; 29 February maps to 1 March, as time.AddDate
// normalizes), so with asOf 2026-03-01T12:00Z an exercise at
// 2025-03-01T12:00Z is current and one at 2025-03-01T00:00Z is stale. Pass
// the end of the day as asOf to judge by calendar days.
// [CodePlanExerciseOverdue] and [CodeActionOverdue] are raised when the due
// instant is before asOf, so a due time of 00:00 is overdue at 12:00 the
// same day; store due dates as the end of the day to allow the whole day.
func (r *Register) Validate(asOf time.Time) []Finding {
	v := &validator{r: r, x: newIndex(r), asOf: asOf}
	v.duplicates()
	planOK := v.plan()
	tables := v.tables()
	v.harmsAndChain()
	v.estimates(planOK)
	v.controls()
	v.fmea(tables)
	v.actions()
	v.contingency()
	v.history()
	v.security()
	return sortFindings(v.out)
}

func (v *validator) duplicates() {
	r := v.r
	n := len(r.Harms) + len(r.Hazards) + len(r.Sequences) + len(r.Situations) + len(r.Estimates) +
		len(r.Controls) + len(r.BenefitRisks) + len(r.OverallResiduals) + len(r.Worksheets) + len(r.Rows) + len(r.Actions) +
		len(r.ContingencyPlans) + len(r.Assets) + len(r.Vulnerabilities) + len(r.ThreatEvents) + len(r.SecurityAnalyses)
	seen := make(map[string]string, n)
	dups := map[string][]string{}
	note := func(kind, id string) {
		if first, ok := seen[id]; ok {
			if len(dups[id]) == 0 {
				dups[id] = append(dups[id], first)
			}
			dups[id] = append(dups[id], kind)
			return
		}
		seen[id] = kind
	}
	for _, x := range r.Harms {
		note("harm", x.ID)
	}
	for _, x := range r.Hazards {
		note("hazard", x.ID)
	}
	for _, x := range r.Sequences {
		note("sequence", x.ID)
	}
	for _, x := range r.Situations {
		note("situation", x.ID)
	}
	for _, x := range r.Estimates {
		note("estimate", x.ID)
	}
	for _, x := range r.Controls {
		note("control", x.ID)
	}
	for _, x := range r.BenefitRisks {
		note("benefit-risk", x.ID)
	}
	for _, x := range r.OverallResiduals {
		note("overall-residual", x.ID)
	}
	for _, x := range r.Worksheets {
		note("worksheet", x.ID)
	}
	for _, x := range r.Rows {
		note("row", x.ID)
	}
	for _, x := range r.Actions {
		note("action", x.ID)
	}
	for _, x := range r.ContingencyPlans {
		note("contingency-plan", x.ID)
	}
	for _, x := range r.Assets {
		note("asset", x.ID)
	}
	for _, x := range r.Vulnerabilities {
		note("vulnerability", x.ID)
	}
	for _, x := range r.ThreatEvents {
		note("threat-event", x.ID)
	}
	for _, x := range r.SecurityAnalyses {
		note("security-analysis", x.ID)
	}
	for id, kinds := range dups {
		slices.Sort(kinds)
		v.errorf(CodeDuplicateID, "id %q is used by %d records (%s)", []string{id}, id, len(kinds), strings.Join(kinds, ", "))
	}
}

func (v *validator) plan() bool {
	if err := v.r.Plan.Validate(); err != nil {
		v.errorf(CodePlanInvalid, "%s", []string{v.r.Plan.ID}, oneLine(err))
		return false
	}
	return true
}

// tables builds the custom AP tables and returns them by ID with the
// built-in one.
func (v *validator) tables() map[string]*APTable {
	out := map[string]*APTable{AIAGVDA2019().ID(): AIAGVDA2019()}
	seen := map[string]int{}
	for _, s := range v.r.APTables {
		seen[s.ID]++
	}
	for _, s := range v.r.APTables {
		if s.ID == AIAGVDA2019().ID() || seen[s.ID] > 1 {
			v.errorf(CodeDuplicateID, "ap table id %q is defined more than once or shadows the built-in table",
				[]string{s.ID}, s.ID)
			continue
		}
		t, err := NewAPTable(s)
		if err != nil {
			v.errorf(CodeInvalidRecord, "%s", []string{s.ID}, oneLine(err))
			continue
		}
		out[s.ID] = t
	}
	return out
}

func (v *validator) invalid(id string, err error) {
	if err != nil {
		v.errorf(CodeInvalidRecord, "%s", []string{id}, oneLine(err))
	}
}

func (v *validator) harmsAndChain() {
	r, x := v.r, v.x
	nSev := len(r.Plan.Severity)
	for _, h := range r.Harms {
		v.invalid(h.ID, checkIDField("harms", h.ID))
		if h.Severity < 1 || (nSev > 0 && h.Severity > nSev) {
			v.errorf(CodeInvalidRecord, "harm %s severity %d is outside the plan's scale 1..%d", []string{h.ID},
				h.ID, h.Severity, nSev)
		}
	}
	for _, h := range r.Hazards {
		v.invalid(h.ID, checkIDField("hazards", h.ID))
	}
	for _, s := range r.Situations {
		v.invalid(s.ID, checkIDField("situations", s.ID))
		for _, h := range s.Harms {
			v.ref("harm", x.harms, s.ID, "harms", h)
		}
	}
	reaches := make(map[string]bool, len(r.Hazards))
	for _, q := range r.Sequences {
		v.invalid(q.ID, checkIDField("sequences", q.ID))
		okH := v.ref("hazard", x.hazards, q.ID, "hazard", q.Hazard)
		okS := v.ref("situation", x.situations, q.ID, "situation", q.Situation)
		if okH && okS {
			for _, h := range r.Situations[x.situations[q.Situation]].Harms {
				if _, ok := x.harms[h]; ok {
					reaches[q.Hazard] = true
					break
				}
			}
		}
	}
	for _, h := range r.Hazards {
		if !reaches[h.ID] {
			v.errorf(CodeHazardWithoutHarm, "hazard %s leads to no harm through any sequence of events", []string{h.ID}, h.ID)
		}
	}
	if len(r.Situations) > 0 && len(r.OverallResiduals) == 0 {
		v.warnf(CodeOverallResidualMissing, "register %s has no overall residual-risk evaluation", []string{r.ID}, r.ID)
	}
	for _, o := range r.OverallResiduals {
		v.invalid(o.ID, checkIDField("overall_residuals", o.ID))
		v.future(o.ID, "overall residual-risk evaluation", o.At)
	}
}

// oneLine joins the lines of a joined error with "; ".
func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

func checkIDField(kind, id string) error {
	if err := checkID(id); err != nil {
		return fieldErr(kind+".id", truncate(id), err)
	}
	return nil
}

type pairKey struct{ situation, harm string }

func (v *validator) estimates(planOK bool) {
	r, x := v.r, v.x
	byPair := make(map[pairKey][]*Estimate, len(r.Estimates))
	for i := range r.Estimates {
		e := &r.Estimates[i]
		eerr := e.Validate()
		v.invalid(e.ID, eerr)
		v.future(e.ID, "estimate", e.At)
		okS := v.ref("situation", x.situations, e.ID, "situation", e.Situation)
		okH := v.ref("harm", x.harms, e.ID, "harm", e.Harm)
		for _, c := range e.Controls {
			if v.ref("control", x.controls, e.ID, "controls", c) && okS &&
				!slices.Contains(r.Controls[x.controls[c]].Situations, e.Situation) {
				v.errorf(CodeEstimateControlUnrelated, "estimate %s relies on control %s, which does not address situation %s",
					[]string{e.ID, c, e.Situation}, e.ID, c, e.Situation)
			}
		}
		if okH && e.Severity != 0 && e.Severity != r.Harms[x.harms[e.Harm]].Severity {
			v.errorf(CodeSeverityInconsistent, "estimate %s records severity %d for harm %s, the catalogue says %d",
				[]string{e.ID, e.Harm}, e.ID, e.Severity, e.Harm, r.Harms[x.harms[e.Harm]].Severity)
		}
		if e.Stage != StageInitial && e.Final {
			var unverified []string
			for _, c := range e.Controls {
				if i, ok := x.controls[c]; ok && r.Controls[i].State() != StateEffectivenessVerified {
					unverified = append(unverified, c)
				}
			}
			slices.Sort(unverified)
			if len(unverified) > 0 {
				v.errorf(CodeResidualControlsUnverified,
					"estimate %s is marked final but controls %s are not effectiveness-verified",
					append([]string{e.ID}, unverified...), e.ID, strings.Join(unverified, ", "))
			}
		}
		if okS && okH && eerr == nil {
			k := pairKey{e.Situation, e.Harm}
			byPair[k] = append(byPair[k], e)
		}
	}
	for _, b := range r.BenefitRisks {
		v.invalid(b.ID, checkIDField("benefit_risks", b.ID))
		v.ref("situation", x.situations, b.ID, "situation", b.Situation)
		v.ref("harm", x.harms, b.ID, "harm", b.Harm)
		v.future(b.ID, "benefit-risk analysis", b.At)
	}
	for _, s := range r.Situations {
		for _, h := range s.Harms {
			hi, ok := x.harms[h]
			if !ok {
				continue
			}
			ests := byPair[pairKey{s.ID, h}]
			hasInitial := false
			var earliest time.Time
			for _, e := range ests {
				if e.Stage == StageInitial {
					if !hasInitial || e.At.Before(earliest) {
						earliest = e.At
					}
					hasInitial = true
				}
			}
			if !hasInitial {
				v.errorf(CodeSituationWithoutEstimate, "hazardous situation %s has no initial estimate for harm %s",
					[]string{s.ID, h}, s.ID, h)
				continue
			}
			for _, e := range ests {
				if e.Stage != StageInitial && e.At.Before(earliest) {
					v.errorf(CodeEstimateBeforeInitial, "estimate %s (%s) is dated before the initial estimate of %s/%s",
						[]string{e.ID, s.ID, h}, e.ID, e.Stage, s.ID, h)
				}
			}
			if !planOK || r.Harms[hi].Severity < 1 || r.Harms[hi].Severity > len(r.Plan.Severity) {
				continue
			}
			st, err := x.status(s.ID, h, &r.Harms[hi], ests)
			if err != nil {
				v.errorf(CodeInvalidRecord, "%s/%s: %v", []string{s.ID, h}, s.ID, h, err)
				continue
			}
			v.judge(st)
		}
	}
}

// judge raises the control and residual-risk findings of one pair.
func (v *validator) judge(st RiskStatus) {
	ids := []string{st.Situation, st.Harm}
	if st.Initial.Acceptability == Unacceptable {
		if v.highSituations == nil {
			v.highSituations = map[string]bool{}
		}
		v.highSituations[st.Situation] = true
	}
	worst := st.Initial
	if worst.Acceptability != Unacceptable {
		worst = st.Current
	}
	switch {
	case worst.Acceptability == Unacceptable && len(st.Controls) == 0:
		v.errorf(CodeUnacceptableWithoutControl, "risk %s/%s is unacceptable (class %s of plan %s) and no control is linked",
			ids, st.Situation, st.Harm, worst.Class, worst.Plan)
	case st.Initial.Acceptability == AcceptableAFAP && len(st.Controls) == 0:
		v.warnf(CodeAFAPWithoutControl, "risk %s/%s is acceptable only if reduced as far as possible (class %s) and no control is linked",
			ids, st.Situation, st.Harm, st.Initial.Class)
	}
	if !st.Residual || st.Current.Acceptability != Unacceptable {
		return
	}
	for _, b := range v.r.BenefitRisks {
		if b.Situation == st.Situation && b.Harm == st.Harm && b.Conclusion == BenefitsOutweigh {
			return
		}
	}
	v.errorf(CodeUnacceptableResidual,
		"residual risk %s/%s (estimate %s) is unacceptable (class %s) and no benefit-risk analysis concludes that benefits outweigh it",
		append(ids, st.CurrentEstimate), st.Situation, st.Harm, st.CurrentEstimate, st.Current.Class)
}

func (v *validator) controls() {
	r, x := v.r, v.x
	for _, c := range r.Controls {
		if err := checkID(c.ID); err != nil {
			v.invalid(c.ID, fieldErr("controls.id", truncate(c.ID), err))
		}
		if !optionCodec.Valid(c.Option) {
			v.errorf(CodeInvalidRecord, "control %s has no risk control option", []string{c.ID}, c.ID)
		}
		if len(c.Situations) == 0 {
			v.errorf(CodeInvalidRecord, "control %s is linked to no hazardous situation", []string{c.ID}, c.ID)
		}
		for _, s := range c.Situations {
			v.ref("situation", x.situations, c.ID, "situations", s)
		}
		for _, h := range c.NewRisk.Hazards {
			v.ref("hazard", x.hazards, c.ID, "new_risk.hazards", h)
		}
		for _, s := range c.NewRisk.Situations {
			v.ref("situation", x.situations, c.ID, "new_risk.situations", s)
		}
		if c.Option == InformationForSafety && strings.TrimSpace(c.OptionRationale) == "" {
			v.errorf(CodeInformationWithoutRationale,
				"control %s is information for safety without a rationale that design and protective measures were considered",
				[]string{c.ID}, c.ID)
		}
		if err := c.historyErr(); err != nil {
			v.errorf(CodeControlHistoryInvalid, "%s", []string{c.ID}, oneLine(err))
		}
		for _, t := range c.History {
			v.future(c.ID, "control step "+t.To.String(), t.At)
		}
		st := c.State()
		if st < StateImplementationVerified {
			v.warnf(CodeControlNoImplementationProof, "control %s is %s: implementation not verified", []string{c.ID}, c.ID, st)
		}
		if st < StateEffectivenessVerified {
			v.warnf(CodeControlNoEffectivenessProof, "control %s is %s: effectiveness not verified", []string{c.ID}, c.ID, st)
		}
		if st >= StateImplemented && !c.NewRisk.Assessed {
			v.warnf(CodeControlNewRiskUnassessed, "control %s is implemented but was never checked for new risks (ISO 14971 7.5)",
				[]string{c.ID}, c.ID)
		}
	}
}

func (v *validator) fmea(tables map[string]*APTable) {
	r, x := v.r, v.x
	wsTable := make(map[string]*APTable, len(r.Worksheets))
	for _, w := range r.Worksheets {
		v.invalid(w.ID, w.Validate())
		id := cmp.Or(w.APTable, AIAGVDA2019().ID())
		if t, ok := tables[id]; ok {
			wsTable[w.ID] = t
		} else {
			v.errorf(CodeDanglingReference, "worksheet %s: ap_table %q names no table", []string{w.ID, id}, w.ID, id)
		}
	}
	actioned := make(map[string]bool, len(r.Actions))
	for _, a := range r.Actions {
		if a.Status != ActionCancelled && a.Owner != "" && !a.Due.IsZero() {
			actioned[a.Row] = true
		}
	}
	type sevRow struct {
		s  Rating
		id string
	}
	worst := map[string]sevRow{} // harm or worksheet+effect → highest S, smallest ID
	keyOf := func(row *FMEARow) (string, string) {
		e := strings.ToLower(strings.Join(strings.Fields(row.Effect), " "))
		if e == "" {
			return row.Harm, ""
		}
		return row.Harm, row.Worksheet + "\x00" + e
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.S == Unscored {
			continue
		}
		hk, ek := keyOf(row)
		for _, k := range [...]string{"h\x00" + hk, "e\x00" + ek} {
			if len(k) == 2 {
				continue
			}
			w, ok := worst[k]
			if !ok || row.S > w.s || (row.S == w.s && row.ID < w.id) {
				worst[k] = sevRow{row.S, row.ID}
			}
		}
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		v.invalid(row.ID, row.Validate())
		table := wsTable[row.Worksheet]
		if _, ok := x.worksheets[row.Worksheet]; !ok {
			v.ref("worksheet", x.worksheets, row.ID, "worksheet", row.Worksheet)
		}
		if row.APTable != "" {
			if t, ok := tables[row.APTable]; ok {
				table = t
			} else {
				v.errorf(CodeDanglingReference, "row %s: ap_table %q names no table", []string{row.ID, row.APTable}, row.ID, row.APTable)
				table = nil
			}
		}
		if row.Harm != "" {
			v.ref("harm", x.harms, row.ID, "harm", row.Harm)
		}
		for _, q := range row.Sequences {
			v.ref("sequence", x.sequences, row.ID, "sequences", q)
		}
		for _, s := range row.Situations {
			v.ref("situation", x.situations, row.ID, "situations", s)
		}
		if row.Harm == "" && len(row.Sequences) == 0 && len(row.Situations) == 0 {
			v.warnf(CodeRowUnlinked, "row %s is linked to no harm, sequence of events or hazardous situation", []string{row.ID}, row.ID)
		}
		if !row.ManagementReview.IsZero() {
			v.future(row.ID, "management review", row.ManagementReview.At)
		}
		if row.S != Unscored {
			hk, ek := keyOf(row)
			if w := worst["h\x00"+hk]; hk != "" && w.s != row.S {
				v.errorf(CodeSeverityInconsistent, "row %s rates harm %s S=%d, row %s rates it S=%d",
					[]string{row.ID, hk, w.id}, row.ID, hk, row.S, w.id, w.s)
			}
			if w := worst["e\x00"+ek]; ek != "" && w.s != row.S {
				v.errorf(CodeSeverityInconsistent, "row %s rates effect %q S=%d, row %s rates it S=%d",
					[]string{row.ID, w.id}, row.ID, truncate(row.Effect), row.S, w.id, w.s)
			}
		}
		if row.S >= 9 && row.S <= 10 && (row.ManagementReview.By == "" || row.ManagementReview.At.IsZero()) {
			v.warnf(CodeHighSeverityWithoutReview, "row %s has S=%d and no management review", []string{row.ID}, row.ID, row.S)
		}
		if !row.Scored() {
			v.warnf(CodeRowUnscored, "row %s is not fully scored (S=%s O=%s D=%s); no RPN or AP", []string{row.ID},
				row.ID, row.S, row.O, row.D)
			if row.AP != APUnspecified {
				v.errorf(CodeAPMismatch, "row %s stores AP %s but is not fully scored", []string{row.ID}, row.ID, row.AP)
			}
			continue
		}
		if table == nil || !row.S.Valid() || !row.O.Valid() || !row.D.Valid() {
			continue
		}
		ap, _ := table.Lookup(int(row.S), int(row.O), int(row.D))
		if row.AP != APUnspecified && row.AP != ap {
			v.errorf(CodeAPMismatch, "row %s stores AP %s but table %s gives %s for S=%d O=%d D=%d",
				[]string{row.ID}, row.ID, row.AP, table.ID(), ap, row.S, row.O, row.D)
		}
		if ap == APHigh {
			v.highRows = append(v.highRows, row)
		}
		if ap == APHigh && !actioned[row.ID] && strings.TrimSpace(row.Justification) == "" {
			v.errorf(CodeAPHighWithoutAction,
				"row %s has AP H (table %s) and neither an action with owner and due date nor a documented justification",
				[]string{row.ID}, row.ID, table.ID())
		}
	}
}

func (v *validator) actions() {
	r, x := v.r, v.x
	for _, a := range r.Actions {
		v.invalid(a.ID, a.Validate())
		if a.Row != "" {
			v.ref("row", x.rows, a.ID, "row", a.Row)
		}
		if a.Status != ActionOpen {
			continue
		}
		if strings.TrimSpace(a.Owner) == "" {
			v.errorf(CodeActionWithoutOwner, "action %s is open and has no owner", []string{a.ID}, a.ID)
		}
		if !a.Due.IsZero() && a.Due.Before(v.asOf) {
			v.warnf(CodeActionOverdue, "action %s was due %s", []string{a.ID}, a.ID, a.Due.UTC().Format(time.DateOnly))
		}
	}
}
