package postmarket

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxBins caps the number of bins of a [Binning]: 1,000.
const MaxBins = 1000

// MaxPermutations caps [DriftSpec.Permutations]: 10,000.
const MaxPermutations = 10_000

// DriftMeasure names a drift measure.
type DriftMeasure uint8

// Drift measures. Text forms: "psi", "ks", "js-distance", "wasserstein-1".
const (
	MeasureUnspecified DriftMeasure = iota // no text form; rejected
	// MeasurePSI is the population stability index Σ (a−e)·log(a/e) over
	// bins of reference shares e and current shares a.
	MeasurePSI
	// MeasureKS is the two-sample Kolmogorov–Smirnov statistic D (see
	// [KS2]).
	MeasureKS
	// MeasureJS is the Jensen–Shannon distance √JSD over the same bins as
	// PSI (see [JSDistance]).
	MeasureJS
	// MeasureWasserstein is the 1-Wasserstein distance between the two
	// empirical distributions, optionally divided by the reference standard
	// deviation (see [Wasserstein1]).
	MeasureWasserstein
)

var measureCodec = enumtext.New[DriftMeasure]("postmarket", "DriftMeasure", ErrInvalidInput,
	"", "psi", "ks", "js-distance", "wasserstein-1")

// String returns the text form of m.
func (m DriftMeasure) String() string { return measureCodec.String(m) }

// MarshalText returns the text form of m; the unspecified value is an error.
func (m DriftMeasure) MarshalText() ([]byte, error) { return measureCodec.Marshal(m) }

// AppendText appends the text form of m to b.
func (m DriftMeasure) AppendText(b []byte) ([]byte, error) { return measureCodec.Append(b, m) }

// UnmarshalText parses a measure case-insensitively; unknown text is an error
// listing the valid names.
func (m *DriftMeasure) UnmarshalText(b []byte) error { return measureCodec.Unmarshal(m, b) }

// BinMethod says where the bin edges of PSI and JS come from.
type BinMethod uint8

// Bin methods. Text forms: "reference-quantiles", "fixed-edges".
const (
	BinUnspecified BinMethod = iota // no text form; rejected
	// BinReferenceQuantiles cuts at the reference sample's quantiles k/B,
	// k = 1..B−1 (Hyndman–Fan type 7, linear interpolation, numpy's
	// default). Tied quantiles are merged, so fewer than B bins can result;
	// the result states the edges and the bin count actually used.
	BinReferenceQuantiles
	// BinFixedEdges uses the caller's edges.
	BinFixedEdges
)

var binMethodCodec = enumtext.New[BinMethod]("postmarket", "BinMethod", ErrInvalidInput,
	"", "reference-quantiles", "fixed-edges")

// String returns the text form of m.
func (m BinMethod) String() string { return binMethodCodec.String(m) }

// MarshalText returns the text form of m; the unspecified value is an error.
func (m BinMethod) MarshalText() ([]byte, error) { return binMethodCodec.Marshal(m) }

// AppendText appends the text form of m to b.
func (m BinMethod) AppendText(b []byte) ([]byte, error) { return binMethodCodec.Append(b, m) }

// UnmarshalText parses a bin method case-insensitively; unknown text is an
// error listing the valid names.
func (m *BinMethod) UnmarshalText(b []byte) error { return binMethodCodec.Unmarshal(m, b) }

// LogBase is the base of the logarithm in PSI and Jensen–Shannon.
type LogBase uint8

// Log bases. Text forms: "e", "2". The base-e JS distance is √(ln 2) ≈ 0.8326
// times the base-2 one, so a threshold of 0.1 means different things in
// each; the base is always part of the result.
const (
	LogBaseUnspecified LogBase = iota // no text form; rejected
	LogNatural                        // natural logarithm (nats)
	Log2                              // base 2 (bits); JS distance is then in [0, 1]
)

var logBaseCodec = enumtext.New[LogBase]("postmarket", "LogBase", ErrInvalidInput, "", "e", "2")

// String returns the text form of b.
func (b LogBase) String() string { return logBaseCodec.String(b) }

// MarshalText returns the text form of b; the unspecified value is an error.
func (b LogBase) MarshalText() ([]byte, error) { return logBaseCodec.Marshal(b) }

// AppendText appends the text form of b to dst.
func (b LogBase) AppendText(dst []byte) ([]byte, error) { return logBaseCodec.Append(dst, b) }

