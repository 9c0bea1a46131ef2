package roi

import (
	"time"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ds(xs ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		out[i] = d(x)
	}
	return out
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func flows(pairs ...string) []Flow {
	out := make([]Flow, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Flow{Date: date(pairs[i]), Amount: d(pairs[i+1])})
	}
	return out
}

func guess(s string) IRROptions { return IRROptions{Guess: decimal.NewNullDecimal(d(s))} }

// near reports |got − want| ≤ tol.
func near(got, want decimal.Decimal, tol string) bool {
	return got.Sub(want).Abs().LessThanOrEqual(d(tol))
}
