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

// tenYearCase is a 10-year business case with five uncertain drivers: a
// supply-cost reduction with adoption, clinician time saved, implementation
// and a subscription.
func tenYearCase() roi.BusinessCase {
	d := decimal.RequireFromString
	est := func(a, b, c string) roi.Estimate { return roi.Estimate{Low: d(a), Mode: d(b), High: d(c)} }
	sd, supply := roi.SupplyCostLine("supply", "Supplies", d("900000"), est("0.15", "0.20", "0.25"), 1, 10)
	supply.Drivers = append(supply.Drivers, "adoption")
	td, nurse := roi.ClinicianTimeLine("time", "Nurse time", est("3", "5", "8"), roi.Fixed(d("48")), est("8000", "9125", "10000"), 1, 10)
	drivers := append(append(sd, td...),
		roi.Driver{ID: "adoption", Value: est("0.7", "0.85", "0.95")},
		roi.Driver{ID: "impl", Value: est("150000", "180000", "250000")})
	return roi.BusinessCase{ID: "B", Years: 10, DiscountRate: d("0.08"), Drivers: drivers, Lines: []roi.Line{
		supply, nurse,
		{ID: "impl", Kind: roi.Cost, Amount: d("1"), Drivers: []string{"impl"}},
		{ID: "sub", Kind: roi.Cost, Amount: d("48000"), Start: 1, End: 10, Growth: d("0.03")},
	}}
}

func BenchmarkMonteCarlo(b *testing.B) {
	bc := tenYearCase()
	for _, dist := range []roi.Distribution{roi.Triangular, roi.BetaPERT} {
		b.Run("draws-100000/"+dist.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := roi.MonteCarloNPV(bc, roi.MonteCarloOptions{Draws: 100000, Seed: 1, Distribution: dist}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
