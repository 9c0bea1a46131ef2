package roi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestBusinessMetrics(t *testing.T) {
	runNumCases(t, []numCase{
		{"roi", "(150 − 100)/100 × 100", func() (decimal.Decimal, error) { return ROIPercent(d("150"), d("100")) }, "50", "", nil},
		{"roi loss", "negative ROI", func() (decimal.Decimal, error) { return ROIPercent(d("80"), d("100")) }, "-20", "", nil},
		{"roi zero cost", "undefined", func() (decimal.Decimal, error) { return ROIPercent(d("80"), decimal.Zero) }, "", "", ErrInvalidInput},
		{"bcr", "PV(benefits)/PV(costs) at t0", func() (decimal.Decimal, error) {
			return BenefitCostRatio(d("0.1"), ds("0", "110", "121"), ds("100"))
		}, "2", "1e-30", nil},
		{"bcr negative cost", "costs are positive amounts", func() (decimal.Decimal, error) {
			return BenefitCostRatio(d("0.1"), ds("1"), ds("-1"))
		}, "", "", ErrInvalidInput},
		{"break-even", "50000/(25 − 5)", func() (decimal.Decimal, error) { return BreakEvenUnits(d("50000"), d("25"), d("5")) }, "2500", "", nil},
		{"break-even none", "price ≤ variable cost", func() (decimal.Decimal, error) { return BreakEvenUnits(d("50000"), d("5"), d("5")) }, "", "", ErrInvalidInput},
	})
}

func TestTCO(t *testing.T) {
	got, err := TCO(TCOInputs{Acquisition: d("100"), Implementation: d("50"), Integration: d("30"), Training: d("20"),
		AnnualMaintenance: d("100"), Escalation: d("0.1"), Years: 3, DiscountRate: d("0.1")})
	if err != nil {
		t.Fatal(err)
	}
	want := TCOResult{Method: "tco-v1", Schedule: ds("200", "100", "110", "121"), Nominal: d("531"), Discounted: d("472.7272727272727272727272727272727")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TCO mismatch (-want +got):\n%s", diff)
	}
	_, err = TCO(TCOInputs{Acquisition: d("-1"), Years: 0, DiscountRate: d("-2"), Escalation: d("-1")})
	if !errors.Is(err, ErrInvalidInput) || strings.Count(err.Error(), "\n") < 3 {
		t.Errorf("TCO(invalid) = %v, want every problem reported", err)
	}
}

func TestSavingsModels(t *testing.T) {
	got, err := SupplyCostSavings(d("2000000"), Estimate{Low: d("0.15"), Mode: d("0.20"), High: d("0.25")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Estimate{Low: d("300000"), Mode: d("400000"), High: d("500000")}, got); diff != "" {
		t.Errorf("SupplyCostSavings (-want +got):\n%s", diff)
	}
	if _, err := SupplyCostSavings(d("1"), Estimate{Low: d("0.2"), Mode: d("0.1"), High: d("0.3")}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("out-of-order estimate: err = %v", err)
	}
	if _, err := SupplyCostSavings(d("1"), Fixed(d("1.5"))); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("reduction > 1: err = %v", err)
	}
	ct, err := ClinicianTimeSavings(Fixed(d("6")), Fixed(d("90")), Estimate{Low: d("1000"), Mode: d("2000"), High: d("3000")})
	if err != nil {
		t.Fatal(err)
	}
	// 6 min / 60 × 90 × volume = 9 × volume
	if diff := cmp.Diff(Estimate{Low: d("9000"), Mode: d("18000"), High: d("27000")}, ct); diff != "" {
		t.Errorf("ClinicianTimeSavings (-want +got):\n%s", diff)
	}
}

func TestEstimateMean(t *testing.T) {
	e := Estimate{Low: d("0.15"), Mode: d("0.20"), High: d("0.28")}
	if got := e.Mean(Triangular); !got.Equal(d("0.21")) {
		t.Errorf("triangular mean = %s", got)
	}
	if got := e.Mean(BetaPERT); !got.Equal(d("0.205")) {
		t.Errorf("PERT mean = %s", got)
	}
}