// UnmarshalText parses a log base; unknown text is an error listing the
// valid names.
func (b *LogBase) UnmarshalText(text []byte) error { return logBaseCodec.Unmarshal(b, text) }

// ln returns ln(base), the divisor that turns nats into the base's unit.
func (b LogBase) ln() float64 {
	if b == Log2 {
		return math.Ln2
	}
	return 1
}

// Comparator says how a value is compared with a threshold.
type Comparator uint8

// Comparators. Text forms: "ge" (≥), "gt" (>).
const (
	ComparatorUnspecified Comparator = iota // no text form; rejected
	AtLeast                                 // value ≥ threshold exceeds it
	Above                                   // value > threshold exceeds it
)

var comparatorCodec = enumtext.New[Comparator]("postmarket", "Comparator", ErrInvalidInput, "", "ge", "gt")

// String returns the text form of c.
func (c Comparator) String() string { return comparatorCodec.String(c) }

// MarshalText returns the text form of c; the unspecified value is an error.
func (c Comparator) MarshalText() ([]byte, error) { return comparatorCodec.Marshal(c) }

// AppendText appends the text form of c to b.
func (c Comparator) AppendText(b []byte) ([]byte, error) { return comparatorCodec.Append(b, c) }

// UnmarshalText parses a comparator; unknown text is an error listing the
// valid names.
func (c *Comparator) UnmarshalText(b []byte) error { return comparatorCodec.Unmarshal(c, b) }

func (c Comparator) exceeds(v, t float64) bool {
	if c == Above {
		return v > t
	}
	return v >= t
}

func (c Comparator) symbol() string {
	if c == Above {
		return ">"
	}
	return "≥"
}

// DriftRule says which criterion decides a drift verdict.
type DriftRule uint8

// Drift rules. Text forms: "critical-value", "fixed-threshold", "either",
// "both".
const (
	RuleUnspecified DriftRule = iota // no text form; rejected
	// RuleCriticalValue: drift when the value reaches the sample-size-aware
	// critical value (the fixed threshold, if any, is reported beside it).
	RuleCriticalValue
	// RuleFixedThreshold: drift when the value exceeds the fixed threshold.
	RuleFixedThreshold
	// RuleEither: drift when either criterion is met.
	RuleEither
	// RuleBoth: drift only when both criteria are met.
	RuleBoth
)

var ruleCodec = enumtext.New[DriftRule]("postmarket", "DriftRule", ErrInvalidInput,
	"", "critical-value", "fixed-threshold", "either", "both")

// String returns the text form of r.
func (r DriftRule) String() string { return ruleCodec.String(r) }

// MarshalText returns the text form of r; the unspecified value is an error.
func (r DriftRule) MarshalText() ([]byte, error) { return ruleCodec.Marshal(r) }

// AppendText appends the text form of r to b.
func (r DriftRule) AppendText(b []byte) ([]byte, error) { return ruleCodec.Append(b, r) }

// UnmarshalText parses a rule case-insensitively; unknown text is an error
// listing the valid names.
func (r *DriftRule) UnmarshalText(b []byte) error { return ruleCodec.Unmarshal(r, b) }

// Criterion names what decided a verdict.
type Criterion uint8

// Criteria. Text forms: "critical-value", "fixed-threshold", "both".
const (
	CriterionUnspecified Criterion = iota // no text form
	ByCriticalValue                       // the sample-size-aware critical value decided
	ByFixedThreshold                      // the fixed threshold decided
	ByBoth                                // both criteria agreed and the rule needed both
)

var criterionCodec = enumtext.New[Criterion]("postmarket", "Criterion", ErrInvalidInput,
	"", "critical-value", "fixed-threshold", "both")

// String returns the text form of c.
func (c Criterion) String() string { return criterionCodec.String(c) }

// MarshalText returns the text form of c; the unspecified value is an error.
func (c Criterion) MarshalText() ([]byte, error) { return criterionCodec.Marshal(c) }

// AppendText appends the text form of c to b.
func (c Criterion) AppendText(b []byte) ([]byte, error) { return criterionCodec.Append(b, c) }

// UnmarshalText parses a criterion; unknown text is an error listing the
// valid names.
func (c *Criterion) UnmarshalText(b []byte) error { return criterionCodec.Unmarshal(c, b) }

