package prioritize

import (
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSMAAReference(t *testing.T) {
	// Two criteria, A = (10, 0), B = (0, 10): under uniform weights A wins
	// iff w0 > 1/2, so P(best A) = 1/2 and A's central weights are
	// E[w | w0 > 1/2] = (3/4, 1/4). C = (5, 4) never wins: it would need
	// 0.5w0 + 0.4w1 above both w0 and w1 = 1 − w0, impossible.
	m, items := twoCriteria()
	res, err := SMAA(m, items, SMAAOptions{Samples: 40_000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := res.Items[0], res.Items[1], res.Items[2]
	tol := 5 * 0.5 / math.Sqrt(40_000)
	got := []float64{a.PBest, b.PBest, c.PBest, a.CentralWeights[0], b.CentralWeights[0], a.Confidence, c.Confidence}
	want := []float64{0.5, 0.5, 0, 0.75, 0.25, 1, 0}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
		t.Errorf("P(best), central weights and confidence (-want +got):\n%s", diff)
	}
	if math.Abs(a.PBestSE-math.Sqrt(a.PBest*(1-a.PBest)/40_000)) > 1e-15 {
		t.Errorf("standard error %v", a.PBestSE)
	}
	checkStochastic(t, res)
}

// checkStochastic verifies that the acceptability matrix is doubly
// stochastic.
func checkStochastic(t interface {
	Helper()
	Fatalf(string, ...any)
}, res SMAAResult) {
	t.Helper()
	n := len(res.Items)
	for k := range n {
		var row, col float64
		for i := range n {
			row += res.Items[k].Acceptability[i]
			col += res.Items[i].Acceptability[k]
		}
		if math.Abs(row-1) > 1e-9 || math.Abs(col-1) > 1e-9 {
			t.Fatalf("rank %d: row sum %v, column sum %v", k+1, row, col)
		}
	}
}

func TestSMAARanges(t *testing.T) {
	// c0 (critical) restricted to [0.7, 1]: A always wins.
	m, items := twoCriteria()
	res, err := SMAA(m, items, SMAAOptions{Samples: 2000, Seed: 1, Ranges: &TierRanges{Critical: &WeightRange{Min: 0.7, Max: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Items[0].PBest != 1 || res.Items[0].CentralWeights[0] < 0.7 {
		t.Errorf("A under w0 ≥ 0.7: P(best) %v, central weights %v", res.Items[0].PBest, res.Items[0].CentralWeights)
	}
}

func TestSMAADeterministicAcrossProcs(t *testing.T) {
	// Scores with uncertainty exercise the score draws too.
	m := HealthcareDefault()
	items := benchItems(60)
	items[3].Scores[0] = Score{Criterion: items[3].Scores[0].Criterion, Kind: ScoreThreePoint, Min: 1, Value: 3, Max: 5}
	items[7].Scores[2] = Score{Criterion: items[7].Scores[2].Criterion, Kind: ScoreInterval, Min: 2, Max: 4}
	run := func(procs int, pert bool) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := SMAA(m, items, SMAAOptions{Samples: 5000, Seed: 42, PERT: pert})
		if err != nil {
			t.Fatal(err)
		}
		checkStochastic(t, res)
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, pert := range []bool{false, true} {
		one, two := run(1, pert), run(2, pert)
		if string(one) != string(two) {
			t.Errorf("PERT %v: GOMAXPROCS 1 and 2 give different JSON", pert)
		}
	}
}

func TestSMAAConverges(t *testing.T) {
	// The estimate at 4× the samples moves by less than a few standard
	// errors, and the error halves.
	m, items := twoCriteria()
	small, err := SMAA(m, items, SMAAOptions{Samples: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	big, err := SMAA(m, items, SMAAOptions{Samples: 8000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(small.Items[0].PBest - big.Items[0].PBest); d > 4*small.Items[0].PBestSE {
		t.Errorf("P(best) moved by %v, standard error %v", d, small.Items[0].PBestSE)
	}
	if r := big.MaxSE / small.MaxSE; r < 0.4 || r > 0.6 {
		t.Errorf("standard error ratio %v at 4× samples, want about 1/2", r)
	}
}

func TestSMAAErrors(t *testing.T) {
	m, items := twoCriteria()
	tests := []struct {
		name, reason string
		items        []Item
		opts         SMAAOptions
		want         error
	}{
		{"no items", "nothing to rank", nil, SMAAOptions{}, ErrInvalidInput},
		{"negative samples", "a count", items, SMAAOptions{Samples: -1}, ErrInvalidInput},
		{"range above 1", "weights are shares", items, SMAAOptions{Ranges: &TierRanges{High: &WeightRange{Min: 0, Max: 2}}}, ErrInvalidInput},
		{"ranges infeasible", "minimums sum above 1", items,
			SMAAOptions{Ranges: &TierRanges{Critical: &WeightRange{Min: 0.7, Max: 1}, High: &WeightRange{Min: 0.5, Max: 1}}}, ErrInvalidInput},
		{"ranges too narrow", "rejection cannot hit a point", items,
			SMAAOptions{Samples: 1, Ranges: &TierRanges{Critical: &WeightRange{Min: 0.5, Max: 0.5}}}, ErrNoConvergence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SMAA(m, tt.items, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want %v", tt.reason, err, tt.want)
			}
		})
	}
}

func TestRadixByKeyMatchesSortKeys(t *testing.T) {
	for _, n := range []int{0, 1, 255, 256, 1000} {
		keys := make([]uint64, n)
		x := uint64(12345)
		for i := range keys {
			x = x*6364136223846793005 + 1442695040888963407
			keys[i] = x >> (i % 50) // many equal high digits, some ties
			if i%7 == 0 {
				keys[i] = 42
			}
		}
		a, b := make([]int32, n), make([]int32, n)
		for i := range a {
			a[i], b[i] = int32(i), int32(i)
		}
		sortKeys(keys, a)
		radixByKey(keys, b, make([]int32, n))
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("n=%d: radixByKey differs from sortKeys (-want +got):\n%s", n, diff)
		}
	}
}
