package risk

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestLifecycleRule (issue 22, defect 2): close and supersede end a record's
// use; only create or an explicit reopen (with a reason) makes it open
// again. An update, rate or status event after a close leaves it closed
// and is reported, so an edit never reopens a hazard silently.
func TestLifecycleRule(t *testing.T) {
	at := func(h int) time.Time { return day(100).Add(time.Duration(h) * time.Hour) }
	tests := []struct {
		name, reason string
		events       []Event
		want         Lifecycle
		wantBy       string
		wantCodes    []string
	}{
		{"no-events", "a record with no history is open", nil, LifecycleOpen, "", nil},
		{"closed", "close closes", []Event{
			{Action: EventClose, Reason: "hazard eliminated by design"},
		}, LifecycleClosed, "", nil},
		{"update-after-close", "an edit to a closed record does not reopen it and is reported", []Event{
			{Action: EventClose, Reason: "hazard eliminated by design"},
			{Action: EventUpdate, Field: "description"},
		}, LifecycleClosed, "", []string{CodeEditWhileClosed + " HZ-1"}},
		{"rate-after-supersede", "a re-rating of a superseded record leaves it superseded and is reported", []Event{
			{Action: EventSupersede, To: "HZ-2", Reason: "merged"},
			{Action: EventRate, Field: "p1", Reason: "field data"},
		}, LifecycleSuperseded, "HZ-2", []string{CodeEditWhileClosed + " HZ-1"}},
		{"reopen", "an explicit reopen event reopens; a later edit is fine", []Event{
			{Action: EventClose, Reason: "hazard eliminated by design"},
			{Action: EventReopen, Reason: "complaint CMP-7 shows the hazard again"},
			{Action: EventUpdate, Field: "description"},
		}, LifecycleOpen, "", nil},
		{"create", "a create event reopens (the record was re-entered)", []Event{
			{Action: EventClose, Reason: "duplicate"},
			{Action: EventCreate},
		}, LifecycleOpen, "", nil},
		{"close-again", "the last close or supersede wins", []Event{
			{Action: EventSupersede, To: "HZ-2", Reason: "merged"},
			{Action: EventReopen, Reason: "split again"},
			{Action: EventClose, Reason: "obsolete"},
		}, LifecycleClosed, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanRegister()
			r.Hazards = append(r.Hazards, Hazard{ID: "HZ-2", Description: "merged hazard"})
			r.Sequences = append(r.Sequences, SequenceOfEvents{ID: "SQ-9", Hazard: "HZ-2", Situation: "HS-1"})
			for i, e := range tt.events {
				e.At, e.Actor, e.Record = at(i), "qa.lead", "HZ-1"
				if _, err := r.Log(e); err != nil {
					t.Fatal(err)
				}
			}
			got, by := r.Lifecycle("HZ-1")
			if got != tt.want || by != tt.wantBy {
				t.Errorf("%s: Lifecycle = %v %q, want %v %q", tt.reason, got, by, tt.want, tt.wantBy)
			}
			var edits []string
			for _, c := range codes(r.Validate(asOf)) {
				if strings.HasPrefix(c, CodeEditWhileClosed) {
					edits = append(edits, c)
				}
			}
			if diff := cmp.Diff(tt.wantCodes, edits); diff != "" {
				t.Errorf("%s: edit findings (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestReopen(t *testing.T) {
	r := cleanRegister()
	at := day(100)
	if err := r.Reopen("HZ-1", "qa.lead", "why", at); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("reopening an open record: %v, want ErrInvalidInput", err)
	}
	if err := r.Reopen("NOPE", "qa.lead", "why", at); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("reopening an unknown record: %v, want ErrInvalidInput", err)
	}
	if err := r.Close("HZ-1", "qa.lead", "eliminated", at); err != nil {
		t.Fatal(err)
	}
	n := len(r.History)
	if err := r.Reopen("HZ-1", "qa.lead", "", at.Add(time.Hour)); !errors.Is(err, ErrInvalidInput) || len(r.History) != n {
		t.Errorf("reopen without reason: %v, history %d events (want %d)", err, len(r.History), n)
	}
	if err := r.Reopen("HZ-1", "qa.lead", "complaint CMP-7", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Lifecycle("HZ-1"); got != LifecycleOpen {
		t.Errorf("after Reopen: %v", got)
	}
	last := r.History[len(r.History)-1]
	if last.Action != EventReopen || last.From != "closed" || last.To != "open" || last.Reason != "complaint CMP-7" {
		t.Errorf("reopen event %+v", last)
	}
	if err := VerifyHistory(r.History, r.Anchor()); err != nil {
		t.Error(err)
	}
}

// TestExerciseBoundary documents that the 12-month exercise rule compares
// instants: with asOf at 12:00 on 1 March, an exercise at 12:00 on 1 March
// a year earlier is current and one at 00:00 that day is stale.
func TestExerciseBoundary(t *testing.T) {
	asOf := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, reason string
		at           time.Time
		stale        bool
	}{
		{"boundary-noon", "exactly 12 months before asOf is not before the boundary",
			time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), false},
		{"boundary-midnight", "00:00 of the boundary day is 12 hours before the boundary instant",
			time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), true},
		{"boundary-minus-1ns", "one nanosecond before the boundary instant",
			time.Date(2025, 3, 1, 11, 59, 59, 999999999, time.UTC), true},
		{"day-after", "the day after the boundary day is current",
			time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), false},
		{"other-zone", "instants, not wall clocks: 07:00 in New York is 12:00 UTC",
			time.Date(2025, 3, 1, 7, 0, 0, 0, time.FixedZone("EST", -5*3600)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := downtimeRegister()
			r.ContingencyPlans[0].LastExercise.At = tt.at
			r.ContingencyPlans[0].NextExerciseDue = asOf.AddDate(0, 1, 0)
			got := slices.ContainsFunc(r.Validate(asOf), func(f Finding) bool { return f.Code == CodePlanExerciseStale })
			if got != tt.stale {
				t.Errorf("%s: stale = %v, want %v", tt.reason, got, tt.stale)
			}
		})
	}
	// 29 February: AddDate normalizes 2027-02-29 to 2027-03-01, so an
	// exercise on 28 February 2027 is stale on 29 February 2028.
	leap := time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)
	r := downtimeRegister()
	r.ContingencyPlans[0].LastExercise.At = time.Date(2027, 2, 28, 12, 0, 0, 0, time.UTC)
	r.ContingencyPlans[0].NextExerciseDue = leap.AddDate(0, 1, 0)
	if !slices.ContainsFunc(r.Validate(leap), func(f Finding) bool { return f.Code == CodePlanExerciseStale }) {
		t.Errorf("28 Feb 2027 exercise should be stale on 29 Feb 2028")
	}
}