// Binning states how PSI and Jensen–Shannon bin a numeric sample. Bins are
// closed on the right: with edges e₀ < … < e_{k−1} the bins are (−∞, e₀],
// (e₀, e₁], …, (e_{k−1}, +∞), so k edges give k+1 bins.
type Binning struct {
	// Method is where the edges come from.
	Method BinMethod `json:"method"`
	// Bins is the number of bins requested for [BinReferenceQuantiles],
	// in [2, MaxBins]; it must be 0 for [BinFixedEdges].
	Bins int `json:"bins"`
	// Edges are the interior edges for [BinFixedEdges]: finite, strictly
	// increasing, 1 to MaxBins−1 of them; empty for reference quantiles.
	Edges []float64 `json:"edges"`
	// Epsilon is the share put in place of an empty bin's zero share in
	// PSI (whose log ratio is otherwise infinite), in (0, 0.01]; shares are
	// not renormalised afterwards. Common choices: 1e-4 (Evidently), 1e-3.
	// JS needs no epsilon (0·log 0 = 0) and ignores it.
	Epsilon float64 `json:"epsilon"`
	// LogBase is the base of the logarithm.
	LogBase LogBase `json:"log_base"`
}

// Validate reports every problem with the binning; paths are prefixed with
// prefix (for example "drift[2].binning.").
//
// Validate returns an error if the method or log base is unspecified (wraps
// [ErrInvalidInput]), Bins is out of [2, MaxBins] for quantiles or not 0 for
// fixed edges (wraps [ErrOutOfRange]), Edges are missing, too many, not
// finite or not strictly increasing for fixed edges or present for quantiles
// (wrap [ErrInvalidInput] or [ErrTooLarge]), or Epsilon is outside (0, 0.01]
// (wraps [ErrOutOfRange]).
func (b Binning) Validate(prefix string) error {
	var errs []error
	switch b.Method {
	case BinReferenceQuantiles:
		if b.Bins < 2 || b.Bins > MaxBins {
			errs = append(errs, fieldErr(prefix+"bins", strconv.Itoa(b.Bins), fmt.Errorf("%w: want 2..%d bins", ErrOutOfRange, MaxBins)))
		}
		if len(b.Edges) > 0 {
			errs = append(errs, fieldErr(prefix+"edges", strconv.Itoa(len(b.Edges)), fmt.Errorf("%w: reference-quantile binning takes no edges", ErrInvalidInput)))
		}
	case BinFixedEdges:
		if b.Bins != 0 {
			errs = append(errs, fieldErr(prefix+"bins", strconv.Itoa(b.Bins), fmt.Errorf("%w: fixed-edge binning takes its bin count from the edges; set 0", ErrOutOfRange)))
		}
		switch {
		case len(b.Edges) == 0:
			errs = append(errs, fieldErr(prefix+"edges", "", fmt.Errorf("%w: fixed-edge binning needs at least one edge", ErrInvalidInput)))
		case len(b.Edges) > MaxBins-1:
			errs = append(errs, fieldErr(prefix+"edges", strconv.Itoa(len(b.Edges)), fmt.Errorf("%w: at most %d edges", ErrTooLarge, MaxBins-1)))
		default:
			for i, e := range b.Edges {
				if math.IsNaN(e) || math.IsInf(e, 0) {
					errs = append(errs, fieldErr(fmt.Sprintf("%sedges[%d]", prefix, i), gfmt(e), fmt.Errorf("%w: not a finite number", ErrInvalidInput)))
				} else if i > 0 && !(e > b.Edges[i-1]) {
					errs = append(errs, fieldErr(fmt.Sprintf("%sedges[%d]", prefix, i), gfmt(e), fmt.Errorf("%w: edges must increase strictly", ErrInvalidInput)))
				}
			}
		}
	default:
		errs = append(errs, fieldErr(prefix+"method", b.Method.String(), fmt.Errorf("%w: unspecified bin method (valid: %s)", ErrInvalidInput, strings.Join(binMethodCodec.Names(), ", "))))
	}
	if !(b.Epsilon > 0 && b.Epsilon <= 0.01) {
		errs = append(errs, fieldErr(prefix+"epsilon", gfmt(b.Epsilon), fmt.Errorf("%w: want epsilon in (0, 0.01]", ErrOutOfRange)))
	}
	if b.LogBase != LogNatural && b.LogBase != Log2 {
		errs = append(errs, fieldErr(prefix+"log_base", b.LogBase.String(), fmt.Errorf("%w: unspecified log base (valid: e, 2)", ErrInvalidInput)))
	}
	return errors.Join(errs...)
}

