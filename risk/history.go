package risk

import (
	"crypto/sha256"
	"encoding/hex"

	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// HistoryRule names the canonical encoding and hash chain of [Event]
// values; it is recorded in every [Baseline].
const HistoryRule = "healthpm.risk.event/v1: SHA-256 over seq, at (RFC 3339, UTC, ns), actor, action, " +
	"record, field, from, to, reason and prev, each as <byte length>:<bytes>,"

// EventAction says what an audit event records.
type EventAction uint8

// Event actions. Text forms: "create", "update", "rate", "status", "close",
// "supersede", "baseline", "reopen". Rate, status, close, supersede and
// reopen need a reason.
const (
	EventUnspecified EventAction = iota // no text form
	EventCreate                         // a record was added
	EventUpdate                         // a record's descriptive fields changed
	EventRate                           // a rating changed (FMEA S, O, D or an estimate)
	EventStatus                         // a status changed (plan status, control state, action status)
	EventClose                          // a record was closed; it stays in the register
	EventSupersede                      // a record was replaced by another (To names it); it stays in the register
	EventBaseline                       // a baseline was taken (Record names it)
	EventReopen                         // a closed or superseded record was put back in use
)

var eventActionCodec = enumtext.New[EventAction]("risk", "EventAction", ErrInvalidInput,
	"", "create", "update", "rate", "status", "close", "supersede", "baseline", "reopen")

// String returns the text form of a.
func (a EventAction) String() string { return eventActionCodec.String(a) }

// MarshalText returns the text form of a.
func (a EventAction) MarshalText() ([]byte, error) { return eventActionCodec.Marshal(a) }

// AppendText appends the text form of a to b.
func (a EventAction) AppendText(b []byte) ([]byte, error) { return appendText(b, a.MarshalText) }

// UnmarshalText parses an action case-insensitively.
func (a *EventAction) UnmarshalText(b []byte) error { return parseInto(a, eventActionCodec, b) }

// needsReason reports whether an event of action a must give a reason.
func (a EventAction) needsReason() bool {
	return a == EventRate || a == EventStatus || a == EventClose || a == EventSupersede || a == EventReopen
}

// Event is one entry of a register's append-only audit history: who did
// what to which record, when and why, chained to the event before it.
//
// Seq numbers events 1, 2, 3 … in order. Prev is the Hash of the previous
// event ("" for the first). Hash is the lowercase hex SHA-256 of the
// canonical encoding named by [HistoryRule]. [Register.Log] fills Seq, Prev
// and Hash; [VerifyHistory] checks them.
type Event struct {
	Seq    int64       `json:"seq"`
	At     time.Time   `json:"at"`
	Actor  string      `json:"actor"`
	Action EventAction `json:"action"`
	Record string      `json:"record"`
	Field  string      `json:"field"`
	From   string      `json:"from"`
	To     string      `json:"to"`
	Reason string      `json:"reason"`
	Prev   string      `json:"prev"`
	Hash   string      `json:"hash"`
}

// appendField appends <len>:<s>, to b.
func appendField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	b = append(b, s...)
	return append(b, ',')
}

// canonical appends the canonical encoding of e (without its Hash) to b.
func (e *Event) canonical(b []byte) []byte {
	var tmp [64]byte
	b = appendField(b, string(strconv.AppendInt(tmp[:0], e.Seq, 10)))
	b = appendField(b, string(e.At.UTC().AppendFormat(tmp[:0], time.RFC3339Nano)))
	b = appendField(b, e.Actor)
	b = appendField(b, e.Action.String())
	b = appendField(b, e.Record)
	b = appendField(b, e.Field)
	b = appendField(b, e.From)
	b = appendField(b, e.To)
	b = appendField(b, e.Reason)
	return appendField(b, e.Prev)
}

// ComputeHash returns the hex SHA-256 of e's canonical encoding (see
// [HistoryRule]); e.Hash is not part of it.
func (e Event) ComputeHash() string {
	var buf [512]byte
	sum := sha256.Sum256(e.canonical(buf[:0]))
	return hex.EncodeToString(sum[:])
}

