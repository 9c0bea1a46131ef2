package postmarket

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/stats"
)

// FixedThreshold is a fixed threshold on a drift measure and how the value
// is compared with it.
type FixedThreshold struct {
	Value      float64    `json:"value"`
	Comparator Comparator `json:"comparator"`
}

// DriftSpec declares one drift check: the measure, how it bins, the level of
// its sample-size-aware critical value, an optional fixed threshold and the
// rule that turns the two into a verdict. Nothing has a hidden default: a
// plan states every parameter.
type DriftSpec struct {
	// Feature names the monitored input or score (free text, ≤ 200 bytes).
	Feature string `json:"feature"`
	// Measure is the drift measure.
	Measure DriftMeasure `json:"measure"`
	// Binning is required for PSI and JS and must be null for KS and
	// Wasserstein.
	Binning *Binning `json:"binning"`
	// Alpha is the significance level of the critical value, in (0, 1).
	Alpha float64 `json:"alpha"`
	// Threshold is a fixed threshold on the measure's value (for example the
	// credit-scoring PSI 0.1 or 0.25, or Evidently's PSI ≥ 0.1), or null for
	// none. It is always reported beside the critical value.
	Threshold *FixedThreshold `json:"threshold"`
	// Rule says which criterion decides; [RuleFixedThreshold], [RuleEither]
	// and [RuleBoth] need a Threshold.
	Rule DriftRule `json:"rule"`
	// Normed divides the Wasserstein distance by max(sd_ref, 0.001), the
	// population standard deviation of the reference (Evidently's
	// convention); Wasserstein only.
	Normed bool `json:"normed"`
	// Permutations is the number of seeded label permutations for the
	// Wasserstein critical value and p-value, in [⌈1/α⌉−1, MaxPermutations];
	// 0 for the other measures.
	Permutations int `json:"permutations"`
	// Seed seeds the permutations (PCG); Wasserstein only.
	Seed uint64 `json:"seed"`
	// KSMethod selects the KS p-value method; KS only (zero is [KSAuto]).
	KSMethod KSMethod `json:"ks_method"`
}

