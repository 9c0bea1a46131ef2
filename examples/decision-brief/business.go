package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

func init() {
	register(section{order: 50, title: "Business cases", render: writeBusiness})
}

// caseResult is everything the brief computes for one business case.
type caseResult struct {
	Evaluation roi.Evaluation       `json:"evaluation"`
	Tornado    roi.Tornado          `json:"tornado"`
	MonteCarlo roi.MonteCarloResult `json:"monte_carlo"`
}

// evaluateCase runs roi's evaluation, tornado and Monte Carlo on c.
func evaluateCase(c Case) (caseResult, error) {
	ev, err := roi.Evaluate(c.Case)
	if err != nil {
		return caseResult{}, err
	}
	tor, err := roi.TornadoNPV(c.Case)
	if err != nil {
		return caseResult{}, err
	}
	mc, err := roi.MonteCarloNPV(c.Case, c.MonteCarlo)
	if err != nil {
		return caseResult{}, err
	}
	return caseResult{Evaluation: ev, Tornado: tor, MonteCarlo: mc}, nil
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

func writeBusiness(w io.Writer, p *Portfolio) error {
	for i, c := range p.Cases {
		if i > 0 {
			fmt.Fprintln(w)
		}
		res, err := evaluateCase(c)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Case.ID, err)
		}
		writeCase(w, c.Case, p.Currency, res)
	}
	return nil
}

func writeCase(w io.Writer, bc roi.BusinessCase, currency string, res caseResult) {
	ev, tor, mc := res.Evaluation, res.Tornado, res.MonteCarlo
	fmt.Fprintf(w, "%s %s:\n  %d years at %s discount rate (%s, base case = most likely values)\n",
		bc.ID, bc.Name, bc.Years, pct(bc.DiscountRate), currency)
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
	fmt.Fprintf(w, "  Monte Carlo (%d draws, %s, seed %d):\n    NPV P10 %s, P50 %s, P90 %s; P(NPV > 0) = %.4f\n",
		mc.Draws, distName(mc.Distribution), mc.Seed, eur(mc.P10), eur(mc.P50), eur(mc.P90), mc.ProbPositive)
	fmt.Fprintln(w, "  Tornado (NPV swing, one driver at a time, low → high):")
	for _, b := range tor.Bars {
		if b.Swing.IsZero() {
			continue // a fixed input
		}
		fmt.Fprintf(w, "    %-36s %10s  (%s → %s)\n", b.Name, eur(b.Swing), eur(b.NPVAtLow), eur(b.NPVAtHigh))
	}
	fmt.Fprintf(w, "  Methods: %s, %s, %s\n", ev.Method, tor.Method, mc.Method)
}

// distName names a Monte Carlo distribution for the reader.
func distName(d roi.Distribution) string {
	if d == roi.BetaPERT {
		return "Beta-PERT"
	}
	return d.String()
}
