package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

func init() {
	register(section{order: 50, title: "Business cases", write: writeBusiness})
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func est(lo, mode, hi string) roi.Estimate {
	return roi.Estimate{Low: dec(lo), Mode: dec(mode), High: dec(hi)}
}

// Monte Carlo settings of the brief: fixed seed, so the brief is reproducible.
const (
	businessSeed  = 20260115
	businessDraws = 20000
)

// inventoryCase is the INV-REORDER business case over five years at an 8 %
// discount rate (EUR). Benefits: a 15 % / 20 % / 25 % reduction of the
// addressable supply spend of EUR 900k a year, realized in proportion to
// adoption by the wards, plus nurse time no longer spent on manual par-level
// counts. Costs: implementation (the backlog estimate, EUR 180k, as a
// three-point estimate), ERP integration and training in year 0, and a
// subscription from year 1 escalating 3 % a year.
func inventoryCase() roi.BusinessCase {
	supplyDrivers, supply := roi.SupplyCostLine("supply", "Supplies", dec("900000"), est("0.15", "0.20", "0.25"), 1, 5)
	supply.Drivers = append(supply.Drivers, "adoption")
	timeDrivers, nurse := roi.ClinicianTimeLine("counts", "Nurse time", est("3", "5", "8"), roi.Fixed(dec("48")), est("8000", "9125", "10000"), 1, 5)
	drivers := append(supplyDrivers,
		roi.Driver{ID: "adoption", Name: "Share of wards using reordering", Unit: "fraction", Value: est("0.70", "0.85", "0.95")},
		roi.Driver{ID: "impl", Name: "Implementation cost", Unit: "EUR", Value: est("150000", "180000", "250000")},
	)
	drivers = append(drivers, timeDrivers...)
	return roi.BusinessCase{
		ID: "INV-REORDER", Name: "Inventory reordering for supplies", Years: 5, DiscountRate: dec("0.08"),
		Drivers: drivers,
		Lines: []roi.Line{
			supply,
			nurse,
			{ID: "implementation", Name: "Implementation", Kind: roi.Cost, Amount: dec("1"), Drivers: []string{"impl"}, Start: 0, End: 0},
			{ID: "erp", Name: "ERP integration", Kind: roi.Cost, Amount: dec("60000"), Start: 0, End: 0},
			{ID: "training", Name: "Training", Kind: roi.Cost, Amount: dec("25000"), Start: 0, End: 0},
			{ID: "subscription", Name: "Subscription and support", Kind: roi.Cost, Amount: dec("48000"), Start: 1, End: 5, Growth: dec("0.03")},
		},
	}
}

// eur formats money rounded half to even to whole euros with thousands
// separators.
func eur(d decimal.Decimal) string {
	s := d.RoundBank(0).StringFixed(0)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func pct(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).RoundBank(1).StringFixed(1) + " %"
}

func years(n decimal.NullDecimal) string {
	if !n.Valid {
		return "never within the horizon"
	}
	return n.Decimal.RoundBank(2).StringFixed(2) + " years"
}

func writeBusiness(w io.Writer) error {
	bc := inventoryCase()
	ev, err := roi.Evaluate(bc)
	if err != nil {
		return err
	}
	tor, err := roi.TornadoNPV(bc)
	if err != nil {
		return err
	}
	mc, err := roi.MonteCarloNPV(bc, roi.MonteCarloOptions{Draws: businessDraws, Seed: businessSeed, Distribution: roi.BetaPERT})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s %s: %d years at %s discount rate (EUR, base case = most likely values)\n",
		bc.ID, bc.Name, bc.Years, pct(bc.DiscountRate))
	fmt.Fprintf(w, "  %-6s %12s %12s %12s\n", "year", "benefits", "costs", "net")
	for t := range ev.Net {
		fmt.Fprintf(w, "  %-6d %12s %12s %12s\n", t, eur(ev.Benefits[t]), eur(ev.Costs[t]), eur(ev.Net[t]))
	}
	fmt.Fprintf(w, "  TCO (%d years)        %s nominal, %s discounted\n", bc.Years, eur(ev.TCO), eur(ev.PVCosts))
	fmt.Fprintf(w, "  NPV                   %s\n", eur(ev.NPV))
	if ev.IRR.Valid {
		fmt.Fprintf(w, "  IRR                   %s\n", pct(ev.IRR.Decimal))
	} else {
		fmt.Fprintf(w, "  IRR                   none (%s)\n", ev.IRRNote)
	}
	fmt.Fprintf(w, "  Payback               %s (discounted: %s)\n", years(ev.Payback), years(ev.DiscountedPayback))
	if ev.ROIPercent.Valid && ev.BenefitCostRatio.Valid {
		fmt.Fprintf(w, "  ROI                   %s %% nominal, %s %% discounted; benefit-cost ratio %s\n",
			ev.ROIPercent.Decimal.RoundBank(1).StringFixed(1), ev.DiscountedROIPercent.Decimal.RoundBank(1).StringFixed(1),
			ev.BenefitCostRatio.Decimal.RoundBank(2).StringFixed(2))
	}
	fmt.Fprintf(w, "  Monte Carlo (%d draws, Beta-PERT, seed %d): NPV P10 %s, P50 %s, P90 %s; P(NPV > 0) = %.4f\n",
		mc.Draws, mc.Seed, eur(mc.P10), eur(mc.P50), eur(mc.P90), mc.ProbPositive)
	fmt.Fprintln(w, "  Tornado (NPV swing, one driver at a time, low → high):")
	for _, b := range tor.Bars {
		if b.Swing.IsZero() {
			continue // a fixed input
		}
		fmt.Fprintf(w, "    %-36s %10s  (%s → %s)\n", b.Name, eur(b.Swing), eur(b.NPVAtLow), eur(b.NPVAtHigh))
	}
	fmt.Fprintf(w, "  Methods: %s, %s, %s\n", ev.Method, tor.Method, mc.Method)
	return nil
}
