package postmarket

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxTally caps any count given to the performance and equity functions
// (1,000,000,000,000), so sums and products of counts stay exact in float64
// and int64.
const MaxTally = 1_000_000_000_000

// CIMethod names the confidence interval method for a proportion.
type CIMethod uint8

// Interval methods. Text forms: "wilson", "clopper-pearson".
const (
	CIUnspecified CIMethod = iota // no text form; rejected
	// CIWilson is the Wilson score interval: centre (p̂ + z²/2n)/(1 + z²/n),
	// half-width z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n) (Newcombe 1998a
	// method 3; R prop.test(correct = FALSE)).
	CIWilson
	// CIClopperPearson is the exact interval from beta quantiles (R
	// binom.test); its coverage is at least the nominal level.
	CIClopperPearson
)

var ciCodec = enumtext.New[CIMethod]("postmarket", "CIMethod", ErrInvalidInput, "", "wilson", "clopper-pearson")

// String returns the text form of m.
func (m CIMethod) String() string { return ciCodec.String(m) }

// MarshalText returns the text form of m; the unspecified value is an error.
func (m CIMethod) MarshalText() ([]byte, error) { return ciCodec.Marshal(m) }

// AppendText appends the text form of m to b.
func (m CIMethod) AppendText(b []byte) ([]byte, error) { return ciCodec.Append(b, m) }

// UnmarshalText parses an interval method case-insensitively; unknown text
// is an error listing the valid names.
func (m *CIMethod) UnmarshalText(b []byte) error { return ciCodec.Unmarshal(m, b) }

func (m CIMethod) interval(x, n int, conf float64) (lo, hi float64) {
	if m == CIClopperPearson {
		return stats.ClopperPearson(x, n, conf)
	}
	return stats.Wilson(x, n, conf)
}

// RateEstimate is a proportion x/n with its confidence interval. When the
// denominator is 0 the rate is undefined: Defined is false and Value, Lo and
// Hi are 0 (a JSON number cannot be NaN).
type RateEstimate struct {
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
	Defined     bool    `json:"defined"`
	Value       float64 `json:"value"` // x/n in [0, 1]
	// Method and Confidence name the interval; Lo ≤ Value ≤ Hi in [0, 1].
	Method     CIMethod `json:"method"`
	Confidence float64  `json:"confidence"`
	Lo         float64  `json:"lo"`
	Hi         float64  `json:"hi"`
}

// HalfWidth returns (Hi − Lo)/2, or +Inf for an undefined rate.
func (r RateEstimate) HalfWidth() float64 {
	if !r.Defined {
		return math.Inf(1)
	}
	return (r.Hi - r.Lo) / 2
}

// rate builds a RateEstimate for valid inputs.
func rateEst(x, n int, m CIMethod, conf float64) RateEstimate {
	r := RateEstimate{Numerator: x, Denominator: n, Method: m, Confidence: conf}
	if n == 0 {
		return r
	}
	r.Defined = true
	r.Value = float64(x) / float64(n)
	r.Lo, r.Hi = m.interval(x, n, conf)
	// The interval always contains the estimate; guard rounding at the ends.
	r.Lo = math.Min(r.Lo, r.Value)
	r.Hi = math.Max(r.Hi, r.Value)
	return r
}

// Proportion returns x/n with its confidence interval by the given method at
// level conf. Cost O(1) for Wilson, O(log) iterations for Clopper–Pearson.
//
// Proportion returns an error if x or n is negative or above [MaxTally], x
// exceeds n (wrap [ErrOutOfRange]), conf is outside (0, 1) (wraps
// [ErrOutOfRange]) or the method is unspecified (wraps [ErrInvalidInput]).
// n = 0 is not an error: the result is undefined (Defined false).
func Proportion(x, n int, method CIMethod, conf float64) (RateEstimate, error) {
	err := errors.Join(checkTally("x", x), checkTally("n", n), checkMethodConf("", method, conf))
	if err == nil && x > n {
		err = fieldErr("x", strconv.Itoa(x), fmt.Errorf("%w: x %d exceeds n %d", ErrOutOfRange, x, n))
	}
	if err != nil {
		return RateEstimate{}, err
	}
	return rateEst(x, n, method, conf), nil
}

func checkTally(path string, c int) error {
	if c < 0 || c > MaxTally {
		return fieldErr(path, strconv.Itoa(c), fmt.Errorf("%w: a count is in [0, %d]", ErrOutOfRange, MaxTally))
	}
	return nil
}

