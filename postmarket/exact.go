package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxCount is the largest event count or number of trials the exact tests
// accept (10⁹): above it the tail sums stay exact but slow (O(√n)
// iterations).
const MaxCount = 1_000_000_000

// relErrR is R's tolerance for "as or less likely" in two-sided exact tests:
// a probability within a factor 1 + 1e-7 of the observed one counts as equal.
const relErrR = 1 + 1e-7

// Alternative is the alternative hypothesis of a test.
type Alternative uint8

// Alternatives. Text forms: "two-sided", "greater", "less".
const (
	AltUnspecified Alternative = iota // no text form
	TwoSided                          // the parameter differs from the null value
	Greater                           // the parameter is above the null value
	Less                              // the parameter is below the null value
)

var altCodec = enumtext.New[Alternative]("postmarket", "Alternative", ErrInvalidInput,
	"", "two-sided", "greater", "less")

// String returns the text form of a.
func (a Alternative) String() string { return altCodec.String(a) }

// MarshalText returns the text form of a; it returns an error for an
// unspecified alternative.
func (a Alternative) MarshalText() ([]byte, error) { return altCodec.Marshal(a) }

// UnmarshalText parses an alternative case-insensitively; it returns an
// error listing the valid names for unknown text.
func (a *Alternative) UnmarshalText(b []byte) error {
	v, err := altCodec.Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Interval is a closed interval [Lo, Hi] of a rate, proportion or ratio in
// the unit of the quantity it bounds. Hi may be +Inf for a one-sided upper
// bound; such an interval marshals Hi as JSON null.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// TestResult is the outcome of an exact test with its confidence interval.
//
// Estimate is the observed proportion, rate (per exposure unit) or rate
// ratio; Null is the value under the null hypothesis in the same unit. CI is
// the exact interval for Estimate at level Conf for the same alternative
// (one-sided alternatives give one-sided intervals). Observed and Expected
// are the observed count and the count expected under the null. PValue is
// in [0, 1].
type TestResult struct {
	Method      string      `json:"method"`
	Alternative Alternative `json:"alternative"`
	Observed    float64     `json:"observed"`
	Expected    float64     `json:"expected"`
	Estimate    float64     `json:"estimate"`
	Null        float64     `json:"null"`
	PValue      float64     `json:"p_value"`
	CI          Interval    `json:"ci"`
	Conf        float64     `json:"conf"`
}

// Test names recorded in [TestResult.Method].
const (
	TestBinomialExact  = "exact-binomial (clopper-pearson ci)"
	TestPoissonExact   = "exact-poisson (garwood ci)"
	TestRateRatioExact = "conditional-binomial rate ratio"
)

func ffmt(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func checkAlt(alt Alternative) error {
	if !altCodec.Valid(alt) {
		return fieldErr("alternative", strconv.Itoa(int(alt)), fmt.Errorf("%w: unspecified alternative", ErrInvalidInput))
	}
	return nil
}

func checkConf(conf float64) error {
	if math.IsNaN(conf) || conf <= 0 || conf >= 1 {
		return fieldErr("conf", ffmt(conf), fmt.Errorf("%w: confidence level must be in (0, 1)", ErrOutOfRange))
	}
	return nil
}

func checkCount(path string, x int) error {
	if x < 0 || x > MaxCount {
		return fieldErr(path, strconv.Itoa(x), fmt.Errorf("%w: count must be in [0, %d]", ErrOutOfRange, MaxCount))
	}
	return nil
}

func checkProbOpen(path string, p float64) error {
	if math.IsNaN(p) || p <= 0 || p >= 1 {
		return fieldErr(path, ffmt(p), fmt.Errorf("%w: probability must be in (0, 1)", ErrOutOfRange))
	}
	return nil
}

func checkPositive(path string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return fieldErr(path, ffmt(v), fmt.Errorf("%w: must be positive and finite", ErrOutOfRange))
	}
	return nil
}

func clamp01(p float64) float64 { return math.Min(1, math.Max(0, p)) }

// BinomialTest is the exact test of x successes in n trials against the
// null proportion p0, with the Clopper–Pearson interval for the proportion
// (R's binom.test). One-sided p-values are P[X ≥ x] ("greater") and
// P[X ≤ x] ("less") for X ~ Bin(n, p0). The two-sided p-value sums the
// probabilities of every outcome no more likely than x (within a factor
// 1 + 1e-7), found by binary search on the unimodal density, so the test
// costs O(log n) tail evaluations.
//
// BinomialTest returns an error if n < 1 or n > [MaxCount], x is outside
// 0..n (wrap [ErrOutOfRange]), p0 is outside (0, 1) or conf outside (0, 1)
// (wrap [ErrOutOfRange]), or alt is unspecified (wraps [ErrInvalidInput]).
func BinomialTest(x, n int, p0 float64, alt Alternative, conf float64) (TestResult, error) {
	var l fielderr.List
	if n < 1 || n > MaxCount {
		l.Add(fieldErr("n", strconv.Itoa(n), fmt.Errorf("%w: trials must be in [1, %d]", ErrOutOfRange, MaxCount)))
	} else if x < 0 || x > n {
		l.Add(fieldErr("x", strconv.Itoa(x), fmt.Errorf("%w: successes must be in [0, n]", ErrOutOfRange)))
	}
	l.Add(checkProbOpen("p0", p0))
	l.Add(checkAlt(alt))
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return TestResult{}, err
	}
	r := TestResult{Method: TestBinomialExact, Alternative: alt, Observed: float64(x),
		Expected: float64(n) * p0, Estimate: float64(x) / float64(n), Null: p0, Conf: conf}
	r.PValue = binomialP(x, n, p0, alt)
	r.CI = binomialCI(x, n, alt, conf)
	return r, nil
}

