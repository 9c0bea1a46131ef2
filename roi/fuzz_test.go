package roi

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Fuzz targets: one per entry point that takes user data, each asserting no
// panic, a known error class, and the function's invariant on success; plus
// the rapid properties as fuzz targets.

// parseList turns "a,b,c" into decimals; ok is false on a parse error or
// more than 64 items.
func parseList(s string) ([]decimal.Decimal, bool) {
	if s == "" {
		return nil, true
	}
	parts := strings.Split(s, ",")
	if len(parts) > 64 {
		return nil, false
	}
	out := make([]decimal.Decimal, len(parts))
	for i, p := range parts {
		if len(p) > 60 {
			return nil, false
		}
		v, err := decimal.NewFromString(strings.TrimSpace(p))
		if err != nil {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func parseDec(s string) (decimal.Decimal, bool) {
	if len(s) > 60 {
		return decimal.Decimal{}, false
	}
	v, err := decimal.NewFromString(s)
	return v, err == nil
}

// knownErr fails unless err is nil or wraps one of the package sentinels.
func knownErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []error{ErrInvalidInput, ErrNoSignChange, ErrNoRealRoot, ErrSolverFailed, ErrNeverPaysBack} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

func FuzzNPV(f *testing.F) {
	f.Add("0.1", "-10000,3000,4200,6800", uint8(1))
	f.Add("-1.5", "-100,10,10,100", uint8(1))
	f.Add("1e9", "5,1000000000,1000000000000000000", uint8(2))
	f.Add("-1", "1", uint8(0))
	f.Fuzz(func(t *testing.T, rate, values string, conv uint8) {
		r, ok1 := parseDec(rate)
		v, ok2 := parseList(values)
		if !ok1 || !ok2 {
			return
		}
		_, err := NPV(r, v, Convention(conv))
		knownErr(t, err)
		_, err = DiscountedPayback(r, v)
		knownErr(t, err)
		_, err = Payback(v)
		knownErr(t, err)
	})
}

func FuzzIRR(f *testing.F) {
	f.Add("-1000,3000,-2500,600", "0.5", uint8(0))
	f.Add("-1,3,-3", "", uint8(1))
	f.Add("0,-54163.55,-15411.72,11824.61,13831.22", "", uint8(2))
	f.Add("-1e900,1e-900", "", uint8(0))
	f.Fuzz(func(t *testing.T, values, g string, policy uint8) {
		v, ok := parseList(values)
		if !ok {
			return
		}
		opts := IRROptions{Policy: RootPolicy(policy % 4)}
		if gd, ok := parseDec(g); ok && g != "" {
			opts.Guess = decimal.NewNullDecimal(gd)
		}
		r, err := IRR(v, opts)
		knownErr(t, err)
		if err == nil && r.LessThanOrEqual(decOne.Neg()) {
			t.Fatalf("IRR(%v) = %s ≤ −1", v, r)
		}
		rs, err := IRRRoots(v)
		knownErr(t, err)
		for _, x := range rs {
			if x.LessThanOrEqual(decOne.Neg()) {
				t.Fatalf("IRRRoots(%v) has %s ≤ −1", v, x)
			}
		}
		_, err = MIRR(v, decimal.New(1, -1), decimal.New(12, -2))
		knownErr(t, err)
	})
}

func FuzzXIRR(f *testing.F) {
	f.Add("-10000,2750,4250,3250,2750", "0,60,303,411,456", "0.09")
	f.Add("-100,-100,100", "0,7,12", "-0.5")
	f.Add("55600,-51094.83", "0,30", "0")
	f.Fuzz(func(t *testing.T, values, days, rate string) {
		v, ok := parseList(values)
		dd, ok2 := parseList(days)
		r, ok3 := parseDec(rate)
		if !ok || !ok2 || !ok3 || len(v) != len(dd) {
			return
		}
		base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		fs := make([]Flow, len(v))
		for i := range v {
			n := dd[i].IntPart() % 40000
			fs[i] = Flow{Date: base.AddDate(0, 0, int(n)), Amount: v[i]}
		}
		x, err := XIRR(fs, IRROptions{})
		knownErr(t, err)
		if err == nil && x.LessThanOrEqual(decOne.Neg()) {
			t.Fatalf("XIRR = %s ≤ −1", x)
		}
		_, err = XNPV(r, fs)
		knownErr(t, err)
	})
}

func FuzzTVM(f *testing.F) {
	f.Add("12", 400, "10000", "5000", uint8(1))
	f.Add("1e-12", 360, "100000", "0", uint8(0))
	f.Add("-0.99", 1000, "1", "1", uint8(0))
	f.Fuzz(func(t *testing.T, rate string, nper int, a, b string, when uint8) {
		r, ok1 := parseDec(rate)
		x, ok2 := parseDec(a)
		y, ok3 := parseDec(b)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		nper %= 1_000_000
		_, err := PMT(r, nper, x, y, Timing(when))
		knownErr(t, err)
		_, err = FV(r, nper, x, y, Timing(when))
		knownErr(t, err)
		_, err = PV(r, nper, x, y, Timing(when))
		knownErr(t, err)
	})
}

func FuzzDecodeBusinessCase(f *testing.F) {
	f.Add([]byte(`{"id":"x","years":3,"discount_rate":"0.1","drivers":[{"id":"d","value":{"low":"1","mode":"2","high":"3"}}],"lines":[{"id":"l","kind":"benefit","amount":"10","drivers":["d"],"start":0,"end":3,"growth":"0"}]}`))
	f.Add([]byte(`{"years":0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		bc, err := DecodeBusinessCase(bytes.NewReader(b))
		knownErr(t, err)
		if err != nil {
			return
		}
		_, err = Evaluate(bc)
		knownErr(t, err)
		_, err = TornadoNPV(bc)
		knownErr(t, err)
		mc, err := MonteCarloNPV(bc, MonteCarloOptions{Draws: 200, Seed: 1})
		knownErr(t, err)
		if err == nil && (mc.P10.GreaterThan(mc.P50) || mc.P50.GreaterThan(mc.P90)) {
			t.Fatalf("unordered percentiles %+v", mc)
		}
	})
}

// rapidSeeds gives the rapid-backed fuzz targets a small seed corpus (rapid
// reads the bytes as its random stream).
func rapidSeeds(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{255, 0, 255, 0, 17, 42, 99, 3, 200, 1, 1, 1})
}

func FuzzPropIRRIsARoot(f *testing.F) { rapidSeeds(f); f.Fuzz(rapid.MakeFuzz(propIRRIsARoot)) }
func FuzzPropRootsFromChosen(f *testing.F) {
	rapidSeeds(f)
	f.Fuzz(rapid.MakeFuzz(propRootsFromChosen))
}
func FuzzPropTVMIdentity(f *testing.F) { rapidSeeds(f); f.Fuzz(rapid.MakeFuzz(propTVMIdentity)) }