// hashMatches compares e.Hash with the computed hash without allocating
// for typical events.
func (e *Event) hashMatches(buf []byte) ([]byte, bool) {
	buf = e.canonical(buf[:0])
	sum := sha256.Sum256(buf)
	var hx [64]byte
	hex.Encode(hx[:], sum[:])
	return buf, string(hx[:]) == e.Hash
}

// rules reports the first problem with an event's own fields.
func (e *Event) rules(prevAt time.Time) error {
	switch {
	case !eventActionCodec.Valid(e.Action):
		return fmt.Errorf("%w: unspecified action", ErrInvalidInput)
	case strings.TrimSpace(e.Actor) == "":
		return fmt.Errorf("%w: no actor", ErrInvalidInput)
	case e.At.IsZero():
		return fmt.Errorf("%w: no time", ErrInvalidInput)
	case e.At.Before(prevAt):
		return fmt.Errorf("%w: dated before the previous event", ErrInvalidInput)
	case e.Action.needsReason() && strings.TrimSpace(e.Reason) == "":
		return fmt.Errorf("%w: a %s event needs a reason", ErrInvalidInput, e.Action)
	}
	return nil
}

// HistoryAnchor is what a reader keeps outside the register to detect a
// truncated history: the number of events and the hash of the last one.
// The zero anchor checks nothing beyond the chain itself.
type HistoryAnchor struct {
	Events int    `json:"events"`
	Head   string `json:"head"`
}

// Anchor returns the anchor of the register's current history.
func (r *Register) Anchor() HistoryAnchor {
	if len(r.History) == 0 {
		return HistoryAnchor{}
	}
	return HistoryAnchor{Events: len(r.History), Head: r.History[len(r.History)-1].Hash}
}

// HistoryError names the first event of a history that does not verify.
// Index is its position in the slice (0-based; len(events) when events are
// missing at the end), Seq its sequence number (0 when missing), and Err
// wraps [ErrTampered] or [ErrInvalidInput].
type HistoryError struct {
	Index int
	Seq   int64
	Err   error
}

// Error formats the problem as `risk: history[i] (seq n): reason`.
func (e *HistoryError) Error() string {
	return fmt.Sprintf("risk: history[%d] (seq %d): %v", e.Index, e.Seq, e.Err)
}

// Unwrap returns the wrapped sentinel error.
func (e *HistoryError) Unwrap() error { return e.Err }

// VerifyHistory checks an audit history and returns nil if it is intact,
// else a [*HistoryError] naming the first bad event.
//
// It detects an edited event (its content no longer matches its hash, or
// its hash no longer matches the next event's Prev), a deleted, inserted or
// moved event (sequence numbers not 1, 2, 3 … or a broken Prev link), and,
// with a non-zero anchor, events removed from or replaced at the end. It
// also rejects events without actor or time, dated before their
// predecessor, with an unspecified action, or a rate, status, close or
// supersede event without a reason. It runs in O(n) time and never panics.
//
// VerifyHistory returns an error wrapping [ErrTampered] for a broken chain
// or anchor, and [ErrInvalidInput] for an event that breaks the rules.
func VerifyHistory(events []Event, anchor HistoryAnchor) error {
	buf := make([]byte, 0, 512)
	prevHash, prevAt := "", time.Time{}
	for i := range events {
		e := &events[i]
		fail := func(err error) error { return &HistoryError{Index: i, Seq: e.Seq, Err: err} }
		if e.Seq != int64(i)+1 {
			return fail(fmt.Errorf("%w: sequence number %d at position %d (event deleted, inserted or moved)",
				ErrTampered, e.Seq, i+1))
		}
		if e.Prev != prevHash {
			return fail(fmt.Errorf("%w: prev does not match the hash of the event before (previous event edited, or this one moved)",
				ErrTampered))
		}
		var ok bool
		buf, ok = e.hashMatches(buf)
		if !ok {
			return fail(fmt.Errorf("%w: content does not match its hash (event edited)", ErrTampered))
		}
		if err := e.rules(prevAt); err != nil {
			return fail(err)
		}
		prevHash, prevAt = e.Hash, e.At
	}
	if anchor.Events > 0 {
		n := anchor.Events
		if len(events) < n {
			return &HistoryError{Index: len(events), Err: fmt.Errorf("%w: %d events, the anchor records %d (events removed at the end)",
				ErrTampered, len(events), n)}
		}
		if events[n-1].Hash != anchor.Head {
			return &HistoryError{Index: n - 1, Seq: events[n-1].Seq,
				Err: fmt.Errorf("%w: hash differs from the anchor's head (event replaced)", ErrTampered)}
		}
	}
	return nil
}