// Binned is a binning as applied: the edges actually used and the counts
// and shares per bin.
type Binned struct {
	// Method, Epsilon and LogBase repeat the [Binning].
	Method  BinMethod `json:"method"`
	Epsilon float64   `json:"epsilon"`
	LogBase LogBase   `json:"log_base"`
	// Requested is the bin count asked for (reference quantiles) or implied
	// by the edges (fixed); Bins is the count used after merging tied
	// quantile edges.
	Requested int `json:"requested"`
	Bins      int `json:"bins"`
	// Edges are the interior edges used (Bins−1 of them).
	Edges []float64 `json:"edges"`
	// ReferenceCounts and CurrentCounts are the counts per bin; the shares
	// are counts / n, before the epsilon is applied.
	ReferenceCounts []int     `json:"reference_counts"`
	CurrentCounts   []int     `json:"current_counts"`
	ReferenceShares []float64 `json:"reference_shares"`
	CurrentShares   []float64 `json:"current_shares"`
}

// quantile7 returns the type-7 quantile of sorted x at probability p.
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// binSamples applies b to the samples (b is valid). refSorted, when not nil,
// is the reference sorted ascending.
func binSamples(reference, current, refSorted []float64, b Binning) Binned {
	out := Binned{Method: b.Method, Epsilon: b.Epsilon, LogBase: b.LogBase}
	var edges []float64
	if b.Method == BinFixedEdges {
		edges = slices.Clone(b.Edges)
		out.Requested = len(edges) + 1
	} else {
		out.Requested = b.Bins
		if refSorted == nil {
			refSorted = sortedValues(reference)
		}
		for k := 1; k < b.Bins; k++ {
			e := quantile7(refSorted, float64(k)/float64(b.Bins))
			if len(edges) == 0 || e > edges[len(edges)-1] {
				edges = append(edges, e)
			}
		}
		// An edge at the maximum leaves the last bin empty by construction
		// for the reference; it still counts as a bin the current sample
		// can fill, as in every quantile binning.
	}
	if edges == nil {
		edges = []float64{}
	}
	out.Edges = edges
	out.Bins = len(edges) + 1
	out.ReferenceCounts = countBins(reference, edges)
	out.CurrentCounts = countBins(current, edges)
	out.ReferenceShares = binShares(out.ReferenceCounts, len(reference))
	out.CurrentShares = binShares(out.CurrentCounts, len(current))
	return out
}

