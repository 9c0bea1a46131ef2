package risk

import (
	"bytes"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"
)

// FuzzLoadAPTable: any input either loads a total table (every cell answers
// H, M or L and the spec round-trips to the same checksum) or is rejected
// with an error; it never panics.
func FuzzLoadAPTable(f *testing.F) {
	good, _ := json.Marshal(AIAGVDA2019())
	f.Add(good)
	f.Add([]byte(`{"id":"flat","rules":[{"s_min":1,"s_max":10,"o_min":1,"o_max":10,"d_min":1,"d_max":10,"ap":"L"}]}`))
	f.Add([]byte(`{"id":"gap","rules":[{"s_min":1,"s_max":9,"o_min":1,"o_max":10,"d_min":1,"d_max":10,"ap":"M"}]}`))
	f.Add([]byte(`{"id":"x","rules":[{"s_min":0,"s_max":99,"o_min":5,"o_max":4,"d_min":1,"d_max":10,"ap":"Q"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := LoadAPTable(bytes.NewReader(data))
		if err != nil {
			return
		}
		h, m, l := tab.Counts()
		if h+m+l != 1000 {
			t.Fatalf("loaded table has %d cells with a priority", h+m+l)
		}
		again, err := NewAPTable(tab.Spec())
		if err != nil || again.Checksum() != tab.Checksum() {
			t.Fatalf("spec round trip: %v", err)
		}
	})
}

// FuzzLoadPlan: any input either loads a valid plan that classifies every
// probability in [0, 1], or is rejected; it never panics.
func FuzzLoadPlan(f *testing.F) {
	for _, p := range []Plan{PlanMedtech5x5(), PlanOpenRegulatory5x4(), PlanDCB0129()} {
		b, _ := json.Marshal(p)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"p","version":"1","acceptability_criterion":"rpn"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadPlan(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, x := range []float64{0, 1e-9, 1e-5, 0.5, 1} {
			if _, err := p.Evaluate(1, Point(x), Point(1)); err != nil {
				t.Fatalf("valid plan cannot classify %g: %v", x, err)
			}
		}
	})
}

// FuzzDecodeRegister: any input either decodes to a register that
// validates without panicking and re-encodes to input that decodes to the
// same findings, or is rejected.
func FuzzDecodeRegister(f *testing.F) {
	b, _ := json.Marshal(cleanRegister())
	f.Add(b)
	f.Add([]byte(`{"schema_version":"` + SchemaVersion + `","rows":[{"id":"R","s":9,"o":null,"d":1,"ap":"H"}],"actions":[{"id":"A","row":"R","status":"open"}]}`))
	f.Add([]byte(`{"schema_version":"` + SchemaVersion + `","controls":[{"id":"C","history":[{"to":"effectiveness-verified"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRegister(bytes.NewReader(data))
		if err != nil {
			return
		}
		first := r.Validate(asOf)
		enc, err := json.Marshal(r)
		if err != nil {
			return // e.g. an unspecified enum value has no text form
		}
		back, err := DecodeRegister(bytes.NewReader(enc))
		if err != nil {
			t.Fatalf("re-decoding own output: %v", err)
		}
		if got := back.Validate(asOf); len(got) != len(first) {
			t.Fatalf("findings changed across a round trip: %d vs %d", len(first), len(got))
		}
	})
}

// FuzzValidateOrderIndependent runs the Validate order-independence
// property on fuzzer-chosen registers.
func FuzzValidateOrderIndependent(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(propValidateOrderIndependent))
}