// Log appends e to the register's history, filling Seq, Prev and Hash, and
// returns the stored event. Log only records: it does not change records
// (use [Register.Rate], [Register.SetPlanStatus], [Register.Close] and
// [Register.Supersede] to change and record in one step).
//
// Log returns an error wrapping [ErrInvalidInput] if the action is
// unspecified, the actor or time is missing, at is before the last event,
// or a rate, status, close or supersede event has no reason.
func (r *Register) Log(e Event) (Event, error) {
	var prevAt time.Time
	e.Prev = ""
	if n := len(r.History); n > 0 {
		prevAt, e.Prev = r.History[n-1].At, r.History[n-1].Hash
	}
	e.Seq = int64(len(r.History)) + 1
	if err := e.rules(prevAt); err != nil {
		return Event{}, fieldErr("history", e.Action.String(), err)
	}
	e.Hash = e.ComputeHash()
	r.History = append(r.History, e)
	return e, nil
}

// Rate changes the S, O and D ratings of an FMEA row and records the change
// with its reason. The row's stored AP is cleared, since it no longer
// matches; [Register.Validate] recomputes it.
//
// Rate returns an error if no row has the ID (wraps [ErrInvalidInput]), a
// rating is above 10 (wraps [ErrOutOfRange]), or the event is rejected by
// [Register.Log] (no reason, actor or time). The register is unchanged on
// error.
func (r *Register) Rate(rowID string, s, o, d Rating, actor, reason string, at time.Time) error {
	i := -1
	for j := range r.Rows {
		if r.Rows[j].ID == rowID {
			i = j
			break
		}
	}
	if i < 0 {
		return fieldErr("rows", truncate(rowID), fmt.Errorf("%w: unknown row", ErrInvalidInput))
	}
	for _, v := range [...]Rating{s, o, d} {
		if v > 10 {
			return fieldErr(fmt.Sprintf("rows[%q]", rowID), v.String(), fmt.Errorf("%w [1, 10]", ErrOutOfRange))
		}
	}
	row := &r.Rows[i]
	sod := func(s, o, d Rating) string { return s.String() + "/" + o.String() + "/" + d.String() }
	if _, err := r.Log(Event{At: at, Actor: actor, Action: EventRate, Record: rowID, Field: "s/o/d",
		From: sod(row.S, row.O, row.D), To: sod(s, o, d), Reason: reason}); err != nil {
		return err
	}
	row.S, row.O, row.D, row.AP = s, o, d, APUnspecified
	return nil
}

// SetPlanStatus changes the status of a contingency plan and records the
// change with its reason.
//
// SetPlanStatus returns an error if no plan has the ID or the status is
// unspecified (wrap [ErrInvalidInput]), or the event is rejected by
// [Register.Log]. The register is unchanged on error.
func (r *Register) SetPlanStatus(planID string, to PlanStatus, actor, reason string, at time.Time) error {
	if !planStatusCodec.Valid(to) {
		return fieldErr("contingency_plans.status", to.String(), ErrInvalidInput)
	}
	for i := range r.ContingencyPlans {
		p := &r.ContingencyPlans[i]
		if p.ID != planID {
			continue
		}
		if _, err := r.Log(Event{At: at, Actor: actor, Action: EventStatus, Record: planID, Field: "status",
			From: p.Status.String(), To: to.String(), Reason: reason}); err != nil {
			return err
		}
		p.Status = to
		return nil
	}
	return fieldErr("contingency_plans", truncate(planID), fmt.Errorf("%w: unknown plan", ErrInvalidInput))
}

// Lifecycle is the state of a record derived from the history: open,
// closed, or superseded. Records are never deleted.
type Lifecycle uint8

// Lifecycle states. Text forms: "open", "closed", "superseded".
const (
	LifecycleUnspecified Lifecycle = iota // no text form
	LifecycleOpen                         // in use (no close or supersede event)
	LifecycleClosed                       // closed with a reason
	LifecycleSuperseded                   // replaced by another record
)

