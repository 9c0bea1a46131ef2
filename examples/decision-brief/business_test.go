package main

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// hand-computed base case of INV-REORDER (most likely values).
func inventoryByHand() (net []float64, tco float64) {
	benefit := 900000*0.20*0.85 + 5.0/60*48*9125 // supply savings × adoption + nurse time
	upfront := 180000.0 + 60000 + 25000
	net = []float64{-upfront}
	tco = upfront
	sub := 48000.0
	for range 5 {
		net = append(net, benefit-sub)
		tco += sub
		sub *= 1.03
	}
	return net, tco
}

func eurF(x float64) string {
	return eur(dec(strconv.FormatFloat(x, 'f', 6, 64)))
}

func TestBusinessSection(t *testing.T) {
	var b bytes.Buffer
	if err := writeBusiness(&b, defaultP(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	net, tco := inventoryByHand()
	npv := 0.0
	for i, v := range net {
		npv += v / math.Pow(1.08, float64(i))
	}
	payback := 1 + (-net[0]-net[1])/net[2]
	tests := []struct {
		name, reason, want string
	}{
		{"year 0", "implementation + ERP integration + training", "  0                 0      265,000     -265,000"},
		{"year 2", "supply savings 900k × 20 % × 85 % + nurse time 5/60 × 48 × 9125; subscription 48k × 1.03",
			"  2           189,500       49,440      140,060"},
		{"tco", "nominal TCO by hand", fmt.Sprintf("  TCO (5 years)        %s nominal", eurF(tco))},
		{"npv", "NPV at 8 % by hand (t = 0..5)", "  NPV                   " + eurF(npv)},
		{"payback", "first crossing inside year 2", fmt.Sprintf("  Payback               %.2f years", payback)},
		{"tornado first", "the supply-cost reduction range (15–25 %) moves NPV most", "    Supplies: supply-cost reduction"},
		{"tornado impl", "implementation 150k–250k swings NPV by exactly 100k", "    Implementation cost                     100,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(out, tt.want) {
				t.Errorf("section lacks %q (%s); got:\n%s", tt.want, tt.reason, out)
			}
		})
	}

	// IRR: the printed rate zeroes the hand-computed NPV to within its rounding.
	m := regexp.MustCompile(`IRR\s+([0-9.]+) %`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no IRR line:\n%s", out)
	}
	irr, _ := strconv.ParseFloat(m[1], 64)
	at := func(r float64) float64 {
		s := 0.0
		for i, v := range net {
			s += v / math.Pow(1+r, float64(i))
		}
		return s
	}
	if lo, hi := at((irr-0.05)/100), at((irr+0.05)/100); !(lo > 0 && hi < 0) {
		t.Errorf("IRR %s %% does not bracket the root: NPV %g, %g", m[1], lo, hi)
	}

	// Monte Carlo: ordered percentiles, a probability, reproducible.
	mc := regexp.MustCompile(`P10 ([-0-9,]+), P50 ([-0-9,]+), P90 ([-0-9,]+); P\(NPV > 0\) = ([0-9.]+)`).FindStringSubmatch(out)
	if mc == nil {
		t.Fatalf("no Monte Carlo line:\n%s", out)
	}
	num := func(s string) float64 { f, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); return f }
	if p10, p50, p90, p := num(mc[1]), num(mc[2]), num(mc[3]), num(mc[4]); !(p10 < p50 && p50 < p90) || p < 0.9 || p > 1 {
		t.Errorf("Monte Carlo line implausible: %q", mc[0])
	}
	var again bytes.Buffer
	if err := writeBusiness(&again, defaultP(t)); err != nil || again.String() != out {
		t.Errorf("section is not reproducible (err %v)", err)
	}
}

func TestEur(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "999.5": "1,000", "-1234567.49": "-1,234,567", "100000": "100,000", "2.5": "2"} {
		if got := eur(dec(in)); got != want {
			t.Errorf("eur(%s) = %q, want %q", in, got, want)
		}
	}
}
