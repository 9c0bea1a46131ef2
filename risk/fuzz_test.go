package risk

import (
	"bytes"
	"encoding/json"
	"errors"
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
	full := cleanRegister()
	full.ContingencyPlans = []ContingencyPlan{TemplateHIPAA("CP-H", []string{"EHR"}, "HZ-1")}
	full.Hazards[0].MaxDowntime = Dur(3600e9)
	_, _ = full.Log(Event{At: day(2), Actor: "cso", Action: EventCreate, Record: "CP-H"})
	b, _ = json.Marshal(full)
	f.Add(b)
	f.Add([]byte(`{"schema_version":"` + SchemaVersion + `","rows":[{"id":"R","s":9,"o":null,"d":1,"ap":"H"}],"actions":[{"id":"A","row":"R","status":"open"}]}`))
	f.Add([]byte(`{"schema_version":"` + SchemaVersion + `","controls":[{"id":"C","history":[{"to":"effectiveness-verified"}]}]}`))
	b, _ = json.Marshal(addSecurity(downtimeRegister()))
	f.Add(b)
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

// FuzzReadCSV: any input either fails on its header, or gives a register
// plus errors that each name a row (and a column when a cell is at fault);
// whatever was imported writes back to CSV that reads to the same
// register. It never panics.
func FuzzReadCSV(f *testing.F) {
	r := cleanRegister()
	r.ContingencyPlans = []ContingencyPlan{TemplateEHRDowntime("CP-1", "EHR", "HZ-1")}
	if _, err := r.Log(Event{At: day(1), Actor: "cso", Action: EventCreate, Record: "CP-1"}); err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("record_type,id,severity,s,rto\nharms,H-1,x,,\nrows,R,,11,\ncontingency_plans,CP,,,soon\n"))
	f.Add([]byte("record_type,id\n\"unterminated,1\n"))
	f.Add([]byte("record_type,id,description\nharms,H,'\"bad quote\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadCSV(bytes.NewReader(data))
		if got == nil {
			if err == nil {
				t.Fatal("nil register without an error")
			}
			return
		}
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *CSVError
				if !errors.As(e, &ce) || (ce.Row < 1 && !errors.Is(e, ErrInvalidInput)) {
					t.Fatalf("error without a row: %v", e)
				}
			}
		}
		var out bytes.Buffer
		if err := got.WriteCSV(&out); err != nil {
			return // e.g. an enum value with no text form read from JSON
		}
		back, err := ReadCSV(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("re-reading own output: %v", err)
		}
		a, _ := json.Marshal(got)
		c, _ := json.Marshal(back)
		if !bytes.Equal(a, c) {
			t.Fatalf("CSV round trip of an imported register differs:\n%s\n%s", a, c)
		}
	})
}

// FuzzVerifyHistory: VerifyHistory never panics, and it accepts a decoded
// history only if re-hashing every event reproduces it exactly.
func FuzzVerifyHistory(f *testing.F) {
	r := cleanRegister()
	for i, id := range []string{"R-1", "R-2", "A-1"} {
		if err := r.Close(id, "cso", "done", day(i)); err != nil {
			f.Fatal(err)
		}
	}
	b, _ := json.Marshal(r.History)
	f.Add(b, 3, r.History[2].Hash)
	f.Add([]byte(`[{"seq":1,"at":"2026-01-01T00:00:00Z","actor":"a","action":"close","hash":"00"}]`), 0, "")
	f.Fuzz(func(t *testing.T, data []byte, n int, head string) {
		var h []Event
		if json.Unmarshal(data, &h) != nil {
			return
		}
		err := VerifyHistory(h, HistoryAnchor{Events: n, Head: head})
		if err == nil {
			for i, e := range h {
				if e.Seq != int64(i)+1 || e.ComputeHash() != e.Hash {
					t.Fatalf("event %d accepted with a wrong seq or hash", i)
				}
			}
			return
		}
		var he *HistoryError
		if !errors.As(err, &he) || he.Index < 0 || he.Index > len(h) {
			t.Fatalf("error does not name an event: %v", err)
		}
	})
}

func FuzzLoadLevelTable(f *testing.F) {
	for _, tab := range []*LevelTable{NIST80030TableG5(), NIST80030TableI2()} {
		b, _ := json.Marshal(tab)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"t","rows":"r","columns":"c","result":"x","cells":[["vl"]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := LoadLevelTable(bytes.NewReader(data))
		if err != nil {
			return
		}
		for r := NISTVeryLow; r <= NISTVeryHigh; r++ {
			for c := NISTVeryLow; c <= NISTVeryHigh; c++ {
				if v, err := tab.Lookup(r, c); err != nil || !v.valid() {
					t.Fatalf("loaded table is not total at %v, %v: %v %v", r, c, v, err)
				}
			}
		}
		b, err := json.Marshal(tab)
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadLevelTable(bytes.NewReader(b))
		if err != nil || back.Checksum() != tab.Checksum() {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzLoadSemiQuantScale(f *testing.F) {
	b, _ := json.Marshal(NIST80030SemiQuant())
	f.Add(b, 50.0)
	f.Add([]byte(`{"id":"s","bins":[{"level":"vl","min":0,"max":100,"value":0}]}`), 4.5)
	f.Fuzz(func(t *testing.T, data []byte, score float64) {
		s, err := LoadSemiQuantScale(bytes.NewReader(data))
		if err != nil {
			return
		}
		l, err := s.Level(score)
		if err != nil {
			return
		}
		if _, err := s.Value(l); err != nil {
			t.Fatalf("Level(%v) = %v has no value: %v", score, l, err)
		}
	})
}
