package roi_test

import (
	"testing"
	"time"

	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

// Targets (README performance table): IRR mortgage-361 ≤ 20 µs, IRR flows-10
// ≤ 2 µs, XIRR flows-30 ≤ 5 µs, NPV flows-10000 ≤ 20 ms, Monte Carlo
// draws-100000 ≤ 200 ms on 2 cores.

func repeat(first string, n int, v string) []decimal.Decimal {
	out := []decimal.Decimal{decimal.RequireFromString(first)}
	x := decimal.RequireFromString(v)
	for range n {
		out = append(out, x)
	}
	return out
}

func BenchmarkIRR(b *testing.B) {
	cases := []struct {
		name   string
		values []decimal.Decimal
		want   string
	}{
		{"mortgage-361", repeat("-100000", 360, "599.55"), "0.00499999319311"},
		{"flows-10", repeat("-1000", 9, "200"), "0.137044742"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r, err := roi.IRR(c.values, roi.IRROptions{})
			if err != nil || r.String()[:len(c.want)] != c.want {
				b.Fatalf("IRR = %s, %v; want %s…", r, err, c.want)
			}
			b.ReportAllocs()
			for b.Loop() {
				_, _ = roi.IRR(c.values, roi.IRROptions{})
			}
		})
	}
}

// xirrFlows30 is a deterministic irregular schedule: an investment, then 29
// receipts on uneven dates over three years.
func xirrFlows30() []roi.Flow {
	start := time.Date(2021, 1, 4, 0, 0, 0, 0, time.UTC)
	flows := []roi.Flow{{Date: start, Amount: decimal.NewFromInt(-100000)}}
	day := 0
	for i := 1; i < 30; i++ {
		day += 23 + (i*37)%19
		flows = append(flows, roi.Flow{Date: start.AddDate(0, 0, day), Amount: decimal.NewFromInt(int64(3500 + (i*733)%1200))})
	}
	return flows
}

func BenchmarkXIRR(b *testing.B) {
	flows := xirrFlows30()
	b.Run("flows-30", func(b *testing.B) {
		if _, err := roi.XIRR(flows, roi.IRROptions{}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			_, _ = roi.XIRR(flows, roi.IRROptions{})
		}
	})
}

func BenchmarkNPV(b *testing.B) {
	for _, n := range []int{10, 360, 10000} {
		values := make([]decimal.Decimal, n)
		for i := range values {
			values[i] = decimal.New(int64(100000+i*37%1000), -2)
		}
		values[0] = decimal.NewFromInt(-1000000)
		rate := decimal.RequireFromString("0.0054166666666666666666666666666666667")
		b.Run("flows-"+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = roi.NPV(rate, values, roi.ConventionT0)
			}
		})
	}
}

func itoa(n int) string {
	return decimal.NewFromInt(int64(n)).String()
}
