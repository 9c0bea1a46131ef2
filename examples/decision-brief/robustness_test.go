package main

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/shopspring/decimal"
)

// scoreWith scores the backlog with the model's weights replaced by w.
func rbScoreWith(t *testing.T, p *Portfolio, w []float64) map[string]float64 {
	t.Helper()
	m := p.Model
	m.Weighting = prioritize.Weighting{Scheme: prioritize.SchemeExplicit, Policy: prioritize.SumAsGiven, Values: map[string]float64{}}
	for j, c := range m.Criteria {
		m.Weighting.Values[c.ID] = w[j]
	}
	s, err := prioritize.Scores(m, p.Items)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for i, it := range p.Items {
		out[it.ID] = s[i]
	}
	return out
}

func TestRobustnessSection(t *testing.T) {
	p := defaultP(t)
	var b bytes.Buffer
	if err := writeRobustness(&b, p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	flat := strings.Join(strings.Fields(out), " ")
	for i, line := range strings.Split(out, "\n") {
		if len(line) > 100 {
			t.Errorf("line %d is %d columns: %q", i+1, len(line), line)
		}
	}

	// Patient Safety threshold, found independently by bisection on the
	// weight (others rescaled proportionally) with the scoring pass alone:
	// the lowest weight at which EHR-INT still leads INV-REORDER.
	w0, _, err := p.Model.Weights()
	if err != nil {
		t.Fatal(err)
	}
	leads := func(x float64) bool {
		w := make([]float64, len(w0))
		for j := range w0 {
			w[j] = w0[j] * (1 - x) / (1 - w0[0])
		}
		w[0] = x
		s := rbScoreWith(t, p, w)
		return s["EHR-INT"] >= s["INV-REORDER"]
	}
	lo, hi := 0.0, w0[0] // lo: INV-REORDER leads, hi: EHR-INT leads
	if leads(lo) || !leads(hi) {
		t.Fatalf("no crossing in [0, %v]", w0[0])
	}
	for range 60 {
		mid := (lo + hi) / 2
		if leads(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	want := fmt.Sprintf("unless Patient Safety's weight (%.4f) drops below %.4f", w0[0], hi)
	if !strings.Contains(flat, want) {
		t.Errorf("missing %q in:\n%s", want, out)
	}

	// The fragile flag: one level less of EHR-INT's patient safety (4 → 3)
	// hands the lead to INV-REORDER, checked with the scoring pass.
	items := slices.Clone(p.Items)
	for i := range items {
		if items[i].ID == "EHR-INT" {
			items[i].Scores = slices.Clone(items[i].Scores)
			items[i].Scores[0].Value = 3
		}
	}
	r, err := prioritize.Rank(p.Model, items)
	if err != nil {
		t.Fatal(err)
	}
	if r.Entries[0].ID != "INV-REORDER" {
		t.Fatalf("EHR-INT at patient safety 3: winner %s", r.Entries[0].ID)
	}
	for _, s := range []string{"FRAGILE WINNER", "EHR-INT's Patient Safety from 4 to 3, 1 scale level(s) makes INV-REORDER the winner"} {
		if !strings.Contains(flat, s) {
			t.Errorf("missing %q", s)
		}
	}

	// SMAA: the P(best) column sums to 1 (up to the printed rounding).
	re := regexp.MustCompile(`(?m)^  (\S+)\s+([0-9.]+) \+- ([0-9.]+)\s+([0-9.]+)`)
	var sum float64
	rows := re.FindAllStringSubmatch(out, -1)
	if len(rows) != len(p.Items) {
		t.Fatalf("%d SMAA rows for %d items", len(rows), len(p.Items))
	}
	for _, m := range rows {
		v, _ := strconv.ParseFloat(m[2], 64)
		sum += v
		if m[1] == "AI-TRIAGE" && v != 0 {
			t.Errorf("AI-TRIAGE is blocked by a gate yet P(best) = %v", v)
		}
	}
	if math.Abs(sum-1) > 0.0005*float64(len(rows)) {
		t.Errorf("P(best) sums to %v", sum)
	}

	// Budget: exhaustive search over the unblocked items with the file's
	// constraints gives the selection printed at the budget, 90 % and 110 %.
	cands := prioritize.CandidatesFromRanking(rbRank(t, p))
	bud := p.Robustness.Budget
	best := func(budget decimal.Decimal) []string {
		var bestSet []string
		bestV := math.Inf(-1)
		for mask := 0; mask < 1<<len(cands); mask++ {
			has := func(id string) bool {
				for i, c := range cands {
					if c.ID == id {
						return mask&(1<<i) != 0
					}
				}
				return false
			}
			cost, v := decimal.Zero, 0.0
			var set []string
			for i, c := range cands {
				if mask&(1<<i) != 0 {
					cost, v = cost.Add(c.Cost), v+c.Value
					set = append(set, c.ID)
				}
			}
			ok := cost.LessThanOrEqual(budget)
			for _, id := range bud.Mandatory {
				ok = ok && has(id)
			}
			for _, q := range bud.Requires {
				ok = ok && (!has(q.Item) || has(q.Requires))
			}
			if ok && v > bestV+1e-12 {
				bestV, bestSet = v, set
			}
		}
		return bestSet
	}
	for _, c := range []struct {
		label  string
		budget decimal.Decimal
	}{{"At the budget", bud.Budget}, {"At B - 10 %", bud.Budget.Mul(dec("0.9"))}, {"At B + 10 %", bud.Budget.Mul(dec("1.1"))}} {
		want := fmt.Sprintf("%s (%s EUR): %s;", c.label, eur(c.budget), strings.Join(best(c.budget), ", "))
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func rbRank(t *testing.T, p *Portfolio) prioritize.Ranking {
	t.Helper()
	r, err := prioritize.Rank(p.Model, p.Items)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRbMoney(t *testing.T) {
	tests := []struct{ name, reason, in, want string }{
		{"zero", "no separator", "0", "0"},
		{"thousands", "groups of three", "1200000", "1,200,000"},
		{"rounding", "half away from zero", "999.5", "1,000"},
		{"negative", "sign kept in front", "-1234", "-1,234"},
	}
	for _, tt := range tests {
		if got := eur(dec(tt.in)); got != tt.want {
			t.Errorf("%s: %s: got %q, want %q", tt.name, tt.reason, got, tt.want)
		}
	}
}
