package roi_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decs(xs ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		out[i] = dec(x)
	}
	return out
}

func ExampleNPV() {
	values := decs("-10000", "3000", "4200", "6800")
	excel, err := roi.NPV(dec("0.1"), values, roi.ConventionExcel) // first value discounted one period
	fmt.Println(excel.StringFixed(2), err)
	t0, err := roi.NPV(dec("0.1"), values, roi.ConventionT0) // first value at t = 0
	fmt.Println(t0.StringFixed(2), err)
	_, err = roi.NPV(dec("0.1"), values, roi.ConventionUnspecified)
	fmt.Println(errors.Is(err, roi.ErrInvalidInput))
	// Output:
	// 1188.44 <nil>
	// 1307.29 <nil>
	// true
}

func ExampleIRR() {
	// A pump that costs 1600, earns 10000, then needs 10000 of repairs has
	// two rates of return: 25 % and 400 %.
	pump := decs("-1600", "10000", "-10000")
	roots, _ := roi.IRRRoots(pump)
	fmt.Println(roots)
	excel, _ := roi.IRR(pump, roi.IRROptions{}) // Newton from 0.1, as Excel
	fmt.Println(excel.StringFixed(4))
	high, _ := roi.IRR(pump, roi.IRROptions{Guess: decimal.NewNullDecimal(dec("3")), Policy: roi.NearestToGuess})
	fmt.Println(high.StringFixed(4))
	_, err := roi.IRR(decs("-1", "3", "-3"), roi.IRROptions{})
	fmt.Println(errors.Is(err, roi.ErrNoRealRoot))
	// Output:
	// [0.25 4]
	// 0.2500
	// 4.0000
	// true
}

func ExampleXIRR() {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	flows := []roi.Flow{
		{Date: day("2008-01-01"), Amount: dec("-10000")},
		{Date: day("2008-03-01"), Amount: dec("2750")},
		{Date: day("2008-10-30"), Amount: dec("4250")},
		{Date: day("2009-02-15"), Amount: dec("3250")},
		{Date: day("2009-04-01"), Amount: dec("2750")},
	}
	r, err := roi.XIRR(flows, roi.IRROptions{})
	fmt.Println(r.StringFixed(9), err)
	v, err := roi.XNPV(dec("0.09"), flows)
	fmt.Println(v.StringFixed(2), err)
	// Output:
	// 0.373362534 <nil>
	// 2086.65 <nil>
}

func ExamplePMT() {
	// 30-year mortgage of 300,000 at 6.5 % a year, paid monthly.
	rate := dec("0.065").DivRound(dec("12"), 40)
	pmt, err := roi.PMT(rate, 360, dec("300000"), decimal.Zero, roi.EndOfPeriod)
	fmt.Println(pmt.StringFixed(2), err)
	// 13^400 overflows float64; the decimal annuity factor does not.
	big, err := roi.PMT(dec("12"), 400, dec("10000"), dec("5000"), roi.BeginningOfPeriod)
	fmt.Println(big.StringFixed(6), err)
	// Output:
	// -1896.20 <nil>
	// -9230.769231 <nil>
}

func ExamplePayback() {
	flows := decs("-100", "60", "60", "-50", "40")
	first, _ := roi.Payback(flows)
	final, _ := roi.PaybackWith(flows, roi.PaybackOptions{Crossing: roi.FinalCrossing})
	fmt.Println(first.StringFixed(4), final.StringFixed(4))
	// Output:
	// 1.6667 3.7500
}

// A supply-chain product: 15–25 % reduction of EUR 500k addressable supply
// spend against EUR 150k implementation and EUR 30k a year of subscription.
func Example_businessCase() {
	drivers, savings := roi.SupplyCostLine("supply", "Supplies", dec("500000"),
		roi.Estimate{Low: dec("0.15"), Mode: dec("0.20"), High: dec("0.25")}, 1, 5)
	bc := roi.BusinessCase{
		ID: "INV", Name: "Inventory reordering", Years: 5, DiscountRate: dec("0.08"),
		Drivers: drivers,
		Lines: []roi.Line{
			savings,
			{ID: "impl", Name: "Implementation", Kind: roi.Cost, Amount: dec("150000"), Start: 0, End: 0},
			{ID: "sub", Name: "Subscription", Kind: roi.Cost, Amount: dec("30000"), Start: 1, End: 5},
		},
	}
	ev, err := roi.Evaluate(bc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("net:", ev.Net)
	fmt.Println("NPV:", ev.NPV.StringFixed(2), "IRR:", ev.IRR.Decimal.StringFixed(4), "payback:", ev.Payback.Decimal.StringFixed(2))
	fmt.Println("TCO:", ev.TCO, "BCR:", ev.BenefitCostRatio.Decimal.StringFixed(3))
	mc, _ := roi.MonteCarloNPV(bc, roi.MonteCarloOptions{Draws: 10000, Seed: 1})
	fmt.Println("P10 < P50 < P90:", mc.P10.LessThan(mc.P50) && mc.P50.LessThan(mc.P90), "P(NPV>0):", mc.ProbPositive)
	// Output:
	// net: [-150000 70000 70000 70000 70000 70000]
	// NPV: 129489.70 IRR: 0.3700 payback: 2.14
	// TCO: 300000 BCR: 1.480
	// P10 < P50 < P90: true P(NPV>0): 1
}
