package risk

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/shopspring/decimal"
)

// Hazard categories that call for a contingency plan. A hazard in one of
// these categories whose risk is high (unacceptable before controls, or an
// FMEA line with AP = H) must be answered by a [ContingencyPlan]; see
// [CodeHighRiskWithoutPlan].
const (
	CategoryDowntime         = "downtime"          // a system is unavailable (planned or unplanned)
	CategoryInterfaceFailure = "interface-failure" // an interface (HL7 v2, FHIR, file feed) stops or drops data
	CategoryDataMigration    = "data-migration"    // data is lost or altered when moved between systems
)

// contingencyCategory reports whether a hazard category needs a plan.
func contingencyCategory(c string) bool {
	switch strings.ToLower(strings.TrimSpace(c)) {
	case CategoryDowntime, CategoryInterfaceFailure, CategoryDataMigration:
		return true
	}
	return false
}

// Duration is a time span stated in a plan (RTO, RPO) or a hazard's
// tolerance. Its text form is Go's duration syntax, for example "4h0m0s" or
// "15m"; in JSON it is that text.
type Duration time.Duration

// String returns the duration in Go syntax ("4h0m0s").
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText returns the duration in Go syntax.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses Go duration syntax ("90m", "4h"). It returns an
// error wrapping [ErrInvalidInput] for other text.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fieldErr("duration", truncate(string(b)), fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	*d = Duration(v)
	return nil
}

// Dur returns a pointer to d as a [Duration], for the optional RTO, RPO and
// tolerance fields.
func Dur(d time.Duration) *Duration { v := Duration(d); return &v }

// ExerciseResult is the outcome of a contingency plan exercise (tabletop,
// simulation or live failover).
type ExerciseResult uint8

// Exercise results. Text forms: "passed", "passed-with-findings", "failed".
const (
	ExerciseUnspecified        ExerciseResult = iota // no exercise recorded; no text form
	ExercisePassed                                   // the plan worked as written
	ExercisePassedWithFindings                       // it worked, with gaps that need follow-up
	ExerciseFailed                                   // it did not work; needs a follow-up action
)

var exerciseCodec = enumtext.New[ExerciseResult]("risk", "ExerciseResult", ErrInvalidInput,
	"", "passed", "passed-with-findings", "failed")

// String returns the text form of e.
func (e ExerciseResult) String() string { return exerciseCodec.String(e) }

// MarshalText returns the text form of e.
func (e ExerciseResult) MarshalText() ([]byte, error) { return exerciseCodec.Marshal(e) }

// AppendText appends the text form of e to b.
func (e ExerciseResult) AppendText(b []byte) ([]byte, error) { return appendText(b, e.MarshalText) }

// UnmarshalText parses a result case-insensitively.
func (e *ExerciseResult) UnmarshalText(b []byte) error { return parseInto(e, exerciseCodec, b) }

// PlanStatus is the lifecycle state of a contingency plan.
type PlanStatus uint8

// Plan statuses. Text forms: "draft", "approved", "retired", "superseded".
const (
	PlanStatusUnspecified PlanStatus = iota // no text form
	PlanDraft                               // being written; not yet relied on
	PlanApproved                            // approved and in force
	PlanRetired                             // no longer in force (the system is gone)
	PlanSuperseded                          // replaced by another plan
)

var planStatusCodec = enumtext.New[PlanStatus]("risk", "PlanStatus", ErrInvalidInput,
	"", "draft", "approved", "retired", "superseded")

// String returns the text form of s.
func (s PlanStatus) String() string { return planStatusCodec.String(s) }

// MarshalText returns the text form of s.
func (s PlanStatus) MarshalText() ([]byte, error) { return planStatusCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s PlanStatus) AppendText(b []byte) ([]byte, error) { return appendText(b, s.MarshalText) }

// UnmarshalText parses a status case-insensitively.
func (s *PlanStatus) UnmarshalText(b []byte) error { return parseInto(s, planStatusCodec, b) }

