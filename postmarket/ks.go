package postmarket

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxSampleValues caps the length of one sample given to the drift measures
// ([KS2], [Wasserstein1], [Drift]): 10,000,000 values. Longer samples are
// rejected with [ErrTooLarge] before anything is allocated for them.
const MaxSampleValues = 10_000_000

// KSExactMaxProduct is the largest m·n for which [KSAuto] computes the exact
// p-value (250,000, e.g. 500 × 500); above it the asymptotic Kolmogorov
// distribution is used.
const KSExactMaxProduct = 250_000

// KSMethod says how the two-sample Kolmogorov–Smirnov p-value is computed.
type KSMethod uint8

// KS methods. Text forms: "auto", "exact", "asymptotic".
const (
	// KSAuto (the zero value) is exact when m·n ≤ [KSExactMaxProduct] and
	// asymptotic above.
	KSAuto KSMethod = iota
	// KSExact counts lattice paths: the exact permutation distribution of
	// D, conditional on the tie pattern of the pooled sample. Cost O(m·n)
	// per p-value; allowed up to m·n ≤ 4·[KSExactMaxProduct].
	KSExact
	// KSAsymptotic uses the limiting Kolmogorov distribution of
	// √(m·n/(m+n))·D (no small-sample correction).
	KSAsymptotic
)

var ksMethodCodec = enumtext.New[KSMethod]("postmarket", "KSMethod", ErrInvalidInput,
	"auto", "exact", "asymptotic")

// String returns the text form of k.
func (k KSMethod) String() string { return ksMethodCodec.String(k) }

// MarshalText returns the text form of k.
func (k KSMethod) MarshalText() ([]byte, error) { return ksMethodCodec.Marshal(k) }

// AppendText appends the text form of k to b.
func (k KSMethod) AppendText(b []byte) ([]byte, error) { return ksMethodCodec.Append(b, k) }

// UnmarshalText parses a KS method case-insensitively; unknown text is an
// error listing the valid names.
func (k *KSMethod) UnmarshalText(b []byte) error { return ksMethodCodec.Unmarshal(k, b) }

// KSResult is a two-sample Kolmogorov–Smirnov test of a reference sample
// against a current sample.
type KSResult struct {
	// Statistic is D = sup |F_ref(x) − F_cur(x)| over the pooled values, in
	// [0, 1].
	Statistic float64 `json:"statistic"`
	// NReference and NCurrent are the sample sizes m and n.
	NReference int `json:"n_reference"`
	NCurrent   int `json:"n_current"`
	// PValue is the two-sided P(D' ≥ D) under the null hypothesis that
	// both samples come from one distribution, in [0, 1].
	PValue float64 `json:"p_value"`
	// Method is the method actually used ([KSExact] or [KSAsymptotic]).
	Method KSMethod `json:"method"`
	// Ties reports whether the pooled sample has tied values. The exact
	// method conditions on them; the asymptotic one assumes none.
	Ties bool `json:"ties"`
	// Alpha is the significance level the critical value is for.
	Alpha float64 `json:"alpha"`
	// CriticalValue is the smallest D that gives PValue ≤ Alpha for these
	// sample sizes (and tie pattern, for the exact method), so
	// D ≥ CriticalValue exactly when PValue ≤ Alpha. It is above 1 when no
	// attainable D reaches Alpha: the samples are too small to ever show a
	// difference at that level.
	CriticalValue float64 `json:"critical_value"`
}

