package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// editMachine drives a register through random recorded edits.
type editMachine struct {
	r    *Register
	now  time.Time
	next int // fresh ID counter
}

func (m *editMachine) tick(t *rapid.T) time.Time {
	m.now = m.now.Add(time.Duration(rapid.Int64Range(0, int64(48*time.Hour)).Draw(t, "dt")))
	return m.now
}

// text draws any text, including formula-looking cells, quotes, tabs and
// line breaks.
func text(t *rapid.T, label string) string {
	return rapid.OneOf(rapid.String(), rapid.SampledFrom([]string{"", "=1+1", "+x", "-3", "@a", "\tt", "\r\nx", "'q", `'"`, `"a,b"`})).Draw(t, label)
}

// nonBlank draws text with at least one visible character.
func nonBlank(t *rapid.T, label string) string { return "r" + text(t, label) }

func (m *editMachine) fresh(kind string) string { m.next++; return fmt.Sprintf("%s-N%d", kind, m.next) }

func (m *editMachine) rate(t *rapid.T) {
	if len(m.r.Rows) == 0 {
		t.Skip("no rows")
	}
	i := rapid.IntRange(0, len(m.r.Rows)-1).Draw(t, "row")
	rt := rapid.IntRange(0, 10)
	s, o, d := Rating(rt.Draw(t, "s")), Rating(rt.Draw(t, "o")), Rating(rt.Draw(t, "d"))
	if err := m.r.Rate(m.r.Rows[i].ID, s, o, d, nonBlank(t, "actor"), nonBlank(t, "reason"), m.tick(t)); err != nil {
		t.Fatal(err)
	}
	if got := m.r.Rows[i]; got.S != s || got.O != o || got.D != d {
		t.Fatalf("Rate did not apply: %+v", got)
	}
}

func (m *editMachine) rejected(t *rapid.T) {
	before, _ := json.Marshal(m.r)
	var err error
	switch rapid.IntRange(0, 2).Draw(t, "which") {
	case 0:
		if len(m.r.Rows) == 0 {
			t.Skip("no rows")
		}
		err = m.r.Rate(m.r.Rows[0].ID, 5, 5, 5, "qa", rapid.SampledFrom([]string{"", " ", "\t"}).Draw(t, "blank"), m.now)
	case 1:
		err = m.r.Close(m.fresh("MISSING"), "qa", "x", m.now)
	case 2:
		if len(m.r.History) == 0 {
			t.Skip("nothing to back-date against")
		}
		err = m.r.Close(m.r.Harms[0].ID, "qa", "x", m.r.History[len(m.r.History)-1].At.Add(-time.Second))
	}
	if err == nil {
		t.Fatal("edit without reason, on an unknown record or back-dated was accepted")
	}
	if after, _ := json.Marshal(m.r); !bytes.Equal(before, after) {
		t.Fatal("a rejected edit changed the register")
	}
}

func (m *editMachine) addPlan(t *rapid.T) {
	p := TemplateEHRDowntime(m.fresh("CP"), text(t, "system"), m.r.Hazards[rapid.IntRange(0, len(m.r.Hazards)-1).Draw(t, "hz")].ID)
	p.Owner, p.Deputy = text(t, "owner"), text(t, "deputy")
	if rapid.Bool().Draw(t, "rto") {
		p.RTO, p.RPO = Dur(time.Duration(rapid.Int64Range(0, 1e14).Draw(t, "rtov"))), Dur(time.Duration(rapid.Int64Range(0, 1e13).Draw(t, "rpov")))
	}
	if rapid.Bool().Draw(t, "exercised") {
		p.LastExercise = Exercise{At: m.now.Add(-time.Duration(rapid.Int64Range(0, 1e16).Draw(t, "ago"))),
			Result: ExerciseResult(rapid.IntRange(1, 3).Draw(t, "result")), FollowUp: text(t, "follow")}
	}
	p.Recovery[1].Acceptance = decimal.New(rapid.Int64Range(0, 1000).Draw(t, "acc"), -1)
	m.r.ContingencyPlans = append(m.r.ContingencyPlans, p)
	if _, err := m.r.Log(Event{At: m.tick(t), Actor: nonBlank(t, "actor"), Action: EventCreate, Record: p.ID,
		Reason: text(t, "why")}); err != nil {
		t.Fatal(err)
	}
}

func (m *editMachine) planStatus(t *rapid.T) {
	if len(m.r.ContingencyPlans) == 0 {
		t.Skip("no plans")
	}
	p := m.r.ContingencyPlans[rapid.IntRange(0, len(m.r.ContingencyPlans)-1).Draw(t, "plan")].ID
	if err := m.r.SetPlanStatus(p, PlanStatus(rapid.IntRange(1, 4).Draw(t, "status")), nonBlank(t, "actor"),
		nonBlank(t, "reason"), m.tick(t)); err != nil {
		t.Fatal(err)
	}
}