// Validate reports every problem with the spec; paths are prefixed with
// prefix (for example "drift[2].").
//
// Validate returns an error if the feature name is too long, the measure or
// rule is unspecified, a binning is missing for PSI or JS or present for KS
// and Wasserstein, the comparator is missing beside a threshold, the rule
// needs a threshold that is absent, or a Wasserstein-only or KS-only field
// is set for another measure (wrap [ErrInvalidInput]); or alpha, the
// threshold or the permutation count is out of range (wrap
// [ErrOutOfRange]); plus the problems of [Binning.Validate].
func (s DriftSpec) Validate(prefix string) error {
	var errs []error
	bad := func(f, v string, sentinel error, msg string) {
		errs = append(errs, fieldErr(prefix+f, v, fmt.Errorf("%w: %s", sentinel, msg)))
	}
	if len(s.Feature) > 200 {
		bad("feature", s.Feature[:40]+"…", ErrInvalidInput, "longer than 200 bytes")
	}
	switch s.Measure {
	case MeasurePSI, MeasureJS:
		if s.Binning == nil {
			bad("binning", "", ErrInvalidInput, s.Measure.String()+" needs a binning")
		} else if err := s.Binning.Validate(prefix + "binning."); err != nil {
			errs = append(errs, err)
		}
	case MeasureKS, MeasureWasserstein:
		if s.Binning != nil {
			bad("binning", "", ErrInvalidInput, s.Measure.String()+" does not bin; set binning to null")
		}
	default:
		bad("measure", s.Measure.String(), ErrInvalidInput, "unspecified measure (valid: "+strings.Join(measureCodec.Names(), ", ")+")")
	}
	if err := checkLevel(prefix+"alpha", s.Alpha); err != nil {
		errs = append(errs, err)
	}
	if s.Threshold != nil {
		if t := s.Threshold.Value; math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			bad("threshold.value", gfmt(t), ErrOutOfRange, "a threshold is a finite value ≥ 0")
		}
		if c := s.Threshold.Comparator; c != AtLeast && c != Above {
			bad("threshold.comparator", c.String(), ErrInvalidInput, "a threshold needs a comparator (ge or gt)")
		}
	}
	switch s.Rule {
	case RuleCriticalValue:
	case RuleFixedThreshold, RuleEither, RuleBoth:
		if s.Threshold == nil {
			bad("rule", s.Rule.String(), ErrInvalidInput, "rule needs a threshold")
		}
	default:
		bad("rule", s.Rule.String(), ErrInvalidInput, "unspecified rule (valid: "+strings.Join(ruleCodec.Names(), ", ")+")")
	}
	if s.Measure == MeasureWasserstein {
		minPerm := 19
		if s.Alpha > 0 && s.Alpha < 1 {
			minPerm = int(math.Ceil(1/s.Alpha-1e-9)) - 1
		}
		if s.Permutations < max(minPerm, 1) || s.Permutations > MaxPermutations {
			bad("permutations", strconv.Itoa(s.Permutations), ErrOutOfRange,
				fmt.Sprintf("want %d..%d permutations for alpha %s", max(minPerm, 1), MaxPermutations, gfmt(s.Alpha)))
		}
	} else {
		if s.Normed {
			bad("normed", "true", ErrInvalidInput, "normed is for wasserstein-1 only")
		}
		if s.Permutations != 0 {
			bad("permutations", strconv.Itoa(s.Permutations), ErrInvalidInput, "permutations are for wasserstein-1 only")
		}
		if s.Seed != 0 {
			bad("seed", strconv.FormatUint(s.Seed, 10), ErrInvalidInput, "seed is for wasserstein-1 only")
		}
	}
	if s.Measure != MeasureKS && s.KSMethod != KSAuto {
		bad("ks_method", s.KSMethod.String(), ErrInvalidInput, "ks_method is for ks only")
	} else if s.KSMethod > KSAsymptotic {
		bad("ks_method", s.KSMethod.String(), ErrInvalidInput, "unknown ks method")
	}
	return errors.Join(errs...)
}

// DriftStatus is the verdict of a drift check.
type DriftStatus uint8

// Drift statuses. Text forms: "no-drift", "drift", "insufficient".
const (
	DriftStatusUnspecified DriftStatus = iota // no text form
	// NoDrift: the deciding criterion is not met.
	NoDrift
	// Drifted: the deciding criterion is met.
	Drifted
	// DriftInsufficient: the samples are too small for the test to ever
	// reject at the stated α (the critical value is unattainable), so a
	// "no drift" would mean nothing.
	DriftInsufficient
)

var driftStatusCodec = enumtext.New[DriftStatus]("postmarket", "DriftStatus", ErrInvalidInput,
	"", "no-drift", "drift", "insufficient")

// String returns the text form of s.
func (s DriftStatus) String() string { return driftStatusCodec.String(s) }

// MarshalText returns the text form of s; the unspecified value is an error.
func (s DriftStatus) MarshalText() ([]byte, error) { return driftStatusCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s DriftStatus) AppendText(b []byte) ([]byte, error) { return driftStatusCodec.Append(b, s) }

// UnmarshalText parses a status; unknown text is an error listing the valid
// names.
func (s *DriftStatus) UnmarshalText(b []byte) error { return driftStatusCodec.Unmarshal(s, b) }

