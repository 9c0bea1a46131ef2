package risk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

var sinkAP AP

func BenchmarkLookup(b *testing.B) {
	t := AIAGVDA2019()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s, o, d := i%10+1, i/10%10+1, i/100%10+1
		ap, err := t.Lookup(s, o, d)
		if err != nil {
			b.Fatal(err)
		}
		sinkAP = ap
		i++
	}
}

func BenchmarkActionPriority(b *testing.B) {
	t := AIAGVDA2019()
	b.ReportAllocs()
	for b.Loop() {
		res, err := ActionPriority(t, 8, 5, 7)
		if err != nil {
			b.Fatal(err)
		}
		sinkAP = res.AP
	}
}

// benchRegister builds a register with the given number of hazards (each
// with a sequence, situation, two estimates and a control) and FMEA rows
// (with an action on every fifth row), linked to a 50-harm catalogue.
func benchRegister(hazards, rows int) *Register {
	r := &Register{SchemaVersion: SchemaVersion, ID: "BENCH", Plan: PlanMedtech5x5()}
	for i := range 50 {
		r.Harms = append(r.Harms, Harm{ID: fmt.Sprintf("H-%d", i), Severity: i%5 + 1})
	}
	for i := range hazards {
		hz, sq, hs, c := fmt.Sprintf("HZ-%d", i), fmt.Sprintf("SQ-%d", i), fmt.Sprintf("HS-%d", i), fmt.Sprintf("C-%d", i)
		harm := fmt.Sprintf("H-%d", i%50)
		r.Hazards = append(r.Hazards, Hazard{ID: hz})
		r.Sequences = append(r.Sequences, SequenceOfEvents{ID: sq, Hazard: hz, Situation: hs})
		r.Situations = append(r.Situations, HazardousSituation{ID: hs, Harms: []string{harm}})
		r.Controls = append(r.Controls, Control{ID: c, Option: ProtectiveMeasure, Situations: []string{hs},
			History: verifiedHistory()[:i%4], NewRisk: NewRiskCheck{Assessed: true}})
		r.Estimates = append(r.Estimates,
			Estimate{ID: "E0-" + hs, Situation: hs, Harm: harm, Stage: StageInitial, P1: Interval{1e-4, 1e-3}, P2: Point(0.5), By: "x", At: day(1)},
			Estimate{ID: "E1-" + hs, Situation: hs, Harm: harm, Stage: StageAfterControls, P1: Interval{1e-7, 1e-6}, P2: Point(0.5),
				Controls: []string{c}, Final: true, By: "x", At: day(40)})
	}
	r.Worksheets = []Worksheet{{ID: "WS-1", Kind: DFMEA}, {ID: "WS-2", Kind: SoftwareFMEA}}
	for i := range rows {
		id := fmt.Sprintf("R-%d", i)
		row := FMEARow{ID: id, Worksheet: fmt.Sprintf("WS-%d", i%2+1), FailureModeID: fmt.Sprintf("FM-%d", i/4),
			Effect: fmt.Sprintf("effect %d", i%97), S: Rating(i%10 + 1), O: Rating(i/10%10 + 1), D: Rating(i/100%10 + 1),
			Harm: fmt.Sprintf("H-%d", i%50)}
		if hazards > 0 {
			row.Situations = []string{fmt.Sprintf("HS-%d", i%hazards)}
		}
		if i%5 == 0 {
			r.Actions = append(r.Actions, Action{ID: "A-" + id, Row: id, Owner: "qa", Due: day(300), Status: ActionOpen})
		}
		r.Rows = append(r.Rows, row)
	}
	return r
}

func BenchmarkValidate(b *testing.B) {
	for _, sz := range []struct{ hazards, rows int }{{100, 1000}, {1000, 10000}, {10000, 100000}} {
		r := benchRegister(sz.hazards, sz.rows)
		b.Run(fmt.Sprintf("hazards=%d/rows=%d", sz.hazards, sz.rows), func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(r.Validate(asOf))
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}

func BenchmarkRollUp(b *testing.B) {
	r := benchRegister(0, 100000)
	t := AIAGVDA2019()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RollUp(r.Rows, t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSVRoundTrip writes a register with the given number of FMEA
// rows (plus 1,000 hazards with their chain) to CSV and reads it back.
func BenchmarkCSVRoundTrip(b *testing.B) {
	for _, rows := range []int{1000, 10000, 100000} {
		r := benchRegister(1000, rows)
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := r.WriteCSV(&buf); err != nil {
					b.Fatal(err)
				}
				back, err := ReadCSV(bytes.NewReader(buf.Bytes()))
				if err != nil || len(back.Rows) != rows {
					b.Fatalf("read back %d rows: %v", len(back.Rows), err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "csv-bytes")
		})
	}
}

// BenchmarkJSONRoundTrip encodes a register to JSON and decodes it with
// DecodeRegister.
func BenchmarkJSONRoundTrip(b *testing.B) {
	for _, rows := range []int{1000, 100000} {
		r := benchRegister(1000, rows)
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				data, err := json.Marshal(r)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := DecodeRegister(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchHistory builds a verified history of n events.
func benchHistory(n int) []Event {
	r := &Register{}
	for i := range n {
		if _, err := r.Log(Event{At: t0.Add(time.Duration(i) * time.Second), Actor: "qa.lead", Action: EventRate,
			Record: fmt.Sprintf("R-%d", i%5000), Field: "s/o/d", From: "8/5/7", To: "8/4/7",
			Reason: "prevention control PR-12 verified"}); err != nil {
			panic(err)
		}
	}
	return r.History
}

func BenchmarkVerifyHistory(b *testing.B) {
	for _, n := range []int{1000, 100000, 1000000} {
		h := benchHistory(n)
		anchor := HistoryAnchor{Events: n, Head: h[n-1].Hash}
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := VerifyHistory(h, anchor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
