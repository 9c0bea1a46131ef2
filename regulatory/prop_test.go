package regulatory

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var (
	genTexts = map[string][]string{
		"device_type": {"retinal diagnostic software device", "medical device data system (hardware)", "21 CFR 892.2080", "unknown gadget"},
		"function":    {"reference_material", "trend_display", "possible_conditions_list_with_referral_advice", "measure_blood_glucose_with_attachment", "other"},
		"technology":  {"laser", "electrical_stimulation", "bluetooth"},
		"claims":      {"sleep_management", "physical_activity", "treat_anxiety_disorder", "self_esteem", "mystery"},
	}
	classLabels = []Class{ClassNone, ClassI, ClassIIa, ClassIIb, ClassIII}
)

// genValue draws a valid value for one fact key, as JSON.
func genValue(t *rapid.T, ff factField, depth int) json.RawMessage {
	label := ff.key
	switch ff.kind {
	case kindBool:
		return json.RawMessage(strconv.FormatBool(rapid.Bool().Draw(t, label)))
	case kindEnum:
		return mustJSON(rapid.SampledFrom(enumValues[ff.key]).Draw(t, label))
	case kindText:
		return mustJSON(rapid.SampledFrom(genTexts[ff.key]).Draw(t, label))
	case kindClass:
		c := rapid.SampledFrom(classLabels).Draw(t, label)
		return mustJSON(OptClass{Set: true, Class: c})
	case kindEnumList, kindTextList:
		pool := enumValues[ff.key]
		if ff.kind == kindTextList {
			pool = genTexts[ff.key]
		}
		n := rapid.IntRange(0, len(pool)).Draw(t, label+"_n")
		perm := rapid.Permutation(pool).Draw(t, label+"_perm")
		return mustJSON(perm[:n])
	default:
		n := rapid.IntRange(0, 2).Draw(t, "components_n")
		comps := make([]json.RawMessage, n)
		for i := range comps {
			obj := genObject(t, depth+1)
			obj["name"] = mustJSON("part " + strconv.Itoa(i))
			comps[i] = mustJSON(obj)
		}
		return mustJSON(comps)
	}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// genObject draws a facts object stating a random subset of the vocabulary.
func genObject(t *rapid.T, depth int) map[string]json.RawMessage {
	obj := map[string]json.RawMessage{}
	for _, ff := range factFields {
		if ff.kind == kindComponents && depth > 0 {
			continue
		}
		p := 0.2
		if ff.kind == kindComponents {
			p = 0.1
		}
		if rapid.Float64Range(0, 1).Draw(t, "state_"+ff.key) < p {
			obj[ff.key] = genValue(t, ff, depth)
		}
	}
	return obj
}

func genFacts(t *rapid.T) Facts {
	obj := genObject(t, 0)
	f, err := ParseFacts(mustJSON(obj))
	if err != nil {
		t.Fatalf("generated facts rejected: %v", err)
	}
	return f
}

func evalT(t *rapid.T, fw Framework, f Facts) Result {
	r, err := Evaluate(fw, f)
	if err != nil {
		t.Fatalf("Evaluate(%v): %v", fw, err)
	}
	return r
}

// ruleIndex returns the positions of "Rule n" in the trace.
func ruleCount(r Result, rule string) int {
	n := 0
	for _, e := range r.Trace {
		if e.Rule == rule {
			n++
		}
	}
	return n
}

func checkEUInvariants(t *rapid.T, r Result) {
	for n := 1; n <= 22; n++ {
		rule := "Rule " + strconv.Itoa(n)
		if c := ruleCount(r, rule); c != 1 {
			t.Fatalf("%s appears %d times in the EU trace", rule, c)
		}
		if r.Trace[n-1].Rule != rule {
			t.Fatalf("trace[%d] = %s, want %s", n-1, r.Trace[n-1].Rule, rule)
		}
	}
	want := ClassNone
	for _, e := range r.Trace {
		if e.Status == StatusUnspecified {
			t.Fatalf("%s has no status", e.Rule)
		}
		if e.Status == StatusApplies && e.Rule != "Implementing rule 3.5" && e.Rule != "Article 52(7)" && e.Rule != "Implementing rule 3.4" {
			want = maxClass(want, e.Class)
		}
	}
	if r.Class != want {
		t.Fatalf("class %v, want the maximum over applying rules %v", r.Class, want)
	}
	if r.Class.Rank() > r.HighestReachableClass.Rank() {
		t.Fatalf("class %v exceeds highest reachable %v", r.Class, r.HighestReachableClass)
	}
}

func TestPropEUTrace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		checkEUInvariants(t, evalT(t, EUMDR, genFacts(t)))
	})
}

