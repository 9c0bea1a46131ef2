package risk

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// SchemaVersion identifies the JSON form of a [Register]. It changes only
// when a field changes meaning or is removed, or when fields are added.
//
// Version history:
//   - v1 ([SchemaVersionV1]): plan, AP tables, the ISO 14971 chain and the
//     FMEA worksheets, rows and actions.
//   - v2: adds contingency_plans ([ContingencyPlan]), history ([Event],
//     hash-chained), baselines ([Baseline]) and the hazard fields
//     max_downtime and max_data_loss. No v1 field changed meaning, so a v1
//     document is read as a v2 register with those fields empty
//     ([DecodeRegister] accepts both and keeps the version it read).
//   - v3: adds the HIPAA Security Rule risk analysis: assets ([Asset]),
//     vulnerabilities ([Vulnerability]), threat_events ([ThreatEvent]) and
//     security_analyses ([SecurityAnalysis]), and the history action
//     "reopen". No v2 field changed meaning; a v1 or v2 document is read
//     with those lists empty.
const SchemaVersion = "healthpm.risk.register/v3"

// SchemaVersionV2 is the second JSON form of a [Register], still accepted by
// [DecodeRegister].
const SchemaVersionV2 = "healthpm.risk.register/v2"

// SchemaVersionV1 is the first JSON form of a [Register], still accepted by
// [DecodeRegister].
const SchemaVersionV1 = "healthpm.risk.register/v1"

// MaxRegisterBytes bounds the JSON accepted by [DecodeRegister] (256 MiB).
const MaxRegisterBytes = 256 << 20

// Register is one risk register: the ISO 14971 chain (harm catalogue,
// hazards, sequences of events, hazardous situations, estimates, controls,
// benefit-risk and overall residual-risk records) and the FMEA worksheets,
// rows and actions that analyse it, under one risk management plan.
//
// Every record has a stable ID, unique across the whole register (1..128
// characters from A-Z a-z 0-9 . _ : -); records refer to each other by ID.
// APTables holds custom Action Priority tables; the built-in
// "aiag-vda-2019" is always available and is the default.
//
// The zero Register is empty and valid to fill. A Register is a plain value:
// it is safe for concurrent reads, and [Register.Validate] never modifies it.
// Use [Register.AppendEstimate] and [Register.AdvanceControl] to add
// estimates and control steps with their rules enforced.
type Register struct {
	SchemaVersion    string               `json:"schema_version"`
	ID               string               `json:"id"`
	Plan             Plan                 `json:"plan"`
	APTables         []APTableSpec        `json:"ap_tables"`
	Harms            []Harm               `json:"harms"`
	Hazards          []Hazard             `json:"hazards"`
	Sequences        []SequenceOfEvents   `json:"sequences"`
	Situations       []HazardousSituation `json:"situations"`
	Estimates        []Estimate           `json:"estimates"`
	Controls         []Control            `json:"controls"`
	BenefitRisks     []BenefitRisk        `json:"benefit_risks"`
	OverallResiduals []OverallResidual    `json:"overall_residuals"`
	Worksheets       []Worksheet          `json:"worksheets"`
	Rows             []FMEARow            `json:"rows"`
	Actions          []Action             `json:"actions"`
	ContingencyPlans []ContingencyPlan    `json:"contingency_plans"`
	History          []Event              `json:"history"`
	Baselines        []Baseline           `json:"baselines"`
	Assets           []Asset              `json:"assets"`
	Vulnerabilities  []Vulnerability      `json:"vulnerabilities"`
	ThreatEvents     []ThreatEvent        `json:"threat_events"`
	SecurityAnalyses []SecurityAnalysis   `json:"security_analyses"`
}

// DecodeRegister reads a register in its JSON form from r. Decoding is
// strict (unknown fields, trailing data and a wrong schema version are
// rejected) and bounded by [MaxRegisterBytes]. A decoded register can still
// have findings: call [Register.Validate].
//
// DecodeRegister returns an error if the input is too large (wraps
// [ErrTooLarge]), is not one JSON object of the register's shape, has an
// invalid enum text or rating (wraps [ErrInvalidInput] or [ErrOutOfRange]),
// or schema_version is none of [SchemaVersion], [SchemaVersionV2] and
// [SchemaVersionV1], or a v1 document carries v2 or v3 fields, or a v2
// document carries v3 fields (wrap [ErrInvalidInput]).
func DecodeRegister(r io.Reader) (*Register, error) {
	var reg Register
	if err := decodeStrict(r, MaxRegisterBytes, &reg); err != nil {
		return nil, err
	}
	if reg.SchemaVersion != SchemaVersion && reg.SchemaVersion != SchemaVersionV2 && reg.SchemaVersion != SchemaVersionV1 {
		return nil, fieldErr("schema_version", truncate(reg.SchemaVersion),
			fmt.Errorf("%w: want %q, %q or %q", ErrInvalidInput, SchemaVersion, SchemaVersionV2, SchemaVersionV1))
	}
	if reg.SchemaVersion != SchemaVersion && (len(reg.Assets) > 0 || len(reg.Vulnerabilities) > 0 ||
		len(reg.ThreatEvents) > 0 || len(reg.SecurityAnalyses) > 0 || hasReopen(reg.History)) {
		return nil, fieldErr("schema_version", reg.SchemaVersion,
			fmt.Errorf("%w: assets, vulnerabilities, threat events, security analyses and reopen events need %q",
				ErrInvalidInput, SchemaVersion))
	}
	if reg.SchemaVersion == SchemaVersionV1 && (len(reg.ContingencyPlans) > 0 || len(reg.History) > 0 || len(reg.Baselines) > 0) {
		return nil, fieldErr("schema_version", reg.SchemaVersion,
			fmt.Errorf("%w: contingency plans, history and baselines need %q or later", ErrInvalidInput, SchemaVersionV2))
	}
	return &reg, nil
}