// DriftResult is the outcome of one drift check.
type DriftResult struct {
	// Feature, Measure, Rule and Alpha repeat the [DriftSpec].
	Feature string       `json:"feature"`
	Measure DriftMeasure `json:"measure"`
	Rule    DriftRule    `json:"rule"`
	Alpha   float64      `json:"alpha"`
	// Method is the full method label, including binning, epsilon, log
	// base, normalisation and p-value method, e.g.
	// "psi; bins=reference-quantiles(type 7), 10 requested, 10 used; epsilon=0.0001; log=e".
	Method string `json:"method"`
	// Value is the measure: PSI and JS in the log base's unit, KS D in
	// [0, 1], Wasserstein in the data's unit (or in reference standard
	// deviations when normed).
	Value float64 `json:"value"`
	// NReference and NCurrent are the sample sizes.
	NReference int `json:"n_reference"`
	NCurrent   int `json:"n_current"`
	// Binned is the binning as applied (PSI and JS), else null.
	Binned *Binned `json:"binned"`
	// PValue is the test's p-value (KS: exact or asymptotic; Wasserstein:
	// permutation, (k+1)/(K+1)), or null for PSI and JS.
	PValue *float64 `json:"p_value"`
	// CriticalValue is the sample-size-aware critical value at Alpha and
	// CriticalMethod how it was obtained; CriticalComparator is how Value
	// is compared with it.
	CriticalValue      float64    `json:"critical_value"`
	CriticalMethod     string     `json:"critical_method"`
	CriticalComparator Comparator `json:"critical_comparator"`
	// ExceedsCritical reports whether Value meets the critical value.
	ExceedsCritical bool `json:"exceeds_critical"`
	// Threshold repeats the fixed threshold (null for none);
	// ExceedsThreshold reports whether Value exceeds it (null for none).
	Threshold        *FixedThreshold `json:"threshold"`
	ExceedsThreshold *bool           `json:"exceeds_threshold"`
	// Band is the credit-scoring PSI band of Value ("none", "moderate",
	// "major"), for PSI only, else "".
	Band string `json:"band"`
	// Status is the verdict, and DecidedBy the criterion that decided it.
	Status    DriftStatus `json:"status"`
	DecidedBy Criterion   `json:"decided_by"`
	// Sentence says the verdict in one line a reviewer can read.
	Sentence string `json:"sentence"`
}

// Drift runs one drift check of current against reference; see
// [DriftContext].
func Drift(reference, current []float64, spec DriftSpec) (DriftResult, error) {
	return DriftContext(context.Background(), reference, current, spec)
}

