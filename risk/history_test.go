package risk

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// loggedRegister is the downtime register with five recorded events.
func loggedRegister(t *testing.T) *Register {
	t.Helper()
	r := downtimeRegister()
	at := func(h int) time.Time { return day(100).Add(time.Duration(h) * time.Hour) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.Log(Event{At: at(0), Actor: "cso", Action: EventCreate, Record: "CP-1", Reason: "new plan"})
	must(err)
	must(r.Rate("R-2", 9, 3, 2, "qa.lead", "new field data: 3 outages in Q2", at(1)))
	must(r.SetPlanStatus("CP-1", PlanDraft, "cso", "rewrite after exercise", at(2)))
	must(r.SetPlanStatus("CP-1", PlanApproved, "cmo", "approved at safety board SB-12", at(3)))
	must(r.Close("A-1", "ml.lead", "drift monitor live", at(4)))
	return r
}

func TestHistoryVerifies(t *testing.T) {
	r := loggedRegister(t)
	if err := VerifyHistory(r.History, r.Anchor()); err != nil {
		t.Fatal(err)
	}
	if r.Rows[1].O != 3 || r.Rows[1].AP != APUnspecified {
		t.Errorf("Rate did not update the row: %+v", r.Rows[1])
	}
	if got, _ := r.Lifecycle("A-1"); got != LifecycleClosed {
		t.Errorf("A-1 lifecycle = %v", got)
	}
	if got, _ := r.Lifecycle("R-1"); got != LifecycleOpen {
		t.Errorf("R-1 lifecycle = %v", got)
	}
	if fs := r.Validate(asOf); len(fs) != 0 {
		t.Errorf("findings: %v", codes(fs))
	}
}

func TestHistoryTampering(t *testing.T) {
	tests := []struct {
		name, reason string
		tamper       func(h []Event) []Event
		anchored     bool
		wantIndex    int
	}{
		{"edit", "changing a field breaks the event's own hash",
			func(h []Event) []Event { h[2].Reason = "nobody will notice"; return h }, false, 2},
		{"edit-rehash", "re-hashing the edited event breaks the next event's link",
			func(h []Event) []Event { h[1].To = "1/1/1"; h[1].Hash = h[1].ComputeHash(); return h }, false, 2},
		{"edit-last-rehash", "re-hashing the last event is caught by the anchor",
			func(h []Event) []Event { h[4].Reason = "x"; h[4].Hash = h[4].ComputeHash(); return h }, true, 4},
		{"delete-first", "the new first event has seq 2",
			func(h []Event) []Event { return h[1:] }, false, 0},
		{"delete-middle", "the event after the gap has the wrong seq",
			func(h []Event) []Event { return slices.Delete(h, 2, 3) }, false, 2},
		{"delete-last", "only the anchor knows the history was longer",
			func(h []Event) []Event { return h[:4] }, true, 4},
		{"insert", "an inserted copy repeats a sequence number",
			func(h []Event) []Event { return slices.Insert(h, 3, h[1]) }, false, 3},
		{"swap", "moved events are out of sequence",
			func(h []Event) []Event { h[1], h[3] = h[3], h[1]; return h }, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loggedRegister(t)
			anchor := HistoryAnchor{}
			if tt.anchored {
				anchor = r.Anchor()
			}
			h := tt.tamper(slices.Clone(r.History))
			err := VerifyHistory(h, anchor)
			var he *HistoryError
			if !errors.As(err, &he) || !errors.Is(err, ErrTampered) {
				t.Fatalf("%s: VerifyHistory = %v", tt.reason, err)
			}
			if he.Index != tt.wantIndex {
				t.Errorf("%s: first bad event %d, want %d (%v)", tt.reason, he.Index, tt.wantIndex, err)
			}
		})
	}
}

func TestHistoryRules(t *testing.T) {
	r := loggedRegister(t)
	n := len(r.History)
	last := r.History[n-1].At
	tests := []struct {
		name, reason string
		err          error
	}{
		{"rate-no-reason", "rating changes need a reason", r.Rate("R-1", 8, 4, 7, "qa", " ", last)},
		{"status-no-reason", "status changes need a reason", r.SetPlanStatus("CP-1", PlanRetired, "cso", "", last)},
		{"no-actor", "every event needs an actor", r.Close("R-1", "", "obsolete", last)},
		{"backdated", "events are appended in time order", r.Close("R-1", "cso", "obsolete", last.Add(-time.Second))},
		{"unknown-record", "only existing records can be closed", r.Close("R-404", "cso", "x", last)},
		{"self-supersede", "a record cannot supersede itself", r.Supersede("R-1", "R-1", "cso", "x", last)},
		{"bad-rating", "ratings stay in 1..10", r.Rate("R-1", 11, 4, 7, "qa", "x", last)},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: accepted (%s)", tt.name, tt.reason)
		}
	}
	if len(r.History) != n || r.Rows[0].S != 8 {
		t.Errorf("rejected changes modified the register: %d events, R-1 S=%d", len(r.History), r.Rows[0].S)
	}
	// An event appended around Log without a reason is caught by VerifyHistory.
	e := Event{Seq: int64(n) + 1, At: last, Actor: "x", Action: EventClose, Record: "R-1", Prev: r.History[n-1].Hash}
	e.Hash = e.ComputeHash()
	err := VerifyHistory(append(slices.Clone(r.History), e), HistoryAnchor{})
	var he *HistoryError
	if !errors.As(err, &he) || he.Index != n || !errors.Is(err, ErrInvalidInput) {
		t.Errorf("reasonless close: %v", err)
	}
}

