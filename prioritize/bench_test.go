package prioritize

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// benchModel is the healthcare preset with Financial Impact turned into a
// cost criterion, so that it has 4 benefit and 2 cost criteria like the
// reference measurements of issue 8.
func benchModel() Model {
	m := HealthcareDefault()
	m.Criteria[4].Direction = Cost
	m.Criteria[0].Gate.Threshold = 1.5
	return m
}

func benchItems(n int) []Item {
	rng := rand.New(rand.NewPCG(8, 42))
	m := benchModel()
	items := make([]Item, n)
	scores := make([]Score, n*len(m.Criteria))
	for i := range items {
		s := scores[i*len(m.Criteria) : (i+1)*len(m.Criteria)]
		for j, c := range m.Criteria {
			s[j] = Score{Criterion: c.ID, Value: 1 + 4*rng.Float64()}
		}
		items[i] = Item{ID: "ITEM-" + strconv.Itoa(i), Scores: s, Cost: decimal.NewFromInt(int64(rng.IntN(1000)))}
	}
	return items
}

var benchSizes = []int{1_000, 100_000}

// BenchmarkScores measures the scoring pass: validation, normalization and
// aggregation, without ordering or explanations.
func BenchmarkScores(b *testing.B) {
	benchOverSizes(b, func(m Model, items []Item) error { _, err := Scores(m, items); return err })
}

// BenchmarkRank measures the full Rank: scoring, gates, contributions, ties
// and the complete ordering.
func BenchmarkRank(b *testing.B) {
	benchOverSizes(b, func(m Model, items []Item) error { _, err := Rank(m, items); return err })
}

// benchOverSizes runs f on the benchmark model with each of benchSizes items.
func benchOverSizes(b *testing.B, f func(Model, []Item) error) {
	m := benchModel()
	for _, n := range benchSizes {
		items := benchItems(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f(m, items); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAHP measures AHP (eigenvector, λmax, CI, CR and the worst
// judgment) on a near-consistent matrix built from random priorities
// perturbed and rounded to the 1/9…9 scale.
func BenchmarkAHP(b *testing.B) {
	for _, n := range []int{4, 15} {
		m := benchPairwise(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AHP(m, AHPOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchPairwise(n int) [][]float64 {
	rng := rand.New(rand.NewPCG(15, 15))
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + 8*rng.Float64()
	}
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			x := w[i] / w[j] * (0.8 + 0.4*rng.Float64())
			x = min(9, max(1.0/9, x))
			m[i][j], m[j][i] = x, 1/x
		}
	}
	return m
}

// benchPortfolio draws n candidates with values in [0, 1) and integer costs
// 1–100 against a budget of 1,000 cost units (budget resolution 1,000).
func benchPortfolio(n int) PortfolioProblem {
	rng := rand.New(rand.NewPCG(9, 500))
	p := PortfolioProblem{Budget: decimal.NewFromInt(1000)}
	for i := range n {
		p.Candidates = append(p.Candidates, Candidate{ID: "P-" + strconv.Itoa(i), Value: rng.Float64(),
			Cost: decimal.NewFromInt(int64(1 + rng.IntN(100)))})
	}
	return p
}

// BenchmarkPortfolio measures one exact solve (Solve) and the full analysis
// with B ± 10 % and a 20-step frontier (Analysis).
func BenchmarkPortfolio(b *testing.B) {
	for _, n := range []int{100, 500} {
		p := benchPortfolio(n)
		b.Run(fmt.Sprintf("Solve/items=%d", n), func(b *testing.B) {
			k, err := newKnap(p, PortfolioOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := k.solve(k.budget); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Analysis/items=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SelectPortfolio(p, PortfolioOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSMAA measures the weighted-sum SMAA with rank acceptability,
// P(best), central weights and confidence factors: 1,000 items × 6
// criteria × 10,000 weight samples (the issue 9 reference size).
func BenchmarkSMAA(b *testing.B) {
	m := benchModel()
	for _, n := range []int{100, 1_000} {
		items := benchItems(n)
		b.Run(fmt.Sprintf("items=%d/samples=10000", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SMAA(m, items, SMAAOptions{Samples: 10_000, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyzeSensitivity measures the weight thresholds (analytic),
// adjacent-pair thresholds and the score search on the bench model.
func BenchmarkAnalyzeSensitivity(b *testing.B) {
	m := benchModel()
	for _, n := range []int{10, 100} {
		items := benchItems(n)
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AnalyzeSensitivity(m, items, SensitivityOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