// inForce reports whether a plan with status s is relied on (checked for
// readiness and counted as answering a risk).
func (s PlanStatus) inForce() bool { return s == PlanDraft || s == PlanApproved }

// SpecKind says whether a HIPAA Security Rule implementation specification
// is required or addressable.
type SpecKind uint8

// Specification kinds. Text forms: "required", "addressable".
const (
	SpecUnspecified SpecKind = iota // no text form
	SpecRequired                    // must be implemented
	SpecAddressable                 // implement if reasonable and appropriate, else document why and any alternative
)

var specKindCodec = enumtext.New[SpecKind]("risk", "SpecKind", ErrInvalidInput, "", "required", "addressable")

// String returns the text form of k.
func (k SpecKind) String() string { return specKindCodec.String(k) }

// MarshalText returns the text form of k.
func (k SpecKind) MarshalText() ([]byte, error) { return specKindCodec.Marshal(k) }

// AppendText appends the text form of k to b.
func (k SpecKind) AppendText(b []byte) ([]byte, error) { return appendText(b, k.MarshalText) }

// UnmarshalText parses a kind case-insensitively.
func (k *SpecKind) UnmarshalText(b []byte) error { return parseInto(k, specKindCodec, b) }

// Communication is how staff are told that the plan is active and how they
// coordinate while it is. DependsOn lists the systems the channel needs
// (for example "EHR" for in-EHR messaging, "email", "phone-system"); a
// channel that depends on a system the plan covers fails with it.
type Communication struct {
	Channel   string   `json:"channel"`
	DependsOn []string `json:"depends_on"`
}

// RecoveryStep is one recovery or reconciliation step, for one data domain
// (for example "active allergies"). Acceptance is the share of records, in
// percent 0..100, that the reconciliation must match before the step
// passes; safety-critical domains (active allergies and medications, for
// example) must require 100. Hazards lists the hazards whose silent losses
// the check detects (data migration).
type RecoveryStep struct {
	ID             string          `json:"id"`
	Description    string          `json:"description"`
	Domain         string          `json:"domain"`
	SafetyCritical bool            `json:"safety_critical"`
	Acceptance     decimal.Decimal `json:"acceptance_percent"`
	Hazards        []string        `json:"hazards"`
}

// Specification is one regulatory implementation specification the plan
// meets, such as HIPAA §164.308(a)(7)(ii)(A) "data backup plan". Addressed
// says it is implemented; for an addressable specification not implemented,
// Rationale documents why and what is done instead.
type Specification struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Kind      SpecKind `json:"kind"`
	Addressed bool     `json:"addressed"`
	Rationale string   `json:"rationale"`
}

// Exercise is the last exercise of a plan. The zero Exercise means the plan
// was never exercised (its result is then omitted from JSON). A result other than passed needs FollowUp: the ID of
// an [Action] or a reference to the corrective work.
type Exercise struct {
	At       time.Time      `json:"at"`
	Result   ExerciseResult `json:"result,omitzero"`
	FollowUp string         `json:"follow_up"`
	Notes    string         `json:"notes"`
}

// IsZero reports whether no exercise is recorded.
func (e Exercise) IsZero() bool { return e == Exercise{} }

// ContingencyPlan is a plan for when a system fails: what triggers it, the
// manual fallback workflow, how staff communicate without the failed
// system, who owns it, the downtime tolerance (RTO) and data-loss window
// (RPO) it promises, how data is recovered and reconciled, and when it was
// last exercised.
//
// Systems lists the systems whose failure the plan covers; Risks lists the
// hazards or hazardous situations it answers. RTO and RPO are nil when not
// stated. Template records the template the plan was started from ("" when
// none).
type ContingencyPlan struct {
	ID              string          `json:"id"`
	Title           string          `json:"title"`
	Template        string          `json:"template"`
	Category        string          `json:"category"`
	Systems         []string        `json:"systems"`
	Risks           []string        `json:"risks"`
	Trigger         string          `json:"trigger"`
	Activation      []string        `json:"activation_criteria"`
	Fallback        []string        `json:"fallback_workflow"`
	Communication   Communication   `json:"communication"`
	Owner           string          `json:"owner"`
	Deputy          string          `json:"deputy"`
	RTO             *Duration       `json:"rto"`
	RPO             *Duration       `json:"rpo"`
	Recovery        []RecoveryStep  `json:"recovery"`
	Specifications  []Specification `json:"specifications"`
	LastExercise    Exercise        `json:"last_exercise"`
	NextExerciseDue time.Time       `json:"next_exercise_due"`
	Status          PlanStatus      `json:"status"`
}