var lifecycleCodec = enumtext.New[Lifecycle]("risk", "Lifecycle", ErrInvalidInput, "", "open", "closed", "superseded")

// String returns the text form of l.
func (l Lifecycle) String() string { return lifecycleCodec.String(l) }

// MarshalText returns the text form of l.
func (l Lifecycle) MarshalText() ([]byte, error) { return lifecycleCodec.Marshal(l) }

// AppendText appends the text form of l to b.
func (l Lifecycle) AppendText(b []byte) ([]byte, error) { return appendText(b, l.MarshalText) }

// UnmarshalText parses a lifecycle state case-insensitively.
func (l *Lifecycle) UnmarshalText(b []byte) error { return parseInto(l, lifecycleCodec, b) }

// Lifecycle returns the state of the record with the given ID from the
// history and, when superseded, the ID of its successor. The events of the
// record are read in order: close makes it closed, supersede superseded,
// and only an explicit create or reopen event makes it open again. An
// update, rate or status event does not change the state: an edit to a
// closed record never reopens it silently (the audit trail must show who
// reopened it and why; see [Register.Reopen]), and [Register.Validate]
// reports such an edit as [CodeEditWhileClosed]. A record with no event is
// open.
func (r *Register) Lifecycle(id string) (Lifecycle, string) {
	state, by := LifecycleOpen, ""
	for i := range r.History {
		e := &r.History[i]
		if e.Record != id {
			continue
		}
		switch e.Action {
		case EventClose:
			state, by = LifecycleClosed, ""
		case EventSupersede:
			state, by = LifecycleSuperseded, e.To
		case EventCreate, EventReopen:
			state, by = LifecycleOpen, ""
		}
	}
	return state, by
}

// Reopen puts a closed or superseded record back in use and records why.
// It is the only way, besides a create event, to make a record open again
// (see [Register.Lifecycle]).
//
// Reopen returns an error if no record has the ID, the record is already
// open (wrap [ErrInvalidInput]), or the event is rejected by [Register.Log]
// (no reason, actor or time). The register is unchanged on error.
func (r *Register) Reopen(id, actor, reason string, at time.Time) error {
	if !r.hasRecord(id) {
		return fieldErr("record", truncate(id), fmt.Errorf("%w: unknown record", ErrInvalidInput))
	}
	state, _ := r.Lifecycle(id)
	if state == LifecycleOpen {
		return fieldErr("record", truncate(id), fmt.Errorf("%w: record is already open", ErrInvalidInput))
	}
	_, err := r.Log(Event{At: at, Actor: actor, Action: EventReopen, Record: id, Field: "lifecycle",
		From: state.String(), To: LifecycleOpen.String(), Reason: reason})
	return err
}

// Close marks the record with the given ID as closed, with the reason. The
// record stays in the register.
//
// Close returns an error if no record has the ID (wraps [ErrInvalidInput])
// or the event is rejected by [Register.Log].
func (r *Register) Close(id, actor, reason string, at time.Time) error {
	if !r.hasRecord(id) {
		return fieldErr("record", truncate(id), fmt.Errorf("%w: unknown record", ErrInvalidInput))
	}
	_, err := r.Log(Event{At: at, Actor: actor, Action: EventClose, Record: id, Field: "lifecycle",
		From: LifecycleOpen.String(), To: LifecycleClosed.String(), Reason: reason})
	return err
}

// Supersede marks the record old as replaced by the record successor, with
// the reason. Both stay in the register.
//
// Supersede returns an error if either record is unknown or they are the
// same (wrap [ErrInvalidInput]), or the event is rejected by [Register.Log].
func (r *Register) Supersede(old, successor, actor, reason string, at time.Time) error {
	if !r.hasRecord(old) || !r.hasRecord(successor) || old == successor {
		return fieldErr("record", truncate(old), fmt.Errorf("%w: unknown record or successor %q", ErrInvalidInput, truncate(successor)))
	}
	_, err := r.Log(Event{At: at, Actor: actor, Action: EventSupersede, Record: old, Field: "lifecycle",
		From: LifecycleOpen.String(), To: successor, Reason: reason})
	return err
}

