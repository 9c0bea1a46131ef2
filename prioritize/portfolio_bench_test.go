package prioritize

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// BenchmarkPortfolioTies measures the full analysis (budget, ±10 % and a
// 20-step frontier) on the issue 21 instances that made the old branch
// and bound give up: candidates with values rounded to 0.1 and costs
// 1–100 against a budget of 1,000, and subset-sum instances (value = cost,
// 1–1,000) against half the total cost. Target: ≤ 50 ms each.
func BenchmarkPortfolioTies(b *testing.B) {
	for _, n := range []int{500, 2000} {
		p := PortfolioProblem{Candidates: tiedCandidates(n, 1), Budget: decimal.NewFromInt(1000)}
		b.Run(fmt.Sprintf("Tenths/items=%d", n), func(b *testing.B) { benchSelect(b, p) })
	}
	for _, n := range []int{30, 200} {
		cands, budget := subsetSumCandidates(n, 3)
		p := PortfolioProblem{Candidates: cands, Budget: decimal.NewFromInt(budget)}
		b.Run(fmt.Sprintf("SubsetSum/items=%d", n), func(b *testing.B) { benchSelect(b, p) })
	}
}

func benchSelect(b *testing.B, p PortfolioProblem) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SelectPortfolio(p, PortfolioOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