var hundred = decimal.NewFromInt(100)

// Validate reports every problem with the plan's own fields, in field
// order. Readiness (exercise dates, deputy, RTO/RPO against the linked
// risks) is judged by [Register.Validate], not here.
//
// Validate returns an error if:
//   - the ID is not a stable identifier, or Title or Trigger is empty, or
//     no risk is linked, or the status is unspecified (wrap [ErrInvalidInput]);
//   - RTO or RPO is negative (wraps [ErrOutOfRange]);
//   - a recovery step's acceptance is outside 0..100 (wraps [ErrOutOfRange]);
//   - a specification has no ID or an unspecified kind (wraps [ErrInvalidInput]);
//   - an exercise is recorded without a date or result (wraps [ErrInvalidInput]).
func (p ContingencyPlan) Validate() error {
	var errs []error
	path := func(f string) string { return fmt.Sprintf("contingency_plans[%q].%s", p.ID, f) }
	bad := func(f, v string, err error, msg string) {
		errs = append(errs, fieldErr(path(f), truncate(v), fmt.Errorf("%w: %s", err, msg)))
	}
	if err := checkID(p.ID); err != nil {
		errs = append(errs, fieldErr("contingency_plans.id", truncate(p.ID), err))
	}
	if strings.TrimSpace(p.Title) == "" {
		bad("title", "", ErrInvalidInput, "empty")
	}
	if len(p.Risks) == 0 {
		bad("risks", "", ErrInvalidInput, "the plan answers no risk")
	}
	if strings.TrimSpace(p.Trigger) == "" {
		bad("trigger", "", ErrInvalidInput, "empty")
	}
	if p.RTO != nil && *p.RTO < 0 {
		bad("rto", p.RTO.String(), ErrOutOfRange, "negative")
	}
	if p.RPO != nil && *p.RPO < 0 {
		bad("rpo", p.RPO.String(), ErrOutOfRange, "negative")
	}
	for i, s := range p.Recovery {
		if s.Acceptance.IsNegative() || s.Acceptance.GreaterThan(hundred) {
			bad(fmt.Sprintf("recovery[%d].acceptance_percent", i), s.Acceptance.String(), ErrOutOfRange, "want 0..100")
		}
	}
	for i, s := range p.Specifications {
		if strings.TrimSpace(s.ID) == "" {
			bad(fmt.Sprintf("specifications[%d].id", i), "", ErrInvalidInput, "empty")
		}
		if !specKindCodec.Valid(s.Kind) {
			bad(fmt.Sprintf("specifications[%d].kind", i), s.Kind.String(), ErrInvalidInput, "required or addressable")
		}
	}
	if e := p.LastExercise; !e.IsZero() {
		if e.At.IsZero() {
			bad("last_exercise.at", "", ErrInvalidInput, "an exercise needs a date")
		}
		if !exerciseCodec.Valid(e.Result) {
			bad("last_exercise.result", e.Result.String(), ErrInvalidInput, "an exercise needs a result")
		}
	}
	if !planStatusCodec.Valid(p.Status) {
		bad("status", p.Status.String(), ErrInvalidInput, "unspecified")
	}
	return errors.Join(errs...)
}