func TestRecordDeletedAndHistoryBroken(t *testing.T) {
	r := loggedRegister(t)
	r.Actions = nil // deleted instead of closed
	r.History[0].Actor = "mallory"
	// R-1 loses its action too.
	want := []string{CodeAPHighWithoutAction + " R-1", CodeHistoryBroken + " REG-1", CodeRecordDeleted + " A-1"}
	if diff := cmp.Diff(want, codes(r.Validate(asOf))); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestBaselineDiff(t *testing.T) {
	r := loggedRegister(t)
	b1, err := r.TakeBaseline("BL-1", "RMF release 1", "cso", day(110))
	if err != nil {
		t.Fatal(err)
	}
	if d := DiffBaselines(b1, b1); !d.Empty() {
		t.Errorf("self diff = %+v", d)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Rate("R-1", 8, 3, 7, "qa.lead", "prevention control added", day(111)))
	r.Harms = append(r.Harms, Harm{ID: "H-2", Description: "x", Severity: 2})
	_, err = r.Log(Event{At: day(111), Actor: "cso", Action: EventCreate, Record: "H-2"})
	must(err)
	b2, err := r.TakeBaseline("BL-2", "RMF release 2", "cso", day(112))
	must(err)
	got := DiffBaselines(b1, b2)
	want := BaselineDiff{From: "BL-1", To: "BL-2", Added: []RecordRef{{"harms", "H-2"}},
		Changed: []RecordRef{{"rows", "R-1"}}, Events: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	back := DiffBaselines(b2, b1)
	if !cmp.Equal(back.Removed, []RecordRef{{"harms", "H-2"}}) || back.Events != -2 {
		t.Errorf("reverse diff = %+v", back)
	}
	if err := VerifyHistory(r.History, b1.History); err != nil {
		t.Errorf("later history against the earlier baseline's anchor: %v", err)
	}
	if _, err := r.TakeBaseline("bad id", "", "cso", day(1)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("bad baseline id: %v", err)
	}
}

func TestLoggedStatusAndEstimateChanges(t *testing.T) {
	r := downtimeRegister()
	r.Controls[0].History = r.Controls[0].History[:2]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Rejected: no reason; the control stays implementation-verified.
	if err := r.ChangeControlState("C-1", StateEffectivenessVerified, "US-3", "clinical.lead", "", day(30)); err == nil {
		t.Fatal("state change without reason accepted")
	}
	if r.Controls[0].State() != StateImplementationVerified || len(r.History) != 0 {
		t.Fatalf("rejected change applied: %v, %d events", r.Controls[0].State(), len(r.History))
	}
	must(r.ChangeControlState("C-1", StateEffectivenessVerified, "US-3", "clinical.lead", "usability study passed", day(30)))
	must(r.SetActionStatus("A-1", ActionDone, "ml.lead", "monitor live", day(35)))
	e := Estimate{ID: "E-3", Situation: "HS-1", Harm: "H-1", Stage: StagePostMarket, P1: Interval{1e-6, 1e-5},
		P2: Interval{0.1, 0.5}, By: "cso", At: day(90)}
	if err := r.RecordEstimate(e, " "); err == nil {
		t.Fatal("estimate without reason accepted")
	}
	must(r.RecordEstimate(e, "post-market review PMR-1"))
	if err := r.RecordEstimate(e, "again"); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("duplicate estimate: %v", err)
	}
	got := []string{}
	for _, ev := range r.History {
		got = append(got, ev.Action.String()+" "+ev.Record+" "+ev.From+"→"+ev.To)
	}
	want := []string{
		"status C-1 implementation-verified→effectiveness-verified",
		"status A-1 open→done",
		"rate E-3 E-2→E-3",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if err := VerifyHistory(r.History, r.Anchor()); err != nil {
		t.Error(err)
	}
	if fs := r.Validate(asOf); len(fs) != 0 {
		t.Errorf("findings: %v", codes(fs))
	}
}

func TestAddBaseline(t *testing.T) {
	r := loggedRegister(t)
	n := len(r.History)
	b, err := r.AddBaseline("BL-1", "RMF release 1", "cso", day(120))
	if err != nil {
		t.Fatal(err)
	}
	if b.History.Events != n || len(r.History) != n+1 || r.History[n].Action != EventBaseline || len(r.Baselines) != 1 {
		t.Errorf("baseline anchor %+v, %d events, %d baselines", b.History, len(r.History), len(r.Baselines))
	}
	if _, err := r.AddBaseline("BL-1", "again", "cso", day(121)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("duplicate baseline: %v", err)
	}
	if fs := r.Validate(asOf); len(fs) != 0 {
		t.Errorf("findings: %v", codes(fs))
	}
	r.ContingencyPlans[0].Recovery[0].Hazards = []string{"HZ-404"}
	if got := codes(r.Validate(asOf)); !cmp.Equal(got, []string{CodeDanglingReference + " CP-1,HZ-404"}) {
		t.Errorf("recovery hazard reference: %v", got)
	}
}
