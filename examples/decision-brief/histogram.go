package main

import (
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

// histogramDraws is the number of NPVs re-drawn for the histogram chart.
const histogramDraws = 2000

// npvSample draws n NPVs of c for the histogram: each draw fixes every
// driver at a value drawn from its three-point estimate (c.MonteCarlo's
// distribution, PCG seeded with c.MonteCarlo.Seed) and evaluates the case
// with roi.Evaluate. It is an illustration only: the reported P10/P50/P90
// and P(NPV > 0) come from roi.MonteCarloNPV.
func npvSample(c Case, n int) ([]float64, error) {
	rng := rand.New(rand.NewPCG(c.MonteCarlo.Seed, 0x6869_7374)) // "hist"
	out := make([]float64, 0, n)
	bc := c.Case
	drivers := slices.Clone(bc.Drivers)
	bc.Drivers = drivers
	for range n {
		for i, d := range c.Case.Drivers {
			v := drawEstimate(rng, d.Value, c.MonteCarlo.Distribution)
			x := decimal.NewFromFloat(v)
			drivers[i].Value = roi.Estimate{Low: x, Mode: x, High: x}
		}
		ev, err := roi.Evaluate(bc)
		if err != nil {
			return nil, err
		}
		out = append(out, ev.NPV.InexactFloat64())
	}
	return out, nil
}

// drawEstimate draws one value of a three-point estimate: inverse-CDF
// triangular, or Beta-PERT (λ = 4) as a scaled Beta from two gamma draws.
func drawEstimate(rng *rand.Rand, e roi.Estimate, d roi.Distribution) float64 {
	a, m, b := e.Low.InexactFloat64(), e.Mode.InexactFloat64(), e.High.InexactFloat64()
	if !(b > a) {
		return m
	}
	if d == roi.BetaPERT {
		al := 1 + 4*(m-a)/(b-a)
		be := 1 + 4*(b-m)/(b-a)
		x := gamma(rng, al)
		y := gamma(rng, be)
		return a + (b-a)*x/(x+y)
	}
	u := rng.Float64()
	f := (m - a) / (b - a)
	if u < f {
		return a + math.Sqrt(u*(b-a)*(m-a))
	}
	return b - math.Sqrt((1-u)*(b-a)*(b-m))
}

// gamma draws Gamma(k, 1) for k ≥ 1 by Marsaglia and Tsang's method.
func gamma(rng *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// decimalOf converts a finite float for display; non-finite values give 0.
func decimalOf(f float64) decimal.Decimal {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Zero
	}
	return decimal.NewFromFloat(f)
}

// histogramChart draws the NPV histogram of a case with the P10, P50 and P90
// that roi.MonteCarloNPV computed.
func histogramChart(c Case, res caseResult, idx int) chart {
	const left, width, height, bins = 60, 600, 180, 30
	var s strings.Builder
	svgOpen(&s, left+width+30, height+70, "Monte Carlo NPV histogram")
	sample, err := npvSample(c, histogramDraws)
	mc := res.MonteCarlo
	lo, hi := mc.P10.InexactFloat64(), mc.P90.InexactFloat64()
	for _, v := range sample {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if err != nil || hi <= lo {
		hi = lo + 1
	}
	counts := make([]int, bins)
	peak := 1
	for _, v := range sample {
		k := min(bins-1, int((v-lo)/(hi-lo)*bins))
		counts[k]++
		peak = max(peak, counts[k])
	}
	x := func(v float64) float64 { return left + (v-lo)/(hi-lo)*width }
	top := 30
	for k, n := range counts {
		bh := float64(n) / float64(peak) * height
		fill := "#3b6ea8"
		if lo+(float64(k)+0.5)*(hi-lo)/bins <= 0 {
			fill = "#c0392b"
		}
		fmt.Fprintf(&s, `<rect class="bin" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%d draws</title></rect>`+"\n",
			left+float64(k)*width/bins, float64(top)+height-bh, float64(width)/bins-1, bh, fill, n)
	}
	for _, q := range []struct {
		name string
		v    decimal.Decimal
	}{{"P10", mc.P10}, {"P50", mc.P50}, {"P90", mc.P90}} {
		xv := x(q.v.InexactFloat64())
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#1b1f24" stroke-dasharray="3 3"/>`+"\n",
			xv, top-6, xv, top+height)
		svgText(&s, xv, float64(top-10), "middle", q.name+" "+eur(q.v))
	}
	svgText(&s, left, float64(top+height+16), "start", eur(decimalOf(lo)))
	svgText(&s, left+width, float64(top+height+16), "end", eur(decimalOf(hi)))
	svgText(&s, left+width/2, float64(top+height+34), "middle",
		fmt.Sprintf("NPV; P(NPV > 0) = %.4f over %d draws", mc.ProbPositive, mc.Draws))
	return chart{id: fmt.Sprintf("chart-histogram-%d", idx), title: "Monte Carlo NPV distribution of " + mc.CaseID,
		caption: fmt.Sprintf("Histogram of %d NPVs re-drawn for this chart (%s, seed %d); the percentile lines and P(NPV > 0) are roi.MonteCarloNPV's (%s).",
			len(sample), distName(mc.Distribution), mc.Seed, html.UnescapeString(mc.Method)), svg: s.String()}
}
