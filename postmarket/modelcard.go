package postmarket

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Markdown writes the report as a Markdown model-monitoring card a
// regulatory reviewer can read: the model and period, the data digests and
// method version, what triggered and what is insufficient, performance with
// intervals and their change from baseline, the acceptance floors, every
// drift check with its method, critical value, fixed threshold and deciding
// criterion, every group with its rates, sufficiency and test, the
// representation audit and the proposed re-estimates. Table cells are
// escaped (pipes, newlines, leading formula characters). Output is
// deterministic. Cost O(size of the report).
//
// Markdown returns an error only if writing to w fails.
func (r MonitoringReport) Markdown(w io.Writer) error {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# Model monitoring: %s %s, period %s\n\n", mdCell(r.Model.ID), mdCell(r.Model.Version), mdCell(r.Period))
	p("- Status: **%s**\n", r.Status)
	p("- As of: %s\n", r.AsOf.UTC().Format(time.RFC3339))
	p("- Schema: `%s`; methods: `%s`\n", r.Schema, r.MethodVersion)
	p("- Spec digest: `%s`\n- Data digest: `%s`\n", r.SpecDigest, r.DataDigest)
	ps := r.Spec.Performance
	p("- Intervals: %s at %s%%", ps.Interval, pctText(ps.Confidence))
	if ps.Prevalence != nil {
		p("; predictive values also at stated prevalence %s", gfmt(*ps.Prevalence))
	}
	p("\n\n")

	p("## What triggered\n\n")
	if len(r.Triggers) == 0 {
		p("Nothing triggered.\n\n")
	} else {
		p("| kind | subject | detail |\n|---|---|---|\n")
		for _, t := range r.Triggers {
			p("| %s | %s | %s |\n", mdCell(t.Kind), mdCell(t.Subject), mdCell(t.Detail))
		}
		p("\n")
	}
	p("## Insufficient evidence\n\n")
	if len(r.Insufficient) == 0 {
		p("None: every compared estimate reached its declared precision.\n\n")
	} else {
		p("Insufficient evidence is not evidence of no problem.\n\n| kind | subject | detail |\n|---|---|---|\n")
		for _, t := range r.Insufficient {
			p("| %s | %s | %s |\n", mdCell(t.Kind), mdCell(t.Subject), mdCell(t.Detail))
		}
		p("\n")
	}

	p("## Performance\n\n| metric | baseline | current | change (Newcombe) | direction |\n|---|---|---|---|---|\n")
	cur := map[RateMetric]RateEstimate{MetricTPR: r.Current.Sensitivity, MetricTNR: r.Current.Specificity, MetricPPV: r.Current.PPV, MetricNPV: r.Current.NPV, MetricAccuracy: r.Current.Accuracy}
	base := map[RateMetric]RateEstimate{MetricTPR: r.Baseline.Sensitivity, MetricTNR: r.Baseline.Specificity, MetricPPV: r.Baseline.PPV, MetricNPV: r.Baseline.NPV, MetricAccuracy: r.Baseline.Accuracy}
	for _, c := range r.Changes {
		ch := "undefined"
		if c.Change != nil {
			ch = fmt.Sprintf("%s [%s, %s]", sig4(c.Change.Difference), sig4(c.Change.Lo), sig4(c.Change.Hi))
		}
		p("| %s | %s | %s | %s | %s |\n", c.Metric, rateCell(base[c.Metric]), rateCell(cur[c.Metric]), ch, c.Direction)
	}
	for _, a := range []struct {
		name string
		v    *AdjustedValue
	}{{"ppv at stated prevalence", r.Current.PPVAtPrevalence}, {"npv at stated prevalence", r.Current.NPVAtPrevalence}} {
		if a.v != nil && a.v.Defined {
			p("\n%s %s: %s [%s, %s] (%s)\n", a.name, gfmt(a.v.Prevalence), sig4(a.v.Value), sig4(a.v.Lo), sig4(a.v.Hi), mdCell(a.v.Method))
		}
	}
	p("\n")
	if len(r.Floors) > 0 {
		p("### Acceptance floors\n\n| metric | floor | current | limit used | met |\n|---|---|---|---|---|\n")
		for _, f := range r.Floors {
			p("| %s | %s | %s | %s | %v |\n", f.Floor.Metric, gfmt(f.Floor.Min), rateCell(f.Rate), sig4(f.Bound), f.Met)
		}
		p("\n")
	}

	if len(r.Drift) > 0 {
		p("## Drift\n\n| feature | measure | value | critical value | fixed threshold | verdict | decided by | method |\n|---|---|---|---|---|---|---|---|\n")
		for _, d := range r.Drift {
			th := "none"
			if d.Threshold != nil {
				th = d.Threshold.Comparator.symbol() + " " + gfmt(d.Threshold.Value)
			}
			p("| %s | %s | %s | %s %s (α %s; %s) | %s | %s | %s (rule %s) | %s |\n", mdCell(d.Feature), d.Measure, sig4(d.Value),
				d.CriticalComparator.symbol(), sig4(d.CriticalValue), gfmt(d.Alpha), mdCell(d.CriticalMethod), th, d.Status, d.DecidedBy, d.Rule, mdCell(d.Method))
		}
		p("\n")
	}

	if e := r.Equity; e != nil {
		p("## Subgroup equity\n\n%s\n\nStatus: **%s**. %s\n\n", mdCell(e.Method), e.Status, mdCell(e.Sentence))
		p("Precision required: half-width ≤ %s and at least %d cases in the denominator.\n\n", gfmt(e.Spec.Precision.HalfWidth), e.Spec.Precision.MinCount)
		p("| group | metric | rate | n | sufficiency | vs rest (Newcombe) | p | adjusted p | differs |\n|---|---|---|---|---|---|---|---|---|\n")
		for _, g := range e.Metrics {
			vs := "not tested"
			if g.VsRest != nil {
				vs = fmt.Sprintf("%s [%s, %s]", sig4(g.VsRest.Difference), sig4(g.VsRest.Lo), sig4(g.VsRest.Hi))
			}
			p("| %s | %s | %s | %d | %s | %s | %s | %s | %v |\n", mdCell(g.Group), g.Metric, rateCell(g.Rate), g.Rate.Denominator, g.Sufficiency, vs, sig4(g.PValue), sig4(g.AdjustedP), g.Rejected)
		}
		p("\n| metric | overall | between groups (diff, ratio) | to overall (worst diff, ratio) | status |\n|---|---|---|---|---|\n")
		for _, d := range e.Disparities {
			p("| %s | %s | %s, %s | %s, %s | %s |\n", d.Metric, rateCell(d.Overall), sig4(d.DifferenceBetween), sig4(d.RatioBetween), sig4(d.DifferenceToOverall), sig4(d.RatioToOverall), d.Status)
		}
		f := e.Fairness
		p("\n")
		for _, x := range []struct {
			name string
			v    *float64
		}{{"demographic parity difference", f.DemographicParityDifference}, {"demographic parity ratio", f.DemographicParityRatio},
			{"equal opportunity difference", f.EqualOpportunityDifference}, {"equal opportunity ratio", f.EqualOpportunityRatio},
			{"equalized odds difference (worst)", f.EqualizedOddsDifference}, {"equalized odds ratio (worst)", f.EqualizedOddsRatio}} {
			if x.v != nil {
				p("- %s: %s\n", x.name, sig4(*x.v))
			}
		}
		p("- four-fifths rule: %s", e.FourFifths.Status)
		if len(e.FourFifths.Flagged) > 0 {
			p(" (flags %s against %s)", mdCell(strings.Join(e.FourFifths.Flagged, ", ")), mdCell(e.FourFifths.Highest))
		}
		p("\n\n")
	}

	if rep := r.Representation; rep != nil {
		p("## Representation\n\n%s; tolerance min_ratio %s.\n\n", mdCell(rep.Method), gfmt(rep.Spec.MinRatio))
		p("| dataset | group | intended | share | ratio | status |\n|---|---|---|---|---|---|\n")
		for _, d := range rep.Datasets {
			for _, g := range d.Groups {
				p("| %s | %s | %s | %s | %s | %s |\n", mdCell(d.Name), mdCell(g.Group), gfmt(g.Intended), rateCell(g.Share), sig4(g.Ratio), g.Status)
			}
		}
		p("\n")
	}

	p("## Proposed risk re-estimates\n\n")
	if len(r.Reestimates) == 0 {
		p("None.\n")
	} else {
		p("Proposals only: apply each with the risk register's recorded estimate change.\n\n| hazard | estimate | current P1 | field P1 | proposed ID | reason |\n|---|---|---|---|---|---|\n")
		for _, re := range r.Reestimates {
			p("| %s | %s | %s to %s | %s to %s | %s | %s |\n", mdCell(re.Link.Hazard), mdCell(re.Contradicted), sig4(re.CurrentP1.Lo), sig4(re.CurrentP1.Hi),
				sig4(re.FieldP1.Lo), sig4(re.FieldP1.Hi), mdCell(re.Estimate.ID), mdCell(re.Reason))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rateCell(r RateEstimate) string {
	if !r.Defined {
		return "undefined (0 cases)"
	}
	return fmt.Sprintf("%s [%s, %s] (%d/%d)", sig4(r.Value), sig4(r.Lo), sig4(r.Hi), r.Numerator, r.Denominator)
}

// md escapes text for a Markdown table cell: pipes, newlines and a leading
// formula character (= + - @), so a cell never breaks the table or becomes
// a spreadsheet formula when pasted.
func mdCell(s string) string {
	s = strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ", "`", "'").Replace(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}