func (m *editMachine) closeOrSupersede(t *rapid.T) {
	var ids []string
	m.r.eachRecord(func(_, id string, _ any) bool { ids = append(ids, id); return true })
	a := rapid.SampledFrom(ids).Draw(t, "record")
	if rapid.Bool().Draw(t, "supersede") {
		b := rapid.SampledFrom(ids).Draw(t, "successor")
		if a == b {
			t.Skip("same record")
		}
		if err := m.r.Supersede(a, b, nonBlank(t, "actor"), nonBlank(t, "reason"), m.tick(t)); err != nil {
			t.Fatal(err)
		}
		if st, by := m.r.Lifecycle(a); st != LifecycleSuperseded || by != b {
			t.Fatalf("lifecycle of %s = %v by %q", a, st, by)
		}
		return
	}
	if err := m.r.Close(a, nonBlank(t, "actor"), nonBlank(t, "reason"), m.tick(t)); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.r.Lifecycle(a); st != LifecycleClosed {
		t.Fatalf("lifecycle of %s = %v", a, st)
	}
}

func (m *editMachine) controlStep(t *rapid.T) {
	if len(m.r.Controls) == 0 {
		t.Skip("no controls")
	}
	i := rapid.IntRange(0, len(m.r.Controls)-1).Draw(t, "control")
	c := m.r.Controls[i]
	if c.State() >= StateEffectivenessVerified {
		t.Skip("fully verified")
	}
	at := m.tick(t)
	if last := lastAt(c.History); at.Before(last) {
		at, m.now = last, last
	}
	if err := m.r.ChangeControlState(c.ID, c.State()+1, nonBlank(t, "evidence"), nonBlank(t, "actor"),
		nonBlank(t, "reason"), at); err != nil {
		t.Fatal(err)
	}
	if m.r.Controls[i].State() != c.State()+1 {
		t.Fatalf("control %s did not advance", c.ID)
	}
}

func (m *editMachine) reestimate(t *rapid.T) {
	s := m.r.Situations[rapid.IntRange(0, len(m.r.Situations)-1).Draw(t, "situation")]
	if len(s.Harms) == 0 {
		t.Skip("no harm")
	}
	at := m.tick(t)
	for _, e := range m.r.Estimates {
		if e.Situation == s.ID && e.Harm == s.Harms[0] && at.Before(e.At) {
			at, m.now = e.At, e.At
		}
	}
	e := Estimate{ID: m.fresh("E"), Situation: s.ID, Harm: s.Harms[0], Stage: StagePostMarket,
		P1: Point(rapid.Float64Range(0, 1).Draw(t, "p1")), P2: Point(rapid.Float64Range(0, 1).Draw(t, "p2")),
		By: nonBlank(t, "by"), At: at}
	if err := m.r.RecordEstimate(e, nonBlank(t, "reason")); err != nil {
		t.Fatal(err)
	}
}

func (m *editMachine) actionStatus(t *rapid.T) {
	if len(m.r.Actions) == 0 {
		t.Skip("no actions")
	}
	a := m.r.Actions[rapid.IntRange(0, len(m.r.Actions)-1).Draw(t, "action")].ID
	if err := m.r.SetActionStatus(a, ActionStatus(rapid.IntRange(1, 3).Draw(t, "status")), nonBlank(t, "actor"),
		nonBlank(t, "reason"), m.tick(t)); err != nil {
		t.Fatal(err)
	}
}

func (m *editMachine) addHarm(t *rapid.T) {
	h := Harm{ID: m.fresh("H"), Description: text(t, "desc"), Severity: rapid.IntRange(1, 5).Draw(t, "sev")}
	m.r.Harms = append(m.r.Harms, h)
	if _, err := m.r.Log(Event{At: m.tick(t), Actor: nonBlank(t, "actor"), Action: EventCreate, Record: h.ID}); err != nil {
		t.Fatal(err)
	}
}

// tamper applies one random change to a copy of the history.
func tamper(t *rapid.T, h []Event) []Event {
	h = slices.Clone(h)
	n := len(h)
	i := rapid.IntRange(0, n-1).Draw(t, "i")
	switch rapid.IntRange(0, 4).Draw(t, "tamper") {
	case 0: // edit one field
		e := &h[i]
		switch rapid.IntRange(0, 6).Draw(t, "field") {
		case 0:
			e.Actor += "x"
		case 1:
			e.Reason += "x"
		case 2:
			e.To += "x"
		case 3:
			e.At = e.At.Add(time.Nanosecond)
		case 4:
			if e.Hash[0] == '0' {
				e.Hash = "1" + e.Hash[1:]
			} else {
				e.Hash = "0" + e.Hash[1:]
			}
		case 5:
			e.Seq++
		case 6: // edit and re-hash: the next link or the anchor breaks
			e.Record += "x"
			e.Hash = e.ComputeHash()
		}
	case 1:
		h = slices.Delete(h, i, i+1)
	case 2:
		j := rapid.IntRange(0, n).Draw(t, "at")
		h = slices.Insert(h, j, h[i])
	case 3:
		j := rapid.IntRange(0, n-1).Draw(t, "j")
		if i == j {
			t.Skip("no swap")
		}
		h[i], h[j] = h[j], h[i]
	case 4:
		h = h[:i]
	}
	return h
}