func (r *Register) hasRecord(id string) bool {
	found := false
	r.eachRecord(func(_, rid string, _ any) bool {
		found = rid == id
		return !found
	})
	return found
}

// eachRecord calls fn with the kind (the JSON name of its list), ID and a
// pointer to every record of the register, in list order, until fn returns
// false. Plan, history and baselines are not records.
func (r *Register) eachRecord(fn func(kind, id string, rec any) bool) {
	for i := range r.APTables {
		if !fn("ap_tables", r.APTables[i].ID, &r.APTables[i]) {
			return
		}
	}
	for i := range r.Harms {
		if !fn("harms", r.Harms[i].ID, &r.Harms[i]) {
			return
		}
	}
	for i := range r.Hazards {
		if !fn("hazards", r.Hazards[i].ID, &r.Hazards[i]) {
			return
		}
	}
	for i := range r.Sequences {
		if !fn("sequences", r.Sequences[i].ID, &r.Sequences[i]) {
			return
		}
	}
	for i := range r.Situations {
		if !fn("situations", r.Situations[i].ID, &r.Situations[i]) {
			return
		}
	}
	for i := range r.Estimates {
		if !fn("estimates", r.Estimates[i].ID, &r.Estimates[i]) {
			return
		}
	}
	for i := range r.Controls {
		if !fn("controls", r.Controls[i].ID, &r.Controls[i]) {
			return
		}
	}
	for i := range r.BenefitRisks {
		if !fn("benefit_risks", r.BenefitRisks[i].ID, &r.BenefitRisks[i]) {
			return
		}
	}
	for i := range r.OverallResiduals {
		if !fn("overall_residuals", r.OverallResiduals[i].ID, &r.OverallResiduals[i]) {
			return
		}
	}
	for i := range r.Worksheets {
		if !fn("worksheets", r.Worksheets[i].ID, &r.Worksheets[i]) {
			return
		}
	}
	for i := range r.Rows {
		if !fn("rows", r.Rows[i].ID, &r.Rows[i]) {
			return
		}
	}
	for i := range r.Actions {
		if !fn("actions", r.Actions[i].ID, &r.Actions[i]) {
			return
		}
	}
	for i := range r.ContingencyPlans {
		if !fn("contingency_plans", r.ContingencyPlans[i].ID, &r.ContingencyPlans[i]) {
			return
		}
	}
	for i := range r.Assets {
		if !fn("assets", r.Assets[i].ID, &r.Assets[i]) {
			return
		}
	}
	for i := range r.Vulnerabilities {
		if !fn("vulnerabilities", r.Vulnerabilities[i].ID, &r.Vulnerabilities[i]) {
			return
		}
	}
	for i := range r.ThreatEvents {
		if !fn("threat_events", r.ThreatEvents[i].ID, &r.ThreatEvents[i]) {
			return
		}
	}
	for i := range r.SecurityAnalyses {
		if !fn("security_analyses", r.SecurityAnalyses[i].ID, &r.SecurityAnalyses[i]) {
			return
		}
	}
}

// history raises the audit-history findings.
func (v *validator) history() {
	r := v.r
	if len(r.History) == 0 {
		return
	}
	if err := VerifyHistory(r.History, HistoryAnchor{}); err != nil {
		v.errorf(CodeHistoryBroken, "%s", []string{r.ID}, oneLine(err))
	}
	ids := map[string]bool{}
	r.eachRecord(func(_, id string, _ any) bool { ids[id] = true; return true })
	for _, b := range r.Baselines {
		ids[b.ID] = true
	}
	reported := map[string]bool{}
	state := map[string]Lifecycle{} // lifecycle per record so far, as Register.Lifecycle reads it
	for i := range r.History {
		e := &r.History[i]
		switch e.Action {
		case EventClose:
			state[e.Record] = LifecycleClosed
		case EventSupersede:
			state[e.Record] = LifecycleSuperseded
		case EventCreate, EventReopen:
			state[e.Record] = LifecycleOpen
		case EventUpdate, EventRate, EventStatus:
			if st := state[e.Record]; st == LifecycleClosed || st == LifecycleSuperseded {
				v.warnf(CodeEditWhileClosed, "history event %d (%s) changes record %s, which is %s; reopen it first (Register.Reopen)",
					[]string{e.Record}, e.Seq, e.Action, e.Record, st)
			}
		}
		if e.At.After(v.asOf) && !reported["\x00future"] {
			reported["\x00future"] = true
			v.future(r.ID, fmt.Sprintf("history event %d", e.Seq), e.At)
		}
		if e.Record == "" || ids[e.Record] || reported[e.Record] {
			continue
		}
		reported[e.Record] = true
		v.errorf(CodeRecordDeleted, "record %s appears in the history (event %d) but is no longer in the register; close or supersede records instead of deleting them",
			[]string{e.Record}, e.Record, e.Seq)
	}
}