// KS2 runs the two-sample Kolmogorov–Smirnov test of reference against
// current at significance level alpha with the given p-value method. The
// samples are not modified.
//
// Cost: O((m+n)) to sort (radix), O(m·n·log(m·n)) more for the exact
// method's p-value and critical value.
//
// KS2 returns an error if a sample is empty (wraps [ErrInsufficientData]),
// longer than [MaxSampleValues] (wraps [ErrTooLarge]) or holds a NaN or ±Inf
// (wraps [ErrInvalidInput]); if alpha is outside (0, 1) or the method is
// unknown (wrap [ErrOutOfRange] and [ErrInvalidInput]); or if [KSExact] is
// asked for m·n above 4·[KSExactMaxProduct] (wraps [ErrTooLarge]).
func KS2(reference, current []float64, alpha float64, method KSMethod) (KSResult, error) {
	if err := checkDriftSamples(reference, current, ""); err != nil {
		return KSResult{}, err
	}
	if err := checkLevel("alpha", alpha); err != nil {
		return KSResult{}, err
	}
	m, n := len(reference), len(current)
	mn := int64(m) * int64(n)
	switch method {
	case KSAuto:
		method = KSAsymptotic
		if mn <= KSExactMaxProduct {
			method = KSExact
		}
	case KSExact:
		if mn > 4*KSExactMaxProduct {
			return KSResult{}, fieldErr("method", "exact", fmt.Errorf("%w: exact ks needs m·n ≤ %d, have %d", ErrTooLarge, 4*KSExactMaxProduct, mn))
		}
	case KSAsymptotic:
	default:
		return KSResult{}, fieldErr("method", method.String(), fmt.Errorf("%w: unknown ks method", ErrInvalidInput))
	}
	a, b := sortedKeys(reference), sortedKeys(current)
	k, blockEnd, ties := ksStatistic(a, b, method == KSExact)
	res := KSResult{
		Statistic:  float64(k) / float64(mn),
		NReference: m, NCurrent: n,
		Method: method, Ties: ties, Alpha: alpha,
	}
	if method == KSExact {
		res.PValue = stats.SmirnovExactSF(m, n, k, blockEnd)
		// Smallest integer K* with SF(K*) ≤ α; SF is non-increasing in K.
		lo, hi := int64(1), mn+1 // SF(mn+1) = 0 ≤ α
		for lo < hi {
			mid := lo + (hi-lo)/2
			if stats.SmirnovExactSF(m, n, mid, blockEnd) <= alpha {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		res.CriticalValue = float64(lo) / float64(mn)
		return res, nil
	}
	scale := math.Sqrt(float64(m) * float64(n) / float64(m+n))
	res.PValue = stats.KolmogorovSF(scale * res.Statistic)
	res.CriticalValue = stats.KolmogorovQuantile(alpha) / scale
	return res, nil
}

// ksStatistic returns K = m·n·D = max |i·n − j·m| over the ends of the tie
// blocks of the pooled sorted keys, whether there are ties, and (when
// wantBlocks and there are ties) the block-end marks for the exact method.
func ksStatistic(a, b []uint64, wantBlocks bool) (k int64, blockEnd []bool, ties bool) {
	m, n := len(a), len(b)
	var ends []int
	i, j := 0, 0
	for i < m || j < n {
		var v uint64
		switch {
		case i == m:
			v = b[j]
		case j == n:
			v = a[i]
		default:
			v = min(a[i], b[j])
		}
		i0, j0 := i, j
		for i < m && a[i] == v {
			i++
		}
		for j < n && b[j] == v {
			j++
		}
		if i-i0+j-j0 > 1 {
			ties = true
		}
		d := int64(i)*int64(n) - int64(j)*int64(m)
		if d < 0 {
			d = -d
		}
		k = max(k, d)
		if wantBlocks {
			ends = append(ends, i+j)
		}
	}
	if wantBlocks && ties {
		blockEnd = make([]bool, m+n+1)
		for _, e := range ends {
			blockEnd[e] = true
		}
	}
	return k, blockEnd, ties
}

// checkSamples validates a reference and a current sample; prefix is the
// JSON path prefix of the two fields ("" at top level).
func checkDriftSamples(reference, current []float64, prefix string) error {
	var errs []error
	for _, s := range []struct {
		name string
		x    []float64
	}{{"reference", reference}, {"current", current}} {
		path := prefix + s.name
		switch {
		case len(s.x) == 0:
			errs = append(errs, fieldErr(path, "", fmt.Errorf("%w: empty sample", ErrInsufficientData)))
			continue
		case len(s.x) > MaxSampleValues:
			errs = append(errs, fieldErr(path, strconv.Itoa(len(s.x)), fmt.Errorf("%w: more than %d values", ErrTooLarge, MaxSampleValues)))
			continue
		}
		for i, v := range s.x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, fieldErr(fmt.Sprintf("%s[%d]", path, i), strconv.FormatFloat(v, 'g', -1, 64),
					fmt.Errorf("%w: not a finite number", ErrInvalidInput)))
				break // one report per sample is enough; the rest is the same problem
			}
		}
	}
	return errors.Join(errs...)
}

// checkAlpha validates a significance level in (0, 1).
func checkLevel(path string, alpha float64) error {
	if !(alpha > 0 && alpha < 1) {
		return fieldErr(path, strconv.FormatFloat(alpha, 'g', -1, 64), fmt.Errorf("%w: want a level in (0, 1)", ErrOutOfRange))
	}
	return nil
}
