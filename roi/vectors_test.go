package roi

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// vector is one entry of testdata/roi_vectors.*.json, copied unchanged from
// shared/reference/roi_vectors.dev.json (see reference/roi.md §5 for how the
// expected values were computed: mpmath at 80 digits, exact rationals for
// payback).
type vector struct {
	ID        string                     `json:"id"`
	Func      string                     `json:"func"`
	Args      map[string]json.RawMessage `json:"args"`
	Expected  json.RawMessage            `json:"expected"`
	Tolerance struct {
		Abs string `json:"abs"`
		Rel string `json:"rel"`
	} `json:"tolerance"`
	Source string `json:"source"`
	Notes  string `json:"notes"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "roi_vectors*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files: %v", err)
	}
	var all []vector
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var vs []vector
		if err := json.Unmarshal(b, &vs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, vs...)
	}
	return all
}

func (v vector) str(name string) string {
	var s string
	if err := json.Unmarshal(v.Args[name], &s); err != nil {
		panic(fmt.Sprintf("%s: arg %s: %v", v.ID, name, err))
	}
	return s
}

func (v vector) dec(name string) decimal.Decimal { return decimal.RequireFromString(v.str(name)) }

func (v vector) int(name string) int {
	var n int
	if err := json.Unmarshal(v.Args[name], &n); err != nil {
		panic(fmt.Sprintf("%s: arg %s: %v", v.ID, name, err))
	}
	return n
}

func (v vector) decs(name string) []decimal.Decimal {
	var ss []string
	if err := json.Unmarshal(v.Args[name], &ss); err != nil {
		panic(fmt.Sprintf("%s: arg %s: %v", v.ID, name, err))
	}
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

func (v vector) flows() ([]Flow, bool) {
	vals := v.decs("values")
	var ds []string
	if err := json.Unmarshal(v.Args["dates"], &ds); err != nil {
		panic(err)
	}
	if len(ds) != len(vals) {
		return nil, false
	}
	fs := make([]Flow, len(vals))
	for i := range vals {
		d, err := time.Parse(time.DateOnly, ds[i])
		if err != nil {
			panic(err)
		}
		fs[i] = Flow{Date: d, Amount: vals[i]}
	}
	return fs, true
}

func (v vector) opts() IRROptions {
	if _, ok := v.Args["guess"]; ok {
		return IRROptions{Guess: decimal.NewNullDecimal(v.dec("guess"))}
	}
	return IRROptions{}
}

func (v vector) timing() Timing {
	if v.int("type") == 1 {
		return BeginningOfPeriod
	}
	return EndOfPeriod
}

// run calls the function under test; the slice result is for IRR_ROOTS.
func (v vector) run() (decimal.Decimal, []decimal.Decimal, error) {
	switch v.Func {
	case "NPV":
		conv := ConventionExcel
		if v.str("convention") == "t0" {
			conv = ConventionT0
		}
		r, err := NPV(v.dec("rate"), v.decs("values"), conv)
		return r, nil, err
	case "XNPV", "XIRR":
		fs, ok := v.flows()
		if !ok {
			// A length mismatch cannot be expressed with []Flow; the caller's
			// conversion is where it is caught. Report it as invalid input.
			return decimal.Decimal{}, nil, ErrInvalidInput
		}
		if v.Func == "XNPV" {
			r, err := XNPV(v.dec("rate"), fs)
			return r, nil, err
		}
		r, err := XIRR(fs, v.opts())
		return r, nil, err
	case "IRR":
		r, err := IRR(v.decs("values"), v.opts())
		return r, nil, err
	case "IRR_ROOTS":
		rs, err := IRRRoots(v.decs("values"))
		return decimal.Decimal{}, rs, err
	case "MIRR":
		r, err := MIRR(v.decs("values"), v.dec("finance_rate"), v.dec("reinvest_rate"))
		return r, nil, err
	case "PMT":
		r, err := PMT(v.dec("rate"), v.int("nper"), v.dec("pv"), v.dec("fv"), v.timing())
		return r, nil, err
	case "FV":
		r, err := FV(v.dec("rate"), v.int("nper"), v.dec("pmt"), v.dec("pv"), v.timing())
		return r, nil, err
	case "PV":
		r, err := PV(v.dec("rate"), v.int("nper"), v.dec("pmt"), v.dec("fv"), v.timing())
		return r, nil, err
	case "PAYBACK":
		r, err := Payback(v.decs("values"))
		return r, nil, err
	case "DISCOUNTED_PAYBACK":
		r, err := DiscountedPayback(v.dec("rate"), v.decs("values"))
		return r, nil, err
	}
	panic("unknown func " + v.Func)
}

func within(got, want decimal.Decimal, abs, rel decimal.Decimal) bool {
	tol := decimal.Max(abs, rel.Mul(want.Abs()))
	return got.Sub(want).Abs().LessThanOrEqual(tol)
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			abs, rel := decimal.RequireFromString(v.Tolerance.Abs), decimal.RequireFromString(v.Tolerance.Rel)
			var exp string
			if err := json.Unmarshal(v.Expected, &exp); err != nil {
				t.Fatalf("expected: %v", err)
			}
			got, roots, err := v.run()
			if exp == "error" {
				if err == nil {
					t.Fatalf("%s%v: got %s, %v; want an error (%s)", v.Func, string(mustJSON(v.Args)), got, roots, v.Notes)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: unexpected error %v (%s)", v.Func, err, v.Notes)
			}
			if v.Func == "IRR_ROOTS" {
				var want []string
				if err := json.Unmarshal([]byte(exp), &want); err != nil {
					t.Fatal(err)
				}
				if len(want) != len(roots) {
					t.Fatalf("IRRRoots = %v, want %v", roots, want)
				}
				for i := range want {
					if w := decimal.RequireFromString(want[i]); !within(roots[i], w, abs, rel) {
						t.Errorf("IRRRoots[%d] = %s, want %s", i, roots[i], w)
					}
				}
				return
			}
			want := decimal.RequireFromString(exp)
			if !within(got, want, abs, rel) {
				t.Errorf("%s = %s, want %s (diff %s; %s)", v.Func, got, want, got.Sub(want), v.Notes)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