// ChangeControlState advances a control like [Register.AdvanceControl] and
// records the status change with its reason in the history.
//
// ChangeControlState returns an error if no control has the ID (wraps
// [ErrInvalidInput]), the step is rejected (wraps [ErrTransition]) or the
// event is rejected by [Register.Log]. The register is unchanged on error.
func (r *Register) ChangeControlState(id string, to ControlState, evidence, actor, reason string, at time.Time) error {
	for i, c := range r.Controls {
		if c.ID != id {
			continue
		}
		next, err := c.Advance(to, evidence, actor, at)
		if err != nil {
			return err
		}
		if _, err := r.Log(Event{At: at, Actor: actor, Action: EventStatus, Record: id, Field: "state",
			From: c.State().String(), To: to.String(), Reason: reason}); err != nil {
			return err
		}
		r.Controls[i] = next
		return nil
	}
	return fieldErr("controls", truncate(id), fmt.Errorf("%w: unknown control", ErrInvalidInput))
}

// SetActionStatus changes the status of an FMEA action and records the
// change with its reason.
//
// SetActionStatus returns an error if no action has the ID or the status is
// unspecified (wrap [ErrInvalidInput]), or the event is rejected by
// [Register.Log]. The register is unchanged on error.
func (r *Register) SetActionStatus(id string, to ActionStatus, actor, reason string, at time.Time) error {
	if !actionStatusCodec.Valid(to) {
		return fieldErr("actions.status", to.String(), ErrInvalidInput)
	}
	for i := range r.Actions {
		a := &r.Actions[i]
		if a.ID != id {
			continue
		}
		if _, err := r.Log(Event{At: at, Actor: actor, Action: EventStatus, Record: id, Field: "status",
			From: a.Status.String(), To: to.String(), Reason: reason}); err != nil {
			return err
		}
		a.Status = to
		return nil
	}
	return fieldErr("actions", truncate(id), fmt.Errorf("%w: unknown action", ErrInvalidInput))
}

// RecordEstimate appends an estimate like [Register.AppendEstimate] and
// records the re-rating with its reason, by the estimate's By at its At.
// The event names the new estimate as its record and in To, the pair as
// "situation/harm" in Field, and the previous latest estimate of the pair
// in From ("" for the first).
//
// RecordEstimate returns an error if [Register.AppendEstimate] or
// [Register.Log] rejects it (e.g. no reason). The register is unchanged on
// error.
func (r *Register) RecordEstimate(e Estimate, reason string) error {
	if err := e.Validate(); err != nil {
		return err
	}
	var prev *Estimate
	for i := range r.Estimates {
		x := &r.Estimates[i]
		if x.ID == e.ID {
			return fieldErr("estimates.id", e.ID, fmt.Errorf("%w: duplicate estimate id", ErrInvalidInput))
		}
		if x.Situation == e.Situation && x.Harm == e.Harm && (prev == nil || laterEstimate(x, prev)) {
			prev = x
		}
	}
	if prev != nil && e.At.Before(prev.At) {
		return fieldErr(fmt.Sprintf("estimates[%q].at", e.ID), e.At.Format(time.RFC3339),
			fmt.Errorf("%w: estimates are append-only; %s is dated later", ErrInvalidInput, prev.ID))
	}
	from := ""
	if prev != nil {
		from = prev.ID
	}
	if _, err := r.Log(Event{At: e.At, Actor: e.By, Action: EventRate, Record: e.ID,
		Field: e.Situation + "/" + e.Harm, From: from, To: e.ID, Reason: reason}); err != nil {
		return err
	}
	return r.AppendEstimate(e)
}