func (m *editMachine) check(t *rapid.T) {
	anchor := m.r.Anchor()
	if err := VerifyHistory(m.r.History, anchor); err != nil {
		t.Fatalf("honest history does not verify: %v", err)
	}
	if len(m.r.History) > 0 {
		bad := tamper(t, m.r.History)
		err := VerifyHistory(bad, anchor)
		var he *HistoryError
		if !errors.As(err, &he) {
			t.Fatalf("tampering not detected: %v", err)
		}
		if he.Index < 0 || he.Index > len(bad) {
			t.Fatalf("bad index %d for %d events", he.Index, len(bad))
		}
	}
}

// roundTrips checks that the JSON and CSV round trips, and a CSV re-import
// into the register itself, give back the same register.
func (m *editMachine) roundTrips(t *rapid.T) {
	b, err := json.Marshal(m.r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeRegister(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// Equal registers encode to equal JSON; comparing encodings keeps the
	// machine fast enough to run many steps.
	same := func(what string, got *Register) {
		g, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, g) {
			t.Fatalf("%s differs (-want +got):\n%s", what, cmp.Diff(m.r, got))
		}
	}
	same("JSON round trip", back)
	var c bytes.Buffer
	if err := m.r.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	fromCSV, err := ReadCSV(bytes.NewReader(c.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	same("CSV round trip", fromCSV)
	again, err := MergeCSV(m.r, bytes.NewReader(c.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	same("CSV re-import", again)
}

// TestPropRegisterEdits: over any sequence of recorded edits the history
// verifies, any single tampering of it is detected, and the JSON and CSV
// round trips (and a CSV re-import) give back the same register.
func TestPropRegisterEdits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := &editMachine{r: genRegister(t, ""), now: t0}
		for i := range m.r.Rows {
			m.r.Rows[i].Cause = text(t, "cause")
		}
		t.Repeat(map[string]func(*rapid.T){
			"rate":     m.rate,
			"rejected": m.rejected,
			"addPlan":  m.addPlan,
			"status":   m.planStatus,
			"close":    m.closeOrSupersede,
			"addHarm":  m.addHarm,
			"control":  m.controlStep,
			"action":   m.actionStatus,
			"estimate": m.reestimate,
			"":         m.check,
		})
		m.roundTrips(t) // once per generated register: the round trips dominate the run time
		m.check(t)
	})
}

// propReadinessOrderIndependent: with contingency plans and downtime or
// migration hazards, Validate still does not depend on record order.
func propReadinessOrderIndependent(t *rapid.T) {
	r := genRegister(t, "")
	cats := []string{"information", CategoryDowntime, CategoryInterfaceFailure, CategoryDataMigration}
	for i := range r.Hazards {
		r.Hazards[i].Category = rapid.SampledFrom(cats).Draw(t, "cat")
		if rapid.Bool().Draw(t, "tol") {
			r.Hazards[i].MaxDowntime = Dur(time.Duration(rapid.IntRange(0, 10).Draw(t, "maxdown")) * time.Hour)
		}
	}
	var risks []string
	for _, h := range r.Hazards {
		risks = append(risks, h.ID)
	}
	for _, s := range r.Situations {
		risks = append(risks, s.ID)
	}
	m := &editMachine{r: r, now: t0}
	for range rapid.IntRange(0, 4).Draw(t, "plans") {
		p := TemplateEHRDowntime(m.fresh("CP"), "EHR", rapid.SampledFrom(risks).Draw(t, "risk"))
		p.Owner, p.Deputy = rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "owner"), rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "deputy")
		if rapid.Bool().Draw(t, "rto") {
			p.RTO, p.RPO = Dur(time.Duration(rapid.IntRange(0, 12).Draw(t, "rtoh"))*time.Hour), Dur(0)
		}
		if rapid.Bool().Draw(t, "ex") {
			p.LastExercise = Exercise{At: t0.AddDate(0, 0, rapid.IntRange(-800, 100).Draw(t, "exday")),
				Result: ExerciseResult(rapid.IntRange(1, 3).Draw(t, "res"))}
		}
		p.Status = PlanStatus(rapid.IntRange(1, 4).Draw(t, "st"))
		r.ContingencyPlans = append(r.ContingencyPlans, p)
	}
	a := r.Validate(asOf)
	c := shuffled(t, r)
	c.ContingencyPlans = rapid.Permutation(r.ContingencyPlans).Draw(t, "cps")
	if diff := cmp.Diff(a, c.Validate(asOf)); diff != "" {
		t.Fatalf("Validate depends on record order (-orig +shuffled):\n%s", diff)
	}
}

func TestPropReadinessOrderIndependent(t *testing.T) { rapid.Check(t, propReadinessOrderIndependent) }