// DriftContext runs one drift check of current against reference under
// spec: the measure's value, its sample-size-aware critical value at
// spec.Alpha (PSI (1/n+1/m)·χ²(B−1, 1−α); JS its square-root analogue; KS
// the exact or asymptotic critical D; Wasserstein the (1−α) quantile of
// spec.Permutations seeded label permutations), the fixed threshold beside
// it, and a verdict that names the criterion that decided. The samples are
// not modified.
//
// Cost: O(m+n) plus O(n·log B) for binning; KS adds its exact p-value cost
// (see [KS2]); Wasserstein adds O(K·(m+n)) for K permutations, checking ctx
// between permutations.
//
// DriftContext returns an error if spec fails [DriftSpec.Validate], a sample
// is empty, too long or not finite (see [KS2]), or ctx is done (returns
// ctx.Err()).
func DriftContext(ctx context.Context, reference, current []float64, spec DriftSpec) (DriftResult, error) {
	if err := errors.Join(spec.Validate(""), checkDriftSamples(reference, current, "")); err != nil {
		return DriftResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return DriftResult{}, err
	}
	res := DriftResult{
		Feature: spec.Feature, Measure: spec.Measure, Rule: spec.Rule, Alpha: spec.Alpha,
		NReference: len(reference), NCurrent: len(current),
		CriticalComparator: AtLeast,
	}
	if spec.Threshold != nil {
		t := *spec.Threshold
		res.Threshold = &t
	}
	n, m := len(reference), len(current)
	attainable := true
	switch spec.Measure {
	case MeasurePSI, MeasureJS:
		b := binSamples(reference, current, nil, *spec.Binning)
		res.Binned = &b
		res.Method = fmt.Sprintf("%s; bins=%s, %d requested, %d used; ", spec.Measure, binLabel(spec.Binning.Method), b.Requested, b.Bins)
		if b.Bins < 2 {
			// All reference quantiles tied: one bin cannot show drift.
			attainable = false
		}
		bins := max(b.Bins, 2)
		if spec.Measure == MeasurePSI {
			res.Method += fmt.Sprintf("epsilon=%s; log=%s", gfmt(spec.Binning.Epsilon), spec.Binning.LogBase)
			res.Value = psiValue(b.ReferenceShares, b.CurrentShares, spec.Binning.Epsilon, spec.Binning.LogBase)
			res.CriticalValue = (1/float64(n) + 1/float64(m)) * chi2Quantile(1-spec.Alpha, bins-1) / spec.Binning.LogBase.ln()
			res.CriticalMethod = fmt.Sprintf("(1/n + 1/m)·χ²(%d, %s) / ln(%s)", bins-1, gfmt(1-spec.Alpha), spec.Binning.LogBase)
			res.Band = PSIBand(res.Value * spec.Binning.LogBase.ln())
		} else {
			res.Method += fmt.Sprintf("log=%s; distance (square root of the divergence)", spec.Binning.LogBase)
			res.Value = jsDistance(b.ReferenceShares, b.CurrentShares, spec.Binning.LogBase)
			res.CriticalValue = jsCritical(n, m, bins, spec.Alpha, spec.Binning.LogBase)
			res.CriticalMethod = fmt.Sprintf("√((1/n + 1/m)·χ²(%d, %s) / (8·ln %s))", bins-1, gfmt(1-spec.Alpha), spec.Binning.LogBase)
		}
	case MeasureKS:
		ks, err := KS2(reference, current, spec.Alpha, spec.KSMethod)
		if err != nil {
			return DriftResult{}, err
		}
		res.Value = ks.Statistic
		p := ks.PValue
		res.PValue = &p
		res.CriticalValue = ks.CriticalValue
		res.Method = fmt.Sprintf("ks two-sample, two-sided; p-value %s", ks.Method)
		if ks.Ties {
			res.Method += " (ties present"
			if ks.Method == KSExact {
				res.Method += "; exact conditional on the tie pattern)"
			} else {
				res.Method += "; asymptotic p-value assumes none)"
			}
		}
		if ks.Method == KSExact {
			res.CriticalMethod = "smallest D with exact P(D' ≥ D) ≤ α"
		} else {
			res.CriticalMethod = "Kolmogorov quantile(1−α) · √((n+m)/(n·m))"
		}
		attainable = ks.CriticalValue <= 1
	case MeasureWasserstein:
		if err := wassersteinDrift(ctx, reference, current, spec, &res); err != nil {
			return DriftResult{}, err
		}
	}
	res.ExceedsCritical = attainable && res.CriticalComparator.exceeds(res.Value, res.CriticalValue)
	if res.Threshold != nil {
		e := spec.Threshold.Comparator.exceeds(res.Value, spec.Threshold.Value)
		res.ExceedsThreshold = &e
	}
	decideDrift(&res, attainable)
	res.Sentence = driftSentence(res)
	return res, nil
}

func binLabel(m BinMethod) string {
	if m == BinReferenceQuantiles {
		return "reference-quantiles(type 7)"
	}
	return "fixed-edges"
}

func chi2Quantile(p float64, df int) float64 { return stats.ChiSquareQuantile(p, float64(df)) }

// decide sets Status and DecidedBy from the two criteria and the rule.
func decideDrift(r *DriftResult, attainable bool) {
	c := r.ExceedsCritical
	t := r.ExceedsThreshold != nil && *r.ExceedsThreshold
	var drift bool
	switch r.Rule {
	case RuleCriticalValue:
		drift, r.DecidedBy = c, ByCriticalValue
	case RuleFixedThreshold:
		drift, r.DecidedBy = t, ByFixedThreshold
	case RuleEither:
		drift = c || t
		switch {
		case c && !t:
			r.DecidedBy = ByCriticalValue
		case t && !c:
			r.DecidedBy = ByFixedThreshold
		default:
			r.DecidedBy = ByBoth
		}
	case RuleBoth:
		drift = c && t
		switch {
		case c && !t:
			r.DecidedBy = ByFixedThreshold
		case t && !c:
			r.DecidedBy = ByCriticalValue
		default:
			r.DecidedBy = ByBoth
		}
	}
	switch {
	case drift:
		r.Status = Drifted
	case !attainable && r.DecidedBy != ByFixedThreshold:
		// The critical value took part in the decision but can never be
		// met: not "no drift" but too little data.
		r.Status = DriftInsufficient
	default:
		r.Status = NoDrift
	}
}

