package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/healthpm/healthpm/risk"
	"github.com/healthpm/healthpm/roi"
)

// chart is one inline SVG figure of the HTML brief.
type chart struct {
	id, title, caption string
	svg                string
}

// writeHTML writes one self-contained HTML page: inline CSS, inline SVG
// charts and the text of every section; no script and no network access.
func writeHTML(w io.Writer, p *Portfolio, prog progress) error {
	b, err := buildBrief(p, prog)
	if err != nil {
		return err
	}
	charts := []chart{scoreChart(b), acceptabilityChart(b), riskMatrixChart(p.Register, b.Risks)}
	for i, c := range b.BusinessCases {
		charts = append(charts, tornadoChart(c, i), histogramChart(p.Cases[i], c, i))
	}
	var out bytes.Buffer
	e := html.EscapeString
	fmt.Fprintf(&out, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Decision brief: %s</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccd}
figure{margin:1.5rem 0}figcaption{font-size:.85rem;color:#555}
pre{background:#f6f8fa;padding:.75rem;overflow-x:auto;font-size:12.5px}
svg text{font:11px system-ui,sans-serif;fill:#1b1f24}
</style>
</head>
<body>
<h1>Decision brief: %s</h1>
<p>As of %s; amounts in %s. Every number below is computed by the healthpm packages from the portfolio file.</p>
`, e(p.Organisation), e(p.Organisation), e(b.AsOf), e(p.Currency))
	out.WriteString("<h2>Charts</h2>\n")
	for _, c := range charts {
		fmt.Fprintf(&out, "<figure id=\"%s\" class=\"chart\">\n<h3>%s</h3>\n%s\n<figcaption>%s</figcaption>\n</figure>\n",
			c.id, e(c.title), c.svg, e(c.caption))
	}
	for _, s := range orderedSections() {
		prog(s.title)
		var buf bytes.Buffer
		if err := s.emit(&buf, p); err != nil {
			return err
		}
		fmt.Fprintf(&out, "<h2>%s</h2>\n<pre>%s</pre>\n", e(s.title), e(buf.String()))
	}
	out.WriteString("</body>\n</html>\n")
	_, err = w.Write(out.Bytes())
	return err
}

// svgOpen starts an SVG element of the given size with an accessible label.
func svgOpen(b *strings.Builder, w, h int, label string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		w, h, w, h, html.EscapeString(label))
	b.WriteString("\n")
}

func svgText(b *strings.Builder, x, y float64, anchor, s string) {
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s">%s</text>`+"\n", x, y, anchor, html.EscapeString(s))
}

// scoreChart draws one bar per backlog item (score 0–1) and one marker per
// gate: green square passed, red cross failed.
func scoreChart(b *Brief) chart {
	r := b.Backlog.Ranking
	const left, barW, rowH = 130, 420, 24
	h := 30 + rowH*len(r.Entries) + 20
	var s strings.Builder
	svgOpen(&s, left+barW+200, h, "backlog scores with gate markers")
	for i := 0; i <= 4; i++ {
		x := float64(left) + float64(barW)*float64(i)/4
		fmt.Fprintf(&s, `<line x1="%.1f" y1="20" x2="%.1f" y2="%d" stroke="#dde"/>`+"\n", x, x, h-20)
		svgText(&s, x, 14, "middle", fmt.Sprintf("%.2f", float64(i)/4))
	}
	if len(r.Entries) > 0 {
		var names []string
		for _, g := range r.Entries[0].Gates {
			names = append(names, g.Criterion)
		}
		svgText(&s, left+barW+10, 14, "start", "gates: "+strings.Join(names, ", "))
	}
	for i, en := range r.Entries {
		y := 30 + i*rowH
		color := "#3b6ea8"
		if en.Blocked {
			color = "#b0b6bf"
		}
		svgText(&s, left-6, float64(y)+14, "end", fmt.Sprintf("%d %s", en.Rank, en.ID))
		fmt.Fprintf(&s, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %.4f</title></rect>`+"\n",
			left, y+3, math.Max(0, en.Score)*barW, rowH-8, color, html.EscapeString(en.ID), en.Score)
		x := float64(left + barW + 10)
		for _, g := range en.Gates {
			tip := html.EscapeString(fmt.Sprintf("gate %s: %g vs threshold %g (margin %+g)", g.Criterion, g.Score, g.Threshold, g.Margin))
			if g.Passed {
				fmt.Fprintf(&s, `<rect class="gate pass" x="%.1f" y="%d" width="10" height="10" fill="#2e8540"><title>%s</title></rect>`+"\n",
					x, y+6, tip)
			} else {
				fmt.Fprintf(&s, `<path class="gate fail" d="M%.1f %d l10 10 m0 -10 l-10 10" stroke="#c0392b" stroke-width="3"><title>%s</title></path>`+"\n",
					x, y+6, tip)
			}
			x += 16
		}
		if en.Blocked {
			svgText(&s, x+4, float64(y)+15, "start", "blocked")
		}
	}
	return chart{id: "chart-scores", title: "Ranked backlog: weighted scores and gates",
		caption: fmt.Sprintf("Weighted sum on absolute scales (%s, %s). Markers: one per critical gate, green = passed, red cross = failed; a failed gate blocks the item whatever its score.",
			r.ModelID, r.Scheme), svg: s.String()}
}

// riskMatrixChart draws the plan's severity × probability matrix twice,
// before and after controls, with the number of risks in each cell.
func riskMatrixChart(reg *risk.Register, rr RiskResult) chart {
	plan := reg.Plan
	ns, np := len(plan.Severity), len(plan.Probability)
	const cell, top, left, gap = 34, 40, 40, 60
	gridW := cell * np
	var s strings.Builder
	svgOpen(&s, left+2*gridW+gap+20, top+cell*ns+40, "risk matrix before and after controls")
	color := map[string]string{}
	for _, c := range plan.Classes {
		switch c.Acceptability {
		case risk.Unacceptable:
			color[c.ID] = "#e8a09a"
		case risk.Acceptable:
			color[c.ID] = "#a9d8b2"
		default:
			color[c.ID] = "#f3d98b"
		}
	}
	for k, title := range []string{"before controls", "now"} {
		x0 := left + k*(gridW+gap)
		svgText(&s, float64(x0+gridW/2), 16, "middle", title)
		count := map[[2]int]int{}
		for _, st := range rr.Risks {
			ev := st.Initial
			if k == 1 {
				ev = st.Current
			}
			count[[2]int{ev.SeverityLevel, ev.ProbabilityLevel}]++
		}
		for si := 1; si <= ns; si++ {
			y := top + (ns-si)*cell
			if k == 0 {
				svgText(&s, float64(x0-8), float64(y+cell/2+4), "end", fmt.Sprintf("S%d", si))
			}
			for pi := 1; pi <= np; pi++ {
				id := ""
				if si-1 < len(plan.Matrix) && pi-1 < len(plan.Matrix[si-1]) {
					id = plan.Matrix[si-1][pi-1]
				}
				x := x0 + (pi-1)*cell
				fmt.Fprintf(&s, `<rect class="cell" x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#fff"><title>S%d P%d: %s</title></rect>`+"\n",
					x, y, cell, cell, cmpOr(color[id], "#eee"), si, pi, html.EscapeString(id))
				if n := count[[2]int{si, pi}]; n > 0 {
					svgText(&s, float64(x+cell/2), float64(y+cell/2+4), "middle", fmt.Sprint(n))
				}
			}
		}
		for pi := 1; pi <= np; pi++ {
			svgText(&s, float64(x0+(pi-1)*cell+cell/2), float64(top+ns*cell+14), "middle", fmt.Sprintf("P%d", pi))
		}
	}
	return chart{id: "chart-risk-matrix", title: "Risk matrix before and after controls",
		caption: fmt.Sprintf("Plan %s v%s: number of (hazardous situation, harm) risks per severity (rows) and probability (columns) level; red unacceptable, amber reduce as far as possible, green acceptable.",
			plan.ID, plan.Version), svg: s.String()}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// f64 converts a decimal for drawing only (never for reported numbers).
func f64(d interface{ InexactFloat64() float64 }) float64 { return d.InexactFloat64() }

// tornadoChart draws one bar per uncertain driver from NPV at low to NPV at
// high, around the base-case NPV.
func tornadoChart(c caseResult, idx int) chart {
	var bars []roi.TornadoBar
	for _, b := range c.Tornado.Bars {
		if !b.Swing.IsZero() {
			bars = append(bars, b)
		}
	}
	base := f64(c.Evaluation.NPV)
	lo, hi := base, base
	for _, b := range bars {
		lo = math.Min(lo, math.Min(f64(b.NPVAtLow), f64(b.NPVAtHigh)))
		hi = math.Max(hi, math.Max(f64(b.NPVAtLow), f64(b.NPVAtHigh)))
	}
	if hi == lo {
		hi = lo + 1
	}
	const left, width, rowH = 260, 440, 26
	h := 40 + rowH*len(bars) + 20
	x := func(v float64) float64 { return left + (v-lo)/(hi-lo)*width }
	var s strings.Builder
	svgOpen(&s, left+width+40, h, "tornado chart of NPV")
	for i, b := range bars {
		y := 30 + i*rowH
		a, z := x(f64(b.NPVAtLow)), x(f64(b.NPVAtHigh))
		svgText(&s, left-8, float64(y)+15, "end", b.Name)
		fmt.Fprintf(&s, `<rect class="bar" x="%.1f" y="%d" width="%.1f" height="%d" fill="#c98b2e"><title>%s: NPV %s at low, %s at high</title></rect>`+"\n",
			math.Min(a, z), y+3, math.Max(1, math.Abs(z-a)), rowH-8, html.EscapeString(b.Name), eur(b.NPVAtLow), eur(b.NPVAtHigh))
	}
	fmt.Fprintf(&s, `<line x1="%.1f" y1="22" x2="%.1f" y2="%d" stroke="#1b1f24" stroke-dasharray="4 3"/>`+"\n", x(base), x(base), h-16)
	svgText(&s, x(base), 16, "middle", "base NPV "+eur(c.Evaluation.NPV))
	svgText(&s, left, float64(h-4), "start", eur(decimalOf(lo)))
	svgText(&s, left+width, float64(h-4), "end", eur(decimalOf(hi)))
	return chart{id: fmt.Sprintf("chart-tornado-%d", idx), title: "Tornado: NPV swing of " + c.Evaluation.CaseID,
		caption: fmt.Sprintf("One driver at a time from its low to its high value, the others at their most likely value (%s).", c.Tornado.Method),
		svg:     s.String()}
}

// acceptabilityChart draws the SMAA rank-acceptability heatmap, items in
// ranking order.
func acceptabilityChart(b *Brief) chart {
	sm := b.Robustness.SMAA
	byID := map[string][]float64{}
	for _, it := range sm.Items {
		byID[it.ID] = it.Acceptability
	}
	var ids []string
	var acc [][]float64
	for _, e := range b.Backlog.Ranking.Entries {
		ids = append(ids, e.ID)
		acc = append(acc, byID[e.ID])
	}
	return chart{id: "chart-acceptability", title: "SMAA rank acceptability",
		caption: fmt.Sprintf("Share of %d samples (seed %d) in which each item (rows, in ranking order) takes each rank (columns), with weights drawn within their tier ranges and uncertain scores from their estimates; largest standard error %.4f. Method: %s.",
			sm.Samples, sm.Seed, sm.MaxSE, sm.Method),
		svg: heatmapSVG(ids, acc)}
}

// heatmapSVG draws a rank-acceptability heatmap: one row per item, one
// column per rank, cell shade = P(item at that rank) in [0, 1], with the
// percentage written in cells of at least 5 %.
func heatmapSVG(ids []string, acc [][]float64) string {
	const left, top, cell = 130, 36, 44
	n := len(ids)
	var s strings.Builder
	svgOpen(&s, left+cell*max(n, 1)+20, top+cell*n+30, "rank acceptability heatmap")
	svgText(&s, float64(left+cell*n/2), 12, "middle", "rank")
	for k := range n {
		svgText(&s, float64(left+k*cell+cell/2), float64(top-8), "middle", fmt.Sprint(k+1))
	}
	for i, id := range ids {
		y := top + i*cell
		svgText(&s, left-8, float64(y+cell/2+4), "end", id)
		for k := range n {
			v := 0.0
			if i < len(acc) && k < len(acc[i]) && !math.IsNaN(acc[i][k]) {
				v = math.Min(1, math.Max(0, acc[i][k]))
			}
			// White (0) to deep blue (1).
			r, g, bl := 255-int(196*v), 255-int(145*v), 255-int(87*v)
			fmt.Fprintf(&s, `<rect class="cell" x="%d" y="%d" width="%d" height="%d" fill="rgb(%d,%d,%d)" stroke="#fff"><title>%s at rank %d: %.1f %%</title></rect>`+"\n",
				left+k*cell, y, cell, cell, r, g, bl, html.EscapeString(id), k+1, 100*v)
			if v >= 0.05 {
				fill := "#1b1f24"
				if v > 0.6 {
					fill = "#fff"
				}
				fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="middle" style="fill:%s">%.0f</text>`+"\n",
					left+k*cell+cell/2, y+cell/2+4, fill, 100*v)
			}
		}
	}
	return s.String()
}