func checkMethodConf(prefix string, m CIMethod, conf float64) error {
	var errs []error
	if m != CIWilson && m != CIClopperPearson {
		errs = append(errs, fieldErr(prefix+"interval", m.String(), fmt.Errorf("%w: unspecified interval method (valid: wilson, clopper-pearson)", ErrInvalidInput)))
	}
	if !(conf > 0 && conf < 1) {
		errs = append(errs, fieldErr(prefix+"confidence", gfmt(conf), fmt.Errorf("%w: want a confidence level in (0, 1)", ErrOutOfRange)))
	}
	return errors.Join(errs...)
}

// RateMetric names a rate computed from a confusion matrix.
type RateMetric uint8

// Rate metrics. Text forms: "tpr" (sensitivity), "fpr", "tnr"
// (specificity), "fnr", "ppv", "npv", "accuracy", "selection-rate".
const (
	MetricUnspecified RateMetric = iota // no text form; rejected
	MetricTPR                           // TP / (TP + FN): sensitivity, recall
	MetricFPR                           // FP / (FP + TN)
	MetricTNR                           // TN / (FP + TN): specificity
	MetricFNR                           // FN / (TP + FN): miss rate
	MetricPPV                           // TP / (TP + FP): precision
	MetricNPV                           // TN / (TN + FN)
	MetricAccuracy                      // (TP + TN) / N
	MetricSelection                     // (TP + FP) / N: selection rate
)

var rateMetricCodec = enumtext.New[RateMetric]("postmarket", "RateMetric", ErrInvalidInput,
	"", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "accuracy", "selection-rate")

// String returns the text form of m.
func (m RateMetric) String() string { return rateMetricCodec.String(m) }

// MarshalText returns the text form of m; the unspecified value is an error.
func (m RateMetric) MarshalText() ([]byte, error) { return rateMetricCodec.Marshal(m) }

// AppendText appends the text form of m to b.
func (m RateMetric) AppendText(b []byte) ([]byte, error) { return rateMetricCodec.Append(b, m) }

// UnmarshalText parses a metric case-insensitively; unknown text is an error
// listing the valid names.
func (m *RateMetric) UnmarshalText(b []byte) error { return rateMetricCodec.Unmarshal(m, b) }

// Confusion is a 2×2 confusion matrix of counts. Positive means the
// condition is present (actual) or the model flags it (predicted).
type Confusion struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	TN int `json:"tn"`
	FN int `json:"fn"`
}

// N returns the total count.
func (c Confusion) N() int { return c.TP + c.FP + c.TN + c.FN }

// Add returns the cell-wise sum of c and d.
func (c Confusion) Add(d Confusion) Confusion {
	return Confusion{TP: c.TP + d.TP, FP: c.FP + d.FP, TN: c.TN + d.TN, FN: c.FN + d.FN}
}

// Validate reports every negative or too-large cell; paths are prefixed with
// prefix (for example "groups[1].").
//
// Validate returns an error if a cell is negative or the total exceeds
// [MaxTally] (wrap [ErrOutOfRange]).
func (c Confusion) Validate(prefix string) error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int
	}{{"tp", c.TP}, {"fp", c.FP}, {"tn", c.TN}, {"fn", c.FN}} {
		errs = append(errs, checkTally(prefix+f.name, f.v))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if c.N() > MaxTally {
		return fieldErr(prefix+"tp", strconv.Itoa(c.N()), fmt.Errorf("%w: total count above %d", ErrOutOfRange, MaxTally))
	}
	return nil
}

// Fraction returns the numerator and denominator of metric m for c, or
// (0, 0) for an unspecified metric.
func (c Confusion) Fraction(m RateMetric) (num, den int) {
	switch m {
	case MetricTPR:
		return c.TP, c.TP + c.FN
	case MetricFPR:
		return c.FP, c.FP + c.TN
	case MetricTNR:
		return c.TN, c.FP + c.TN
	case MetricFNR:
		return c.FN, c.TP + c.FN
	case MetricPPV:
		return c.TP, c.TP + c.FP
	case MetricNPV:
		return c.TN, c.TN + c.FN
	case MetricAccuracy:
		return c.TP + c.TN, c.N()
	case MetricSelection:
		return c.TP + c.FP, c.N()
	}
	return 0, 0
}