// dependsOnFailed returns the systems the communication channel shares with
// the systems the plan covers, compared case-insensitively, in the order of
// DependsOn.
func (p ContingencyPlan) dependsOnFailed() []string {
	var out []string
	for _, d := range p.Communication.DependsOn {
		for _, s := range p.Systems {
			if strings.EqualFold(strings.TrimSpace(d), strings.TrimSpace(s)) && strings.TrimSpace(d) != "" {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// contingency raises the readiness findings of the contingency plans and
// the finding for high risks that no plan answers.
func (v *validator) contingency() {
	r, x := v.r, v.x
	// hazardsOf maps a hazard or situation ID to the hazards it stands for.
	situationHazards := make(map[string][]string, len(r.Sequences))
	for _, q := range r.Sequences {
		situationHazards[q.Situation] = append(situationHazards[q.Situation], q.Hazard)
	}
	hazardsOf := func(id string) []string {
		if _, ok := x.hazards[id]; ok {
			return []string{id}
		}
		return situationHazards[id]
	}
	yearAgo := v.asOf.AddDate(-1, 0, 0)
	covered := map[string]bool{}
	for i := range r.ContingencyPlans {
		p := &r.ContingencyPlans[i]
		v.invalid(p.ID, p.Validate())
		for _, id := range p.Risks {
			_, isH := x.hazards[id]
			_, isS := x.situations[id]
			if !isH && !isS {
				v.errorf(CodeDanglingReference, "contingency plan %s: risks %q names no hazard or hazardous situation",
					[]string{p.ID, id}, p.ID, id)
			}
		}
		for _, st := range p.Recovery {
			for _, h := range st.Hazards {
				v.ref("hazard", x.hazards, p.ID, "recovery.hazards", h)
			}
		}
		if !p.Status.inForce() {
			continue
		}
		for _, id := range p.Risks {
			covered[id] = true
			for _, h := range hazardsOf(id) {
				covered[h] = true
			}
		}
		ids := []string{p.ID}
		e := p.LastExercise
		switch {
		case e.At.IsZero():
			v.warnf(CodePlanNeverExercised, "contingency plan %s has never been exercised", ids, p.ID)
		case e.At.Before(yearAgo):
			v.warnf(CodePlanExerciseStale, "contingency plan %s was last exercised %s, more than 12 months before %s",
				ids, p.ID, e.At.UTC().Format(time.DateOnly), v.asOf.UTC().Format(time.DateOnly))
		}
		if !e.At.IsZero() {
			v.future(p.ID, "contingency plan exercise", e.At)
		}
		if !p.NextExerciseDue.IsZero() && p.NextExerciseDue.Before(v.asOf) {
			v.warnf(CodePlanExerciseOverdue, "contingency plan %s: next exercise was due %s", ids, p.ID,
				p.NextExerciseDue.UTC().Format(time.DateOnly))
		}
		if (e.Result == ExerciseFailed || e.Result == ExercisePassedWithFindings) && strings.TrimSpace(e.FollowUp) == "" {
			v.errorf(CodePlanExerciseNoFollowUp, "contingency plan %s: exercise of %s %s and no follow-up action is recorded",
				ids, p.ID, e.At.UTC().Format(time.DateOnly), e.Result)
		}
		if strings.TrimSpace(p.Owner) == "" {
			v.errorf(CodePlanMissingOwner, "contingency plan %s has no owner", ids, p.ID)
		}
		if d := strings.TrimSpace(p.Deputy); d == "" || strings.EqualFold(d, strings.TrimSpace(p.Owner)) {
			v.errorf(CodePlanMissingDeputy, "contingency plan %s has no deputy distinct from its owner", ids, p.ID)
		}
		var missing []string
		if p.RTO == nil {
			missing = append(missing, "RTO")
		}
		if p.RPO == nil {
			missing = append(missing, "RPO")
		}
		if len(missing) > 0 {
			v.errorf(CodePlanRTORPOMissing, "contingency plan %s does not state its %s", ids, p.ID, strings.Join(missing, " and "))
		}
		v.tolerance(p, hazardsOf)
		if dep := p.dependsOnFailed(); len(dep) > 0 {
			v.errorf(CodePlanChannelDependsOnFailed, "contingency plan %s: communication channel %q depends on %s, which the plan covers",
				ids, p.ID, truncate(p.Communication.Channel), strings.Join(dep, ", "))
		}
		for i, s := range p.Recovery {
			if s.SafetyCritical && s.Acceptance.LessThan(hundred) {
				v.errorf(CodePlanReconciliationBelowFull,
					"contingency plan %s: recovery step %d (%s) is safety-critical and accepts %s %% instead of 100 %%",
					ids, p.ID, i+1, truncate(s.Domain), s.Acceptance.String())
			}
		}
		for _, s := range p.Specifications {
			switch {
			case s.Addressed:
			case s.Kind == SpecRequired:
				v.errorf(CodePlanRequiredSpecOpen, "contingency plan %s: required specification %s (%s) is not addressed",
					ids, p.ID, truncate(s.ID), truncate(s.Name))
			case s.Kind == SpecAddressable && strings.TrimSpace(s.Rationale) == "":
				v.warnf(CodePlanAddressableUndocumented,
					"contingency plan %s: addressable specification %s (%s) is neither addressed nor documented as not reasonable",
					ids, p.ID, truncate(s.ID), truncate(s.Name))
			}
		}
	}
	v.uncovered(covered, situationHazards)
}

// tolerance compares a plan's RTO and RPO with the tolerances of the
// hazards it answers.
func (v *validator) tolerance(p *ContingencyPlan, hazardsOf func(string) []string) {
	seen := map[string]bool{}
	for _, id := range p.Risks {
		for _, h := range hazardsOf(id) {
			if seen[h] {
				continue
			}
			seen[h] = true
			i, ok := v.x.hazards[h]
			if !ok {
				continue // a sequence names a missing hazard: reported as a dangling reference
			}
			hz := &v.r.Hazards[i]
			if p.RTO != nil && hz.MaxDowntime != nil && *p.RTO > *hz.MaxDowntime {
				v.errorf(CodePlanRTORPOInconsistent, "contingency plan %s promises RTO %s; hazard %s tolerates %s of downtime",
					[]string{p.ID, h}, p.ID, p.RTO, h, hz.MaxDowntime)
			}
			if p.RPO != nil && hz.MaxDataLoss != nil && *p.RPO > *hz.MaxDataLoss {
				v.errorf(CodePlanRTORPOInconsistent, "contingency plan %s promises RPO %s; hazard %s tolerates %s of data loss",
					[]string{p.ID, h}, p.ID, p.RPO, h, hz.MaxDataLoss)
			}
		}
	}
}

// uncovered reports hazards in a contingency category whose risk is high
// and that no plan in force answers.
func (v *validator) uncovered(covered map[string]bool, situationHazards map[string][]string) {
	r, x := v.r, v.x
	high := map[string]string{} // hazard → reason
	mark := func(h, why string) {
		if i, ok := x.hazards[h]; ok && contingencyCategory(r.Hazards[i].Category) {
			if old, ok := high[h]; !ok || why < old {
				high[h] = why
			}
		}
	}
	for s := range v.highSituations {
		for _, h := range situationHazards[s] {
			mark(h, "situation "+s+" is unacceptable before controls")
		}
	}
	for _, row := range v.highRows {
		for _, s := range row.Situations {
			for _, h := range situationHazards[s] {
				mark(h, "FMEA row "+row.ID+" has AP H")
			}
		}
		for _, q := range row.Sequences {
			if i, ok := x.sequences[q]; ok {
				mark(r.Sequences[i].Hazard, "FMEA row "+row.ID+" has AP H")
			}
		}
	}
	for h, why := range high {
		if covered[h] {
			continue
		}
		v.errorf(CodeHighRiskWithoutPlan, "hazard %s (category %s) is high (%s) and no contingency plan in force answers it",
			[]string{h}, h, r.Hazards[x.hazards[h]].Category, why)
	}
}