func binomialCI(x, n int, alt Alternative, conf float64) Interval {
	switch alt {
	case Greater:
		lo := 0.0
		if x > 0 {
			lo = stats.BetaQuantile(float64(x), float64(n-x+1), 1-conf)
		}
		return Interval{lo, 1}
	case Less:
		hi := 1.0
		if x < n {
			hi = stats.BetaQuantile(float64(x+1), float64(n-x), conf)
		}
		return Interval{0, hi}
	}
	lo, hi := stats.ClopperPearson(x, n, conf)
	return Interval{lo, hi}
}

func binomialP(x, n int, p float64, alt Alternative) float64 {
	switch alt {
	case Greater:
		return clamp01(stats.BinomialSF(x, n, p))
	case Less:
		return clamp01(stats.BinomialCDF(x, n, p))
	}
	m := float64(n) * p
	d := stats.BinomialPMF(x, n, p) * relErrR
	if float64(x) == m {
		return 1
	}
	if float64(x) < m {
		// first i ≥ ceil(m) with pmf(i) ≤ d; pmf is non-increasing there
		j := firstAtMost(int(math.Ceil(m)), n, func(i int) bool { return stats.BinomialPMF(i, n, p) <= d })
		return clamp01(stats.BinomialCDF(x, n, p) + stats.BinomialSF(j, n, p))
	}
	// last i ≤ floor(m) with pmf(i) ≤ d; pmf is non-decreasing on [0, floor(m)]
	j := lastAtMost(0, int(math.Floor(m)), func(i int) bool { return stats.BinomialPMF(i, n, p) <= d })
	return clamp01(stats.BinomialCDF(j, n, p) + stats.BinomialSF(x, n, p))
}

// firstAtMost returns the smallest i in [lo, hi] with ok(i), where ok is
// false then true along [lo, hi]; hi+1 when none.
func firstAtMost(lo, hi int, ok func(int) bool) int {
	a, b := lo, hi+1
	for a < b {
		mid := a + (b-a)/2
		if ok(mid) {
			b = mid
		} else {
			a = mid + 1
		}
	}
	return a
}

// lastAtMost returns the largest i in [lo, hi] with ok(i), where ok is true
// then false along [lo, hi]; lo−1 when none.
func lastAtMost(lo, hi int, ok func(int) bool) int {
	a, b := lo-1, hi
	for a < b {
		mid := a + (b-a+1)/2
		if ok(mid) {
			a = mid
		} else {
			b = mid - 1
		}
	}
	return a
}