// testCase is a small supply-chain business case used by several tests.
func testCase() BusinessCase {
	drv, sav := SupplyCostLine("supply", "Supply savings", d("1000000"), Estimate{Low: d("0.15"), Mode: d("0.20"), High: d("0.25")}, 1, 5)
	return BusinessCase{
		ID: "BC-1", Name: "test", Years: 5, DiscountRate: d("0.08"),
		Drivers: append(drv, Driver{ID: "impl", Name: "Implementation", Unit: "money", Value: Estimate{Low: d("300000"), Mode: d("400000"), High: d("600000")}}),
		Lines: []Line{sav,
			{ID: "impl", Name: "Implementation", Kind: Cost, Amount: d("1"), Drivers: []string{"impl"}, Start: 0, End: 0},
			{ID: "run", Name: "Subscription", Kind: Cost, Amount: d("50000"), Start: 1, End: 5, Growth: d("0.03")},
		},
	}
}

func TestEvaluate(t *testing.T) {
	ev, err := Evaluate(testCase())
	if err != nil {
		t.Fatal(err)
	}
	if !ev.Net[0].Equal(d("-400000")) || !ev.Net[1].Equal(d("150000")) || !ev.Costs[2].Equal(d("51500")) {
		t.Errorf("flows = %v / %v", ev.Net, ev.Costs)
	}
	npv, _ := NPV(d("0.08"), ev.Net, ConventionT0)
	if !near(npv, ev.NPV, "1e-20") || !near(ev.PVBenefits.Sub(ev.PVCosts), ev.NPV, "1e-20") {
		t.Errorf("NPV %s, PVB−PVC %s, NPV(net) %s disagree", ev.NPV, ev.PVBenefits.Sub(ev.PVCosts), npv)
	}
	if !ev.IRR.Valid || !ev.Payback.Valid || !ev.DiscountedPayback.Valid || !ev.BenefitCostRatio.Valid {
		t.Errorf("missing metrics: %+v", ev)
	}
	if ev.Payback.Decimal.GreaterThan(ev.DiscountedPayback.Decimal) {
		t.Errorf("payback %s later than discounted payback %s", ev.Payback.Decimal, ev.DiscountedPayback.Decimal)
	}
	if _, err := Evaluate(BusinessCase{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero case: err = %v", err)
	}
}

func TestValidateCase(t *testing.T) {
	bc := testCase()
	bc.Lines = append(bc.Lines, Line{ID: "run", Kind: 0, Amount: d("-1"), Drivers: []string{"nope"}, Start: 3, End: 9, Growth: d("-1")})
	bc.Drivers = append(bc.Drivers, Driver{ID: "impl", Value: Estimate{Low: d("2"), Mode: d("1"), High: d("3")}})
	err := bc.Validate()
	for _, want := range []string{"duplicate driver id", "low ≤ mode ≤ high", "duplicate line id", "kind", "amount", "unknown driver", "start", "growth"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v; missing %q", err, want)
		}
	}
}

func TestTornado(t *testing.T) {
	tor, err := TornadoNPV(testCase())
	if err != nil {
		t.Fatal(err)
	}
	if len(tor.Bars) != 2 || tor.Bars[0].DriverID != "supply.reduction" || tor.Bars[0].Swing.LessThan(tor.Bars[1].Swing) {
		t.Fatalf("bars = %+v", tor.Bars)
	}
	ev, _ := Evaluate(testCase())
	if !tor.BaseNPV.Equal(ev.NPV) {
		t.Errorf("base NPV %s ≠ evaluation NPV %s", tor.BaseNPV, ev.NPV)
	}
	// impl is a cost at t = 0: NPV at high is lower, swing 600000 − 300000
	if b := tor.Bars[1]; !b.Swing.Equal(d("300000")) || !b.NPVAtHigh.LessThan(b.NPVAtLow) {
		t.Errorf("impl bar = %+v", b)
	}
}

