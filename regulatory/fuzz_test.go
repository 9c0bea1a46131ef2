package regulatory

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func addCaseSeeds(f *testing.F) {
	b, err := readCases()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range b {
		f.Add([]byte(c.Facts))
	}
	f.Add([]byte(`{"components":[{"name":"a","components":[]}]}`))
	f.Add([]byte(`{"connectable_active_device_class":null,"direct_contact":[]}`))
	f.Add([]byte(`nul`))
}

// FuzzParseFacts: the decoder never panics, rejects with a sentinel, and
// what it accepts re-encodes losslessly.
func FuzzParseFacts(f *testing.F) {
	addCaseSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := ParseFacts(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) && !errors.Is(err, ErrUnknownFact) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		b, err := json.Marshal(facts)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := ParseFacts(b)
		if err != nil {
			t.Fatalf("re-parse %s: %v", b, err)
		}
		if diff := cmp.Diff(facts, back); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

// FuzzEvaluate: any decodable facts give a result (never a panic or an
// error) in every framework, and the EU invariants hold.
func FuzzEvaluate(f *testing.F) {
	addCaseSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := ParseFacts(data)
		if err != nil {
			return
		}
		for _, fw := range []Framework{EUMDR, IMDRF, FDA, IEC62304} {
			r, err := Evaluate(fw, facts)
			if err != nil {
				t.Fatalf("Evaluate(%v): %v", fw, err)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("Marshal(%v result): %v", fw, err)
			}
			_ = r.Markdown()
			if fw == EUMDR && r.Class.Rank() > r.HighestReachableClass.Rank() {
				t.Fatalf("class %v above highest reachable %v", r.Class, r.HighestReachableClass)
			}
		}
	})
}

// FuzzPropEUTrace runs the EU trace property on fuzzer-chosen facts.
func FuzzPropEUTrace(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		checkEUInvariants(t, evalT(t, EUMDR, genFacts(t)))
	}))
}