func hasReopen(h []Event) bool {
	return slices.ContainsFunc(h, func(e Event) bool { return e.Action == EventReopen })
}

// Table returns the Action Priority table with the given ID: the built-in
// [AIAGVDA2019] for "" or "aiag-vda-2019", else the custom table of that ID
// in APTables.
//
// Table returns an error if no table has the ID (wraps [ErrInvalidInput]) or
// the custom table fails [NewAPTable].
func (r *Register) Table(id string) (*APTable, error) {
	if id == "" || id == AIAGVDA2019().ID() {
		return AIAGVDA2019(), nil
	}
	for _, s := range r.APTables {
		if s.ID == id {
			return NewAPTable(s)
		}
	}
	return nil, fieldErr("ap_table", truncate(id), fmt.Errorf("%w: unknown table", ErrInvalidInput))
}

// AppendEstimate validates e and appends a copy of it. Estimates are
// append-only: there is no way to edit or remove one through the register.
//
// AppendEstimate returns an error if e fails [Estimate.Validate], its ID is
// already used by an estimate (wraps [ErrInvalidInput]), or it is dated
// before the latest estimate of the same situation and harm (wraps
// [ErrInvalidInput]).
func (r *Register) AppendEstimate(e Estimate) error {
	if err := e.Validate(); err != nil {
		return err
	}
	for _, x := range r.Estimates {
		if x.ID == e.ID {
			return fieldErr("estimates.id", e.ID, fmt.Errorf("%w: duplicate estimate id", ErrInvalidInput))
		}
		if x.Situation == e.Situation && x.Harm == e.Harm && e.At.Before(x.At) {
			return fieldErr(fmt.Sprintf("estimates[%q].at", e.ID), e.At.Format(time.RFC3339),
				fmt.Errorf("%w: estimates are append-only; %s is dated later", ErrInvalidInput, x.ID))
		}
	}
	e.Controls = slices.Clone(e.Controls)
	r.Estimates = append(r.Estimates, e)
	return nil
}

// AdvanceControl moves the control with the given ID to state to with the
// evidence, actor and time recorded (see [Control.Advance]).
//
// AdvanceControl returns an error if no control has the ID (wraps
// [ErrInvalidInput]) or the step is rejected (wraps [ErrTransition]).
func (r *Register) AdvanceControl(id string, to ControlState, evidence, actor string, at time.Time) error {
	for i, c := range r.Controls {
		if c.ID != id {
			continue
		}
		next, err := c.Advance(to, evidence, actor, at)
		if err != nil {
			return err
		}
		r.Controls[i] = next
		return nil
	}
	return fieldErr("controls", truncate(id), fmt.Errorf("%w: unknown control", ErrInvalidInput))
}

// RiskStatus is the state of the risk of one (hazardous situation, harm)
// pair: its initial evaluation, and the current one. Current is the latest
// estimate that counts: the initial estimate, or a final after-controls or
// post-market estimate whose controls are all effectiveness-verified. So a
// planned or unverified control never lowers the current risk. A later
// post-market re-estimate that is not final still becomes current when its
// probability (upper bound of P1 × P2) is higher: new evidence of a higher
// risk is never ignored.
type RiskStatus struct {
	Situation       string        `json:"situation"`
	Harm            string        `json:"harm"`
	InitialEstimate string        `json:"initial_estimate"`
	Initial         Evaluation    `json:"initial"`
	CurrentEstimate string        `json:"current_estimate"`
	CurrentStage    EstimateStage `json:"current_stage"`
	Current         Evaluation    `json:"current"`
	Residual        bool          `json:"residual"` // Current comes from a final, verified residual estimate
	Controls        []string      `json:"controls"` // controls linked to the situation, sorted
}