func TestMonteCarloDeterministic(t *testing.T) {
	bc := testCase()
	for _, dist := range []Distribution{Triangular, BetaPERT} {
		a, err := MonteCarloNPV(bc, MonteCarloOptions{Draws: 20000, Seed: 42, Distribution: dist, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := MonteCarloNPV(bc, MonteCarloOptions{Draws: 20000, Seed: 42, Distribution: dist, Workers: 7})
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: workers change the result (-1 +7):\n%s", dist, diff)
		}
		if !(a.P10.LessThanOrEqual(a.P50) && a.P50.LessThanOrEqual(a.P90)) || a.ProbPositive < 0 || a.ProbPositive > 1 {
			t.Errorf("%s: unordered result %+v", dist, a)
		}
		c, _ := MonteCarloNPV(bc, MonteCarloOptions{Draws: 20000, Seed: 43, Distribution: dist})
		if a.P50.Equal(c.P50) {
			t.Errorf("%s: seed does not matter", dist)
		}
	}
}

func TestMonteCarloMeanMatchesTheory(t *testing.T) {
	// NPV is linear in each independent driver, so its mean is the NPV at the
	// drivers' means.
	bc := testCase()
	for _, dist := range []Distribution{Triangular, BetaPERT} {
		mc, err := MonteCarloNPV(bc, MonteCarloOptions{Draws: 200000, Seed: 7, Distribution: dist})
		if err != nil {
			t.Fatal(err)
		}
		at := bc
		at.Drivers = nil
		for _, dr := range bc.Drivers {
			dr.Value = Fixed(dr.Value.Mean(dist))
			at.Drivers = append(at.Drivers, dr)
		}
		ev, _ := Evaluate(at)
		if diff := mc.Mean.Sub(ev.NPV).Abs(); diff.GreaterThan(d("2000")) {
			t.Errorf("%s: MC mean %s vs NPV at means %s", dist, mc.Mean, ev.NPV)
		}
	}
}

func TestMonteCarloOptions(t *testing.T) {
	if _, err := MonteCarloNPV(testCase(), MonteCarloOptions{Draws: -1, Distribution: 9, Workers: -1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("err = %v", err)
	}
	r, err := MonteCarloNPV(testCase(), MonteCarloOptions{})
	if err != nil || r.Draws != 10000 {
		t.Errorf("default draws: %+v, %v", r, err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	bc := testCase()
	b, err := json.Marshal(bc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBusinessCase(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bc, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(b), `"discount_rate":"0.08"`) || !strings.Contains(string(b), `"kind":"benefit"`) {
		t.Errorf("unexpected JSON: %s", b)
	}
	if _, err := DecodeBusinessCase(strings.NewReader(`{"id":"x","bogus":1}`)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown field: err = %v", err)
	}
	if _, err := DecodeBusinessCase(strings.NewReader(`{"id":"x","lines":[{"kind":"gain"}]}`)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown enum: err = %v", err)
	}
	if _, err := DecodeBusinessCase(strings.NewReader(strings.Repeat(" ", maxCaseJSON+1))); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("oversize: err = %v", err)
	}

	for _, v := range []any{
		Flow{Date: date("2024-02-29"), Amount: d("-12.50")},
		IRROptions{Guess: decimal.NewNullDecimal(d("0.2")), Policy: SmallestNonNegative},
		IRROptions{},
		PaybackOptions{Crossing: FinalCrossing},
		MonteCarloOptions{Draws: 5, Seed: 9, Distribution: BetaPERT},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		ptr := newOf(v)
		if err := json.Unmarshal(b, ptr); err != nil {
			t.Fatalf("%T: %s: %v", v, b, err)
		}
		if diff := cmp.Diff(v, deref(ptr)); diff != "" {
			t.Errorf("%T round trip %s (-want +got):\n%s", v, b, diff)
		}
	}
	ev, _ := Evaluate(testCase())
	b, _ = json.Marshal(ev)
	var ev2 Evaluation
	if err := json.Unmarshal(b, &ev2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ev, ev2); diff != "" {
		t.Errorf("Evaluation round trip (-want +got):\n%s", diff)
	}
	var f Flow
	if err := json.Unmarshal([]byte(`{"date":"2024-01-01","amount":"1","x":1}`), &f); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Flow unknown field: %v", err)
	}
	var c Convention
	if err := c.UnmarshalText([]byte("EXCEL")); err != nil || c != ConventionExcel {
		t.Errorf("Convention parse: %v %v", c, err)
	}
	if _, err := ConventionUnspecified.MarshalText(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero Convention marshals: %v", err)
	}
}

func newOf(v any) any {
	switch v.(type) {
	case Flow:
		return new(Flow)
	case IRROptions:
		return new(IRROptions)
	case PaybackOptions:
		return new(PaybackOptions)
	case MonteCarloOptions:
		return new(MonteCarloOptions)
	}
	panic("type")
}

func deref(p any) any {
	switch x := p.(type) {
	case *Flow:
		return *x
	case *IRROptions:
		return *x
	case *PaybackOptions:
		return *x
	case *MonteCarloOptions:
		return *x
	}
	panic("type")
}