// stateFact returns f with key stated to a drawn value (via JSON, so the
// value is valid).
func stateFact(t *rapid.T, f Facts, key string) Facts {
	obj := map[string]json.RawMessage{}
	if err := json.Unmarshal(mustJSON(f), &obj); err != nil {
		t.Fatal(err)
	}
	obj[key] = genValue(t, byKey[key], 0)
	g, err := ParseFacts(mustJSON(obj))
	if err != nil {
		t.Fatalf("stating %s: %v", key, err)
	}
	return g
}

func TestPropStatingNeverDropsRule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFacts(t)
		r := evalT(t, EUMDR, f)
		type pending struct{ rule, fact string }
		var ps []pending
		for _, e := range r.Trace[:22] {
			if e.Status == StatusNeedsInput {
				for _, o := range e.Open {
					if _, ok := byKey[o.Fact]; ok {
						ps = append(ps, pending{e.Rule, o.Fact})
					}
				}
			}
		}
		if len(ps) == 0 {
			t.Skip("no rule needs input")
		}
		p := rapid.SampledFrom(ps).Draw(t, "pending")
		g := stateFact(t, f, p.fact)
		r2 := evalT(t, EUMDR, g)
		checkEUInvariants(t, r2)
		for _, e := range r2.Trace {
			if e.Rule != p.rule {
				continue
			}
			for _, o := range e.Open {
				if o.Fact == p.fact {
					t.Fatalf("%s still waits on %s after it was stated", p.rule, p.fact)
				}
			}
		}
	})
}

func TestPropExtraRuleNeverLowersClass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFacts(t)
		r := evalT(t, EUMDR, f)
		var unstated []string
		for _, ff := range factFields {
			if !f.stated(ff.key) && ff.kind != kindComponents {
				unstated = append(unstated, ff.key)
			}
		}
		if len(unstated) == 0 {
			t.Skip("everything stated")
		}
		key := rapid.SampledFrom(unstated).Draw(t, "extra")
		g := stateFact(t, f, key)
		r2 := evalT(t, EUMDR, g)
		gained := false
		for n := range 22 {
			if r2.Trace[n].Status == StatusApplies && r.Trace[n].Status != StatusApplies {
				gained = true
			}
		}
		if gained && r2.Class.Rank() < r.Class.Rank() {
			t.Fatalf("stating %s made a rule apply but lowered the class %v → %v", key, r.Class, r2.Class)
		}
	})
}

func TestPropFactsJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFacts(t)
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ParseFacts(b)
		if err != nil {
			t.Fatalf("ParseFacts(%s): %v", b, err)
		}
		if diff := cmp.Diff(f, g); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestPropDeterministicAndPure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFacts(t)
		before := f.Clone()
		fw := rapid.SampledFrom([]Framework{EUMDR, IMDRF, FDA, IEC62304}).Draw(t, "fw")
		a, b := evalT(t, fw, f), evalT(t, fw, f)
		ja, jb := mustJSON(a), mustJSON(b)
		if string(ja) != string(jb) || a.Markdown() != b.Markdown() {
			t.Fatal("Evaluate is not deterministic")
		}
		if diff := cmp.Diff(before, f); diff != "" {
			t.Fatalf("Evaluate mutated facts:\n%s", diff)
		}
		var back Result
		if err := json.Unmarshal(ja, &back); err != nil {
			t.Fatalf("result JSON does not decode: %v", err)
		}
		if diff := cmp.Diff(a, back); diff != "" {
			t.Fatalf("result JSON round trip mismatch (-want +got):\n%s", diff)
		}
		qs := slices.Clone(a.Questions)
		seen := map[string]bool{}
		for _, q := range qs {
			if seen[q.Fact] {
				t.Fatalf("question %s listed twice", q.Fact)
			}
			seen[q.Fact] = true
		}
	})
}
