package prioritize

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// FuzzPairwise feeds arbitrary matrices to AHP: it must never panic, and a
// matrix it accepts must give finite positive weights summing to 1 and a
// finite CR ≥ 0.
func FuzzPairwise(f *testing.F) {
	seed := func(n byte, vals ...float64) []byte {
		b := []byte{n}
		for _, v := range vals {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add(seed(3, 1, 9, 9, 1.0/9, 1, 9, 1.0/9, 1.0/9, 1))
	f.Add(seed(4, 1, 1, 5, 2, 1, 1, 3, 4, 0.2, 1.0/3, 1, 0, 0.5, 0.25, 0, 1))
	f.Add(seed(2, 1, 0, 0, 1))
	f.Add(seed(2, 1, math.NaN(), -1, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := int(data[0]%8) + 1
		data = data[1:]
		m := make([][]float64, n)
		for i := range m {
			m[i] = make([]float64, n)
			for j := range m[i] {
				if len(data) >= 8 {
					m[i][j] = math.Float64frombits(binary.LittleEndian.Uint64(data))
					data = data[8:]
				}
			}
		}
		for _, d := range []Derivation{DerivEigen, DerivGeometricMean, DerivColumnMean} {
			r, err := AHP(m, AHPOptions{Derivation: d, RITable: RIDoneganDodd1991})
			if err != nil {
				continue
			}
			var sum float64
			for _, w := range r.Weights {
				if !(w > 0) || math.IsInf(w, 0) {
					t.Fatalf("%s: weight %v", d, r.Weights)
				}
				sum += w
			}
			if math.Abs(sum-1) > 1e-9 || !(r.CR >= 0) || math.IsInf(r.CR, 0) {
				t.Fatalf("%s: weights sum %v, CR %v", d, sum, r.CR)
			}
		}
	})
}

// FuzzDecodeModel decodes arbitrary JSON as a model: no panic, and an
// accepted model re-encodes to JSON that decodes to the same model.
func FuzzDecodeModel(f *testing.F) {
	for _, m := range []Model{HealthcareDefault(), RICE(), ICEMean(), WSJF()} {
		b, _ := json.Marshal(m)
		f.Add(b)
	}
	f.Add([]byte(`{"criteria":[{"id":"a","tier":"high","direction":"benefit","scale":{"min":0,"max":1}}],"weighting":{"scheme":"ahp","pairwise":[[1]]}}`))
	f.Add([]byte(`{"criteria":[],"bogus":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeModel(bytes.NewReader(data))
		if err != nil {
			return
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("accepted model does not encode: %v", err)
		}
		m2, err := DecodeModel(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("re-decoding an accepted model: %v", err)
		}
		if m.Hash() != m2.Hash() {
			t.Fatalf("model changed in a JSON round trip")
		}
	})
}

// FuzzDecodeItems decodes arbitrary JSON as items for the healthcare model:
// no panic, and accepted items always rank.
func FuzzDecodeItems(f *testing.F) {
	f.Add([]byte(`[{"id":"EHR-INT","scores":[{"criterion":"patient_safety","value":4},{"criterion":"clinical_efficacy","value":3},{"criterion":"workflow_integration","value":5},{"criterion":"regulatory_viability","value":4},{"criterion":"financial_impact","value":3},{"criterion":"user_adoption_risk","value":2}],"cost":"450000"}]`))
	f.Add([]byte(`[{"id":"X","scores":[{"criterion":"patient_safety","kind":"three_point","min":2,"value":4,"max":5}]}]`))
	f.Add([]byte(`[]`))
	m := HealthcareDefault()
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := DecodeItems(bytes.NewReader(data), m)
		if err != nil {
			return
		}
		r, err := Rank(m, items)
		if err != nil {
			t.Fatalf("validated items failed to rank: %v", err)
		}
		if len(r.Entries) != len(items) {
			t.Fatalf("%d entries for %d items", len(r.Entries), len(items))
		}
	})
}

// FuzzRank runs the ranking properties (permutation, order independence)
// under the fuzzer.
func FuzzRank(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		checkPermutation(t)
		checkOrderIndependent(t)
	}))
}

// FuzzSelectPortfolio decodes arbitrary JSON problems: SelectPortfolio must
// never panic, and an accepted problem's selection must meet the budget,
// the mandatory items, the exclusive groups and the requirements.
func FuzzSelectPortfolio(f *testing.F) {
	f.Add([]byte(`{"candidates":[{"id":"A","value":8,"cost":"6"},{"id":"B","value":6,"cost":"5"},{"id":"C","value":5,"cost":"5"}],"budget":"10","mandatory":["C"],"exclusive":[["A","B"]],"requires":[{"item":"B","requires":"C"}]}`))
	f.Add([]byte(`{"candidates":[{"id":"A","value":-1,"cost":"0.001"}],"budget":"0.0005"}`))
	f.Add([]byte(`{"candidates":[{"id":"A","value":1,"cost":"1e20"}],"budget":"-1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		var p PortfolioProblem
		if json.Unmarshal(data, &p) != nil || len(p.Candidates) > 40 {
			return
		}
		res, err := SelectPortfolio(p, PortfolioOptions{MaxNodes: 200_000, FrontierSteps: 2})
		if err != nil {
			return
		}
		idx := map[string]int{}
		for i, c := range p.Candidates {
			idx[c.ID] = i
		}
		for _, pf := range []Portfolio{res.Optimal, res.Lower, res.Upper} {
			if !pf.Feasible {
				continue
			}
			sel := map[string]bool{}
			cost := decimal.Zero
			for _, id := range pf.Selected {
				sel[id] = true
				cost = cost.Add(p.Candidates[idx[id]].Cost)
			}
			if cost.GreaterThan(pf.Budget) || !cost.Equal(pf.Cost) {
				t.Fatalf("cost %s (reported %s) over budget %s", cost, pf.Cost, pf.Budget)
			}
			for _, id := range p.Mandatory {
				if !sel[id] {
					t.Fatalf("mandatory %s missing", id)
				}
			}
			for _, g := range p.Exclusive {
				k := map[string]bool{}
				for _, id := range g {
					if sel[id] {
						k[id] = true
					}
				}
				if len(k) > 1 {
					t.Fatalf("exclusive group %v: %v selected", g, k)
				}
			}
			for _, r := range p.Requires {
				if sel[r.Item] && !sel[r.Requires] {
					t.Fatalf("%s selected without %s", r.Item, r.Requires)
				}
			}
		}
	})
}

// FuzzAnalyzeSensitivity scores arbitrary bytes as three items on the
// healthcare preset with arbitrary explicit weights: AnalyzeSensitivity
// must never panic, and every reported weight change must stay within
// [0, total weight].
func FuzzAnalyzeSensitivity(f *testing.F) {
	f.Add([]byte{4, 3, 5, 4, 3, 2, 3, 1, 4, 5, 5, 1, 4, 4, 2, 3, 3, 3, 1, 1, 1, 1, 1, 1, 0})
	f.Add(make([]byte, 25))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 25 {
			return
		}
		m := HealthcareDefault()
		m.Aggregation = Aggregation(data[24] % 4)
		if m.Aggregation == WeightedRatio || m.Aggregation == 0 {
			m.Aggregation = WeightedSum
		}
		m.Weighting = Weighting{Scheme: SchemeExplicit, Values: map[string]float64{}}
		for j, c := range m.Criteria {
			m.Weighting.Values[c.ID] = float64(data[18+j]%8) / 7
		}
		var items []Item
		for i := range 3 {
			it := Item{ID: string(rune('A' + i))}
			for j, c := range m.Criteria {
				it.Scores = append(it.Scores, Score{Criterion: c.ID, Value: float64(1 + data[i*6+j]%5)})
			}
			items = append(items, it)
		}
		rep, err := AnalyzeSensitivity(m, items, SensitivityOptions{SweepSteps: 20})
		if err != nil {
			return
		}
		for _, cs := range rep.Criteria {
			for _, wc := range []WeightChange{cs.Down, cs.Up} {
				if wc.Possible && (wc.Weight < 0 || wc.Weight > 1+1e-9 || math.IsNaN(wc.Weight)) {
					t.Fatalf("%s: weight %v outside [0, 1]", cs.Criterion, wc.Weight)
				}
			}
		}
	})
}
