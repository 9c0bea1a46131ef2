package postmarket

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// testdata/postmarket_vectors.dev.json is copied unchanged from
// ../shared/reference/postmarket_vectors.dev.json (the reference note
// reference/postmarket.md, parts 1, 2, 5; recomputed with R 4.2.2 and scipy).

type vector struct {
	ID        string                     `json:"id"`
	Part      int                        `json:"part"`
	Method    string                     `json:"method"`
	Inputs    map[string]json.RawMessage `json:"inputs"`
	Expected  map[string]json.RawMessage `json:"expected"`
	Tolerance struct {
		Abs float64 `json:"abs"`
		Rel float64 `json:"rel"`
	} `json:"tolerance"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	b, err := os.ReadFile("testdata/postmarket_vectors.dev.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func raw[T any](t *testing.T, m map[string]json.RawMessage, key string) T {
	t.Helper()
	var v T
	r, ok := m[key]
	if !ok {
		t.Fatalf("vector has no %q", key)
	}
	if err := json.Unmarshal(r, &v); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return v
}

// close reports whether got is within the vector's tolerance of want
// (absolute and/or relative; both given means either suffices).
func (v vector) close(got, want float64) bool {
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	if v.Tolerance.Abs > 0 && d <= v.Tolerance.Abs {
		return true
	}
	if v.Tolerance.Rel > 0 && d <= v.Tolerance.Rel*math.Abs(want) {
		return true
	}
	return false
}

// skipReason says why a vector is not this file's to check, or "".
func skipReason(v vector) string {
	switch {
	case v.Part == 2:
		return "part 2 (AI model monitoring) is checked by the drift/performance/equity tests"
	case v.Part == 3 || strings.HasPrefix(v.ID, "reg-") || v.Part == 4:
		return "reporting deadlines, change assessment and HIPAA are law and live in package regulatory"
	}
	return ""
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			if r := skipReason(v); r != "" {
				t.Skip(r)
			}
			check := func(name string, got, want float64) {
				t.Helper()
				if !v.close(got, want) {
					t.Errorf("%s = %.12g, want %.12g (tolerance %+v; %s)", name, got, want, v.Tolerance, v.Method)
				}
			}
			in, ex := v.Inputs, v.Expected
			switch {
			case strings.HasPrefix(v.ID, "binom-"):
				r, err := BinomialTest(raw[int](t, in, "x"), raw[int](t, in, "n"), raw[float64](t, in, "p0"), TwoSided, raw[float64](t, in, "conf"))
				if err != nil {
					t.Fatal(err)
				}
				ci := raw[[2]float64](t, ex, "ci")
				check("estimate", r.Estimate, raw[float64](t, ex, "estimate"))
				check("p_value", r.PValue, raw[float64](t, ex, "p_value"))
				check("ci.lo", r.CI.Lo, ci[0])
				check("ci.hi", r.CI.Hi, ci[1])
			case v.ID == "poisson-exact-smr":
				r, err := PoissonTest(raw[int](t, in, "events"), raw[float64](t, in, "exposure"), raw[float64](t, in, "r0"), TwoSided, raw[float64](t, in, "conf"))
				if err != nil {
					t.Fatal(err)
				}
				ci := raw[[2]float64](t, ex, "ci")
				check("rate", r.Estimate, raw[float64](t, ex, "rate"))
				check("ci.lo", r.CI.Lo, ci[0])
				check("ci.hi", r.CI.Hi, ci[1])
				check("p_value", r.PValue, raw[float64](t, ex, "p_value"))
				if lt := raw[float64](t, ex, "p_value_lt"); !(r.PValue < lt) {
					t.Errorf("p_value %g not below %g", r.PValue, lt)
				}
			case strings.HasPrefix(v.ID, "poisson-trend"):
				mu := raw[float64](t, in, "expected")
				r, err := PoissonTest(raw[int](t, in, "observed"), 1, mu, Greater, 0.95)
				if err != nil {
					t.Fatal(err)
				}
				check("p_value", r.PValue, raw[float64](t, ex, "p_value"))
				if got, want := r.PValue < 0.05, raw[bool](t, ex, "signal_at_alpha_0.05"); got != want {
					t.Errorf("signal at 0.05 = %v, want %v", got, want)
				}
			case strings.HasPrefix(v.ID, "reporting-rate"):
				r, err := ReportingRate(raw[int](t, in, "cases"), raw[float64](t, in, "exposure_person_months"), raw[float64](t, in, "per"), raw[float64](t, in, "conf"))
				if err != nil {
					t.Fatal(err)
				}
				ci := raw[[2]float64](t, ex, "ci")
				check("rate", r.Rate, raw[float64](t, ex, "rate"))
				check("ci.lo", r.CI.Lo, ci[0])
				check("ci.hi", r.CI.Hi, ci[1])
			case strings.HasPrefix(v.ID, "c-chart"):
				counts := raw[[]int](t, in, "counts")
				r, err := ControlChart(ChartSpec{Kind: ChartC, Limits: LimitSigma, Sigmas: 3}, counts, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("center", r.Center, raw[float64](t, ex, "center"))
				check("ucl", r.Points[0].UCL, raw[float64](t, ex, "ucl"))
				check("lcl", r.Points[0].LCL, raw[float64](t, ex, "lcl"))
				want := raw[[]int](t, ex, "beyond_limits") // 1-based sample numbers
				if got := oneBased(r.Beyond); !equalInts(got, want) {
					t.Errorf("beyond = %v, want %v", got, want)
				}
			case strings.HasPrefix(v.ID, "p-chart"):
				d := raw[[]int](t, in, "defectives")
				n := raw[float64](t, in, "n")
				sizes := make([]float64, len(d))
				for i := range sizes {
					sizes[i] = n
				}
				r, err := ControlChart(ChartSpec{Kind: ChartP, Limits: LimitSigma, Sigmas: 3}, d, sizes)
				if err != nil {
					t.Fatal(err)
				}
				check("center", r.Center, raw[float64](t, ex, "center"))
				check("sigma", r.Points[0].Sigma, raw[float64](t, ex, "sigma"))
				check("ucl", r.Points[0].UCL, raw[float64](t, ex, "ucl"))
				check("lcl", r.Points[0].LCL, raw[float64](t, ex, "lcl"))
				want := raw[[]int](t, ex, "beyond_ucl")
				var above []int
				for _, i := range r.Beyond {
					if r.Points[i].Value > r.Points[i].UCL {
						above = append(above, i+1)
					}
				}
				if !equalInts(above, want) {
					t.Errorf("beyond ucl = %v, want %v", above, want)
				}
			case strings.HasPrefix(v.ID, "cusum-arl"):
				k, h := raw[float64](t, in, "k"), raw[float64](t, in, "h")
				shifts := raw[[]float64](t, in, "shift_sigma")
				want := raw[[]float64](t, ex, "arl")
				for i, s := range shifts {
					got, err := CUSUMARL(k, h, s, true)
					if err != nil {
						t.Fatal(err)
					}
					check("arl", got, want[i])
				}
			case strings.HasPrefix(v.ID, "ewma-arl"):
				pairs := raw[[][2]float64](t, in, "pairs")
				want := raw[[]float64](t, ex, "arl")
				for i, p := range pairs {
					got, err := EWMAARL(p[0], p[1], 0)
					if err != nil {
						t.Fatal(err)
					}
					check("arl", got, want[i])
				}
			case strings.HasPrefix(v.ID, "shewhart-arl"):
				L := raw[float64](t, in, "L")
				want := raw[[]float64](t, ex, "arl")
				for i, s := range raw[[]float64](t, in, "shift_sigma") {
					got, err := ShewhartARL(L, s)
					if err != nil {
						t.Fatal(err)
					}
					check("arl", got, want[i])
				}
			case strings.HasPrefix(v.ID, "poisson-cusum-k"):
				got, err := PoissonCUSUMK(raw[float64](t, in, "lambda0"), raw[float64](t, in, "lambda1"))
				if err != nil {
					t.Fatal(err)
				}
				check("k", got, raw[float64](t, ex, "k"))
			case strings.HasPrefix(v.ID, "disprop-"):
				r, err := Disprop(raw[int](t, in, "a"), raw[int](t, in, "b"), raw[int](t, in, "c"), raw[int](t, in, "d"))
				if err != nil {
					t.Fatal(err)
				}
				prrCI, rorCI := raw[[2]float64](t, ex, "prr_ci"), raw[[2]float64](t, ex, "ror_ci")
				check("prr", float64(r.PRR), raw[float64](t, ex, "prr"))
				check("prr_ci.lo", r.PRRCI.Lo, prrCI[0])
				check("prr_ci.hi", r.PRRCI.Hi, prrCI[1])
				check("ror", float64(r.ROR), raw[float64](t, ex, "ror"))
				check("ror_ci.lo", r.RORCI.Lo, rorCI[0])
				check("ror_ci.hi", r.RORCI.Hi, rorCI[1])
				check("chi2_pearson", float64(r.ChiSquare), raw[float64](t, ex, "chi2_pearson"))
				check("chi2_yates", float64(r.ChiSquareYates), raw[float64](t, ex, "chi2_yates"))
				if want := raw[bool](t, ex, "evans_signal"); r.Evans != want {
					t.Errorf("evans = %v, want %v", r.Evans, want)
				}
			case strings.HasPrefix(v.ID, "ror-"):
				a, b, c, d := raw[[]int](t, in, "a"), raw[[]int](t, in, "b"), raw[[]int](t, in, "c"), raw[[]int](t, in, "d")
				want := raw[[]float64](t, ex, "ror")
				for i := range a {
					r, err := Disprop(a[i], b[i], c[i], d[i])
					if err != nil {
						t.Fatal(err)
					}
					check("ror", float64(r.ROR), want[i])
				}
			case strings.HasPrefix(v.ID, "ic-"):
				o, e := raw[float64](t, in, "observed"), raw[float64](t, in, "expected")
				ic, ci := informationComponent(o, e)
				check("ic", ic, raw[float64](t, ex, "ic"))
				lim := raw[[2]float64](t, ex, "ci")
				check("ic.lo", ci.Lo, lim[0])
				check("ic.hi", ci.Hi, lim[1])
			case strings.HasPrefix(v.ID, "uptime-"):
				target := raw[float64](t, in, "availability")
				w := raw[map[string]float64](t, in, "windows")
				day := 24 * time.Hour
				rows := []struct {
					key    string
					window time.Duration
					unit   time.Duration
				}{
					{"year_hours", time.Duration(w["year_days"]) * day, time.Hour},
					{"quarter_hours", time.Duration(w["quarter_days"]) * day, time.Hour},
					{"month_minutes", time.Duration(w["month_days"]) * day, time.Minute},
					{"week_minutes", time.Duration(w["week_days"]) * day, time.Minute},
					{"day_minutes", time.Duration(w["day_hours"]) * time.Hour, time.Minute},
				}
				for _, r := range rows {
					got, err := AllowedDowntime(target, r.window)
					if err != nil {
						t.Fatal(err)
					}
					check(r.key, float64(got)/float64(r.unit), raw[float64](t, ex, r.key))
				}
			case strings.HasPrefix(v.ID, "anhoej-"):
				ns := raw[[]int](t, in, "n_useful")
				runMax, crossMin := raw[[]int](t, ex, "longest_run_max"), raw[[]int](t, ex, "crossings_min")
				for i, n := range ns {
					r, c, err := AnhoejLimits(n)
					if err != nil {
						t.Fatal(err)
					}
					if r != runMax[i] || c != crossMin[i] {
						t.Errorf("n = %d: limits (%d, %d), want (%d, %d)", n, r, c, runMax[i], crossMin[i])
					}
				}
			case strings.HasPrefix(v.ID, "fisher-"):
				tab := raw[[2][2]int](t, in, "table")
				var alt Alternative
				if err := alt.UnmarshalText([]byte(raw[string](t, in, "alternative"))); err != nil {
					t.Fatal(err)
				}
				r, err := FisherExact(tab[0][0], tab[0][1], tab[1][0], tab[1][1], alt)
				if err != nil {
					t.Fatal(err)
				}
				check("p_value", r.PValue, raw[float64](t, ex, "p_value"))
			case strings.HasPrefix(v.ID, "rate-before-after"):
				r, err := RateRatioTest(raw[int](t, in, "x_after"), raw[float64](t, in, "exposure_after"),
					raw[int](t, in, "x_before"), raw[float64](t, in, "exposure_before"), 1, Less, 0.95)
				if err != nil {
					t.Fatal(err)
				}
				check("p_value", r.PValue, raw[float64](t, ex, "p_value"))
			default:
				t.Errorf("vector %s (part %d, %s) has no check: add one", v.ID, v.Part, v.Method)
			}
		})
	}
}

func oneBased(idx []int) []int {
	out := make([]int, len(idx))
	for i, v := range idx {
		out[i] = v + 1
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