// PoissonTest is the exact test of x events over exposure against the null
// rate r0 per exposure unit, with the Garwood interval for the rate (R's
// poisson.test). With μ0 = r0 × exposure, the one-sided p-values are
// P[X ≥ x] ("greater", the trend-report test) and P[X ≤ x] ("less") for
// X ~ Poisson(μ0), from the regularized incomplete gamma function; the
// two-sided p-value sums every outcome no more likely than x (within
// 1 + 1e-7). The Garwood interval is [χ²(α/2; 2x)/2, χ²(1−α/2; 2x+2)/2] /
// exposure (Garwood 1936); one-sided alternatives use α on one side.
//
// PoissonTest returns an error if x is outside [0, MaxCount], exposure or
// r0 is not positive and finite, or conf is outside (0, 1) (wrap
// [ErrOutOfRange]), or alt is unspecified (wraps [ErrInvalidInput]).
func PoissonTest(x int, exposure, r0 float64, alt Alternative, conf float64) (TestResult, error) {
	var l fielderr.List
	l.Add(checkCount("x", x))
	l.Add(checkPositive("exposure", exposure))
	l.Add(checkPositive("r0", r0))
	l.Add(checkAlt(alt))
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return TestResult{}, err
	}
	mu := r0 * exposure
	if math.IsInf(mu, 0) {
		return TestResult{}, fieldErr("r0", ffmt(r0), fmt.Errorf("%w: r0 × exposure overflows", ErrOutOfRange))
	}
	r := TestResult{Method: TestPoissonExact, Alternative: alt, Observed: float64(x), Expected: mu,
		Estimate: float64(x) / exposure, Null: r0, Conf: conf}
	r.PValue = poissonP(x, mu, alt)
	ci := poissonCI(x, alt, conf)
	r.CI = Interval{ci.Lo / exposure, ci.Hi / exposure}
	return r, nil
}

// poissonCI is the exact interval for a Poisson mean.
func poissonCI(x int, alt Alternative, conf float64) Interval {
	switch alt {
	case Greater:
		lo := 0.0
		if x > 0 {
			lo = stats.ChiSquareQuantile(1-conf, float64(2*x)) / 2
		}
		return Interval{lo, math.Inf(1)}
	case Less:
		return Interval{0, stats.ChiSquareQuantile(conf, float64(2*x+2)) / 2}
	}
	lo, hi := stats.Garwood(x, conf)
	return Interval{lo, hi}
}

func poissonP(x int, mu float64, alt Alternative) float64 {
	switch alt {
	case Greater:
		return clamp01(stats.PoissonSF(x, mu))
	case Less:
		return clamp01(stats.PoissonCDF(x, mu))
	}
	if float64(x) == mu {
		return 1
	}
	d := stats.PoissonPMF(x, mu) * relErrR
	if float64(x) < mu {
		lo := int(math.Ceil(mu))
		hi := lo
		for stats.PoissonPMF(hi, mu) > d && hi < math.MaxInt32 {
			hi = 2*hi + 1
		}
		j := firstAtMost(lo, hi, func(i int) bool { return stats.PoissonPMF(i, mu) <= d })
		return clamp01(stats.PoissonCDF(x, mu) + stats.PoissonSF(j, mu))
	}
	j := lastAtMost(0, int(math.Floor(mu)), func(i int) bool { return stats.PoissonPMF(i, mu) <= d })
	return clamp01(stats.PoissonCDF(j, mu) + stats.PoissonSF(x, mu))
}

// RateRatioTest compares two Poisson rates, x1 events over exposure e1 and
// x2 over e2, by the conditional binomial test (R's poisson.test with two
// counts): given x1 + x2 events, x1 ~ Bin(x1+x2, ρ·e1/(ρ·e1+e2)) under the
// null rate ratio ρ = ratio0. Estimate is (x1/e1)/(x2/e2); the interval maps
// the Clopper–Pearson bounds p of the binomial proportion to
// p/(1−p) · e2/e1. "greater" tests rate 1 > ρ × rate 2.
//
// RateRatioTest returns an error if a count is outside [0, MaxCount], an
// exposure or ratio0 is not positive and finite, or conf is outside (0, 1)
// (wrap [ErrOutOfRange]), alt is unspecified (wraps [ErrInvalidInput]), or
// x1 + x2 = 0 (wraps [ErrInsufficientData]).
func RateRatioTest(x1 int, e1 float64, x2 int, e2, ratio0 float64, alt Alternative, conf float64) (TestResult, error) {
	var l fielderr.List
	l.Add(checkCount("x1", x1))
	l.Add(checkPositive("e1", e1))
	l.Add(checkCount("x2", x2))
	l.Add(checkPositive("e2", e2))
	l.Add(checkPositive("ratio0", ratio0))
	l.Add(checkAlt(alt))
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return TestResult{}, err
	}
	n := x1 + x2
	if n == 0 {
		return TestResult{}, fieldErr("x1", "0", fmt.Errorf("%w: no events in either period", ErrInsufficientData))
	}
	p0 := ratio0 * e1 / (ratio0*e1 + e2)
	if !(p0 > 0 && p0 < 1) {
		return TestResult{}, fieldErr("ratio0", ffmt(ratio0), fmt.Errorf("%w: null proportion degenerate", ErrOutOfRange))
	}
	r := TestResult{Method: TestRateRatioExact, Alternative: alt, Observed: float64(x1),
		Expected: float64(n) * p0, Null: ratio0, Conf: conf}
	r.Estimate = math.Inf(1)
	if x2 > 0 {
		r.Estimate = (float64(x1) / e1) / (float64(x2) / e2)
	}
	r.PValue = binomialP(x1, n, p0, alt)
	ci := binomialCI(x1, n, alt, conf)
	toRatio := func(p float64) float64 {
		if p >= 1 {
			return math.Inf(1)
		}
		return p / (1 - p) * e2 / e1
	}
	r.CI = Interval{toRatio(ci.Lo), toRatio(ci.Hi)}
	return r, nil
}