// RiskOf evaluates the risk of situation and harm with the register's plan.
//
// RiskOf returns an error if the plan fails [Plan.Validate], the situation
// or harm is unknown, there is no initial estimate (wrap [ErrInvalidInput]),
// or an estimate cannot be evaluated.
func (r *Register) RiskOf(situation, harm string) (RiskStatus, error) {
	if err := r.Plan.Validate(); err != nil {
		return RiskStatus{}, err
	}
	idx := newIndex(r)
	h, ok := idx.harms[harm]
	if !ok {
		return RiskStatus{}, fieldErr("harm", truncate(harm), fmt.Errorf("%w: unknown harm", ErrInvalidInput))
	}
	if _, ok := idx.situations[situation]; !ok {
		return RiskStatus{}, fieldErr("situation", truncate(situation), fmt.Errorf("%w: unknown situation", ErrInvalidInput))
	}
	var ests []*Estimate
	for i := range r.Estimates {
		if e := &r.Estimates[i]; e.Situation == situation && e.Harm == harm {
			ests = append(ests, e)
		}
	}
	st, err := idx.status(situation, harm, &r.Harms[h], ests)
	if err != nil {
		return RiskStatus{}, err
	}
	if st.InitialEstimate == "" {
		return RiskStatus{}, fieldErr("estimates", situation+"/"+harm, fmt.Errorf("%w: no initial estimate", ErrInvalidInput))
	}
	return st, nil
}

// index maps IDs to record positions (first occurrence wins).
type index struct {
	r          *Register
	harms      map[string]int
	hazards    map[string]int
	sequences  map[string]int
	situations map[string]int
	controls   map[string]int
	worksheets map[string]int
	rows       map[string]int
	// controlsBySituation lists control positions per situation ID.
	controlsBySituation map[string][]int
}

func newIndex(r *Register) *index {
	x := &index{r: r,
		harms: make(map[string]int, len(r.Harms)), hazards: make(map[string]int, len(r.Hazards)),
		sequences: make(map[string]int, len(r.Sequences)), situations: make(map[string]int, len(r.Situations)),
		controls: make(map[string]int, len(r.Controls)), worksheets: make(map[string]int, len(r.Worksheets)),
		rows: make(map[string]int, len(r.Rows)), controlsBySituation: make(map[string][]int)}
	put := func(m map[string]int, id string, i int) {
		if _, ok := m[id]; !ok {
			m[id] = i
		}
	}
	for i, v := range r.Harms {
		put(x.harms, v.ID, i)
	}
	for i, v := range r.Hazards {
		put(x.hazards, v.ID, i)
	}
	for i, v := range r.Sequences {
		put(x.sequences, v.ID, i)
	}
	for i, v := range r.Situations {
		put(x.situations, v.ID, i)
	}
	for i, v := range r.Controls {
		put(x.controls, v.ID, i)
		for _, s := range v.Situations {
			x.controlsBySituation[s] = append(x.controlsBySituation[s], i)
		}
	}
	for i, v := range r.Worksheets {
		put(x.worksheets, v.ID, i)
	}
	for i, v := range r.Rows {
		put(x.rows, v.ID, i)
	}
	return x
}

// latest orders estimates by time, then ID.
func laterEstimate(a, b *Estimate) bool {
	return cmp.Or(a.At.Compare(b.At), strings.Compare(a.ID, b.ID)) > 0
}

// counts reports whether an estimate may define the current risk: an
// initial estimate, or a final estimate whose controls all exist and are
// effectiveness-verified.
func (x *index) counts(e *Estimate) bool {
	if e.Stage == StageInitial {
		return true
	}
	if !e.Final {
		return false
	}
	for _, c := range e.Controls {
		i, ok := x.controls[c]
		if !ok || x.r.Controls[i].State() != StateEffectivenessVerified {
			return false
		}
	}
	return true
}

// status evaluates one pair with a plan that is already valid.
func (x *index) status(situation, harm string, h *Harm, ests []*Estimate) (RiskStatus, error) {
	st := RiskStatus{Situation: situation, Harm: harm}
	var initial, current *Estimate
	for _, e := range ests {
		if e.Stage == StageInitial && (initial == nil || laterEstimate(e, initial)) {
			initial = e
		}
		if x.counts(e) && (current == nil || laterEstimate(e, current)) {
			current = e
		}
	}
	for _, c := range x.controlsBySituation[situation] {
		st.Controls = append(st.Controls, x.r.Controls[c].ID)
	}
	slices.Sort(st.Controls)
	st.Controls = slices.Compact(st.Controls)
	if initial == nil {
		return st, nil
	}
	// A later post-market re-estimate that raises the probability counts
	// even when it is not final: evidence of a higher risk is never ignored.
	var raise *Estimate
	for _, e := range ests {
		if e.Stage == StagePostMarket && !x.counts(e) && laterEstimate(e, current) && (raise == nil || laterEstimate(e, raise)) {
			raise = e
		}
	}
	if raise != nil && mulProb(raise.P1.Hi, raise.P2.Hi) > mulProb(current.P1.Hi, current.P2.Hi) {
		current = raise
	}
	var err error
	st.InitialEstimate = initial.ID
	if st.Initial, err = x.r.Plan.evaluate(h.Severity, initial.P1, initial.P2); err != nil {
		return st, err
	}
	st.CurrentEstimate = current.ID
	st.CurrentStage = current.Stage
	st.Residual = current.Stage != StageInitial && current.Final
	if st.Current, err = x.r.Plan.evaluate(h.Severity, current.P1, current.P2); err != nil {
		return st, err
	}
	return st, nil
}
