package roi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// alternating returns n flows −1, 1, −1, … (n−1 sign changes).
func alternating(n int) []decimal.Decimal {
	out := make([]decimal.Decimal, n)
	one := decimal.NewFromInt(1)
	for i := range out {
		out[i] = one
		if i%2 == 0 {
			out[i] = one.Neg()
		}
	}
	return out
}

// TestHostile runs the inputs of issue 13 through the Go API and the JSON
// decoders. Each must be rejected with the right sentinel (and, for field
// problems, a *FieldError naming the argument and the cap) or finish; the
// time and memory bounds themselves are recorded by BenchmarkHostile.
func TestHostile(t *testing.T) {
	huge := decimal.New(1, 1_000_000_000)
	tiny := decimal.New(1, -1_000_000_000)
	long := "1" + strings.Repeat("0", 10_000_000)
	longDec := decimal.RequireFromString("1" + strings.Repeat("7", 20_000))
	cases := []struct {
		name, reason string
		call         func() error
		wantErr      error  // nil: must succeed
		wantPath     string // the *FieldError path, when one is expected
		wantText     string // part of the message (the cap it names)
	}{
		{"irr 10^6 alternating", "over MaxFlows: rejected before allocating", func() error { _, err := IRR(alternating(1_000_000), IRROptions{}); return err }, ErrInvalidInput, "values", "100000"},
		{"irr roots 10^6 alternating", "over MaxFlows", func() error { _, err := IRRRoots(alternating(1_000_000)); return err }, ErrInvalidInput, "values", "100000"},
		{"irr 10^5 alternating", "n·s² over MaxRootWork", func() error { _, err := IRR(alternating(100_000), IRROptions{}); return err }, ErrInvalidInput, "values", "sign changes"},
		{"irr roots 2000 alternating", "n·s² over MaxRootWork", func() error { _, err := IRRRoots(alternating(2000)); return err }, ErrInvalidInput, "values", "sign changes"},
		{"irr roots 100 alternating", "within the cap: every root found (r = 0 only)", func() error {
			rs, err := IRRRoots(alternating(100))
			if err == nil && (len(rs) != 1 || !rs[0].IsZero()) {
				return errors.New("want the single root 0, got " + decimal.NewFromInt(int64(len(rs))).String() + " roots")
			}
			return err
		}, nil, "", ""},
		{"discounted payback long", "the case of issue 13, made long: O(n), pays back in period 2", func() error {
			v := append(ds("-1e6"), repeatDec(d("999999"), 99_999)...)
			p, err := DiscountedPayback(d("0.1"), v)
			if err == nil && !near(p, d("1.11000121000121000121"), "1e-15") {
				return errors.New("payback " + p.String())
			}
			return err
		}, nil, "", ""},
		{"discounted payback never", "a long series that never pays back is scanned once", func() error {
			_, err := DiscountedPayback(d("0.1"), append(ds("-1e6"), repeatDec(d("1"), 99_999)...))
			return err
		}, ErrNeverPaysBack, "", ""},
		{"xirr 10^5 alternating", "n·s² over MaxRootWork", func() error {
			_, err := XIRR(dailyFlows(alternating(100_000)), IRROptions{})
			return err
		}, ErrInvalidInput, "flows", "sign changes"},
		{"xirr over MaxFlows", "rejected before allocating", func() error {
			_, err := XIRR(make([]Flow, MaxFlows+1), IRROptions{})
			return err
		}, ErrInvalidInput, "flows", "100000"},
		{"npv exponent +1e9", "decimal.New(1, 1e9) is rejected at once, naming the cap", func() error {
			_, err := NPV(d("0.1"), []decimal.Decimal{huge}, ConventionT0)
			return err
		}, ErrInvalidInput, "values[0]", "1e1000"},
		{"npv rate exponent −1e9", "a rate of 1e−1000000000", func() error {
			_, err := NPV(tiny, ds("1"), ConventionT0)
			return err
		}, ErrInvalidInput, "rate", "1e-1000"},
		{"irr exponent +1e9", "through the Go API", func() error { _, err := IRR([]decimal.Decimal{d("-1"), huge}, IRROptions{}); return err }, ErrInvalidInput, "values[1]", "1e1000"},
		{"irr guess exponent", "the guess is checked too", func() error {
			_, err := IRR(ds("-1", "2"), IRROptions{Guess: decimal.NewNullDecimal(huge)})
			return err
		}, ErrInvalidInput, "guess", "1e1000"},
		{"xnpv 20000 digits", "over MaxDecimalDigits", func() error {
			_, err := XNPV(d("0.1"), []Flow{{Date: date("2024-01-01"), Amount: longDec}})
			return err
		}, ErrInvalidInput, "flows[0].amount", "1000 significant digits"},
		{"case cost 10^7 digits", "JSON: rejected from the token length, never parsed", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","years":1,"discount_rate":"0.1","drivers":[],"lines":[{"id":"l","kind":"cost","amount":"` + long + `","start":0,"end":1}]}`))
			return err
		}, ErrInvalidInput, "", ""},
		{"case exponent 1e999999999", "JSON: the exponent is read before parsing", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","years":1,"discount_rate":"1e999999999","drivers":[],"lines":[]}`))
			return err
		}, ErrInvalidInput, "discount_rate", "1e1000"},
		{"case money as number", "amounts are strings, as documented", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","years":1,"discount_rate":"0.1","drivers":[],"lines":[{"id":"l","kind":"cost","amount":1250.5,"start":0,"end":1}]}`))
			return err
		}, ErrInvalidInput, "lines[0].amount", "not numbers"},
		{"case duplicate key", "last-wins would hide the first value", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","id":"d","years":1,"discount_rate":"0.1","drivers":[],"lines":[]}`))
			return err
		}, ErrInvalidInput, "id", "duplicate"},
		{"case case-variant key", `"ID" beside "id"`, func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","ID":"d","years":1,"discount_rate":"0.1","drivers":[],"lines":[]}`))
			return err
		}, ErrInvalidInput, "ID", "letter case"},
		{"case driver path", "errors carry the JSON path from the root", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"id":"c","years":1,"discount_rate":"0.1","drivers":[{"id":"a","value":{"low":"1","mode":"1","high":"1"}},{"id":"b","value":{"low":"1","mode":"1","high":"1"}},{"id":"x","value":{"low":2,"mode":"3","high":"4"}}],"lines":[]}`))
			return err
		}, ErrInvalidInput, "drivers[2].value.low", "not numbers"},
		{"case huge array", "more than 256 drivers: stopped while streaming", func() error {
			_, err := DecodeBusinessCase(strings.NewReader(`{"drivers":[` + strings.TrimSuffix(strings.Repeat("null,", 100_000), ",") + `]}`))
			return err
		}, ErrInvalidInput, "drivers", "256"},
		{"flow amount number", "Flow.UnmarshalJSON is strict too", func() error {
			var f Flow
			return f.UnmarshalJSON([]byte(`{"date":"2024-01-01","amount":5}`))
		}, ErrInvalidInput, "amount", "not numbers"},
		{"estimate duplicate", "Estimate.UnmarshalJSON rejects duplicates", func() error {
			var e Estimate
			return e.UnmarshalJSON([]byte(`{"low":"1","low":"2","mode":"3","high":"4"}`))
		}, ErrInvalidInput, "low", "duplicate"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error %v (%s)", err, tt.reason)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if tt.wantPath != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Path != tt.wantPath {
					t.Fatalf("err = %v, want a *FieldError at %q (%s)", err, tt.wantPath, tt.reason)
				}
			}
			if len(err.Error()) > 10_000 {
				t.Errorf("error text of %d bytes (%s)", len(err.Error()), tt.reason)
			}
			if tt.wantText != "" && !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("err = %v, want it to mention %q (%s)", err, tt.wantText, tt.reason)
			}
		})
	}
}

// TestJoinedErrorsCapped checks that 10^5 bad values give 100 problems and
// a count, not 10^5 messages.
func TestJoinedErrorsCapped(t *testing.T) {
	v := repeatDec(decimal.New(1, 5000), MaxFlows)
	_, err := NPV(d("0.1"), v, ConventionT0)
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v", err)
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("err %T is not a joined error", err)
	}
	if got := len(joined.Unwrap()); got != MaxJoinedErrors+1 {
		t.Errorf("%d joined problems, want %d (100 and a count)", got, MaxJoinedErrors+1)
	}
	if !strings.Contains(err.Error(), "and 99900 more problems") {
		t.Errorf("missing count in %q", err.Error()[len(err.Error())-200:])
	}
}

// TestMonteCarloContextCancel cancels a Monte Carlo run at its draw cap and
// checks that it returns ctx.Err() (no timing assert: the return itself is
// the check; BenchmarkMonteCarloCancel measures the delay).
func TestMonteCarloContextCancel(t *testing.T) {
	bc := mcCase()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	opts := MonteCarloOptions{Draws: maxDraws, Seed: 1, Workers: 1, Progress: func(done, total int) {
		calls++
		if done >= 3*4096 {
			cancel()
		}
	}}
	_, err := MonteCarloNPVContext(ctx, bc, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls != 3 {
		t.Errorf("progress called %d times after cancel at the third chunk, want 3", calls)
	}
	pre, stop := context.WithCancel(context.Background())
	stop()
	if _, err := MonteCarloNPVContext(pre, bc, MonteCarloOptions{Draws: 100}); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: err = %v", err)
	}
	dl, cancelDL := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancelDL()
	if _, err := MonteCarloNPVContext(dl, bc, MonteCarloOptions{Draws: maxDraws, Seed: 2}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v", err)
	}
}

func mcCase() BusinessCase {
	return BusinessCase{ID: "mc", Years: 5, DiscountRate: d("0.08"),
		Drivers: []Driver{{ID: "a", Value: Estimate{Low: d("0.5"), Mode: d("1"), High: d("2")}}},
		Lines: []Line{
			{ID: "b", Kind: Benefit, Amount: d("1000"), Drivers: []string{"a"}, Start: 1, End: 5},
			{ID: "c", Kind: Cost, Amount: d("3000"), Start: 0, End: 0},
		}}
}

func repeatDec(v decimal.Decimal, n int) []decimal.Decimal {
	out := make([]decimal.Decimal, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func dailyFlows(v []decimal.Decimal) []Flow {
	base := date("2000-01-01")
	out := make([]Flow, len(v))
	for i, x := range v {
		out[i] = Flow{Date: base.AddDate(0, 0, i), Amount: x}
	}
	return out
}

// BenchmarkHostile records the cost of rejecting or finishing the hostile
// inputs at their caps (README: allocations and time per input).
func BenchmarkHostile(b *testing.B) {
	alt := alternating(1_000_000)
	atCap := alternating(MaxFlows)
	single := append(ds("-1e6"), repeatDec(d("999999"), MaxFlows-1)...)
	multi := alternating(446) // 446·445² ≈ MaxRootWork
	bench := []struct {
		name string
		fn   func() error
	}{
		{"irr-alternating-1e6-rejected", func() error { _, err := IRR(alt, IRROptions{}); return err }},
		{"irr-alternating-1e5-rejected", func() error { _, err := IRR(atCap, IRROptions{}); return err }},
		{"irr-roots-at-root-work-cap", func() error { _, err := IRRRoots(multi); return err }},
		{"irr-one-sign-change-1e5", func() error { _, err := IRR(single, IRROptions{}); return err }},
		{"discounted-payback-1e5", func() error { _, err := DiscountedPayback(d("0.1"), append(ds("-1e12"), single[1:]...)); return err }},
		{"npv-exponent-1e9-rejected", func() error {
			_, err := NPV(d("0.1"), []decimal.Decimal{decimal.New(1, 1_000_000_000)}, ConventionT0)
			return err
		}},
	}
	for _, c := range bench {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = c.fn()
			}
		})
	}
}
