package postmarket

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// MaxTests caps the p-values of one multiple-comparison family: 1,000,000.
const MaxTests = 1_000_000

// Correction names a multiple-comparison procedure.
type Correction uint8

// Corrections. Text forms: "bonferroni", "holm", "benjamini-hochberg".
const (
	CorrectionUnspecified Correction = iota // no text form; rejected
	// Bonferroni rejects p ≤ α/m (family-wise error rate).
	Bonferroni
	// Holm is the step-down procedure (Holm 1979): with p sorted
	// ascending, reject p₍₁₎..p₍ₖ₎ while p₍ᵢ₎ ≤ α/(m−i+1) (family-wise
	// error rate, uniformly more powerful than Bonferroni).
	Holm
	// BenjaminiHochberg is the step-up procedure (Benjamini & Hochberg
	// 1995): reject the k smallest, k the largest i with p₍ᵢ₎ ≤ i·α/m
	// (false discovery rate).
	BenjaminiHochberg
)

var correctionCodec = enumtext.New[Correction]("postmarket", "Correction", ErrInvalidInput,
	"", "bonferroni", "holm", "benjamini-hochberg")

// String returns the text form of c.
func (c Correction) String() string { return correctionCodec.String(c) }

// MarshalText returns the text form of c; the unspecified value is an error.
func (c Correction) MarshalText() ([]byte, error) { return correctionCodec.Marshal(c) }

// AppendText appends the text form of c to b.
func (c Correction) AppendText(b []byte) ([]byte, error) { return correctionCodec.Append(b, c) }

// UnmarshalText parses a correction case-insensitively; unknown text is an
// error listing the valid names.
func (c *Correction) UnmarshalText(b []byte) error { return correctionCodec.Unmarshal(c, b) }

// MultipleResult is a multiple-comparison decision over one family of
// p-values, in the input order.
type MultipleResult struct {
	Method Correction `json:"method"`
	Alpha  float64    `json:"alpha"`
	// Adjusted are the adjusted p-values in [0, 1] (Bonferroni m·p; Holm
	// the running maximum of (m−i+1)·p₍ᵢ₎; BH the running minimum from the
	// top of m·p₍ᵢ₎/i), each capped at 1.
	Adjusted []float64 `json:"adjusted"`
	// Rejected marks the rejected hypotheses; Rejections counts them.
	Rejected   []bool `json:"rejected"`
	Rejections int    `json:"rejections"`
}

// AdjustPValues applies the correction to p at level alpha. Ties are
// ordered by input position. Cost O(m log m).
//
// AdjustPValues returns an error if p is empty (wraps [ErrInsufficientData])
// or longer than [MaxTests] (wraps [ErrTooLarge]), a p-value is outside
// [0, 1] or NaN, alpha is outside (0, 1) (wrap [ErrOutOfRange]), or the
// correction is unspecified (wraps [ErrInvalidInput]).
func AdjustPValues(p []float64, alpha float64, method Correction) (MultipleResult, error) {
	var errs []error
	switch {
	case len(p) == 0:
		errs = append(errs, fieldErr("p_values", "", fmt.Errorf("%w: no p-values", ErrInsufficientData)))
	case len(p) > MaxTests:
		errs = append(errs, fieldErr("p_values", strconv.Itoa(len(p)), fmt.Errorf("%w: more than %d p-values", ErrTooLarge, MaxTests)))
	default:
		for i, v := range p {
			if !(v >= 0 && v <= 1) {
				errs = append(errs, fieldErr(fmt.Sprintf("p_values[%d]", i), gfmt(v), fmt.Errorf("%w: a p-value is in [0, 1]", ErrOutOfRange)))
				break
			}
		}
	}
	errs = append(errs, checkLevel("alpha", alpha))
	if method < Bonferroni || method > BenjaminiHochberg {
		errs = append(errs, fieldErr("method", method.String(), fmt.Errorf("%w: unspecified correction (valid: bonferroni, holm, benjamini-hochberg)", ErrInvalidInput)))
	}
	if err := errors.Join(errs...); err != nil {
		return MultipleResult{}, err
	}
	return adjustP(p, alpha, method), nil
}

func adjustP(p []float64, alpha float64, method Correction) MultipleResult {
	m := len(p)
	res := MultipleResult{Method: method, Alpha: alpha, Adjusted: make([]float64, m), Rejected: make([]bool, m)}
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	fm := float64(m)
	switch method {
	case Bonferroni:
		for i, v := range p {
			res.Adjusted[i] = math.Min(1, v*fm)
			res.Rejected[i] = v <= alpha/fm
		}
	case Holm:
		run := 0.0
		stopped := false
		for r, i := range order {
			run = math.Max(run, math.Min(1, float64(m-r)*p[i]))
			res.Adjusted[i] = run
			if !stopped && p[i] <= alpha/float64(m-r) {
				res.Rejected[i] = true
			} else {
				stopped = true
			}
		}
	case BenjaminiHochberg:
		run := 1.0
		k := -1
		for r := m - 1; r >= 0; r-- {
			i := order[r]
			run = math.Min(run, math.Min(1, p[i]*fm/float64(r+1)))
			res.Adjusted[i] = run
			// i·α/m ≥ α/(m−i+1) holds exactly for 1 ≤ i ≤ m; taking the
			// larger of the two computed bounds keeps rounding from ever
			// making BH reject less than Holm.
			th := math.Max(float64(r+1)*alpha/fm, alpha/float64(m-r))
			if k < 0 && p[i] <= th {
				k = r
			}
		}
		for r := 0; r <= k; r++ {
			res.Rejected[order[r]] = true
		}
	}
	for _, x := range res.Rejected {
		if x {
			res.Rejections++
		}
	}
	return res
}