// ClopperPearsonCI returns the exact two-sided interval for a proportion of
// x successes in n trials (see [stats] Clopper–Pearson: Beta(α/2; x,
// n−x+1) to Beta(1−α/2; x+1, n−x)).
//
// ClopperPearsonCI returns an error if n < 1, x is outside 0..n, or conf is
// outside (0, 1) (wrap [ErrOutOfRange]).
func ClopperPearsonCI(x, n int, conf float64) (Interval, error) {
	if err := checkTrials(x, n, conf); err != nil {
		return Interval{}, err
	}
	lo, hi := stats.ClopperPearson(x, n, conf)
	return Interval{lo, hi}, nil
}

// WilsonCI returns the Wilson score interval for a proportion (Wilson 1927,
// Newcombe 1998 method 3): (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²))/(1 + z²/n).
//
// WilsonCI returns an error if n < 1, x is outside 0..n, or conf is outside
// (0, 1) (wrap [ErrOutOfRange]).
func WilsonCI(x, n int, conf float64) (Interval, error) {
	if err := checkTrials(x, n, conf); err != nil {
		return Interval{}, err
	}
	lo, hi := stats.Wilson(x, n, conf)
	return Interval{lo, hi}, nil
}

func checkTrials(x, n int, conf float64) error {
	var l fielderr.List
	if n < 1 || n > MaxCount {
		l.Add(fieldErr("n", strconv.Itoa(n), fmt.Errorf("%w: trials must be in [1, %d]", ErrOutOfRange, MaxCount)))
	} else if x < 0 || x > n {
		l.Add(fieldErr("x", strconv.Itoa(x), fmt.Errorf("%w: successes must be in [0, n]", ErrOutOfRange)))
	}
	l.Add(checkConf(conf))
	return l.Err()
}

// GarwoodCI returns the exact two-sided interval for a Poisson rate of x
// events over exposure: [χ²(α/2; 2x)/2, χ²(1−α/2; 2x+2)/2] / exposure,
// lower bound 0 when x = 0 (Garwood 1936).
//
// GarwoodCI returns an error if x is outside [0, MaxCount], exposure is not
// positive and finite, or conf is outside (0, 1) (wrap [ErrOutOfRange]).
func GarwoodCI(x int, exposure, conf float64) (Interval, error) {
	var l fielderr.List
	l.Add(checkCount("x", x))
	l.Add(checkPositive("exposure", exposure))
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return Interval{}, err
	}
	lo, hi := stats.Garwood(x, conf)
	return Interval{lo / exposure, hi / exposure}, nil
}

// Rate is an event rate scaled to "per Per exposure units" with its exact
// Garwood interval on the same scale.
type Rate struct {
	Events   int      `json:"events"`
	Exposure float64  `json:"exposure"`
	Per      float64  `json:"per"`
	Rate     float64  `json:"rate"`
	CI       Interval `json:"ci"`
	Conf     float64  `json:"conf"`
}

// ReportingRate returns events / exposure × per with the Garwood interval
// scaled the same way, for example cases per 10,000 person-months.
//
// ReportingRate returns an error if events is outside [0, MaxCount],
// exposure or per is not positive and finite, or conf is outside (0, 1)
// (wrap [ErrOutOfRange]).
func ReportingRate(events int, exposure, per, conf float64) (Rate, error) {
	var l fielderr.List
	l.Add(checkCount("events", events))
	l.Add(checkPositive("exposure", exposure))
	l.Add(checkPositive("per", per))
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return Rate{}, err
	}
	lo, hi := stats.Garwood(events, conf)
	s := per / exposure
	return Rate{Events: events, Exposure: exposure, Per: per, Rate: float64(events) * s,
		CI: Interval{lo * s, hi * s}, Conf: conf}, nil
}
