package prioritize

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzPortfolioExact turns bytes into a small problem (at most 8
// candidates with every constraint kind): the dynamic program and the
// branch-and-bound fallback must both return the brute-force optimum and
// its tie-broken selection.
func FuzzPortfolioExact(f *testing.F) {
	f.Add([]byte{5, 12, 4, 3, 3, 3, 7, 2, 1, 0, 1, 2, 3, 4})
	f.Add([]byte{8, 20, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{3, 5, 2, 2, 2, 2, 2, 2, 9, 9, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 64 {
			return
		}
		n := int(data[0]) % 9
		p := PortfolioProblem{Budget: decimal.NewFromInt(int64(data[1] % 25))}
		rest := data[2:]
		next := func() int {
			if len(rest) == 0 {
				return 0
			}
			b := int(rest[0])
			rest = rest[1:]
			return b
		}
		for i := range n {
			v, c := next(), next()
			p.Candidates = append(p.Candidates, Candidate{ID: fmt.Sprintf("%c", 'H'-i),
				Value: float64(v%11-2) / 4, Cost: decimal.New(int64(c%9*5), -1)})
		}
		for n > 0 && len(rest) >= 3 {
			a, b := p.Candidates[next()%n].ID, p.Candidates[next()%n].ID
			switch next() % 3 {
			case 0:
				p.Mandatory = append(p.Mandatory, a)
			case 1:
				p.Exclusive = append(p.Exclusive, []string{a, b})
			default:
				if a != b {
					p.Requires = append(p.Requires, Requirement{Item: a, Requires: b})
				}
			}
		}
		checkAgainstBrute(t, p, PortfolioOptions{FrontierSteps: 2})
		checkAgainstBrute(t, p, PortfolioOptions{FrontierSteps: 2, MaxCells: 1})
	})
}