// countBins counts x into the right-closed bins of edges: O(len(x)·log k).
func countBins(x, edges []float64) []int {
	counts := make([]int, len(edges)+1)
	if len(edges) <= 16 {
		for _, v := range x {
			i := 0
			for i < len(edges) && v > edges[i] {
				i++
			}
			counts[i]++
		}
		return counts
	}
	for _, v := range x {
		lo, hi := 0, len(edges) // first edge ≥ v
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if edges[mid] < v {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		counts[lo]++
	}
	return counts
}

func binShares(counts []int, n int) []float64 {
	out := make([]float64, len(counts))
	for i, c := range counts {
		out[i] = float64(c) / float64(n)
	}
	return out
}

// checkShares validates two share vectors of equal length that each sum to
// 1 within 1e-6.
func checkShareVectors(expected, actual []float64) error {
	var errs []error
	if len(expected) != len(actual) {
		errs = append(errs, fieldErr("actual", strconv.Itoa(len(actual)), fmt.Errorf("%w: %d shares for %d expected shares", ErrInvalidInput, len(actual), len(expected))))
	}
	for _, s := range []struct {
		name string
		x    []float64
	}{{"expected", expected}, {"actual", actual}} {
		if len(s.x) < 2 || len(s.x) > MaxBins {
			errs = append(errs, fieldErr(s.name, strconv.Itoa(len(s.x)), fmt.Errorf("%w: want 2..%d shares", ErrOutOfRange, MaxBins)))
			continue
		}
		sum := 0.0
		ok := true
		for i, v := range s.x {
			if !(v >= 0 && v <= 1) {
				errs = append(errs, fieldErr(fmt.Sprintf("%s[%d]", s.name, i), gfmt(v), fmt.Errorf("%w: a share is in [0, 1]", ErrOutOfRange)))
				ok = false
				continue
			}
			sum += v
		}
		if ok && math.Abs(sum-1) > 1e-6 {
			errs = append(errs, fieldErr(s.name, gfmt(sum), fmt.Errorf("%w: shares must sum to 1 (within 1e-6)", ErrInvalidInput)))
		}
	}
	return errors.Join(errs...)
}

// PSI returns the population stability index Σ (a_i − e_i)·log(a_i/e_i) of
// actual shares a against expected (reference) shares e, in the given log
// base, with every zero share replaced by epsilon (no renormalisation). PSI
// is the symmetrised Kullback–Leibler divergence D(a‖e) + D(e‖a); it is ≥ 0
// and 0 exactly when the shares are equal. Cost O(bins).
//
// PSI returns an error if the share vectors differ in length, have fewer
// than 2 or more than [MaxBins] entries, hold a share outside [0, 1] or do
// not sum to 1 within 1e-6 (wrap [ErrInvalidInput] or [ErrOutOfRange]), or
// epsilon is outside (0, 0.01] or the base is unspecified (wrap
// [ErrOutOfRange] or [ErrInvalidInput]).
func PSI(expected, actual []float64, epsilon float64, base LogBase) (float64, error) {
	var errs []error
	errs = append(errs, checkShareVectors(expected, actual))
	if !(epsilon > 0 && epsilon <= 0.01) {
		errs = append(errs, fieldErr("epsilon", gfmt(epsilon), fmt.Errorf("%w: want epsilon in (0, 0.01]", ErrOutOfRange)))
	}
	if base != LogNatural && base != Log2 {
		errs = append(errs, fieldErr("log_base", base.String(), fmt.Errorf("%w: unspecified log base (valid: e, 2)", ErrInvalidInput)))
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return psiValue(expected, actual, epsilon, base), nil
}

func psiValue(e, a []float64, eps float64, base LogBase) float64 {
	s := 0.0
	for i := range e {
		ei, ai := e[i], a[i]
		if ei == 0 {
			ei = eps
		}
		if ai == 0 {
			ai = eps
		}
		if ei != ai {
			s += (ai - ei) * math.Log(ai/ei)
		}
	}
	return s / base.ln()
}

// PSIBand returns the conventional credit-scoring band of a PSI value (E. M.
// Lewis, An Introduction to Credit Scoring): "none" below 0.1, "moderate"
// from 0.1 to 0.25, "major" above 0.25. The bands ignore sample size; see
// [PSICritical]. NaN gives "".
func PSIBand(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v < 0.1:
		return "none"
	case v <= 0.25:
		return "moderate"
	default:
		return "major"
	}
}

// PSICritical returns the sample-size-aware critical value of PSI (natural
// log) for a reference of n and a current sample of m values in the given
// number of bins at significance level alpha: (1/n + 1/m)·χ²(bins−1, 1−α),
// the no-drift asymptotic distribution of PSI (attributed to Yurdakul 2018;
// PSI ≈ the Pearson χ² homogeneity statistic scaled by 1/n + 1/m). For
// B = 10 and α = 0.05 it is 0.0338 at n = m = 1000 and 0.338 at
// n = m = 100. Divide by ln 2 for a base-2 PSI.
//
// PSICritical returns an error if n or m is below 1, bins is outside
// [2, MaxBins] or alpha is outside (0, 1) (wrap [ErrOutOfRange]).
func PSICritical(n, m, bins int, alpha float64) (float64, error) {
	if err := checkCritical(n, m, bins, alpha); err != nil {
		return 0, err
	}
	return (1/float64(n) + 1/float64(m)) * stats.ChiSquareQuantile(1-alpha, float64(bins-1)), nil
}

func checkCritical(n, m, bins int, alpha float64) error {
	var errs []error
	if n < 1 {
		errs = append(errs, fieldErr("n", strconv.Itoa(n), fmt.Errorf("%w: want n ≥ 1", ErrOutOfRange)))
	}
	if m < 1 {
		errs = append(errs, fieldErr("m", strconv.Itoa(m), fmt.Errorf("%w: want m ≥ 1", ErrOutOfRange)))
	}
	if bins < 2 || bins > MaxBins {
		errs = append(errs, fieldErr("bins", strconv.Itoa(bins), fmt.Errorf("%w: want 2..%d bins", ErrOutOfRange, MaxBins)))
	}
	errs = append(errs, checkLevel("alpha", alpha))
	return errors.Join(errs...)
}

// JSDistance returns the Jensen–Shannon distance √(½·D(p‖m) + ½·D(q‖m)) with
// m = (p+q)/2 between two share vectors, in the given log base (base 2
// bounds it by 1; the base-e value is √(ln 2) times the base-2 one). Zero
// shares need no epsilon. It is the distance (the square root), not the
// divergence. Cost O(bins).
//
// JSDistance returns an error if the share vectors differ in length, have
// fewer than 2 or more than [MaxBins] entries, hold a share outside [0, 1]
// or do not sum to 1 within 1e-6, or the base is unspecified (wrap
// [ErrInvalidInput] or [ErrOutOfRange]).
func JSDistance(p, q []float64, base LogBase) (float64, error) {
	var errs []error
	errs = append(errs, checkShareVectors(p, q))
	if base != LogNatural && base != Log2 {
		errs = append(errs, fieldErr("log_base", base.String(), fmt.Errorf("%w: unspecified log base (valid: e, 2)", ErrInvalidInput)))
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return jsDistance(p, q, base), nil
}

func jsDistance(p, q []float64, base LogBase) float64 {
	s := 0.0
	for i := range p {
		m := (p[i] + q[i]) / 2
		if p[i] > 0 {
			s += p[i] * math.Log(p[i]/m)
		}
		if q[i] > 0 {
			s += q[i] * math.Log(q[i]/m)
		}
	}
	s /= 2 * base.ln()
	if s <= 0 {
		return 0
	}
	return math.Sqrt(s)
}

// JSCritical returns the sample-size-aware critical value of the
// Jensen–Shannon distance for samples of n and m values in the given number
// of bins at level alpha: √((1/n + 1/m)·χ²(bins−1, 1−α) / (8·ln b)), from the
// second-order expansion JSD ≈ Σ (p−q)²/(8·(p+q)/2), whose no-drift
// distribution is (1/n + 1/m)·χ²(bins−1)/8 in nats.
//
// JSCritical returns an error if n or m is below 1, bins is outside
// [2, MaxBins] or alpha is outside (0, 1) (wrap [ErrOutOfRange]), or the
// base is unspecified (wraps [ErrInvalidInput]).
func JSCritical(n, m, bins int, alpha float64, base LogBase) (float64, error) {
	err := checkCritical(n, m, bins, alpha)
	if base != LogNatural && base != Log2 {
		err = errors.Join(err, fieldErr("log_base", base.String(), fmt.Errorf("%w: unspecified log base (valid: e, 2)", ErrInvalidInput)))
	}
	if err != nil {
		return 0, err
	}
	return jsCritical(n, m, bins, alpha, base), nil
}

func jsCritical(n, m, bins int, alpha float64, base LogBase) float64 {
	c := (1/float64(n) + 1/float64(m)) * stats.ChiSquareQuantile(1-alpha, float64(bins-1))
	return math.Sqrt(c / (8 * base.ln()))
}

// Wasserstein1 returns the 1-Wasserstein (earth mover's) distance between
// the empirical distributions of u and v, ∫ |F_u(x) − F_v(x)| dx, in the
// unit of the data (scipy.stats.wasserstein_distance). The samples are not
// modified. Cost O(m+n) (radix sort) time and memory.
//
// Wasserstein1 returns an error if a sample is empty (wraps
// [ErrInsufficientData]), longer than [MaxSampleValues] (wraps
// [ErrTooLarge]) or holds a NaN or ±Inf (wraps [ErrInvalidInput]).
func Wasserstein1(u, v []float64) (float64, error) {
	if err := checkDriftSamples(u, v, ""); err != nil {
		return 0, err
	}
	return wasserstein(sortedValues(u), sortedValues(v)), nil
}

// wasserstein integrates |F_a − F_b| over the merged sorted samples.
func wasserstein(a, b []float64) float64 {
	m, n := float64(len(a)), float64(len(b))
	i, j := 0, 0
	s := 0.0
	prev := math.Min(a[0], b[0])
	for i < len(a) || j < len(b) {
		var x float64
		switch {
		case i == len(a):
			x = b[j]
		case j == len(b):
			x = a[i]
		default:
			x = math.Min(a[i], b[j])
		}
		s += math.Abs(float64(i)/m-float64(j)/n) * (x - prev)
		for i < len(a) && a[i] == x {
			i++
		}
		for j < len(b) && b[j] == x {
			j++
		}
		prev = x
	}
	return s
}

func gfmt(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
