package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/healthpm/healthpm/prioritize"
	"github.com/healthpm/healthpm/regulatory"
	"github.com/healthpm/healthpm/risk"
	"github.com/healthpm/healthpm/roi"
)

// TestBriefNumbersMatchPackages recomputes every headline number of the
// brief directly with the packages and checks that the text brief prints
// it and the JSON brief carries it.
func TestBriefNumbersMatchPackages(t *testing.T) {
	p := defaultP(t)
	text := runArgs(t, false).stdout
	var js Brief
	if err := json.Unmarshal([]byte(runArgs(t, false, "-format", "json").stdout), &js); err != nil {
		t.Fatal(err)
	}
	var want []string

	r, err := prioritize.Rank(prioritize.HealthcareDefault(), p.Items)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range r.Entries {
		want = append(want, fmt.Sprintf("%4d %-13s %.4f", e.Rank, e.ID, e.Score))
		if got := js.Backlog.Ranking.Entries[i]; got.ID != e.ID || got.Score != e.Score || got.Blocked != e.Blocked {
			t.Errorf("JSON entry %d = %s %v, want %s %v", i, got.ID, got.Score, e.ID, e.Score)
		}
	}

	sm, err := prioritize.SMAA(p.Model, p.Items, p.Robustness.SMAA)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range sm.Items {
		want = append(want, fmt.Sprintf("%-13s %.4f +- %.4f", it.ID, it.PBest, it.PBestSE))
		if diff := cmp.Diff(it, js.Robustness.SMAA.Items[i]); diff != "" {
			t.Errorf("JSON SMAA item %s differs from prioritize.SMAA (-want +got):\n%s", it.ID, diff)
		}
	}
	sel, err := prioritize.SelectPortfolio(buildBudgetProblem(r, p.Robustness.Budget).problem, prioritize.PortfolioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, strings.Join(sel.Optimal.Selected, ", ")+"; total score")
	if js.Robustness.Portfolio == nil || !cmp.Equal(sel.Optimal, js.Robustness.Portfolio.Selection.Optimal) {
		t.Errorf("JSON budgeted portfolio does not carry prioritize.SelectPortfolio's selection %v", sel.Optimal.Selected)
	}

	for _, c := range p.Cases {
		ev, err := roi.Evaluate(c.Case)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := roi.MonteCarloNPV(c.Case, c.MonteCarlo)
		if err != nil {
			t.Fatal(err)
		}
		tor, err := roi.TornadoNPV(c.Case)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, "NPV                   "+eur(ev.NPV),
			fmt.Sprintf("NPV P10 %s, P50 %s, P90 %s; P(NPV > 0) = %.4f", eur(mc.P10), eur(mc.P50), eur(mc.P90), mc.ProbPositive))
		if ev.IRR.Valid {
			want = append(want, "IRR                   "+pct(ev.IRR.Decimal))
		}
		for _, b := range tor.Bars {
			if !b.Swing.IsZero() {
				want = append(want, fmt.Sprintf("%-36s %10s", b.Name, eur(b.Swing)))
			}
		}
		var got *caseResult
		for i := range js.BusinessCases {
			if js.BusinessCases[i].Evaluation.CaseID == c.Case.ID {
				got = &js.BusinessCases[i]
			}
		}
		if got == nil || !got.Evaluation.NPV.Equal(ev.NPV) || !got.MonteCarlo.P50.Equal(mc.P50) ||
			got.MonteCarlo.ProbPositive != mc.ProbPositive {
			t.Errorf("JSON business case %s does not carry roi's NPV %s and P50 %s", c.Case.ID, ev.NPV, mc.P50)
		}
	}

	for i, d := range p.Devices {
		eu, err := regulatory.Evaluate(regulatory.EUMDR, d.Facts)
		if err != nil {
			t.Fatal(err)
		}
		iec, err := regulatory.Evaluate(regulatory.IEC62304, d.Facts)
		if err != nil {
			t.Fatal(err)
		}
		if eu.Class != regulatory.ClassNone {
			want = append(want, fmt.Sprintf("class %s by %s", eu.Class, strings.Join(eu.Rules, ", ")))
		}
		want = append(want, "software safety class "+iec.SafetyClass.String())
		if js.Devices[i].ID != d.ID || js.Devices[i].EUMDR.Class != eu.Class || js.Devices[i].IEC62304.SafetyClass != iec.SafetyClass {
			t.Errorf("JSON device %d does not match regulatory.Evaluate for %s", i, d.ID)
		}
	}

	var h, m, l, uns int
	for _, row := range p.Register.Rows {
		if !row.Scored() {
			uns++
			continue
		}
		res, err := risk.ActionPriority(risk.AIAGVDA2019(), row.S, row.O, row.D)
		if err != nil {
			t.Fatal(err)
		}
		switch res.AP {
		case risk.APHigh:
			h++
		case risk.APMedium:
			m++
		default:
			l++
		}
	}
	want = append(want, fmt.Sprintf("  %-12s %3d %3d %3d %9d", "Total", h, m, l, uns))
	var jh int
	for _, row := range js.Risks.Rows {
		if row.Scored && row.Priority.AP == risk.APHigh {
			jh++
		}
	}
	if jh != h {
		t.Errorf("JSON has %d AP = H lines, want %d", jh, h)
	}

	var missing []string
	for _, w := range want {
		if !strings.Contains(text, w) {
			missing = append(missing, w)
		}
	}
	if diff := cmp.Diff([]string(nil), missing); diff != "" {
		t.Errorf("numbers the packages compute but the brief does not print (-want +got):\n%s\nbrief:\n%s", diff, text)
	}
}

// TestDeterministic checks that two runs give byte-identical Markdown and
// HTML (text and JSON are pinned by TestGolden).
func TestDeterministic(t *testing.T) {
	for _, f := range []string{"markdown", "html"} {
		a, b := runArgs(t, false, "-format", f), runArgs(t, false, "-format", f)
		if a.code != exitOK || !bytes.Equal([]byte(a.stdout), []byte(b.stdout)) {
			t.Errorf("%s: exit %d, outputs differ between runs", f, a.code)
		}
	}
}