// PerformanceSpec states how [EvaluatePerformance] reports intervals and at
// which prevalence it adjusts the predictive values.
type PerformanceSpec struct {
	// Interval is the interval method for every rate.
	Interval CIMethod `json:"interval"`
	// Confidence is the interval level in (0, 1), for example 0.95.
	Confidence float64 `json:"confidence"`
	// Prevalence is the stated prevalence π in (0, 1) at which PPV and NPV
	// are also reported (they move with case mix even when the model does
	// not), or null for none.
	Prevalence *float64 `json:"prevalence"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if the interval method is unspecified (wraps
// [ErrInvalidInput]) or the confidence or prevalence is outside (0, 1)
// (wrap [ErrOutOfRange]).
func (s PerformanceSpec) Validate(prefix string) error {
	err := checkMethodConf(prefix, s.Interval, s.Confidence)
	if s.Prevalence != nil && !(*s.Prevalence > 0 && *s.Prevalence < 1) {
		err = errors.Join(err, fieldErr(prefix+"prevalence", gfmt(*s.Prevalence), fmt.Errorf("%w: want a prevalence in (0, 1)", ErrOutOfRange)))
	}
	return err
}

// AdjustedValue is a predictive value at a stated prevalence with its
// interval.
type AdjustedValue struct {
	Prevalence float64 `json:"prevalence"`
	// Defined is false when sensitivity or specificity is undefined (no
	// actual positives or negatives), or the value is 0/0.
	Defined bool    `json:"defined"`
	Value   float64 `json:"value"`
	Lo      float64 `json:"lo"`
	Hi      float64 `json:"hi"`
	// Method names the interval: the value at the ends of the sensitivity
	// and specificity intervals, each at level 1 − (1−conf)/2 so the joint
	// (Bonferroni) coverage is at least conf; PPV and NPV are monotone in
	// both.
	Method string `json:"method"`
}

// Performance is a model's performance on one labelled sample.
type Performance struct {
	Counts      Confusion    `json:"counts"`
	Sensitivity RateEstimate `json:"sensitivity"`
	Specificity RateEstimate `json:"specificity"`
	PPV         RateEstimate `json:"ppv"`
	NPV         RateEstimate `json:"npv"`
	Accuracy    RateEstimate `json:"accuracy"`
	// Prevalence is the sample prevalence (TP+FN)/N.
	Prevalence RateEstimate `json:"prevalence"`
	// PPVAtPrevalence and NPVAtPrevalence are the predictive values at the
	// spec's stated prevalence, or null when none was stated.
	PPVAtPrevalence *AdjustedValue `json:"ppv_at_prevalence"`
	NPVAtPrevalence *AdjustedValue `json:"npv_at_prevalence"`
}

// EvaluatePerformance returns sensitivity, specificity, PPV, NPV, accuracy
// and prevalence of c, each with its interval, and the predictive values at
// the stated prevalence. Sensitivity uses the actual positives as n,
// specificity the actual negatives, PPV the predicted positives. Cost O(1).
//
// EvaluatePerformance returns an error if c fails [Confusion.Validate] or
// spec fails [PerformanceSpec.Validate].
func EvaluatePerformance(c Confusion, spec PerformanceSpec) (Performance, error) {
	if err := errors.Join(c.Validate("counts."), spec.Validate("")); err != nil {
		return Performance{}, err
	}
	r := func(m RateMetric) RateEstimate {
		x, n := c.Fraction(m)
		return rateEst(x, n, spec.Interval, spec.Confidence)
	}
	p := Performance{
		Counts:      c,
		Sensitivity: r(MetricTPR), Specificity: r(MetricTNR),
		PPV: r(MetricPPV), NPV: r(MetricNPV), Accuracy: r(MetricAccuracy),
		Prevalence: rateEst(c.TP+c.FN, c.N(), spec.Interval, spec.Confidence),
	}
	if spec.Prevalence != nil {
		ppv, npv := adjustedValues(c, *spec.Prevalence, spec.Interval, spec.Confidence)
		p.PPVAtPrevalence, p.NPVAtPrevalence = &ppv, &npv
	}
	return p, nil
}

// PPVAtPrevalence returns the positive predictive value
// Se·π / (Se·π + (1−Sp)·(1−π)) and the negative predictive value
// Sp·(1−π) / (Sp·(1−π) + (1−Se)·π) at prevalence π (Bayes' rule).
//
// PPVAtPrevalence returns an error if se or sp is outside [0, 1], prev is
// outside (0, 1), or a value is 0/0 (se = 0 and sp = 1 for PPV; se = 1 and
// sp = 0 for NPV) (wrap [ErrOutOfRange]).
func PPVAtPrevalence(se, sp, prev float64) (ppv, npv float64, err error) {
	var errs []error
	for _, f := range []struct {
		name string
		v    float64
	}{{"sensitivity", se}, {"specificity", sp}} {
		if !(f.v >= 0 && f.v <= 1) {
			errs = append(errs, fieldErr(f.name, gfmt(f.v), fmt.Errorf("%w: want a value in [0, 1]", ErrOutOfRange)))
		}
	}
	if !(prev > 0 && prev < 1) {
		errs = append(errs, fieldErr("prevalence", gfmt(prev), fmt.Errorf("%w: want a prevalence in (0, 1)", ErrOutOfRange)))
	}
	if err := errors.Join(errs...); err != nil {
		return 0, 0, err
	}
	ppv, okP := ppvAt(se, sp, prev)
	npv, okN := npvAt(se, sp, prev)
	if !okP || !okN {
		return 0, 0, fieldErr("sensitivity", gfmt(se), fmt.Errorf("%w: predictive value is 0/0 at sensitivity %s, specificity %s", ErrOutOfRange, gfmt(se), gfmt(sp)))
	}
	return ppv, npv, nil
}

func ppvAt(se, sp, prev float64) (float64, bool) {
	num := se * prev
	den := num + (1-sp)*(1-prev)
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

func npvAt(se, sp, prev float64) (float64, bool) {
	num := sp * (1 - prev)
	den := num + (1-se)*prev
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

func adjustedValues(c Confusion, prev float64, m CIMethod, conf float64) (ppv, npv AdjustedValue) {
	method := fmt.Sprintf("bayes at stated prevalence; interval from %s sensitivity and specificity intervals at %s each (bonferroni, joint ≥ %s)",
		m, gfmt(1-(1-conf)/2), gfmt(conf))
	ppv = AdjustedValue{Prevalence: prev, Method: method}
	npv = AdjustedValue{Prevalence: prev, Method: method}
	pos, neg := c.TP+c.FN, c.TN+c.FP
	if pos == 0 || neg == 0 {
		return ppv, npv
	}
	se, sp := float64(c.TP)/float64(pos), float64(c.TN)/float64(neg)
	c2 := 1 - (1-conf)/2
	seLo, seHi := m.interval(c.TP, pos, c2)
	spLo, spHi := m.interval(c.TN, neg, c2)
	fill := func(a *AdjustedValue, f func(se, sp, prev float64) (float64, bool), lo, hi [2]float64) {
		v, ok := f(se, sp, prev)
		l, okL := f(lo[0], lo[1], prev)
		h, okH := f(hi[0], hi[1], prev)
		if !ok {
			return
		}
		a.Defined, a.Value = true, v
		a.Lo, a.Hi = v, v
		if okL {
			a.Lo = math.Min(l, v)
		} else {
			a.Lo = 0
		}
		if okH {
			a.Hi = math.Max(h, v)
		} else {
			a.Hi = 1
		}
	}
	// PPV rises with Se and Sp; NPV too.
	fill(&ppv, ppvAt, [2]float64{seLo, spLo}, [2]float64{seHi, spHi})
	fill(&npv, npvAt, [2]float64{seLo, spLo}, [2]float64{seHi, spHi})
	return ppv, npv
}

// DiffCI is an interval for the difference p₁ − p₂ of two independent
// proportions.
type DiffCI struct {
	// X1/N1 and X2/N2 are the two proportions compared.
	X1 int `json:"x1"`
	N1 int `json:"n1"`
	X2 int `json:"x2"`
	N2 int `json:"n2"`
	// Difference is x₁/n₁ − x₂/n₂ in [−1, 1].
	Difference float64 `json:"difference"`
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	Confidence float64 `json:"confidence"`
	// Method is "newcombe-hybrid-score" (Newcombe 1998b method 10).
	Method string `json:"method"`
}

// NewcombeDiff returns the Newcombe hybrid score interval (1998b, method 10)
// for p₁ − p₂ with p₁ = x1/n1 and p₂ = x2/n2 independent: with Wilson limits
// (l₁, u₁) and (l₂, u₂), Lo = d − √((p₁−l₁)² + (u₂−p₂)²) and
// Hi = d + √((u₁−p₁)² + (p₂−l₂)²). It is the interval for before/after and
// subgroup-vs-rest comparisons. Cost O(1).
//
// NewcombeDiff returns an error if a count is negative or above [MaxTally],
// n1 or n2 is 0, x1 > n1 or x2 > n2, or conf is outside (0, 1) (wrap
// [ErrOutOfRange]).
func NewcombeDiff(x1, n1, x2, n2 int, conf float64) (DiffCI, error) {
	errs := []error{checkTally("x1", x1), checkTally("n1", n1), checkTally("x2", x2), checkTally("n2", n2)}
	if err := errors.Join(errs...); err != nil {
		return DiffCI{}, err
	}
	if n1 == 0 || n2 == 0 {
		errs = append(errs, fieldErr("n1", strconv.Itoa(min(n1, n2)), fmt.Errorf("%w: both samples need n ≥ 1", ErrOutOfRange)))
	}
	if x1 > n1 {
		errs = append(errs, fieldErr("x1", strconv.Itoa(x1), fmt.Errorf("%w: x1 exceeds n1", ErrOutOfRange)))
	}
	if x2 > n2 {
		errs = append(errs, fieldErr("x2", strconv.Itoa(x2), fmt.Errorf("%w: x2 exceeds n2", ErrOutOfRange)))
	}
	if !(conf > 0 && conf < 1) {
		errs = append(errs, fieldErr("confidence", gfmt(conf), fmt.Errorf("%w: want a confidence level in (0, 1)", ErrOutOfRange)))
	}
	if err := errors.Join(errs...); err != nil {
		return DiffCI{}, err
	}
	return newcombeHybrid(x1, n1, x2, n2, conf), nil
}

func newcombeHybrid(x1, n1, x2, n2 int, conf float64) DiffCI {
	d := float64(x1)/float64(n1) - float64(x2)/float64(n2)
	lo, hi := stats.NewcombeDiff(x1, n1, x2, n2, conf)
	return DiffCI{X1: x1, N1: n1, X2: x2, N2: n2, Difference: d,
		Lo: math.Max(-1, math.Min(lo, d)), Hi: math.Min(1, math.Max(hi, d)),
		Confidence: conf, Method: "newcombe-hybrid-score"}
}

// CompareMetric returns the Newcombe interval for the change of metric m
// from before to after (after − before), for example a sensitivity that fell
// between two monitoring periods.
//
// CompareMetric returns an error if a confusion matrix fails
// [Confusion.Validate], the metric is unspecified (wraps [ErrInvalidInput]),
// a denominator is 0 (wraps [ErrInsufficientData]) or conf is outside
// (0, 1) (wraps [ErrOutOfRange]).
func CompareMetric(m RateMetric, before, after Confusion, conf float64) (DiffCI, error) {
	err := errors.Join(before.Validate("before."), after.Validate("after."))
	if m == MetricUnspecified || m > MetricSelection {
		err = errors.Join(err, fieldErr("metric", m.String(), fmt.Errorf("%w: unspecified metric", ErrInvalidInput)))
	}
	if !(conf > 0 && conf < 1) {
		err = errors.Join(err, fieldErr("confidence", gfmt(conf), fmt.Errorf("%w: want a confidence level in (0, 1)", ErrOutOfRange)))
	}
	if err != nil {
		return DiffCI{}, err
	}
	xa, na := after.Fraction(m)
	xb, nb := before.Fraction(m)
	if na == 0 || nb == 0 {
		return DiffCI{}, fieldErr("after", m.String(), fmt.Errorf("%w: %s has no denominator in one period", ErrInsufficientData, m))
	}
	return newcombeHybrid(xa, na, xb, nb, conf), nil
}

// RequiredN returns the sample size n = ⌈z²·p(1−p)/w²⌉ (z the two-sided
// normal quantile at conf) that holds a proportion near p to ± halfWidth:
// 139 positives hold a sensitivity of 0.90 to ± 0.05 at 95 %, 35 to ± 0.10.
// It is the planning size; whether a sample achieved the precision is judged
// on its actual interval (see [Precision]).
//
// RequiredN returns an error if p is outside [0, 1], halfWidth is outside
// (0, 0.5] or conf is outside (0, 1) (wrap [ErrOutOfRange]).
func RequiredN(p, halfWidth, conf float64) (int, error) {
	var errs []error
	if !(p >= 0 && p <= 1) {
		errs = append(errs, fieldErr("p", gfmt(p), fmt.Errorf("%w: want p in [0, 1]", ErrOutOfRange)))
	}
	if !(halfWidth > 0 && halfWidth <= 0.5) {
		errs = append(errs, fieldErr("half_width", gfmt(halfWidth), fmt.Errorf("%w: want a half-width in (0, 0.5]", ErrOutOfRange)))
	}
	if !(conf > 0 && conf < 1) {
		errs = append(errs, fieldErr("confidence", gfmt(conf), fmt.Errorf("%w: want a confidence level in (0, 1)", ErrOutOfRange)))
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	z := stats.NormalQuantile(1 - (1-conf)/2)
	n := z * z * p * (1 - p) / (halfWidth * halfWidth)
	// Guard the ceiling against representation error (138.0000000001).
	return int(math.Ceil(n - 1e-9)), nil
}