func driftSentence(r DriftResult) string {
	var b strings.Builder
	name := r.Feature
	if name == "" {
		name = "the feature"
	}
	fmt.Fprintf(&b, "%s %s on %s (reference %d, current %d): ", r.Measure, sig4(r.Value), name, r.NReference, r.NCurrent)
	if r.ExceedsCritical {
		fmt.Fprintf(&b, "meets the critical value %s at α = %s", sig4(r.CriticalValue), gfmt(r.Alpha))
	} else {
		fmt.Fprintf(&b, "below the critical value %s at α = %s", sig4(r.CriticalValue), gfmt(r.Alpha))
	}
	if r.Threshold != nil {
		if *r.ExceedsThreshold {
			fmt.Fprintf(&b, "; exceeds the fixed threshold %s %s", r.Threshold.Comparator.symbol(), gfmt(r.Threshold.Value))
		} else {
			fmt.Fprintf(&b, "; does not exceed the fixed threshold %s %s", r.Threshold.Comparator.symbol(), gfmt(r.Threshold.Value))
		}
	}
	fmt.Fprintf(&b, "; %s, decided by %s (rule %s)", r.Status, r.DecidedBy, r.Rule)
	return b.String()
}

// fmt4 renders a value with 4 significant digits.
func sig4(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// wassersteinDrift fills the Wasserstein value, permutation p-value and
// critical value.
func wassersteinDrift(ctx context.Context, reference, current []float64, spec DriftSpec, res *DriftResult) error {
	a, b := sortedValues(reference), sortedValues(current)
	w := wasserstein(a, b)
	scale := 1.0
	res.Method = "wasserstein-1 (scipy.stats.wasserstein_distance)"
	if spec.Normed {
		scale = math.Max(popSD(reference), 0.001)
		res.Method += "; normed by max(sd_ref, 0.001) = " + sig4(scale)
	}
	res.Value = w / scale
	// Pooled sorted values with their sample labels.
	z := make([]float64, 0, len(a)+len(b))
	isRef := make([]bool, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i] <= b[j]) {
			z, isRef = append(z, a[i]), append(isRef, true)
			i++
		} else {
			z, isRef = append(z, b[j]), append(isRef, false)
			j++
		}
	}
	gaps := make([]float64, len(z)-1)
	for k := range gaps {
		gaps[k] = z[k+1] - z[k]
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x9e3779b97f4a7c15))
	K := spec.Permutations
	perm := make([]float64, K)
	labels := slices.Clone(isRef)
	nr, nc := float64(len(a)), float64(len(b))
	for p := range K {
		if err := ctx.Err(); err != nil {
			return err
		}
		rng.Shuffle(len(labels), func(x, y int) { labels[x], labels[y] = labels[y], labels[x] })
		s, cr := 0.0, 0
		for k, g := range gaps {
			if labels[k] {
				cr++
			}
			s += math.Abs(float64(cr)/nr-float64(k+1-cr)/nc) * g
		}
		perm[p] = s / scale
	}
	exceed := 0
	for _, v := range perm {
		if v >= res.Value {
			exceed++
		}
	}
	pv := float64(exceed+1) / float64(K+1)
	res.PValue = &pv
	// Drift ⇔ p ≤ α ⇔ at most c = ⌊α(K+1)⌋ − 1 permuted values ≥ Value ⇔
	// Value > the (c+1)-th largest permuted value.
	slices.Sort(perm)
	c := int(math.Floor(spec.Alpha*float64(K+1)+1e-9)) - 1
	res.CriticalValue = perm[K-1-c]
	res.CriticalComparator = Above
	res.CriticalMethod = fmt.Sprintf("(1−α) permutation quantile: %d-th largest of %d seeded label permutations (PCG seed %d); p = (k+1)/(K+1)", c+1, K, spec.Seed)
	return nil
}

// popSD is the population standard deviation (divisor n), as numpy's std.
func popSD(x []float64) float64 {
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	ss := 0.0
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(x)))
}
