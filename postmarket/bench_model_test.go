package postmarket

import (
	"math/rand/v2"
	"testing"
)

// go test ./postmarket -run '^$' -bench 'BenchmarkModel' -benchtime 10x -cpu 1
func BenchmarkModelPSI(b *testing.B) {
	ref, cur := normals(1, 1_000_000, 0), normals(2, 1_000_000, 0.05)
	spec := psiSpec(RuleCriticalValue, &FixedThreshold{Value: 0.25, Comparator: AtLeast})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Drift(ref, cur, spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkModelKS(b *testing.B) {
	ref, cur := normals(3, 1_000_000, 0), normals(4, 1_000_000, 0.05)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := KS2(ref, cur, 0.05, KSAuto); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkModelEquity(b *testing.B) {
	const n, groups = 1_000_000, 20
	rng := rand.New(rand.NewPCG(5, 6))
	p := Predictions{Groups: make([]string, groups), Group: make([]int, n), Actual: make([]bool, n), Predicted: make([]bool, n)}
	for g := range groups {
		p.Groups[g] = string(rune('A'+g)) + "-group"
	}
	for i := range n {
		p.Group[i] = rng.IntN(groups)
		p.Actual[i] = rng.Float64() < 0.2
		p.Predicted[i] = rng.Float64() < 0.25
	}
	spec := equitySpec()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AssessEquity(p, spec); err != nil {
			b.Fatal(err)
		}
	}
}
